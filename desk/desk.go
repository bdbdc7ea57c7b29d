package desk

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"mediawatch"
	"mediawatch/report"
	"mediawatch/store"
)

// ErrUnavailable means a use case needs a part this Desk was built
// without (no index, no rule set, no reports).
var ErrUnavailable = errors.New("not available here")

// Store is what the use cases read and record through; *store.DB
// satisfies it.
type Store interface {
	Item(ctx context.Context, id int64) (mediawatch.Item, error)
	ItemVersions(ctx context.Context, id int64) ([]mediawatch.ItemVersion, error)
	ItemsByID(ctx context.Context, ids []int64) ([]mediawatch.Item, error)
	OpenStories(ctx context.Context) ([]mediawatch.Story, error)
	Flags(ctx context.Context, f store.FlagFilter) (store.FlagPage, error)
	Flag(ctx context.Context, id int64) (store.FlagView, error)
	RuleFlagCounts(ctx context.Context) (map[string]store.RuleCounts, error)
	Story(ctx context.Context, id int64) (mediawatch.Story, error)
	Stories(ctx context.Context, f store.StoryFilter) (store.StoryPage, error)
	StoryItems(ctx context.Context, id int64) ([]mediawatch.Item, error)
	StoryFlags(ctx context.Context, id int64) ([]mediawatch.Flag, error)
	StoryEvents(ctx context.Context, id int64) ([]mediawatch.StoryEvent, error)
	UpdateStory(ctx context.Context, id int64, ch store.StoryChange) (mediawatch.Story, error)
	// Saved searches (desk/search_saved.go).
	SaveSearch(ctx context.Context, userID int64, name, params string) (store.SavedSearch, error)
	SavedSearches(ctx context.Context, userID int64) ([]store.SavedSearch, error)
	DeleteSavedSearch(ctx context.Context, userID, id int64) error
}

// RuleSet is the active rule set; *Rulebook satisfies it.
type RuleSet interface {
	Status() RulebookStatus
	Reload(ctx context.Context) error
}

// Deps are the parts a Desk uses but does not own. Index, Rules and
// Reports may be nil: the use cases that need them then answer
// ErrUnavailable, and the faces leave their routes out.
type Deps struct {
	Store   Store
	Index   Searcher
	Rules   RuleSet
	Reports *report.Builder
	// Audit keeps the audit log; nil records nothing.
	Audit *Audit
	// Send keeps and mails the daily reports (reports_send.go); its zero
	// value keeps none and mails none.
	Send ReportSending
	// Logger receives what goes wrong where no caller can be told; nil
	// discards.
	Logger *slog.Logger
	// Alerts takes the alerts the health check raises (a source gone
	// silent, failing or recovered); nil raises none.
	Alerts mediawatch.Alerter
}

// Options are plain settings, read once from config by cmd.
type Options struct {
	// Location is the zone of local dates and per-day counts; nil means
	// Asia/Ho_Chi_Minh.
	Location *time.Location
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Queue weighs the response queue; zero means DefaultQueueWeights.
	Queue QueueWeights
	// Health is the silence rule's numbers (health.go); zero means
	// DefaultHealthOptions.
	Health HealthOptions
	// ExplainError says a crawler's stored error (English) in "vi" or
	// "en", for the words of a failing source's alert; nil leaves it as
	// stored.
	ExplainError func(lang, stored string) string
}

// Desk is the use cases. Build one with New; it holds no goroutines and
// is safe for concurrent use.
type Desk struct {
	store   Store
	index   Searcher
	rules   RuleSet
	reports *report.Builder
	audit   *Audit
	send    ReportSending
	alerts  mediawatch.Alerter
	health  HealthOptions
	log     *slog.Logger
	loc     *time.Location
	now     func() time.Time
	weights QueueWeights
	explain func(lang, stored string) string
	// ruleEdit makes rule edits from the pages one at a time (rule_edit.go).
	ruleEdit sync.Mutex
}

// New builds a Desk. It panics when deps.Store is nil: a programming
// error found at start, not input.
func New(deps Deps, opts Options) *Desk {
	if deps.Store == nil {
		panic("desk.New: nil Store")
	}
	d := &Desk{store: deps.Store, index: deps.Index, rules: deps.Rules, reports: deps.Reports, audit: deps.Audit, send: deps.Send,
		alerts: deps.Alerts, health: opts.Health, log: deps.Logger, loc: opts.Location, now: opts.Now, weights: opts.Queue,
		explain: opts.ExplainError}
	if d.log == nil {
		d.log = slog.New(slog.DiscardHandler)
	}
	if d.loc == nil {
		d.loc = DefaultLocation()
	}
	if d.now == nil {
		d.now = time.Now
	}
	if d.health == (HealthOptions{}) {
		d.health = DefaultHealthOptions()
	}
	if d.weights == (QueueWeights{}) {
		d.weights = DefaultQueueWeights()
	}
	return d
}

// Location is the zone of the desk's local dates.
func (d *Desk) Location() *time.Location { return d.loc }

// Now is the desk's clock.
func (d *Desk) Now() time.Time { return d.now() }

// CanSearch reports whether there is an index to search.
func (d *Desk) CanSearch() bool { return d.index != nil }

// HasRules reports whether a rule set is kept.
func (d *Desk) HasRules() bool { return d.rules != nil }

// HasReports reports whether reports can be built.
func (d *Desk) HasReports() bool { return d.reports != nil }

// DefaultLocation is Asia/Ho_Chi_Minh; the binary embeds the zone
// database, and a fixed +07:00 stands in should it ever be missing.
func DefaultLocation() *time.Location {
	if loc, err := time.LoadLocation("Asia/Ho_Chi_Minh"); err == nil {
		return loc
	}
	return time.FixedZone("ICT", 7*3600)
}

// Record adds a line to the audit log: who did what to which thing. It
// never fails the caller's work (the log's own errors are logged), so a
// use case records after its change is made.
func (d *Desk) Record(ctx context.Context, who mediawatch.Actor, action, target, detail string) {
	d.audit.Record(ctx, who, action, target, detail)
}
