package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"

	"mediawatch"
)

// TestLayout refuses an index built with another layout, and one from
// before layouts were recorded, instead of answering from it.
func TestLayout(t *testing.T) {
	dir := t.TempDir()
	x, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Put(context.Background(), loadCorpus(t)[:3]); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	if x, err = Open(dir, Options{}); err != nil {
		t.Fatalf("reopen: %v", err)
	}
	x.Close()

	if x, err := Open(dir, Options{pairs: newPairSet("other", []string{"son la"}, defaultPairs().wordsName, nil)}); !errors.Is(err, ErrOldLayout) {
		if err == nil {
			x.Close()
		}
		t.Fatalf("open with another pair list: %v, want ErrOldLayout", err)
	}
	for name, layout := range map[string]*string{
		"other layout":      ptr("mediawatch-index 1\n"),
		"no pair terms":     ptr("mediawatch-index 2\n"),
		"another pair list": ptr(strings.Replace(layout(defaultPairs()), defaultPairs().name, "other", 1) + "\n"),
		"another word list": ptr(strings.Replace(layout(defaultPairs()), defaultPairs().wordsName, "other", 1) + "\n"),
		"other gates":       ptr(strings.Replace(layout(defaultPairs()), "gates ", "gates 1", 1) + "\n"),
		"listed pairs only": ptr("mediawatch-index 3, pairs " + defaultPairs().name + "\n"),
		"no layout file":    nil,
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, layoutFile)
			if layout == nil {
				err = os.Remove(path)
			} else {
				err = os.WriteFile(path, []byte(*layout), 0o644)
			}
			if err != nil {
				t.Fatal(err)
			}
			if x, err := Open(dir, Options{}); !errors.Is(err, ErrOldLayout) {
				if err == nil {
					x.Close()
				}
				t.Fatalf("open: %v, want ErrOldLayout", err)
			}
		})
	}
	empty := t.TempDir()
	x, err = Open(empty, Options{})
	if err != nil {
		t.Fatal(err)
	}
	x.Close()
	if b, err := os.ReadFile(filepath.Join(empty, layoutFile)); err != nil || string(b) != layout(defaultPairs())+"\n" {
		t.Errorf("new index: layout %q %v", b, err)
	}
}

func ptr[T any](v T) *T { return &v }

// segments counts a shard's segments.
func segments(t *testing.T, x *Index, name string) int {
	t.Helper()
	x.mu.RLock()
	b := x.shards[name]
	x.mu.RUnlock()
	adv, err := b.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.(*scorch.Scorch).Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	return len(r.(*scorch.IndexSnapshot).Segments())
}

// TestCompaction merges a shard into one segment once coldAfter writes
// have passed it by, and leaves the shard still being written alone.
func TestCompaction(t *testing.T) {
	ctx := context.Background()
	x := openTemp(t, Options{})
	item := func(id int64, month time.Month) mediawatch.Item {
		d := time.Date(2025, month, 10, 8, 0, 0, 0, time.UTC)
		return mediawatch.Item{ID: id, Source: "baomoi", Lang: "vi", Title: "Lũ quét ở Sơn La", Text: "Mưa lớn.", Published: d, Version: 1}
	}
	// One segment a Put; scorch's persister may merge those it finds
	// waiting together, so Put until March has several.
	var want []int64
	before := 0
	for id := int64(1); before < 2; id++ {
		if id > 50 {
			t.Fatalf("March has %d segment after %d Puts: nothing to show", before, id-1)
		}
		if err := x.Put(ctx, []mediawatch.Item{item(id, time.March)}); err != nil {
			t.Fatal(err)
		}
		want = append(want, id)
		if id >= 3 {
			before = segments(t, x, "2025-03")
		}
	}
	for id := int64(100); id < 100+coldAfter; id++ {
		if err := x.Put(ctx, []mediawatch.Item{item(id, time.April)}); err != nil {
			t.Fatal(err)
		}
	}
	x.wg.Wait() // the compaction the last Put started
	if n := segments(t, x, "2025-03"); n != 1 {
		t.Errorf("March: %d segments after compaction (%d before), want 1", n, before)
	}
	x.mu.RLock()
	_, marchDirty := x.cold.dirty["2025-03"]
	_, aprilDirty := x.cold.dirty["2025-04"]
	x.mu.RUnlock()
	if marchDirty || !aprilDirty {
		t.Errorf("dirty after compaction: March %v, April %v; want false, true", marchDirty, aprilDirty)
	}
	for id := int64(100); id < 100+coldAfter; id++ {
		want = append(want, id)
	}
	if got := searchIDs(t, x, `"Sơn La"`, Request{Sort: SortOldest}); !slices.Equal(got, want) {
		t.Errorf("after compaction: %v, want %v", searchIDs(t, x, `"Sơn La"`, Request{Sort: SortOldest}), want)
	}
}

// TestPrepareAheadOfThePutBefore: a batch prepared before the batch ahead
// of it is put still finds where that one indexed its items: an item the
// first batch indexes in March and the second moves to April ends in
// April alone, at the second version.
func TestPrepareAheadOfThePutBefore(t *testing.T) {
	ctx := context.Background()
	x := openTemp(t, Options{})
	item := func(id int64, month time.Month, version int) mediawatch.Item {
		d := time.Date(2025, month, 10, 8, 0, 0, 0, time.UTC)
		return mediawatch.Item{ID: id, Source: "baomoi", Lang: "vi", Title: "Lũ quét ở Sơn La", Text: "Mưa lớn ở Mường La.",
			Published: d, Version: version}
	}
	first := x.Prepare([]mediawatch.Item{item(1, time.March, 1), item(2, time.March, 1)})
	second := x.Prepare([]mediawatch.Item{item(1, time.April, 2)})
	if err := first(ctx); err != nil {
		t.Fatal(err)
	}
	if err := second(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := x.Count(); err != nil || n != 2 {
		t.Fatalf("the index holds %d items (%v), want 2: item 1 once", n, err)
	}
	v, err := x.Versions(ctx, []int64{1, 2})
	if err != nil || v[1] != 2 || v[2] != 1 {
		t.Fatalf("versions %v (%v), want item 1 at 2, item 2 at 1", v, err)
	}
	if got := searchIDs(t, x, "Mường La", Request{From: time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)}); !slices.Equal(got, []int64{1}) {
		t.Errorf("April holds %v, want [1]", got)
	}
}

// TestPrepareBulkIndexesAsPrepare: a bulk's batch, built as several
// segments at once, holds what the same batch put as one holds — every
// item once, each found by its own words and by the words all share,
// across the move of items already indexed in another month.
func TestPrepareBulkIndexesAsPrepare(t *testing.T) {
	ctx := context.Background()
	const n = 4 * minSplit // split in as many parts as there are cores, up to 4
	items := func(month time.Month, version int) []mediawatch.Item {
		out := make([]mediawatch.Item, n)
		for i := range out {
			out[i] = mediawatch.Item{ID: int64(i + 1), Source: "baomoi", Lang: "vi", Version: version,
				Title: fmt.Sprintf("Tin số %d", i+1), Text: fmt.Sprintf("Mưa lớn ở Mường La, bản tin mã m%dx.", i+1),
				Published: time.Date(2025, month, 1+i%28, 8, 0, 0, 0, time.UTC)}
		}
		return out
	}
	build := func(prepare func(*Index, []mediawatch.Item) func(context.Context) error) *Index {
		x := openTemp(t, Options{})
		// Half of the items are first indexed in March, then all in April.
		if err := prepare(x, items(time.March, 1)[:n/2])(ctx); err != nil {
			t.Fatal(err)
		}
		if err := prepare(x, items(time.April, 2))(ctx); err != nil {
			t.Fatal(err)
		}
		return x
	}
	one := build((*Index).Prepare)
	bulk := build((*Index).PrepareBulk)
	if c, err := bulk.Count(); err != nil || c != n {
		t.Fatalf("the bulk-built index holds %d items (%v), want %d", c, err, n)
	}
	all := Request{Size: n}
	if a, b := searchIDs(t, one, "Mường La", all), searchIDs(t, bulk, "Mường La", all); len(b) != n || !slices.Equal(a, b) {
		t.Errorf(`"Mường La": %d hits one segment a batch, %d split; want %d, the same`, len(a), len(b), n)
	}
	for _, id := range []int{1, n / 2, n/2 + 1, n} {
		if got := searchIDs(t, bulk, fmt.Sprintf("m%dx", id), all); !slices.Equal(got, []int64{int64(id)}) {
			t.Errorf("m%dx finds %v in the bulk-built index, want [%d]", id, got, id)
		}
	}
	if v, err := bulk.Versions(ctx, []int64{1, n}); err != nil || v[1] != 2 || v[n] != 2 {
		t.Errorf("versions %v (%v), want 2", v, err)
	}
}
