package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mediawatch"
)

// builtIndex writes the corpus to an index in a new directory, closes it
// and returns the directory and the path of one of its segment files.
func builtIndex(t *testing.T) (dir, segment string) {
	t.Helper()
	dir = t.TempDir()
	x, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Put(context.Background(), loadCorpus(t)); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	zaps, _ := filepath.Glob(filepath.Join(dir, "2025-03", "store", "*.zap"))
	if len(zaps) == 0 {
		t.Fatal("no segment written")
	}
	return dir, zaps[0]
}

// TestOpenFindsDamage: a real segment file damaged on disk, or a shard cut
// short, is ErrDamaged at Open — never a panic, never a silent index.
func TestOpenFindsDamage(t *testing.T) {
	flip := func(from int) func(t *testing.T, dir, seg string) {
		return func(t *testing.T, dir, seg string) {
			b, err := os.ReadFile(seg)
			if err != nil {
				t.Fatal(err)
			}
			for i := len(b) - from; i < len(b)-from+4; i++ {
				b[i] ^= 0x7f
			}
			if err := os.WriteFile(seg, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	// A segment whose footer fails to load, or cut short, may instead be
	// passed over by scorch, which then opens an older snapshot without an
	// error (when root.bolt still has one): TestOpenSurvivesFallback. The
	// cases here are damage that never falls back.
	for name, damage := range map[string]func(t *testing.T, dir, seg string){
		// zap reads the offsets in the footer and panics slicing past the
		// end (the "makeslice: len out of range" of the issue).
		"segment offsets": flip(16),
		"root.bolt deleted": func(t *testing.T, dir, seg string) {
			if err := os.Remove(filepath.Join(filepath.Dir(seg), "root.bolt")); err != nil {
				t.Fatal(err)
			}
		},
		"layout record garbled": func(t *testing.T, dir, seg string) {
			if err := os.WriteFile(filepath.Join(dir, layoutFile), []byte("\x00\x00"), 0o644); err != nil {
				t.Fatal(err)
			}
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir, seg := builtIndex(t)
			damage(t, dir, seg)
			x, err := Open(dir, Options{})
			if !errors.Is(err, ErrDamaged) {
				if err == nil {
					x.Close()
				}
				t.Fatalf("open: %v, want ErrDamaged", err)
			}
			aside, err := MoveAside(dir, time.Date(2026, 3, 14, 1, 2, 3, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasSuffix(aside, ".damaged-20260314T010203Z") {
				t.Errorf("moved to %s", aside)
			}
			if _, err := os.Stat(aside); err != nil {
				t.Errorf("the damaged index is not kept: %v", err)
			}
			x, err = Open(dir, Options{})
			if err != nil {
				t.Fatalf("a new index where the damaged one was: %v", err)
			}
			defer x.Close()
			if n, _ := x.Count(); n != 0 {
				t.Errorf("new index holds %d items", n)
			}
		})
	}
}

// TestOpenSurvivesFallback: a segment cut short or with a damaged footer
// is either ErrDamaged or passed over by scorch (an older snapshot, fewer
// items, which the program repairs from the store); either way Open does
// not panic and the index it opens answers.
func TestOpenSurvivesFallback(t *testing.T) {
	for name, damage := range map[string]func(seg string, b []byte) []byte{
		"segment footer":    func(_ string, b []byte) []byte { copy(b[len(b)-8:], "\xff\xff\xff\xff"); return b },
		"segment cut short": func(_ string, b []byte) []byte { return b[:100] },
	} {
		t.Run(name, func(t *testing.T) {
			dir, seg := builtIndex(t)
			b, err := os.ReadFile(seg)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(seg, damage(seg, b), 0o644); err != nil {
				t.Fatal(err)
			}
			x, err := Open(dir, Options{})
			if errors.Is(err, ErrDamaged) {
				return
			}
			if err != nil {
				t.Fatalf("open: %v, want ErrDamaged or an older snapshot", err)
			}
			defer x.Close()
			if n, err := x.Count(); err != nil || n >= uint64(len(loadCorpus(t))) {
				t.Errorf("an older snapshot holds %d items (%v), want fewer than the corpus", n, err)
			}
			searchIDs(t, x, "Sơn La", Request{})
		})
	}
}

// TestBindStore: an index remembers the store it was built from.
func TestBindStore(t *testing.T) {
	dir, _ := builtIndex(t)
	x, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if err := x.BindStore("aaa", 0); !errors.Is(err, ErrOtherStore) {
		t.Errorf("an unrecorded index with items beside an empty store: %v, want ErrOtherStore", err)
	}
	if err := x.BindStore("aaa", 24); err != nil {
		t.Fatalf("an index from before records adopts the store: %v", err)
	}
	if err := x.BindStore("aaa", 0); err != nil {
		t.Errorf("its own store again: %v", err)
	}
	if err := x.BindStore("bbb", 24); !errors.Is(err, ErrOtherStore) {
		t.Errorf("another store: %v, want ErrOtherStore", err)
	}
	if err := x.Delete(context.Background(), itemIDs(loadCorpus(t))); err != nil {
		t.Fatal(err)
	}
	if err := x.BindStore("ddd", 0); err != nil {
		t.Errorf("an empty index takes another store: %v", err)
	}
	fresh := openTemp(t, Options{})
	if err := fresh.BindStore("ccc", 10); err != nil {
		t.Errorf("a new index adopts its store: %v", err)
	}
}

// TestImpossibleDates: dates no index can hold are clamped (published
// not believed: dated by first seen), never refused; the item is found,
// and date ranges anywhere in years 1-9999 answer.
func TestImpossibleDates(t *testing.T) {
	x := openTemp(t, Options{})
	seen := time.Date(2026, 3, 14, 8, 0, 0, 0, time.UTC)
	west := time.FixedZone("-05", -5*3600)
	dates := []time.Time{
		time.Date(9999, 12, 31, 23, 0, 0, 0, west), // year 10000 in UTC
		time.Date(2999, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1, 1, 1, 0, 0, 1, 0, time.UTC),
		time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	var items []mediawatch.Item
	for i, d := range dates {
		items = append(items, mediawatch.Item{ID: int64(i + 1), Title: "Sơn La", Text: "lũ", Lang: "vi", Source: "s",
			URL: "https://a.vn/" + string(rune('a'+i)), Published: d, FirstSeen: seen, Version: 1})
	}
	// No first-seen date either, and one from a clock gone wrong.
	items = append(items,
		mediawatch.Item{ID: 10, Title: "Sơn La", Lang: "vi", Published: time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), Version: 1},
		mediawatch.Item{ID: 11, Title: "Sơn La", Lang: "vi", FirstSeen: time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), Version: 1})
	if err := x.Put(context.Background(), items); err != nil {
		t.Fatalf("put: %v", err)
	}
	if got := searchIDs(t, x, "Sơn La", Request{Sort: SortNewest}); len(got) != len(items) {
		t.Fatalf("found %v, want all %d", got, len(items))
	}
	day := searchIDs(t, x, "Sơn La", Request{From: seen.Add(-time.Hour), To: seen.Add(time.Hour)})
	if len(day) != len(dates) {
		t.Errorf("items dated by first seen: %v, want %d", day, len(dates))
	}
	for _, r := range []Request{
		{To: time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)},
		{From: time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)},
		{From: time.Date(1, 1, 1, 0, 0, 1, 0, time.UTC), To: time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC)},
	} {
		searchIDs(t, x, "Sơn La", r) // fails the test on an error
	}
}

// itemIDs returns the ids of items.
func itemIDs(items []mediawatch.Item) []int64 {
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	return ids
}
