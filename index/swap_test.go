package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"mediawatch/query"
)

// TestReplaceSwapsUnderSearches builds a second index beside a live one
// and swaps it in while searches and writes run: none of them fails, and
// afterwards the live index answers from the new shards and takes writes.
func TestReplaceSwapsUnderSearches(t *testing.T) {
	ctx := context.Background()
	items := loadCorpus(t)
	half := len(items) / 2
	dir := filepath.Join(t.TempDir(), "index")
	live, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	if err := live.Put(ctx, items[:half]); err != nil {
		t.Fatal(err)
	}
	built, err := Open(dir+".new", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := built.Put(ctx, items); err != nil {
		t.Fatal(err)
	}
	if err := built.Close(); err != nil {
		t.Fatal(err)
	}
	q, err := query.Parse("source:" + items[0].Source)
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	errc := make(chan error, 8)
	for range 3 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := live.Search(ctx, q, Request{Size: 5}); err != nil {
					errc <- err
					return
				}
				if err := live.Put(ctx, items[:1]); err != nil {
					errc <- err
					return
				}
			}
		})
	}
	if err := live.Replace(dir + ".new"); err != nil {
		t.Fatal(err)
	}
	close(stop)
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Errorf("during the swap: %v", err)
	}
	n, err := live.Count()
	if err != nil {
		t.Fatal(err)
	}
	if int(n) != len(items) {
		t.Errorf("after the swap the index holds %d items, want %d", n, len(items))
	}
	for _, gone := range []string{dir + ".new", dir + ".old"} {
		if _, err := os.Stat(gone); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s is left behind (%v)", gone, err)
		}
	}
	if err := live.Delete(ctx, []int64{items[0].ID}); err != nil {
		t.Fatal(err)
	}
	if n2, _ := live.Count(); n2 != n-1 {
		t.Errorf("a delete after the swap left %d items, want %d", n2, n-1)
	}
	if err := live.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if n3, _ := again.Count(); n3 != n-1 {
		t.Errorf("reopened after the swap: %d items, want %d", n3, n-1)
	}
}

// TestReplaceRefusesANonIndex keeps the live index when the directory
// offered is not an index of this layout.
func TestReplaceRefusesANonIndex(t *testing.T) {
	x, items := openCorpus(t, Options{})
	bogus := t.TempDir()
	if err := x.Replace(bogus); err == nil {
		t.Fatal("a directory without LAYOUT replaced the index")
	}
	if n, err := x.Count(); err != nil || int(n) != len(items) {
		t.Errorf("after a refused swap: %d items (%v), want %d", n, err, len(items))
	}
}
