package api

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"mediawatch"
	"mediawatch/desk"
)

// SourceView is a source and its health as the API shows it: the crawler's
// record, the silence rule's figures and the state judged from them (see
// desk/health.go). Times are in the configured zone to the second, null
// for never.
type SourceView struct {
	Name        string                 `json:"name" example:"baosonla"`
	DisplayName string                 `json:"display_name,omitempty" example:"Báo Sơn La"`
	Kind        mediawatch.SourceKind  `json:"kind,omitempty" doc:"feed, page, sitemap, youtube, telegram, mastodon, bluesky or reddit; empty for a name only imported items carry."`
	URL         string                 `json:"url,omitempty"`
	Enabled     bool                   `json:"enabled"`
	Imported    bool                   `json:"imported" doc:"No configuration names it; only imported items do."`
	State       mediawatch.HealthState `json:"state" enum:"ok,failing,silent,recovered,disabled" doc:"ok: its last read parsed and gave items, and it publishes as it used to. failing: its last read failed or parsed to nothing (a 304 after a failure stays failing), or it was never read. silent: see silence. recovered: ok again after failing or silent, for health.recovered_for. disabled: not crawled."`
	StateSince  *time.Time             `json:"state_since" doc:"When the state began."`
	Why         string                 `json:"why,omitempty" doc:"Why it is failing or silent, in English: the last error, or the silence figures."`
	LastSuccess *time.Time             `json:"last_success" doc:"When a read of its listing last parsed and gave items."`
	LastAttempt *time.Time             `json:"last_attempt"`
	LastError   string                 `json:"last_error,omitempty" doc:"The last failure, in English as the crawler stored it."`
	LastErrorAt *time.Time             `json:"last_error_at"`
	Failures    int                    `json:"consecutive_failures" doc:"Failed reads in a row."`
	NextAttempt *time.Time             `json:"next_attempt"`
	Warning     string                 `json:"warning,omitempty" doc:"What the last read found wrong without failing (a listing cut, refused links)."`
	Items       int                    `json:"items" doc:"Items stored from it."`
	NewestItem  *time.Time             `json:"newest_item" doc:"When its newest item was first seen."`
	NewestAge   *int64                 `json:"newest_age_seconds" doc:"How long ago that was, in seconds; null when it has none."`
	Silence     desk.Silence           `json:"silence" doc:"The silence rule: silent when recent_mean < threshold = baseline_mean − sigma × baseline_sd (population σ), or recent_mean is 0 while baseline_mean is not; complete local days only, today not counted."`
}

// SourceDetail is one source with its items of each day of the baseline.
type SourceDetail struct {
	SourceView
	DaysFrom   time.Time `json:"days_from" doc:"The local midnight the first counted day begins."`
	DailyItems []int     `json:"daily_items" doc:"Items first seen on each complete local day of the baseline (health.baseline_days, 28 by default), oldest first; today is not counted."`
}

func (s *Server) sourceView(r desk.SourceStatus) SourceView {
	h := r.Health
	v := SourceView{Name: r.Name, DisplayName: r.DisplayName, Kind: r.Kind, URL: r.URL, Enabled: r.Enabled, Imported: r.Imported,
		State: r.State, StateSince: s.atOrNil(r.StateSince), Why: r.Why(r.Silence.Sigma), LastSuccess: s.atOrNil(h.LastSuccess),
		LastAttempt: s.atOrNil(h.LastAttempt), LastError: h.LastError, LastErrorAt: s.atOrNil(h.LastErrorAt),
		Failures: h.ConsecutiveFailures, NextAttempt: s.atOrNil(h.NextAttempt), Warning: h.Warning, Items: r.Items,
		NewestItem: s.atOrNil(r.NewestItem), Silence: r.Silence}
	if !r.NewestItem.IsZero() {
		age := int64(r.NewestAge / time.Second)
		v.NewestAge = &age
	}
	return v
}

type listSourcesInput struct {
	State string `query:"state" enum:"ok,failing,silent,recovered,disabled" doc:"Only sources in this state."`
}

type listSourcesOutput struct {
	Body struct {
		Sources []SourceView `json:"sources" doc:"Failing first, then silent, recovered, ok and disabled, each by name."`
	}
}

func (s *Server) listSources(ctx context.Context, in *listSourcesInput) (*listSourcesOutput, error) {
	list, err := s.desk.Sources(ctx, desk.SourcesByAttention)
	if err != nil {
		return nil, s.problem(ctx, err)
	}
	out := &listSourcesOutput{}
	out.Body.Sources = make([]SourceView, 0, len(list))
	for _, r := range list {
		if in.State == "" || string(r.State) == in.State {
			out.Body.Sources = append(out.Body.Sources, s.sourceView(r))
		}
	}
	return out, nil
}

type sourceInput struct {
	Name string `path:"name" maxLength:"200" doc:"The source's name (its slug)." example:"baosonla"`
}

type sourceOutput struct {
	Body SourceDetail
}

func (s *Server) getSource(ctx context.Context, in *sourceInput) (*sourceOutput, error) {
	r, err := s.desk.Source(ctx, in.Name)
	if err != nil {
		return nil, s.problem(ctx, noSourceError{name: in.Name, err: err})
	}
	days := r.Days
	if days == nil {
		days = []int{}
	}
	return &sourceOutput{Body: SourceDetail{SourceView: s.sourceView(r), DaysFrom: s.at(r.DaysFrom), DailyItems: days}}, nil
}

// noSourceError is a source name neither the configuration nor any item
// carries, said in the client's language; other errors pass through.
type noSourceError struct {
	name string
	err  error
}

func (e noSourceError) Error() string { return e.err.Error() }
func (e noSourceError) Unwrap() error { return e.err }

// Message says the error in lang.
func (e noSourceError) Message(lang string) string {
	if lang == "vi" {
		return fmt.Sprintf("không có nguồn tin nào tên %q (GET /api/v1/sources liệt kê các nguồn)", e.name)
	}
	return fmt.Sprintf("no source named %q (GET /api/v1/sources lists them)", e.name)
}

// registerSources adds the source health routes.
func (s *Server) registerSources(api huma.API) {
	register(api, operation("list-sources", http.MethodGet, "/api/v1/sources", mediawatch.RoleViewer,
		"List sources and their health", "Every configured source (and every name only imported items carry) with its "+
			"health: the state (ok, failing, silent, recovered, disabled) and why, the last success and error, failures "+
			"in a row, items a day over the last 7 and 28 days, and the newest item's age.", http.StatusBadRequest),
		docs{example: exampleSources}, s.listSources)
	register(api, operation("get-source", http.MethodGet, "/api/v1/sources/{name}", mediawatch.RoleViewer,
		"Get a source's health", "One source's health, as in the list, with the items of each of the last 28 complete "+
			"local days.", http.StatusBadRequest, http.StatusNotFound), docs{example: exampleSourceDetail}, s.getSource)
}

var exampleSourceView = SourceView{Name: "baotaybac", DisplayName: "Báo Tây Bắc", Kind: mediawatch.KindFeed,
	URL: "https://baotaybac.vn/rss", Enabled: true, State: mediawatch.StateSilent, StateSince: examplePtr(exampleAt),
	Why: "no item in 7 days, against a 28-day mean of 3.5 a day", LastSuccess: examplePtr(exampleAt.Add(time.Hour)),
	LastAttempt: examplePtr(exampleAt.Add(time.Hour)), NextAttempt: examplePtr(exampleAt.Add(90 * time.Minute)),
	Items: 412, NewestItem: examplePtr(exampleAt.Add(-8 * 24 * time.Hour)), NewestAge: func() *int64 { n := int64(8*24*3600 + 3600); return &n }(),
	Silence: desk.Silence{RecentDays: 7, BaselineDays: 28, Sigma: 1.5, RecentMean: 0, BaselineMean: 3.46, BaselineSD: 2.31,
		Threshold: 0, Silent: true}}

var exampleSources = map[string]any{"sources": []SourceView{exampleSourceView}}

var exampleSourceDetail = SourceDetail{SourceView: exampleSourceView,
	DaysFrom:   time.Date(2026, 10, 23, 0, 0, 0, 0, exampleAt.Location()),
	DailyItems: []int{5, 4, 6, 5, 3, 6, 4, 5, 5, 4, 6, 5, 4, 5, 6, 4, 5, 5, 6, 4, 0, 0, 0, 0, 0, 0, 0, 0}}
