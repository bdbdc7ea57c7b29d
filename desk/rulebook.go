package desk

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"sync"
	"time"

	"mediawatch"
	"mediawatch/ingest"
	"mediawatch/query"
	"mediawatch/rules"
)

// Rulebook keeps the rule set the pipeline judges articles with. It loads
// the rule directory and swaps a new set in only when the whole set is
// valid; a refused set leaves the running one active and is remembered, so
// that the API, the log and the metrics can say why.
type Rulebook struct {
	dir   string
	apply func(ingest.RuleMatcher) // Pipeline.SetRules, or nil
	now   func() time.Time
	log   *slog.Logger
	// OnLoad, if set, is told of every load attempt that changed something:
	// ok is false for a refused set. cmd counts them in the metrics.
	OnLoad func(ok bool, rules int)

	reload sync.Mutex // one load at a time
	mu     sync.RWMutex
	status RulebookStatus
	engine *rules.Engine
}

// RulebookStatus is what GET /api/v1/rules shows of the active set.
type RulebookStatus struct {
	Dir      string            `json:"dir"`
	Version  string            `json:"version"`   // the active set's version; "" before the first load
	LoadedAt time.Time         `json:"loaded_at"` // when the active set was loaded
	Missing  bool              `json:"missing"`   // the directory does not exist: no rules are active
	Rules    []mediawatch.Rule `json:"rules"`     // every rule of the active set, enabled or not
	Refused  *Refusal          `json:"refused"`   // the newest set refused since the active one loaded
}

// Refusal is a rule set that was not loaded, and why.
type Refusal struct {
	At       time.Time       `json:"at"`
	Error    string          `json:"error"`    // every problem, one "file:line:col: message" per line
	Problems []rules.Problem `json:"problems"` // the same, one by one
}

// NewRulebook returns a Rulebook for dir that hands each accepted set to
// apply (nil: nobody). Nothing is loaded until Reload.
func NewRulebook(dir string, apply func(ingest.RuleMatcher), now func() time.Time, logger *slog.Logger) *Rulebook {
	if now == nil {
		now = time.Now
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Rulebook{dir: dir, apply: apply, now: now, log: logger.With("component", "rules"),
		status: RulebookStatus{Dir: dir}}
}

// Reload reads the directory again. A valid set whose version differs from
// the active one becomes active; an invalid one is refused with every
// problem (a *rules.LoadError) and the active set stays. A directory that
// does not exist is an empty set, reported as Missing. The same refusal
// twice in a row is logged once.
func (b *Rulebook) Reload(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	b.reload.Lock()
	defer b.reload.Unlock()
	set, err := rules.LoadDir(b.dir, b.now)
	missing := false
	if err != nil && dirMissing(b.dir) {
		set, err, missing = &rules.Set{Dir: b.dir, LoadedAt: b.now()}, nil, true
	}
	if err != nil {
		b.refuse(err)
		return err
	}
	engine, err := rules.NewEngine(set.Rules)
	if err != nil { // LoadDir checks what NewEngine checks; this is a guard
		b.refuse(err)
		return err
	}
	b.accept(set, engine, missing)
	return nil
}

// dirMissing reports whether dir does not exist.
func dirMissing(dir string) bool {
	_, err := os.Stat(dir)
	return errors.Is(err, fs.ErrNotExist)
}

// refuse records a refused set, keeping the active one.
func (b *Rulebook) refuse(err error) {
	r := &Refusal{At: b.now(), Error: err.Error()}
	var le *rules.LoadError
	if errors.As(err, &le) {
		r.Problems = le.Problems
	}
	b.mu.Lock()
	same := b.status.Refused != nil && b.status.Refused.Error == r.Error
	if !same {
		b.status.Refused = r
	}
	active := len(b.status.Rules)
	b.mu.Unlock()
	if same {
		return
	}
	b.log.Error("rule set refused; the active set stays", "dir", b.dir, "active_rules", active, "err", err)
	if b.OnLoad != nil {
		b.OnLoad(false, active)
	}
}

// accept makes set active if it differs from the active one.
func (b *Rulebook) accept(set *rules.Set, engine *rules.Engine, missing bool) {
	b.mu.Lock()
	if b.engine != nil && b.status.Version == set.Version && b.status.Missing == missing {
		b.status.Refused = nil // the files are back to the active set
		b.mu.Unlock()
		return
	}
	b.engine = engine
	b.status = RulebookStatus{Dir: b.dir, Version: set.Version, LoadedAt: set.LoadedAt, Missing: missing, Rules: set.Rules}
	b.mu.Unlock()
	if b.apply != nil {
		b.apply(engine)
	}
	enabled := len(engine.Rules())
	b.log.Info("rule set loaded", "dir", b.dir, "version", ShortVersion(set.Version), "rules", len(set.Rules),
		"enabled", enabled, "missing_dir", missing)
	if b.OnLoad != nil {
		b.OnLoad(true, enabled)
	}
}

// ShortVersion abbreviates a rule set's version hash for people to read.
func ShortVersion(v string) string {
	if len(v) > 12 {
		return v[:12]
	}
	return v
}

// Status returns the active set and the last refusal.
func (b *Rulebook) Status() RulebookStatus {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.status
}

// Engine returns the active set's matcher; nil before the first load.
func (b *Rulebook) Engine() *rules.Engine {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.engine
}

// Watch reloads every interval until ctx ends, so that an edited rule file
// takes effect without a restart. Loading is cheap (a few files) and a set
// whose version did not change is not swapped.
func (b *Rulebook) Watch(ctx context.Context, every time.Duration) {
	if every <= 0 {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_ = b.Reload(ctx) // a refusal is recorded and logged by Reload
		}
	}
}

// TestRule answers "what would this rule have flagged?" over the store,
// through the index: Backtest with a matcher built from r alone. r need not
// be enabled; its query must be a valid rule query.
func TestRule(ctx context.Context, deps BacktestDeps, r mediawatch.Rule, since time.Time, loc *time.Location) (BacktestResult, error) {
	r.Enabled = true
	if r.ID == "" {
		r.ID = "test"
	}
	if !r.Severity.Valid() {
		r.Severity = mediawatch.SeverityMedium
	}
	engine, err := rules.NewEngine([]mediawatch.Rule{r})
	if err != nil {
		return BacktestResult{}, err
	}
	q, err := query.Parse(r.Query)
	if err != nil {
		return BacktestResult{}, fmt.Errorf("%w: %v", mediawatch.ErrInvalid, err)
	}
	return Backtest(ctx, deps, BacktestRequest{Query: q, Languages: r.Languages, Sources: r.Sources,
		Matcher: engine, Since: since, Loc: loc})
}
