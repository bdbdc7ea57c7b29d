package desk

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/store"
)

// sourcesNow is the sources tests' clock.
var sourcesNow = time.Date(2026, 12, 6, 0, 5, 0, 0, time.UTC)

// newSourcesStore is a real store with a source in each state: one
// healthy, one failing, one silent for five days, one whose latest crawl
// answered 304 after a failure (with a fresh item), one never crawled,
// one disabled, and items under a name only an import carries.
func newSourcesStore(t *testing.T) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "mw.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	src := func(name string, enabled bool) mediawatch.Source {
		return mediawatch.Source{Name: name, Kind: mediawatch.KindFeed, URL: "https://" + name + ".example/rss",
			Interval: time.Hour, Weight: 1, Keep: mediawatch.KeepAll, Enabled: enabled}
	}
	err = db.SyncSources(ctx, []mediawatch.Source{src("a-tot", true), src("b-loi", true), src("c-im", true),
		src("d-304", true), src("e-moi", true), src("f-tat", false)})
	if err != nil {
		t.Fatal(err)
	}
	ok := sourcesNow.Add(-30 * time.Minute)
	for _, h := range []mediawatch.SourceHealth{
		{Source: "a-tot", LastAttempt: ok, LastSuccess: ok},
		{Source: "b-loi", LastAttempt: ok, LastSuccess: ok.Add(-72 * time.Hour), ConsecutiveFailures: 3,
			LastError: `fetch https://b-loi.example/rss: status 503, retry after 2m0s <script>alert(1)</script>`, LastErrorAt: ok},
		{Source: "c-im", LastAttempt: ok, LastSuccess: ok},
		{Source: "d-304", LastAttempt: ok, LastSuccess: ok, LastError: "fetch https://d-304.example/rss: status 500",
			LastErrorAt: ok.Add(-time.Hour), Warning: "the feed has no items"},
	} {
		if err := db.PutSourceHealth(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	item := func(source string, age time.Duration) {
		n++
		u := fmt.Sprintf("https://%s.example/%d", source, n)
		_, err := db.SaveItem(ctx, mediawatch.Item{Source: source, URL: u, CanonicalURL: u, Title: "Tin " + u,
			Text: "x", Lang: "vi", ContentHash: u, FirstSeen: sourcesNow.Add(-age)})
		if err != nil {
			t.Fatal(err)
		}
	}
	item("a-tot", time.Hour)
	item("a-tot", 3*24*time.Hour)
	item("a-tot", 30*24*time.Hour)
	item("b-loi", 2*time.Hour)
	item("c-im", 5*24*time.Hour)
	item("d-304", 20*time.Hour)
	item("nhap", 10*24*time.Hour)
	return db
}

func TestSourcesHealth(t *testing.T) {
	d := New(Deps{Store: newSourcesStore(t)}, Options{Now: func() time.Time { return sourcesNow }})
	list, err := d.Sources(context.Background(), SourcesByAttention)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	by := map[string]SourceStatus{}
	for _, s := range list {
		got = append(got, fmt.Sprintf("%s:%s", s.Name, s.State))
		by[s.Name] = s
	}
	want := "[b-loi:failing c-im:silent e-moi:silent a-tot:healthy d-304:healthy f-tat:disabled nhap:disabled]"
	if fmt.Sprint(got) != want {
		t.Fatalf("order %v\n want %s", got, want)
	}
	a := by["a-tot"]
	if a.Items != 3 || a.Last24h != 1 || a.Last7d != 2 || a.NewestAge != time.Hour {
		t.Errorf("a-tot counts: items %d, 24h %d, 7d %d, newest %v", a.Items, a.Last24h, a.Last7d, a.NewestAge)
	}
	if c := by["c-im"]; c.SilentWhy != SilentStale || c.Last7d != 1 || c.Last24h != 0 {
		t.Errorf("c-im: %+v", c)
	}
	if e := by["e-moi"]; e.SilentWhy != SilentNeverCrawled || e.Items != 0 || !e.NewestItem.IsZero() {
		t.Errorf("e-moi: %+v", e)
	}
	// The crawler resets failures on any success, a 304 included: with a
	// fresh item, a source that failed before its latest crawl is healthy,
	// its earlier error kept for the record.
	if d3 := by["d-304"]; d3.Health.LastError == "" || d3.Health.Warning == "" {
		t.Errorf("d-304 lost its record: %+v", d3.Health)
	}
	if im := by["nhap"]; !im.Imported || im.Items != 1 {
		t.Errorf("imported: %+v", im)
	}
	byName, err := d.Sources(context.Background(), SourcesByName)
	if err != nil {
		t.Fatal(err)
	}
	if byName[0].Name != "a-tot" || byName[len(byName)-1].Name != "nhap" {
		t.Errorf("by name: first %s, last %s", byName[0].Name, byName[len(byName)-1].Name)
	}
}

func TestSourceStateSilentAfter(t *testing.T) {
	base := SourceStatus{Source: mediawatch.Source{Enabled: true},
		Health: mediawatch.SourceHealth{LastAttempt: sourcesNow, LastSuccess: sourcesNow}}
	for _, tc := range []struct {
		age  time.Duration
		want SourceState
	}{{time.Hour, SourceHealthy}, {SilentAfter, SourceHealthy}, {SilentAfter + time.Minute, SourceSilent}} {
		s := base
		s.NewestItem = sourcesNow.Add(-tc.age)
		if got, _ := sourceState(s, sourcesNow); got != tc.want {
			t.Errorf("newest %v ago: %s, want %s", tc.age, got, tc.want)
		}
	}
	s := base
	s.Health.LastAttempt, s.Health.LastSuccess = time.Time{}, time.Time{}
	if got, why := sourceState(s, sourcesNow); got != SourceSilent || why != SilentNeverCrawled {
		t.Errorf("never crawled: %s %s", got, why)
	}
	s = base
	if got, why := sourceState(s, sourcesNow); got != SourceSilent || why != SilentNoItems {
		t.Errorf("no items: %s %s", got, why)
	}
}

func TestExplainProblems(t *testing.T) {
	p, ok := ExplainError(`fetch https://bao.example/rss: Get "https://bao.example/rss": context deadline exceeded`)
	if !ok || p.Form != ProblemTimeout || p.URL != "https://bao.example/rss" || !p.NamesURL {
		t.Errorf("timeout: %+v", p)
	}
	p, ok = ExplainError("fetch https://bao.example/rss: host busy until 2026-12-06T09:00:00+07:00 (status 429)")
	if !ok || p.Form != ProblemHostBusy || fmt.Sprint(p.Args) != "[2026-12-06T09:00:00+07:00 429]" || p.NamesURL {
		t.Errorf("host busy: %+v", p)
	}
	if p, ok := ExplainError("store: disk I/O error"); ok || p.Form != "" || p.Stored != "store: disk I/O error" {
		t.Errorf("unknown: %+v", p)
	}
	ps := ExplainWarning("the feed has no items; something new")
	if len(ps) != 2 || ps[0].Form != ProblemFeedEmpty || ps[1].Form != "" || ps[1].Stored != "something new" {
		t.Errorf("warning parts: %+v", ps)
	}
	if ExplainWarning("") != nil {
		t.Error("empty warning has parts")
	}
}
