package main

import (
	"bytes"
	"context"
	"flag"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/demo"
	"mediawatch/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestReportOfDemoGolden crawls the built-in site with the demo's
// configuration and starter pack at a pinned clock, and holds the day's
// report — every format, both languages — to golden files in
// testdata/demo-report, byte for byte but for the outlets' ports, which the
// OS chooses (each outlet's address is written as http://<source>.demo).
//
// The site is started at the pinned instant (its articles' published times
// follow), ingest stamps items, flags and stories with it, and the report is
// built the next morning at 07:00, as the schedule would. The sources are
// crawled one after another, so items are stored, and numbered, in the same
// order every run; then the site publishes its next edition and every
// source is crawled again, as `mediawatch demo` does.
func TestReportOfDemoGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls the demo site")
	}
	loc := ictZone(t)
	crawled := time.Date(2026, 3, 14, 8, 30, 0, 0, loc)
	site, err := demo.StartAt(crawled)
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	ctx := context.Background()
	cfg, err := demoConfig(testGlobals(ctx, io.Discard), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	a, err := openAppAt(ctx, cfg, log, func() time.Time { return crawled })
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := a.loadRules(ctx); err != nil {
		t.Fatal(err)
	}
	sources := site.Sources()
	if err := a.db.SyncSources(ctx, sources); err != nil {
		t.Fatal(err)
	}
	cr, err := a.crawler(nil)
	if err != nil {
		t.Fatal(err)
	}
	for pass := range 2 {
		if pass == 1 {
			site.Advance()
		}
		for _, src := range sources {
			if _, err := cr.Crawl(ctx, src); err != nil {
				t.Fatalf("crawl %s: %v", src.Name, err)
			}
		}
	}
	ports := portNames(t, sources)
	morning := func() time.Time { return time.Date(2026, 3, 15, 7, 0, 0, 0, loc) }
	names := fileRuleNames(cfg.Rules.Dir, log)
	for _, lang := range []string{"en", "vi"} {
		// As `mediawatch demo` does: the outlets by their mastheads, the
		// starter pack's response hints.
		b := newReportBuilder(a.db, cfg, lang, morning, names)
		b.SourceNames, b.RuleHints = sourceNames(sources), fileRuleHints(cfg.Rules.Dir)
		d, err := b.Build(ctx, "2026-03-14")
		if err != nil {
			t.Fatal(err)
		}
		if d.Totals.FlaggedItems == 0 || len(d.NewStories) == 0 {
			t.Fatalf("the demo's report flags nothing: %+v", d.Totals)
		}
		for _, f := range report.Formats {
			var b bytes.Buffer
			if err := report.Write(&b, d, f); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, filepath.Join("testdata", "demo-report", "daily."+lang+"."+string(f)), ports.Replace(b.String()))
		}
	}
}

// portNames rewrites each demo outlet's address, whose port the OS chose,
// as http://<source name>.demo.
func portNames(t *testing.T, sources []mediawatch.Source) *strings.Replacer {
	t.Helper()
	var pairs []string
	for _, s := range sources {
		u, err := url.Parse(s.URL)
		if err != nil {
			t.Fatal(err)
		}
		pairs = append(pairs, u.Scheme+"://"+u.Host, "http://"+s.Name+".demo")
	}
	return strings.NewReplacer(pairs...)
}

// checkGolden compares got with the golden file, or rewrites it with -update.
func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if string(want) != got {
		t.Errorf("%s changed; run with -update if intended. First difference at byte %d:\ngot:  %q\nwant: %q",
			path, firstDiff(got, string(want)), around(got, firstDiff(got, string(want))), around(string(want), firstDiff(got, string(want))))
	}
}

func firstDiff(a, b string) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

func around(s string, i int) string {
	return s[max(0, i-60):min(len(s), i+60)]
}
