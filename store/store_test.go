package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"mediawatch"
)

// openTest opens a fresh store — a file in t.TempDir, or a PostgreSQL
// database (engine_test.go) — and closes it at the end. The path it
// returns opens the same store again.
func openTest(t testing.TB) (*DB, string) {
	t.Helper()
	path := testStorePath(t, t.TempDir())
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func hashOf(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// testItem is an article at url with text; FirstSeen is a fixed moment.
func testItem(url, text string) mediawatch.Item {
	return mediawatch.Item{
		Source:       "baosonla",
		URL:          url,
		CanonicalURL: url,
		Title:        "Title of " + url,
		Text:         text,
		Lang:         "vi",
		ContentHash:  hashOf(text),
		Published:    time.Date(2025, 3, 1, 8, 30, 0, 0, time.UTC),
		FirstSeen:    time.Date(2025, 3, 1, 9, 0, 0, 123456789, time.UTC),
	}
}

func TestOpenTwiceIsIdempotent(t *testing.T) {
	ctx := context.Background()
	db, path := openTest(t)
	if _, err := db.SaveItem(ctx, testItem("https://a.vn/1", "một")); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for range 2 {
		db2, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("reopen: %v", err)
		}
		// A row per migration applied: SQLite's from 0001, PostgreSQL's
		// from its baseline.
		var migrations, version int
		err = db2.r.QueryRowContext(ctx, `SELECT COUNT(*), MAX(version) FROM schema_migrations`).Scan(&migrations, &version)
		if err != nil {
			t.Fatal(err)
		}
		dir := sqliteMigrations
		if onPostgres() {
			dir = postgresMigrations
		}
		ms, _ := loadMigrations(dir)
		if newest := ms[len(ms)-1].version; migrations != len(ms) || version != newest {
			t.Errorf("schema_migrations has %d rows up to version %d, want %d up to %d", migrations, version, len(ms), newest)
		}
		if n, _ := db2.CountItems(ctx); n != 1 {
			t.Errorf("CountItems after reopen = %d, want 1", n)
		}
		db2.Close()
	}
}

func TestOpenSetsPragmas(t *testing.T) {
	sqliteOnly(t, "SQLite's pragmas")
	db, _ := openTest(t)
	ctx := context.Background()
	for _, tc := range []struct {
		pragma string
		want   string
	}{
		{"journal_mode", "wal"},
		{"foreign_keys", "1"},
		{"busy_timeout", "5000"},
		{"synchronous", "1"}, // NORMAL
		{"cache_size", fmt.Sprint(-writerCacheKiB)},
		{"temp_store", "2"}, // MEMORY
	} {
		t.Run(tc.pragma, func(t *testing.T) {
			var got string
			if err := db.w.QueryRowContext(ctx, "PRAGMA "+tc.pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("PRAGMA %s = %q, want %q", tc.pragma, got, tc.want)
			}
		})
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	db, path := openTest(t)
	if _, err := db.w.ExecContext(ctx,
		`INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future', '')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err := Open(ctx, path)
	if !errors.Is(err, ErrSchemaTooNew) {
		t.Fatalf("Open of a newer schema: err = %v, want ErrSchemaTooNew", err)
	}
}

func TestFetchStateRoundTrip(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	if _, err := db.FetchState(ctx, "https://a.vn/feed"); !errors.Is(err, mediawatch.ErrNotFound) {
		t.Fatalf("FetchState of unknown URL: err = %v, want ErrNotFound", err)
	}
	for _, st := range []mediawatch.FetchState{
		{URL: "https://a.vn/feed", ETag: `"abc"`, LastModified: "Mon, 03 Mar 2025 10:00:00 GMT", Status: 200,
			FetchedAt: time.Date(2025, 3, 3, 17, 0, 0, 42, time.FixedZone("ICT", 7*3600))},
		{URL: "https://a.vn/feed", Status: 304}, // overwrite, zero time
		{URL: "https://b.vn/feed", Status: 500}, // another URL
	} {
		if err := db.PutFetchState(ctx, st); err != nil {
			t.Fatal(err)
		}
		got, err := db.FetchState(ctx, st.URL)
		if err != nil {
			t.Fatal(err)
		}
		if !got.FetchedAt.Equal(st.FetchedAt) || got.FetchedAt.IsZero() != st.FetchedAt.IsZero() {
			t.Errorf("FetchedAt = %v, want %v", got.FetchedAt, st.FetchedAt)
		}
		got.FetchedAt, st.FetchedAt = time.Time{}, time.Time{}
		if got != st {
			t.Errorf("FetchState = %+v, want %+v", got, st)
		}
	}
}

func TestSourceHealthRoundTrip(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	if _, err := db.SourceHealth(ctx, "baosonla"); !errors.Is(err, mediawatch.ErrNotFound) {
		t.Fatalf("SourceHealth of unknown source: err = %v, want ErrNotFound", err)
	}
	t0 := time.Date(2025, 3, 3, 10, 0, 0, 5, time.UTC)
	cases := []mediawatch.SourceHealth{
		{Source: "baosonla", LastAttempt: t0, LastSuccess: t0, NextAttempt: t0.Add(time.Hour),
			Warning: "the feed has no items"},
		{Source: "baosonla", LastAttempt: t0.Add(time.Minute), LastSuccess: t0, LastError: "HTTP 503",
			LastErrorAt: t0.Add(time.Minute), ConsecutiveFailures: 3},
		{Source: "vnexpress"}, // all zero times
	}
	for _, h := range cases {
		if err := db.PutSourceHealth(ctx, h); err != nil {
			t.Fatal(err)
		}
		got, err := db.SourceHealth(ctx, h.Source)
		if err != nil {
			t.Fatal(err)
		}
		if got != h { // decoded times are UTC without monotonic reading, as h's are
			t.Errorf("SourceHealth = %+v, want %+v", got, h)
		}
	}
	all, err := db.ListSourceHealth(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0] != cases[1] || all[1] != cases[2] {
		t.Errorf("ListSourceHealth = %+v, want %+v", all, cases[1:])
	}
}

func TestSyncSourcesDisablesRemoved(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	a := mediawatch.Source{Name: "a", Kind: mediawatch.KindFeed, URL: "https://a.vn/rss", Interval: 1500 * time.Millisecond,
		Weight: 2.5, Lang: "vi", Keep: mediawatch.KeepAll, Enabled: true}
	b := mediawatch.Source{Name: "b", Kind: mediawatch.KindPage, URL: "https://b.vn/", Selector: "h3 a",
		Interval: 15 * time.Minute, Weight: 1, Keep: mediawatch.KeepMentions, Enabled: true, AllowPrivate: true}
	if err := db.SyncSources(ctx, []mediawatch.Source{a, b}); err != nil {
		t.Fatal(err)
	}
	assertSources(t, db, a, b)

	a.URL = "https://a.vn/rss2"
	if err := db.SyncSources(ctx, []mediawatch.Source{a}); err != nil {
		t.Fatal(err)
	}
	b.Enabled = false
	assertSources(t, db, a, b)

	b.Enabled = true // back in the config
	if err := db.SyncSources(ctx, []mediawatch.Source{a, b}); err != nil {
		t.Fatal(err)
	}
	assertSources(t, db, a, b)
}

func assertSources(t *testing.T, db *DB, want ...mediawatch.Source) {
	t.Helper()
	got, err := db.Sources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Sources =\n%+v\nwant\n%+v", got, want)
	}
}

func TestSourceStats(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	srcs := []mediawatch.Source{{Name: "a", Enabled: true}, {Name: "b", Enabled: true}, {Name: "empty", Enabled: true}}
	if err := db.SyncSources(ctx, srcs); err != nil {
		t.Fatal(err)
	}
	base := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	save := func(src, url string, day int) {
		it := testItem(url, "text of "+url)
		it.Source = src
		it.FirstSeen = base.AddDate(0, 0, day)
		if _, err := db.SaveItem(ctx, it); err != nil {
			t.Fatal(err)
		}
	}
	save("a", "https://a.vn/1", 1)
	save("a", "https://a.vn/2", 5)
	save("a", "https://a.vn/3", 3)
	save("b", "https://b.vn/1", 2)
	save("gone", "https://gone.vn/1", 4) // a source no longer configured
	got, err := db.SourceStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []mediawatch.SourceStats{
		{Source: "a", Items: 3, LastItemAt: base.AddDate(0, 0, 5)},
		{Source: "b", Items: 1, LastItemAt: base.AddDate(0, 0, 2)},
		{Source: "empty"},
		{Source: "gone", Items: 1, LastItemAt: base.AddDate(0, 0, 4)},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("SourceStats =\n%v\nwant\n%v", got, want)
	}
}

func TestCrawlLog(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	base := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	for i := range 10 {
		src := "a"
		if i%2 == 1 {
			src = "b"
		}
		e := mediawatch.CrawlLogEntry{Time: base.Add(time.Duration(i) * time.Second), Source: src,
			URL: fmt.Sprintf("https://x.vn/%d", i), Status: 200, Outcome: "fetched", Detail: fmt.Sprint(i)}
		if err := db.AppendCrawlLog(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("all newest first", func(t *testing.T) {
		got, err := db.CrawlLog(ctx, "", 3)
		if err != nil {
			t.Fatal(err)
		}
		assertDetails(t, got, "9", "8", "7")
	})
	t.Run("one source", func(t *testing.T) {
		got, err := db.CrawlLog(ctx, "a", 0)
		if err != nil {
			t.Fatal(err)
		}
		assertDetails(t, got, "8", "6", "4", "2", "0")
		if !got[0].Time.Equal(base.Add(8*time.Second)) || got[0].URL != "https://x.vn/8" || got[0].Status != 200 {
			t.Errorf("entry = %+v", got[0])
		}
	})
}

func TestCrawlLogPrunes(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	db.logKeep, db.pruneEvery = 5, 4
	for i := range 23 {
		e := mediawatch.CrawlLogEntry{Time: time.Unix(int64(i), 0), Outcome: "fetched", Detail: fmt.Sprint(i)}
		if err := db.AppendCrawlLog(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	// The last prune ran on append 21 (21 % 4 == 1), leaving 16..20; 21, 22 came after.
	got, err := db.CrawlLog(ctx, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	assertDetails(t, got, "22", "21", "20", "19", "18", "17", "16")
}

func assertDetails(t *testing.T, got []mediawatch.CrawlLogEntry, want ...string) {
	t.Helper()
	var details []string
	for _, e := range got {
		details = append(details, e.Detail)
	}
	if fmt.Sprint(details) != fmt.Sprint(want) {
		t.Errorf("crawl log details = %v, want %v", details, want)
	}
}

func TestOpenPathWithURLCharacters(t *testing.T) {
	sqliteOnly(t, "a SQLite file's path")
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "dữ liệu #1?x=y&z")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "a%20b.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.SaveItem(ctx, testItem("https://a.vn/1", "x")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database not at the path given: %v", err)
	}
}
