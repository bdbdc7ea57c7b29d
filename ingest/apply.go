package ingest

import (
	"context"
	"fmt"
	"time"

	"mediawatch"
)

// FlagStore is what Apply needs of the system of record; store.DB
// implements it.
type FlagStore interface {
	ItemsReader
	// CountItemsSince counts the items dated at or after since (published,
	// else first seen); the zero since counts all.
	CountItemsSince(ctx context.Context, since time.Time) (int, error)
	// ItemsSince pages through those items in id order, with their
	// RuleIDs and Severity.
	ItemsSince(ctx context.Context, since time.Time, afterID int64, limit int) ([]mediawatch.Item, error)
	// AddFlags stores flags about existing item versions, skipping those
	// already stored, and returns the ones it added.
	AddFlags(ctx context.Context, flags []mediawatch.Flag, now time.Time) ([]mediawatch.Flag, error)
}

// ApplyDeps are what Apply reads and writes.
type ApplyDeps struct {
	Store FlagStore
	Index Indexer          // items that got flags are re-indexed here; nil: no index
	Now   func() time.Time // the new flags' creation time; time.Now if nil
	Page  int              // items judged per store transaction; IndexBatch if 0
}

// ApplySummary counts what Apply did.
type ApplySummary struct {
	Examined int `json:"examined"` // stored items judged
	Flagged  int `json:"flagged"`  // items at least one rule matched
	Added    int `json:"added"`    // flags written: those not already stored
}

// Apply flags history: every stored item dated at or after since
// (published, else first seen; zero: all), at its current version, is
// matched against m, and what m finds is stored with AddFlags, which skips
// a flag its item version already has from that rule — so running Apply
// twice adds nothing the second time. Items that got new flags are read
// back and re-indexed, so that rule: and severity: find them. progress,
// if set, hears after each page how many items were examined of how many
// (the total grows if items arrive meanwhile).
//
// Each page of items (ApplyDeps.Page) is one store transaction; a crash or a
// cancelled ctx keeps the pages done, and running Apply again completes
// the rest. A crash between a page's flags and its re-indexing leaves those
// items' rule:/severity: stale until `mediawatch reindex`.
func Apply(ctx context.Context, deps ApplyDeps, m RuleMatcher, since time.Time, progress func(done, total int)) (ApplySummary, error) {
	if m == nil || deps.Store == nil {
		return ApplySummary{}, fmt.Errorf("apply: %w: a store and a matcher are needed", mediawatch.ErrInvalid)
	}
	now, size := deps.Now, deps.Page
	if now == nil {
		now = time.Now
	}
	if size <= 0 {
		size = IndexBatch
	}
	total, err := deps.Store.CountItemsSince(ctx, since)
	if err != nil {
		return ApplySummary{}, fmt.Errorf("apply: %w", err)
	}
	var sum ApplySummary
	for after := int64(0); ; {
		page, err := deps.Store.ItemsSince(ctx, since, after, size)
		if err != nil {
			return sum, fmt.Errorf("apply: %w", err)
		}
		if len(page) == 0 {
			return sum, nil
		}
		if err := applyPage(ctx, deps, m, page, now(), &sum); err != nil {
			return sum, fmt.Errorf("apply: %w", err)
		}
		after = page[len(page)-1].ID
		if progress != nil {
			progress(sum.Examined, max(total, sum.Examined))
		}
	}
}

// applyPage matches one page of items, stores the new flags and re-indexes
// the items that got some.
func applyPage(ctx context.Context, deps ApplyDeps, m RuleMatcher, page []mediawatch.Item, now time.Time, sum *ApplySummary) error {
	var flags []mediawatch.Flag
	for i := range page {
		it := &page[i]
		found := m.Match(it)
		if len(found) > 0 {
			sum.Flagged++
		}
		for _, f := range found {
			f.ItemID, f.ItemVersion = it.ID, it.Version
			flags = append(flags, f)
		}
	}
	sum.Examined += len(page)
	if len(flags) == 0 {
		return nil
	}
	added, err := deps.Store.AddFlags(ctx, flags, now)
	if err != nil {
		return err
	}
	sum.Added += len(added)
	if deps.Index == nil || len(added) == 0 {
		return nil
	}
	var ids []int64
	seen := map[int64]bool{}
	for _, f := range added {
		if !seen[f.ItemID] {
			seen[f.ItemID] = true
			ids = append(ids, f.ItemID)
		}
	}
	items, err := deps.Store.ItemsByID(ctx, ids)
	if err != nil {
		return fmt.Errorf("read flagged items: %w", err)
	}
	// Items the index leaves out keep their old rule terms until the next
	// start's Reconcile sends them again; the flags are stored.
	if err := deps.Index.Put(ctx, items); err != nil && skippedBy(err) == nil {
		return fmt.Errorf("re-index %d flagged items: %w", len(items), err)
	}
	return nil
}
