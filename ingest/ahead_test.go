package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"mediawatch"
	"mediawatch/index"
	"mediawatch/store"
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
// Ahead: nothing queued after that article's write batch is stored, and a
// refusal takes its place among the results and ends its batch.
func TestAheadStopsAtError(t *testing.T) {
	ctx := context.Background()
	p, db := newPipeline(t)
	x, err := index.Open(t.TempDir(), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	p.WithIndex(x, db)
	q := p.Ahead(ctx)
	stop := errors.New("stop here")
	var seen []int
	const n = 40
	for i := range n {
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
		var err error
		if i == 3 {
			err = q.Refuse(fmt.Errorf("line %d: %w", i, mediawatch.ErrInvalid), then)
		} else {
			err = q.Add(keepAll, mediawatch.Article{URL: fmt.Sprintf("https://baosonla.vn/%d", i), Title: "Sơn La",
				Text: fmt.Sprintf("Tin thứ %d ở Sơn La.", i)}, then)
		}
		if err != nil {
			t.Fatalf("Add %d: %v", i, err)
		}
	}
	if len(q.queue) != n {
		t.Fatalf("%d articles queued before Close, want all %d (the queue holds %d)", len(q.queue), n, q.n)
	}
	waitPrepared(q)
	if cerr := q.Close(); !errors.Is(cerr, stop) {
		t.Errorf("Close returned %v, want the callback's error", cerr)
	}
	if !slices.Equal(seen, []int{0, 1, 2, 3, 4, 5}) {
		t.Errorf("results heard for %v, want 0 to 5 in order", seen)
	}
	// Batches: 0–3 (the refusal ends it), then 4 and the groupMax-1 after
	// it, all prepared; the callback of 5 stops what comes after.
	want := 3 + groupMax
	if items := allItems(t, db); len(items) != want {
		t.Errorf("%d items stored, want %d: 0–2, and 4 to %d in the batch of 5", len(items), want, 3+groupMax)
	}
	// Those stored after 5 in its batch, whose callbacks were not called,
	// are indexed all the same.
	if err := p.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := x.Count(); err != nil || n != uint64(want) {
		t.Errorf("the index holds %d items (%v), want the %d stored", n, err, want)
	}
}

// TestAheadBatchEndsAtFailedSave: an article the store refuses inside a
// write batch is undone alone: the articles before it in the batch are
// stored, it hears the store's error, and — its callback stopping the
// Ahead as import's does — nothing after it is stored.
func TestAheadBatchEndsAtFailedSave(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "mw.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	// The store refuses one title, in SQL, in the middle of the save.
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = raw.ExecContext(ctx, `CREATE TRIGGER refuse BEFORE INSERT ON items WHEN NEW.title = 'Từ chối ở Sơn La'
		BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`)
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	p := New(db, nil, nil, nil)
	q := p.Ahead(ctx)
	var seen []int
	var failed error
	for i := range 20 {
		title := "Tin Sơn La"
		if i == 7 {
			title = "Từ chối ở Sơn La"
		}
		a := mediawatch.Article{URL: fmt.Sprintf("https://baosonla.vn/%d", i), Title: title, Text: fmt.Sprintf("Tin thứ %d ở Sơn La.", i)}
		if err := q.Add(keepAll, a, func(res mediawatch.IngestResult, err error) error {
			seen = append(seen, i)
			if err != nil {
				failed = err
				return err
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	waitPrepared(q)
	if err := q.Close(); err == nil || !strings.Contains(err.Error(), "refused by the test") {
		t.Fatalf("Close returned %v, want the store's refusal", err)
	}
	if !slices.Equal(seen, []int{0, 1, 2, 3, 4, 5, 6, 7}) || failed == nil {
		t.Errorf("results heard for %v (failure %v), want 0 to 7, 7 failing", seen, failed)
	}
	items := allItems(t, db)
	var urls []string
	for _, it := range items {
		urls = append(urls, it.URL)
	}
	if len(items) != 7 || items[6].URL != "https://baosonla.vn/6" {
		t.Errorf("stored %v, want articles 0 to 6", urls)
	}
}

// waitPrepared waits until every article queued on q is prepared, so
// that storing groups them as far as groupMax.
func waitPrepared(q *Ahead) {
	for _, pd := range q.queue {
		<-pd.done
	}
}
