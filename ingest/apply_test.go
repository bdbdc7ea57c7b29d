package ingest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/index"
	"mediawatch/query"
	"mediawatch/store"
)

// applyRules are two rules over the fixture: one narrow and severe, one
// broad and mild, so that severity: tells them apart.
func applyRules(t *testing.T) (dam, sonLa *testRule) {
	return newTestRule(t, "vo-dap", mediawatch.SeverityHigh, `"vỡ đập" OR "vo dap" OR rumour`),
		newTestRule(t, "son-la", mediawatch.SeverityLow, `"Sơn La" OR "son la"`)
}

// matchedIDs are the ids of the items m flags, dated at or after since.
func matchedIDs(items []mediawatch.Item, m RuleMatcher, since time.Time) []int64 {
	var ids []int64
	for _, it := range items {
		if (since.IsZero() || !dated(it).Before(since)) && len(m.Match(&it)) > 0 {
			ids = append(ids, it.ID)
		}
	}
	return ids
}

// found runs q against the index and returns the hits' ids in order.
func found(t *testing.T, idx *index.Index, q string) []int64 {
	t.Helper()
	res, err := idx.Search(context.Background(), query.MustParse(q), index.Request{Size: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	slices.Sort(ids)
	return ids
}

func TestApplyFlagsHistoryOnce(t *testing.T) {
	ctx := context.Background()
	fx := loadFixture(t, nil)
	items := allItems(t, fx.db)
	dam, sonLa := applyRules(t)
	rules := ruleList{dam, sonLa}
	damIDs, sonLaIDs, anyIDs := matchedIDs(items, dam, time.Time{}), matchedIDs(items, sonLa, time.Time{}),
		matchedIDs(items, rules, time.Time{})
	if len(damIDs) < 3 || len(sonLaIDs) <= len(damIDs) {
		t.Fatalf("fixture: %d items for vo-dap, %d for son-la", len(damIDs), len(sonLaIDs))
	}
	now := time.Date(2025, 2, 1, 3, 0, 0, 0, time.UTC)
	deps := ApplyDeps{Store: fx.db, Index: fx.idx, Now: func() time.Time { return now }, Page: 5}
	var progress [][2]int
	sum, err := Apply(ctx, deps, rules, time.Time{}, func(done, total int) { progress = append(progress, [2]int{done, total}) })
	if err != nil {
		t.Fatal(err)
	}
	want := ApplySummary{Examined: 32, Flagged: len(anyIDs), Added: len(damIDs) + len(sonLaIDs)}
	if sum != want {
		t.Errorf("first Apply = %+v, want %+v", sum, want)
	}
	if len(progress) != 7 || progress[len(progress)-1] != [2]int{32, 32} || !slices.IsSortedFunc(progress,
		func(a, b [2]int) int { return a[0] - b[0] }) {
		t.Errorf("progress = %v, want 7 rising steps to 32 of 32", progress)
	}
	for q, want := range map[string][]int64{
		"rule:vo-dap": damIDs, "rule:son-la": sonLaIDs, "severity:high": damIDs,
		"severity:low": without(sonLaIDs, damIDs),
	} {
		if got := found(t, fx.idx, q); !slices.Equal(got, want) {
			t.Errorf("after Apply %s finds %v, want %v", q, got, want)
		}
	}
	page, err := fx.db.Flags(ctx, store.FlagFilter{Rules: []string{"vo-dap"}, Size: store.MaxFlagPageSize})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range page.Flags {
		if !f.CreatedAt.Equal(now) || f.Status != mediawatch.FlagNew || f.ItemVersion != f.CurrentVersion || len(f.Matches) == 0 {
			t.Errorf("applied flag = %+v", f)
		}
	}
	again, err := Apply(ctx, deps, rules, time.Time{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want.Added = 0; again != want {
		t.Errorf("second Apply = %+v, want %+v", again, want)
	}
	if n, _ := fx.db.Flags(ctx, store.FlagFilter{}); n.Total != len(damIDs)+len(sonLaIDs) {
		t.Errorf("%d flags stored after two runs, want %d", n.Total, len(damIDs)+len(sonLaIDs))
	}
}

// without returns the ids of a that are not in b.
func without(a, b []int64) []int64 {
	var out []int64
	for _, id := range a {
		if !slices.Contains(b, id) {
			out = append(out, id)
		}
	}
	return out
}

func TestApplySince(t *testing.T) {
	ctx := context.Background()
	fx := loadFixture(t, nil)
	items := allItems(t, fx.db)
	_, sonLa := applyRules(t)
	since := time.Date(2025, 1, 7, 0, 0, 0, 0, ict)
	wantIDs := matchedIDs(items, sonLa, since)
	examined, err := fx.db.CountItemsSince(ctx, since)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := Apply(ctx, ApplyDeps{Store: fx.db, Index: fx.idx}, sonLa, since, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := (ApplySummary{Examined: examined, Flagged: len(wantIDs), Added: len(wantIDs)}); sum != want || examined >= 32 {
		t.Errorf("Apply since %v = %+v, want %+v (of 32 items)", since, sum, want)
	}
	if got := found(t, fx.idx, "rule:son-la"); !slices.Equal(got, wantIDs) {
		t.Errorf("rule:son-la finds %v, want %v", got, wantIDs)
	}
}

// TestApplyAfterIngestAddsNothing imports with the rules active, then
// applies the same rules: ingest and apply judge alike, so nothing is new.
func TestApplyAfterIngestAddsNothing(t *testing.T) {
	dam, sonLa := applyRules(t)
	rules := ruleList{dam, sonLa}
	fx := loadFixture(t, rules)
	items := allItems(t, fx.db)
	flags := len(matchedIDs(items, dam, time.Time{})) + len(matchedIDs(items, sonLa, time.Time{}))
	if page, err := fx.db.Flags(context.Background(), store.FlagFilter{}); err != nil || page.Total != flags {
		t.Errorf("import stored %d flags (%v), want %d", page.Total, err, flags)
	}
	sum, err := Apply(context.Background(), ApplyDeps{Store: fx.db, Index: fx.idx}, rules, time.Time{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := (ApplySummary{Examined: 32, Flagged: len(matchedIDs(items, rules, time.Time{}))}); sum != want {
		t.Errorf("Apply after ingest = %+v, want %+v", sum, want)
	}
	if got, want := found(t, fx.idx, "rule:vo-dap"), matchedIDs(items, dam, time.Time{}); !slices.Equal(got, want) {
		t.Errorf("flagged at ingest, rule:vo-dap finds %v, want %v", got, want)
	}
}

func TestApplyRefuses(t *testing.T) {
	fx := loadFixture(t, nil)
	for i, tc := range []struct {
		deps ApplyDeps
		m    RuleMatcher
	}{{ApplyDeps{Store: fx.db}, nil}, {ApplyDeps{}, ruleList{}}} {
		if _, err := Apply(context.Background(), tc.deps, tc.m, time.Time{}, nil); !errors.Is(err, mediawatch.ErrInvalid) {
			t.Errorf("case %d: err = %v, want ErrInvalid", i, err)
		}
	}
	_, err := Apply(context.Background(), ApplyDeps{Store: fx.db}, ruleList{}, time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), nil)
	if !errors.Is(err, mediawatch.ErrInvalid) {
		t.Errorf("a date past year 9999: err = %v, want ErrInvalid", err)
	}
}
