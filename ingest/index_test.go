package ingest

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"mediawatch"
	"mediawatch/index"
	"mediawatch/query"
)

// TestIndexCatchesUpAfterACrash stores items through a pipeline that feeds
// an index, "crashes" before the last batch reaches the index (the pipeline
// is dropped without Flush), and then requires Reconcile, as run at start,
// to make every stored item findable — including an edit the index only
// held at its older version.
func TestIndexCatchesUpAfterACrash(t *testing.T) {
	ctx := context.Background()
	p, db := newPipeline(t)
	dir := filepath.Join(t.TempDir(), "index")
	idx, err := index.Open(dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p.WithIndex(idx, db)
	const n = 25
	for i := range n {
		a := mediawatch.Article{URL: fmt.Sprintf("https://tinh.example/%d", i), Title: fmt.Sprintf("Tin Sơn La số %d", i), Text: "Nội dung về mận Sơn La."}
		if _, err := p.Ingest(ctx, keepAll, a); err != nil {
			t.Fatal(err)
		}
		if i == 9 {
			if err := p.Flush(ctx); err != nil { // the first ten reach the index
				t.Fatal(err)
			}
		}
	}
	edit := mediawatch.Article{URL: "https://tinh.example/0", Title: "Tin Sơn La số 0", Text: "Nội dung đã sửa: lũ quét."}
	if res, err := p.Ingest(ctx, keepAll, edit); err != nil || res.Outcome != mediawatch.OutcomeUpdated {
		t.Fatalf("edit: %+v %v", res, err)
	}
	// Crash: the queued ids never reach the index.
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}
	idx, err = index.Open(dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if c, _ := idx.Count(); c != 10 {
		t.Fatalf("index holds %d before reconcile, want the 10 flushed", c)
	}
	sent, err := Reconcile(ctx, db, idx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sent != n-10+1 {
		t.Errorf("reconcile sent %d, want %d (15 missing + 1 edited)", sent, n-10+1)
	}
	res, err := idx.Search(ctx, query.MustParse(`"Sơn La"`), index.Request{Size: 100})
	if err != nil || res.Total != n {
		t.Fatalf("findable after reconcile: %d, %v; want %d", res.Total, err, n)
	}
	res, err = idx.Search(ctx, query.MustParse(`"lũ quét"`), index.Request{})
	if err != nil || res.Total != 1 {
		t.Errorf("the edit is findable: %d, %v", res.Total, err)
	}
	if again, _ := Reconcile(ctx, db, idx, nil); again != 0 {
		t.Errorf("a second reconcile sent %d, want 0", again)
	}
}
