package ingest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"mediawatch"
)

// TestAheadKeepsOrder: thirty versions of one article added through an
// Ahead are stored one after the other, in the order added, and their
// results come back in that order.
func TestAheadKeepsOrder(t *testing.T) {
	ctx := context.Background()
	p, db := newPipeline(t)
	q := p.Ahead(ctx)
	var order []int
	var outcomes []mediawatch.Outcome
	const n = 30
	for i := range n {
		a := mediawatch.Article{URL: "https://baosonla.vn/lu", Title: "Lũ ở Sơn La",
			Text: fmt.Sprintf("Bản tin số %d về lũ quét ở Sơn La, cập nhật lần %d.", i, i)}
		if err := q.Add(keepAll, a, func(res mediawatch.IngestResult, err error) error {
			if err != nil {
				return err
			}
			order = append(order, i)
			outcomes = append(outcomes, res.Outcome)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	if err := q.Close(); err != nil {
		t.Fatal(err)
	}
	if !slices.IsSorted(order) || len(order) != n {
		t.Fatalf("results in order %v", order)
	}
	if outcomes[0] != mediawatch.OutcomeKept || slices.Contains(outcomes[1:], mediawatch.OutcomeKept) {
		t.Errorf("outcomes %v: want kept, then updated", outcomes)
	}
	items := allItems(t, db)
	if len(items) != 1 || items[0].Version != n || items[0].Text != fmt.Sprintf("Bản tin số %d về lũ quét ở Sơn La, cập nhật lần %d.", n-1, n-1) {
		t.Fatalf("stored %d items, the first at version %d: %q", len(items), items[0].Version, items[0].Text)
	}
}

// TestAheadStopsAtError: the error a result's callback returns stops the
// Ahead; nothing added after that article is stored, and a refusal takes
// its place among the results.
func TestAheadStopsAtError(t *testing.T) {
	ctx := context.Background()
	p, db := newPipeline(t)
	q := p.Ahead(ctx)
	stop := errors.New("stop here")
	var seen []int
	var err error
	for i := 0; i < 40 && err == nil; i++ {
		then := func(res mediawatch.IngestResult, ierr error) error {
			seen = append(seen, i)
			if i == 3 && (ierr == nil || res.Outcome != mediawatch.OutcomeError) {
				t.Errorf("refused article: %s, %v", res.Outcome, ierr)
			}
			if i == 5 {
				return stop
			}
			return nil
		}
		if i == 3 {
			err = q.Refuse(fmt.Errorf("line %d: %w", i, mediawatch.ErrInvalid), then)
			continue
		}
		err = q.Add(keepAll, mediawatch.Article{URL: fmt.Sprintf("https://baosonla.vn/%d", i), Title: "Sơn La",
			Text: fmt.Sprintf("Tin thứ %d ở Sơn La.", i)}, then)
	}
	if !errors.Is(err, stop) {
		t.Fatalf("Add returned %v, want the callback's error", err)
	}
	if cerr := q.Close(); !errors.Is(cerr, stop) {
		t.Errorf("Close returned %v, want the callback's error", cerr)
	}
	if !slices.Equal(seen, []int{0, 1, 2, 3, 4, 5}) {
		t.Errorf("results heard for %v, want 0 to 5 in order", seen)
	}
	if items := allItems(t, db); len(items) != 5 {
		t.Errorf("%d items stored, want 5 (0, 1, 2, 4, 5)", len(items))
	}
}
