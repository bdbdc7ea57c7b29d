package desk

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"mediawatch"
	"mediawatch/store"
)

// SourceStore is what the sources' health reads; *store.DB satisfies it.
// It is asked of the Store by type, so that stores which serve no
// sources page (test doubles of the other use cases) need not have it.
type SourceStore interface {
	Sources(ctx context.Context) ([]mediawatch.Source, error)
	ListSourceHealth(ctx context.Context) ([]mediawatch.SourceHealth, error)
	SourceStats(ctx context.Context) ([]mediawatch.SourceStats, error)
	SourceRecentCounts(ctx context.Context, short, long time.Time) ([]store.SourceRecent, error)
}

// SourceState is a source's health in one word.
type SourceState string

// The states, in the order the sources page lists them.
const (
	// SourceFailing: its latest crawl failed (one or more in a row).
	SourceFailing SourceState = "failing"
	// SourceSilent: it crawls without error but brings nothing new — no
	// item first seen within SilentAfter, no item ever, or never crawled
	// yet. A feed that answers 304 for days is silent, not healthy.
	SourceSilent SourceState = "silent"
	// SourceHealthy: its latest crawl succeeded and it brought an item
	// within SilentAfter.
	SourceHealthy SourceState = "healthy"
	// SourceDisabled: not crawled — enabled: false, taken out of the
	// configuration, or a name only imported items carry.
	SourceDisabled SourceState = "disabled"
)

// rank orders the states for SourcesByAttention.
func (s SourceState) rank() int {
	switch s {
	case SourceFailing:
		return 0
	case SourceSilent:
		return 1
	case SourceHealthy:
		return 2
	}
	return 3
}

// SilentAfter is how long a source that crawls without error may bring no
// new item before it counts as silent: two days, since every outlet
// watched publishes daily, and a weekend's quiet page is worth a look.
const SilentAfter = 48 * time.Hour

// Why a source is silent; "" for the other states.
const (
	SilentNeverCrawled = "never_crawled" // enabled, but no crawl has been attempted
	SilentNoItems      = "no_items"      // crawled, but no item ever stored
	SilentStale        = "stale"         // the newest item is older than SilentAfter
)

// SourceStatus is one source's health as the sources page and `mediawatch
// sources list` show it.
type SourceStatus struct {
	mediawatch.Source
	// Health is what the crawler stored about its recent fetches.
	Health mediawatch.SourceHealth
	// Items is every stored item of the source; Last24h and Last7d those
	// first seen in the last day and week.
	Items   int
	Last24h int
	Last7d  int
	// NewestItem is when its newest item was first seen; zero when none.
	NewestItem time.Time
	// NewestAge is how long ago that was (0 when none).
	NewestAge time.Duration
	// State sums the above up; SilentWhy says why a silent source is.
	State     SourceState
	SilentWhy string
	// Imported: no configuration names it; only imported items do.
	Imported bool
}

// SourceOrder is the order Sources answers in.
type SourceOrder int

const (
	// SourcesByName is the configured sources by name, then the names
	// only imported items carry (the CLI's table).
	SourcesByName SourceOrder = iota
	// SourcesByAttention is failing first, then silent, then healthy,
	// then disabled, each by name (the sources page).
	SourcesByAttention
)

// Sources is every source's health, at the desk's clock: the configured
// sources the store knows and the names only imported items carry.
func (d *Desk) Sources(ctx context.Context, order SourceOrder) ([]SourceStatus, error) {
	ss, ok := d.store.(SourceStore)
	if !ok {
		return nil, fmt.Errorf("sources: %w", ErrUnavailable)
	}
	now := d.now()
	srcs, err := ss.Sources(ctx)
	if err != nil {
		return nil, err
	}
	health, err := ss.ListSourceHealth(ctx)
	if err != nil {
		return nil, err
	}
	stats, err := ss.SourceStats(ctx)
	if err != nil {
		return nil, err
	}
	recent, err := ss.SourceRecentCounts(ctx, now.Add(-24*time.Hour), now.Add(-7*24*time.Hour))
	if err != nil {
		return nil, err
	}
	byName := map[string]*SourceStatus{}
	rows := make([]SourceStatus, len(srcs))
	for i, s := range srcs {
		rows[i] = SourceStatus{Source: s, Health: mediawatch.SourceHealth{Source: s.Name}}
		byName[s.Name] = &rows[i]
	}
	for _, h := range health {
		if r := byName[h.Source]; r != nil {
			r.Health = h
		}
	}
	var imported []SourceStatus
	for _, st := range stats {
		r := byName[st.Source]
		if r == nil {
			imported = append(imported, SourceStatus{Source: mediawatch.Source{Name: st.Source},
				Health: mediawatch.SourceHealth{Source: st.Source}, Imported: true})
			r = &imported[len(imported)-1]
		}
		r.Items, r.NewestItem = st.Items, st.LastItemAt
	}
	rows = append(rows, imported...)
	if names := d.sourceNames(); names != nil {
		for i := range rows {
			if rows[i].DisplayName == "" {
				rows[i].DisplayName = names[rows[i].Name]
			}
		}
	}
	counts := map[string]store.SourceRecent{}
	for _, c := range recent {
		counts[c.Source] = c
	}
	for i := range rows {
		r := &rows[i]
		r.Last24h, r.Last7d = counts[r.Name].Short, counts[r.Name].Long
		if !r.NewestItem.IsZero() {
			r.NewestAge = max(now.Sub(r.NewestItem), 0)
		}
		r.State, r.SilentWhy = sourceState(*r, now)
	}
	if order == SourcesByAttention {
		slices.SortStableFunc(rows, func(a, b SourceStatus) int {
			return cmp.Or(cmp.Compare(a.State.rank(), b.State.rank()), cmp.Compare(a.Label(), b.Label()),
				cmp.Compare(a.Name, b.Name))
		})
	}
	return rows, nil
}

// sourceState is the rule of SourceState: disabled before all, then a
// failure in a row, then silence, else healthy.
func sourceState(r SourceStatus, now time.Time) (SourceState, string) {
	switch {
	case !r.Enabled:
		return SourceDisabled, ""
	case r.Health.ConsecutiveFailures > 0:
		return SourceFailing, ""
	case r.Health.LastAttempt.IsZero() && r.Health.LastSuccess.IsZero():
		return SourceSilent, SilentNeverCrawled
	case r.NewestItem.IsZero():
		return SourceSilent, SilentNoItems
	case now.Sub(r.NewestItem) > SilentAfter:
		return SourceSilent, SilentStale
	}
	return SourceHealthy, ""
}

// sourceNames are the configured display names by slug: the store keeps
// sources without them, and the report builder is handed them from the
// configuration, so the sources page names outlets as the report does.
func (d *Desk) sourceNames() map[string]string {
	if d.reports == nil || d.reports.SourceNames == nil {
		return nil
	}
	return d.reports.SourceNames()
}
