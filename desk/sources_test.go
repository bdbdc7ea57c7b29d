package desk

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/store"
)

// sourcesNow is the sources tests' clock.
var sourcesNow = time.Date(2026, 12, 6, 0, 5, 0, 0, time.UTC)

// newSourcesStore is a real store with a source in each state: one ok,
// one failing, one silent (items two weeks ago, none in the last seven
// days), one that failed before its latest crawl succeeded, one never
// crawled, one recovered (stored failing, fetching fine now), one
// disabled, and items under a name only an import carries.
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
		src("d-304", true), src("e-moi", true), src("f-tat", false), src("g-ve", true)})
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
		{Source: "g-ve", LastAttempt: ok, LastSuccess: ok},
	} {
		if err := db.PutSourceHealth(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.PutSourceState(ctx, "g-ve", mediawatch.StateFailing, ok.Add(-48*time.Hour)); err != nil {
		t.Fatal(err)
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
	item("c-im", 12*24*time.Hour)
	item("c-im", 15*24*time.Hour)
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
	want := "[b-loi:failing e-moi:failing c-im:silent g-ve:recovered a-tot:ok d-304:ok f-tat:disabled nhap:disabled]"
	if fmt.Sprint(got) != want {
		t.Fatalf("order %v\n want %s", got, want)
	}
	a := by["a-tot"]
	if a.Items != 3 || a.NewestAge != time.Hour || !a.NewestItem.Equal(sourcesNow.Add(-time.Hour)) {
		t.Errorf("a-tot counts: items %d, newest %v", a.Items, a.NewestAge)
	}
	// Today (6 December, local) is not counted: a-tot's item of an hour
	// ago is not in its days, the one of three days ago is.
	if len(a.Days) != 28 || a.Days[27-2] != 1 || sum(a.Days) != 1 || !a.DaysFrom.Equal(time.Date(2026, 11, 8, 0, 0, 0, 0, d.Location())) {
		t.Errorf("a-tot days from %v: %v", a.DaysFrom, a.Days)
	}
	if c := by["c-im"]; c.Items != 2 || !c.Silence.Silent || c.Silence.RecentMean != 0 || c.Silence.BaselineMean != 2.0/28 ||
		c.Why(1.5) != "no item in 7 days, against a 28-day mean of 0.07 a day" {
		t.Errorf("c-im: %+v, why %q", c.Silence, c.Why(1.5))
	}
	if e := by["e-moi"]; !e.NeverCrawled || e.Items != 0 || !e.NewestItem.IsZero() || e.Why(1.5) != "never crawled yet" {
		t.Errorf("e-moi: %+v", e)
	}
	if b := by["b-loi"]; !strings.Contains(b.Why(1.5), "status 503") {
		t.Errorf("b-loi why %q", b.Why(1.5))
	}
	// The crawler resets failures on a success: a source that failed
	// before its latest crawl is ok, its earlier error kept for the record.
	if d3 := by["d-304"]; d3.Health.LastError == "" || d3.Health.Warning == "" {
		t.Errorf("d-304 lost its record: %+v", d3.Health)
	}
	if g := by["g-ve"]; !g.StateSince.Equal(sourcesNow) || g.Health.State != mediawatch.StateFailing {
		t.Errorf("g-ve recovered since %v (stored %s)", g.StateSince, g.Health.State)
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
	rep, err := d.ReportSourceHealth(context.Background())
	if err != nil || len(rep) != 7 || rep[2].Source != "c-im" || rep[2].State != mediawatch.StateSilent || rep[2].BaselineDays != 28 {
		t.Errorf("for the report: %+v, %v", rep, err)
	}
	one, err := d.Source(context.Background(), "c-im")
	if err != nil || one.State != mediawatch.StateSilent {
		t.Errorf("one source: %+v, %v", one, err)
	}
	if _, err := d.Source(context.Background(), "khong-co"); !errors.Is(err, mediawatch.ErrNotFound) {
		t.Errorf("unknown source: %v", err)
	}
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
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
	for stored, form := range map[string]string{
		"the feed has no items": ProblemFeedEmpty,
		"the sitemap lists no pages; 1 of the index's sitemaps could not be read (see the crawl log)":        ProblemSitemapEmpty,
		"the video feed lists no videos (a channel or playlist with none, or one taken down)":                ProblemVideoEmpty,
		"the channel's web preview shows no posts with text":                                                 ProblemChannelEmpty,
		"the Mastodon feed has no posts (a tag nobody used lately, or an account that posts nothing public)": ProblemMastodonEmpty,
		"the Bluesky profile's feed has no posts":                                                            ProblemBlueskyEmpty,
		"the Reddit feed has no posts":                                                                       ProblemRedditEmpty,
		"the listing gave no links":                                                                          ProblemListingEmpty,
		"this channel has no public web preview (t.me/s/kenhkin shows no posts)":                             ProblemNoPreview,
	} {
		if p, ok := ExplainError(stored); !ok || p.Form != form {
			t.Errorf("%q: %+v, want %s", stored, p, form)
		}
	}
	if p, _ := ExplainError("this channel has no public web preview (t.me/s/kenhkin shows no posts)"); fmt.Sprint(p.Args) != "[t.me/s/kenhkin]" {
		t.Errorf("no preview: %+v", p)
	}
	ps := ExplainWarning("the feed has no items; something new")
	if len(ps) != 2 || ps[0].Form != ProblemFeedEmpty || ps[1].Form != "" || ps[1].Stored != "something new" {
		t.Errorf("warning parts: %+v", ps)
	}
	if ExplainWarning("") != nil {
		t.Error("empty warning has parts")
	}
}
