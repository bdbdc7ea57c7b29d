package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"mediawatch"
)

// Shard names besides "YYYY-MM".
const (
	shardUndated = "undated" // items with neither a publication nor a first-seen date
	shardAll     = "all"     // Options.OneShard
)

var shardName = regexp.MustCompile(`^(\d{4}-\d{2}|undated|all)$`)

// layoutVersion names the shape of the index on disk: the fields, their
// analysis and options. A change to any of them changes it, because bleve
// would read an older index without complaint and answer wrong (version 1
// had word-pair fields of every pair and no sort key, version 2 no pair
// fields, version 3 pair terms for listed pairs only). With the names of
// the pair and word lists (layout) it is written to dir/LAYOUT. Version 5
// added the author words and the platform (issue 13).
const layoutVersion = "mediawatch-index 5"

// layout is the layout of an index with the pair terms of pairs: other
// lists are another layout, because the phrases of the pairs that differ
// would find nothing.
func layout(pairs *pairSet) string {
	return fmt.Sprintf("%s, pairs %s, words %s, gates %d", layoutVersion, pairs.name, pairs.wordsName, pairs.buckets)
}

// layoutFile is the name of the file that holds layoutVersion.
const layoutFile = "LAYOUT"

// ErrOldLayout means the index on disk was built by another version of
// mediawatch: it must be rebuilt from the store (`mediawatch reindex`
// removes it and indexes every stored item again). Its text, which a
// user reads when the server refuses to start, is in Vietnamese and
// English.
var ErrOldLayout = errors.New("chỉ mục tìm kiếm được lập theo cấu trúc khác (phiên bản mediawatch cũ hơn, hoặc các từ khóa theo dõi đã đổi), hãy chạy `mediawatch reindex` để lập lại từ kho dữ liệu / " +
	"the search index was built with another layout (an older mediawatch, or other watch terms): run `mediawatch reindex` to rebuild it from the store")

// checkLayout accepts dir if it holds an index of layout want, or no
// index at all (then it records the layout).
func checkLayout(dir string, entries []os.DirEntry, want string) error {
	path := filepath.Join(dir, layoutFile)
	b, err := os.ReadFile(path)
	switch {
	case err == nil && strings.TrimSpace(string(b)) == want:
		return nil
	case err == nil && !strings.HasPrefix(string(b), "mediawatch-index "):
		return damaged(path, "not a layout record")
	case err == nil:
		return fmt.Errorf("%w (%s says %q, want %q)", ErrOldLayout, path, strings.TrimSpace(string(b)), want)
	case !errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("read %s: %w", path, err)
	}
	for _, e := range entries {
		if e.IsDir() && shardName.MatchString(e.Name()) {
			return fmt.Errorf("%w (%s has shards and no %s)", ErrOldLayout, dir, layoutFile)
		}
	}
	if err := os.WriteFile(path, []byte(want+"\n"), 0o644); err != nil {
		return fmt.Errorf("record index layout: %w", err)
	}
	return nil
}

// shard is one bleve index and the effective dates its items can have,
// [lo, hi]: a month (UTC), the Unix epoch (undated), or all time.
type shard struct {
	name   string
	index  bleve.Index
	lo, hi time.Time
}

// reachesPast reports whether the shard can hold an item that sorts after
// a hit dated t in the newest-first order (newest) or oldest-first order:
// one dated t or earlier (later, when oldest first).
func (s shard) reachesPast(t time.Time, newest bool) bool {
	if newest {
		return !s.lo.After(t)
	}
	return !s.hi.Before(t)
}

// reachesBefore reports whether the shard can hold an item that sorts
// before a hit dated t: one dated t or later (earlier, when oldest first).
func (s shard) reachesBefore(t time.Time, newest bool) bool {
	return s.reachesPast(t, !newest)
}

// newShard describes the open index b named name.
func newShard(name string, b bleve.Index) shard {
	s := shard{name: name, index: b, lo: time.Unix(-1<<62, 0), hi: time.Unix(1<<62, 0)}
	if name == shardUndated {
		s.lo, s.hi = undated, undated
	} else if m, err := time.Parse("2006-01", name); err == nil {
		s.lo, s.hi = m, m.AddDate(0, 1, 0).Add(-time.Nanosecond)
	}
	return s
}

// shardOf names the shard an item belongs in.
func (x *Index) shardOf(it *mediawatch.Item) string {
	if x.opts.OneShard {
		return shardAll
	}
	t := effectiveDate(it)
	if t.IsZero() {
		return shardUndated
	}
	return t.UTC().Format("2006-01")
}

// shard returns the named shard, creating it if create is set.
func (x *Index) shard(name string, create bool) (bleve.Index, error) {
	x.mu.RLock()
	b, ok := x.shards[name]
	closed := x.closed
	x.mu.RUnlock()
	switch {
	case closed:
		return nil, errors.New("index is closed")
	case ok || !create:
		return b, nil
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if b, ok := x.shards[name]; ok {
		return b, nil
	}
	b, err := bleve.NewUsing(filepath.Join(x.dir, name), newMapping(), scorch.Name, scorch.Name, runtimeConfig())
	if err != nil {
		return nil, fmt.Errorf("create index shard %s: %w", name, err)
	}
	b.SetName(name)
	x.shards[name] = b
	return b, nil
}

// all returns every shard, in name order.
func (x *Index) all() ([]shard, error) {
	return x.shardsWhere(func(string) bool { return true })
}

// shardsWhere returns the shards whose names keep accepts, in name order.
func (x *Index) shardsWhere(keep func(name string) bool) ([]shard, error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.closed {
		return nil, errors.New("index is closed")
	}
	var names []string
	for n := range x.shards {
		if keep(n) {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	out := make([]shard, len(names))
	for i, n := range names {
		out[i] = newShard(n, x.shards[n])
	}
	return out, nil
}

// shardsFor returns the shards a date range can reach: every month that
// overlaps [from, to] (either may be zero: unbounded), and the undated
// shard only when the range is unbounded on both sides.
func (x *Index) shardsFor(from, to time.Time) ([]shard, error) {
	lo, hi := "", "9999-99"
	if !from.IsZero() {
		lo = from.UTC().Format("2006-01")
	}
	if !to.IsZero() {
		hi = to.UTC().Format("2006-01")
	}
	return x.shardsWhere(func(n string) bool {
		return n == shardAll ||
			n == shardUndated && from.IsZero() && to.IsZero() ||
			n != shardUndated && n >= lo && n <= hi
	})
}
