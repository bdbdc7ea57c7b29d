package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/ingest"
)

// TestSyncMarkSkipsReconcileUntilTheStoreChanges: a clean close writes
// the sync mark; the next start finds it valid and skips the reconcile;
// an item stored without the index (a crash between the commit and the
// flush) invalidates it, and that start's reconcile indexes the item; a
// process that saw an index write fail writes no mark.
func TestSyncMarkSkipsReconcileUntilTheStoreChanges(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cfg, err := testGlobals(ctx, io.Discard).loadConfig(dir)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Rules.Dir = filepath.Join(dir, "no-rules")
	open := func() *app {
		t.Helper()
		a, err := openApp(ctx, cfg, slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	src := mediawatch.Source{Name: "baosonla", Keep: mediawatch.KeepAll}
	article := func(i int) mediawatch.Article {
		return mediawatch.Article{Source: "baosonla", URL: fmt.Sprintf("https://baosonla.vn/tin/%d", i),
			Title: fmt.Sprintf("Tin số %d về Sơn La", i), Text: fmt.Sprintf("Nội dung bài %d về thủy điện Sơn La.", i),
			Published: time.Date(2026, 3, 1, 8, i, 0, 0, time.UTC)}
	}
	indexed := func(a *app) uint64 {
		t.Helper()
		n, err := a.idx.Count()
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	a := open()
	if a.inSync(ctx) {
		t.Fatal("a new data directory is in sync before any close")
	}
	if err := a.reconcile(ctx); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if _, err := a.pipeline.Ingest(ctx, src, article(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(syncMarkPath(dir)); err != nil {
		t.Fatalf("no sync mark after a clean close: %v", err)
	}

	a = open()
	if !a.inSync(ctx) {
		t.Fatal("the mark of the last clean close is not valid on an unchanged store")
	}
	if err := a.reconcile(ctx); err != nil || !a.inStep.Load() {
		t.Fatalf("reconcile: %v, in step %v", err, a.inStep.Load())
	}
	// A crash between a store commit and the index: the item is stored,
	// not indexed, and nothing wrote a mark after it.
	it := article(9)
	it.Text += " Lưu mà chưa kịp vào chỉ mục."
	crashed, err := a.db.SaveItem(ctx, mediawatch.Item{Source: "baosonla", URL: it.URL, CanonicalURL: it.URL,
		Title: it.Title, Text: it.Text, Lang: "vi", ContentHash: ingest.ContentHash(it.Title, it.Text),
		Published: it.Published, FirstSeen: it.Published})
	if err != nil || crashed.Outcome != mediawatch.OutcomeKept {
		t.Fatalf("save: %+v, %v", crashed, err)
	}
	a.inStep.Store(false) // the process "crashed": its close writes no mark
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}

	a = open()
	if a.inSync(ctx) {
		t.Fatal("the mark is still valid after an item was stored without the index")
	}
	if err := a.reconcile(ctx); err != nil {
		t.Fatal(err)
	}
	if got := indexed(a); got != 4 {
		t.Fatalf("index holds %d items after the reconcile, want 4", got)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}

	// An index write that failed (items left for a reconcile): no mark.
	a = open()
	if !a.inSync(ctx) {
		t.Fatal("the mark written after the repair is not valid")
	}
	if err := a.reconcile(ctx); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(syncMarkPath(dir)); err != nil {
		t.Fatal(err)
	}
	a.indexFailed.Store(true)
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(syncMarkPath(dir)); !os.IsNotExist(err) {
		t.Fatalf("a process whose index write failed wrote a sync mark (%v)", err)
	}
}
