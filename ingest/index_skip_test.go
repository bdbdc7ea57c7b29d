package ingest

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/index"
	"mediawatch/query"
)

// refusing is an index that refuses the items refuse names (while it is
// set) and indexes the rest, as index.Index does with an item it cannot
// take.
type refusing struct {
	Indexer
	mu     sync.Mutex
	refuse map[int64]bool
	tries  map[int64]int
}

func (r *refusing) Put(ctx context.Context, items []mediawatch.Item) error {
	r.mu.Lock()
	var ok []mediawatch.Item
	skipped := &index.SkippedError{Items: map[int64]error{}}
	for _, it := range items {
		r.tries[it.ID]++
		if r.refuse[it.ID] {
			skipped.Items[it.ID] = fmt.Errorf("cannot represent")
		} else {
			ok = append(ok, it)
		}
	}
	r.mu.Unlock()
	if err := r.Indexer.Put(ctx, ok); err != nil {
		return err
	}
	if len(skipped.Items) > 0 {
		return skipped
	}
	return nil
}

// TestIndexSkipsWhatItCannotTake: an item the index refuses neither stops
// its batch (flush, reconcile) nor the ones after it; flushes try it again
// a few times, and the next Reconcile indexes it once the index can.
func TestIndexSkipsWhatItCannotTake(t *testing.T) {
	ctx := context.Background()
	p, db := newPipeline(t)
	idx, err := index.Open(filepath.Join(t.TempDir(), "index"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	bad := &refusing{Indexer: idx, refuse: map[int64]bool{2: true}, tries: map[int64]int{}}
	p.WithIndex(bad, db)
	for i := range 4 {
		a := mediawatch.Article{URL: fmt.Sprintf("https://tinh.example/%d", i), Title: "Tin Sơn La", Text: fmt.Sprintf("Bài số %d", i)}
		if _, err := p.Ingest(ctx, keepAll, a); err != nil {
			t.Fatal(err)
		}
	}
	for range maxIndexTries + 2 {
		if err := p.Flush(ctx); err != nil {
			t.Fatalf("flush stopped by one item: %v", err)
		}
	}
	if c, _ := idx.Count(); c != 3 {
		t.Errorf("index holds %d, want the 3 others", c)
	}
	if bad.tries[2] != maxIndexTries {
		t.Errorf("item 2 tried %d times by flushes, want %d", bad.tries[2], maxIndexTries)
	}
	sent, err := Reconcile(ctx, db, bad, nil)
	if err != nil || sent != 0 {
		t.Fatalf("reconcile while still refused: %d, %v", sent, err)
	}
	bad.refuse = nil // e.g. a newer binary
	if sent, err := Reconcile(ctx, db, bad, nil); err != nil || sent != 1 {
		t.Fatalf("reconcile once the index takes it: %d, %v; want 1", sent, err)
	}
	if c, _ := idx.Count(); c != 4 {
		t.Errorf("index holds %d, want 4", c)
	}
}

// TestImportImpossibleDates: records dated where no index can reach are
// stored with the date as written and indexed by when they were imported.
func TestImportImpossibleDates(t *testing.T) {
	ctx := context.Background()
	p, db := newPipeline(t)
	idx, err := index.Open(filepath.Join(t.TempDir(), "index"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	p.WithIndex(idx, db)
	in := strings.Join([]string{
		`{"url":"https://a.example/1","title":"Sơn La 1","text":"x","published":"2300-01-01"}`,
		`{"url":"https://a.example/2","title":"Sơn La 2","text":"x","published":"9999-12-31T23:00:00-05:00"}`,
		`{"url":"https://a.example/3","title":"Sơn La 3","text":"x","published":"0001-01-01"}`,
		`{"url":"https://a.example/4","title":"Sơn La 4","text":"x","published":"2999-01-01T00:00:00Z"}`,
	}, "\n")
	sum, err := p.Import(ctx, strings.NewReader(in), ImportOptions{Keep: mediawatch.KeepAll, Location: time.UTC})
	if err != nil || sum.Kept != 4 {
		t.Fatalf("import: %+v, %v", sum, err)
	}
	if err := p.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	res, err := idx.Search(ctx, query.MustParse(`"Sơn La"`), index.Request{Size: 10, From: time.Now().Add(-time.Hour)})
	if err != nil || res.Total != 4 {
		t.Fatalf("found %v, %v; want all 4 dated by import", res, err)
	}
	items, _ := db.Items(ctx, 0, 10)
	want := map[string]string{"1": "2300-01-01", "2": "", "3": "", "4": "2999-01-01"}
	for _, it := range items {
		got := ""
		if !it.Published.IsZero() {
			got = it.Published.Format(time.DateOnly)
		}
		if w := want[it.URL[len(it.URL)-1:]]; got != w {
			t.Errorf("%s stored published %q, want %q (as written, or none)", it.URL, got, w)
		}
	}
}
