package desk

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"mediawatch"
)

// SourceStore is what the sources' health reads; *store.DB satisfies it.
// It is asked of the Store by type, so that stores which serve no
// sources page (test doubles of the other use cases) need not have it.
type SourceStore interface {
	Sources(ctx context.Context) ([]mediawatch.Source, error)
	ListSourceHealth(ctx context.Context) ([]mediawatch.SourceHealth, error)
	SourceStats(ctx context.Context) ([]mediawatch.SourceStats, error)
	SourceDayCounts(ctx context.Context, bounds []time.Time) (map[string][]int, error)
}

// stateRank orders the states for SourcesByAttention: what needs a look
// first.
func stateRank(s mediawatch.HealthState) int {
	switch s {
	case mediawatch.StateFailing:
		return 0
	case mediawatch.StateSilent:
		return 1
	case mediawatch.StateRecovered:
		return 2
	case mediawatch.StateOK:
		return 3
	}
	return 4
}

// SourceStatus is one source's health as the sources page and `mediawatch
// sources list` show it.
type SourceStatus struct {
	mediawatch.Source
	// Health is what the crawler stored about its recent fetches.
	Health mediawatch.SourceHealth
	// Items is every stored item of the source.
	Items int
	// NewestItem is when its newest item was first seen; zero when none.
	NewestItem time.Time
	// NewestAge is how long ago that was (0 when none).
	NewestAge time.Duration
	// Days are the items first seen on each of the last
	// health.baseline_days complete local days (today left out), oldest
	// first; DaysFrom is the first day's local midnight.
	Days     []int
	DaysFrom time.Time
	// Silence is the silence rule applied to Days.
	Silence Silence
	// State is the health judged now (health.go's judge), StateSince when
	// it began: as stored while it holds, now for a change the health
	// check has not stored yet.
	State      mediawatch.HealthState
	StateSince time.Time
	// NeverCrawled: enabled, but no fetch has been attempted yet (judged
	// failing: no fetch has parsed).
	NeverCrawled bool
	// Imported: no configuration names it; only imported items do.
	Imported bool
}

// SourceOrder is the order Sources answers in.
type SourceOrder int

const (
	// SourcesByName is the configured sources by name, then the names
	// only imported items carry (the CLI's table).
	SourcesByName SourceOrder = iota
	// SourcesByAttention is failing first, then silent, recovered, ok
	// and disabled, each by name (the sources page).
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
	bounds := d.dayBounds(now)
	days, err := ss.SourceDayCounts(ctx, bounds)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		r := &rows[i]
		if !r.NewestItem.IsZero() {
			r.NewestAge = max(now.Sub(r.NewestItem), 0)
		}
		r.Days, r.DaysFrom = days[r.Name], bounds[0]
		if r.Days == nil {
			r.Days = make([]int, len(bounds)-1)
		}
		r.Silence = d.health.silence(r.Days)
		r.NeverCrawled = r.Enabled && r.Health.LastAttempt.IsZero() && r.Health.LastSuccess.IsZero()
		d.judge(r, now)
	}
	if order == SourcesByAttention {
		slices.SortStableFunc(rows, func(a, b SourceStatus) int {
			return cmp.Or(cmp.Compare(stateRank(a.State), stateRank(b.State)), cmp.Compare(a.Label(), b.Label()),
				cmp.Compare(a.Name, b.Name))
		})
	}
	return rows, nil
}

// Source is one source's health (as in Sources), by name; an error
// wrapping mediawatch.ErrNotFound when neither the configuration nor any
// item names it.
func (d *Desk) Source(ctx context.Context, name string) (SourceStatus, error) {
	list, err := d.Sources(ctx, SourcesByName)
	if err != nil {
		return SourceStatus{}, err
	}
	for _, s := range list {
		if s.Name == name {
			return s, nil
		}
	}
	return SourceStatus{}, fmt.Errorf("source %q: %w", name, mediawatch.ErrNotFound)
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
