package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"mediawatch/demo"
	"mediawatch/report"
	"mediawatch/store"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestReportOfDemoGolden crawls the built-in site as `mediawatch demo
// --once` does and holds the day's report to a golden file. The crawl
// stamps items with the real clock, so the report is built at a pinned
// GeneratedAt for the day the crawl ran, and only what does not depend on
// the clock or on crawl order is kept: the totals, the rule and severity
// breakdowns, and the flagged rows (source, title, rules, severity),
// sorted. Ids and times are left out.
func TestReportOfDemoGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls the demo site")
	}
	site, err := demo.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	dir := t.TempDir()
	loc := ictZone(t)
	before := time.Now().In(loc).Format(report.DateLayout)
	if err := runDemo(testGlobals(context.Background(), io.Discard), site, dir, true, ""); err != nil {
		t.Fatal(err)
	}
	date := time.Now().In(loc).Format(report.DateLayout)
	if date != before {
		t.Skip("the crawl ran across local midnight; the day's report would hold part of it")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(dir, "mediawatch.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cfg, err := testGlobals(ctx, io.Discard).loadConfig(dir)
	if err != nil {
		t.Fatal(err)
	}
	pinned := func() time.Time { return time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC) }
	b := newReportBuilder(db, cfg, "en", pinned, fileRuleNames(filepath.Join(dir, "rules"), slog.New(slog.DiscardHandler)))
	d, err := b.Build(ctx, date)
	if err != nil {
		t.Fatal(err)
	}
	if d.Totals.FlaggedItems == 0 || len(d.NewStories) == 0 {
		t.Fatalf("the demo's report flags nothing: %+v", d.Totals)
	}
	for _, c := range d.Totals.ByRule {
		if c.Label == c.Key || c.Label == "" {
			t.Errorf("rule %s is not named from the starter pack: %q", c.Key, c.Label)
		}
	}
	got, err := json.MarshalIndent(demoSummary(d), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "report_demo.golden.json")
	if *update {
		if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if string(want) != string(got)+"\n" {
		t.Errorf("the demo's report changed; run with -update if intended.\ngot:\n%s\nwant:\n%s", got, want)
	}
}

// summary is the clock-free part of a report the golden file holds.
type summary struct {
	Items          int            `json:"items"`
	FlaggedItems   int            `json:"flagged_items"`
	FlaggedStories int            `json:"flagged_stories"`
	NewStories     int            `json:"new_stories"`
	ByRule         []report.Count `json:"by_rule"`
	BySeverity     []report.Count `json:"by_severity"`
	ByLang         []report.Count `json:"by_lang"`
	Flagged        []string       `json:"flagged"`
}

func demoSummary(d *report.Daily) summary {
	s := summary{Items: d.Totals.Items, FlaggedItems: d.Totals.FlaggedItems, FlaggedStories: d.Totals.FlaggedStories,
		NewStories: len(d.NewStories), ByRule: d.Totals.ByRule, BySeverity: d.Totals.BySeverity, ByLang: d.Totals.ByLang}
	for _, r := range d.Flagged {
		s.Flagged = append(s.Flagged, fmt.Sprintf("%s | %s | %s | %s", r.Severity, strings.Join(r.Rules, ","), r.Source, r.Title))
	}
	slices.Sort(s.Flagged)
	return s
}
