package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/config"
	"mediawatch/internal/smtptest"
	"mediawatch/report"
	"mediawatch/store"
)

// ictZone is Asia/Ho_Chi_Minh, the configured zone of these tests.
func ictZone(t testing.TB) *time.Location {
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// seedReportStore stores into the data directory dir, around the local
// day 2026-03-14: a critical flagged item first seen at 00:01 ICT, a high
// one at 23:59 ICT the day before, and an unflagged one at noon.
func seedReportStore(t testing.TB, dir string) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(dir, "mediawatch.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	loc := ictZone(t)
	for _, it := range []struct {
		url, title string
		seen       time.Time
		sev        mediawatch.Severity
	}{
		{"https://baosonla.vn/vo-dap", "Tin đồn vỡ đập thủy điện ở Sơn La", time.Date(2026, 3, 14, 0, 1, 0, 0, loc), mediawatch.SeverityCritical},
		{"https://baosonla.vn/hom-truoc", "Tin đồn hôm trước", time.Date(2026, 3, 13, 23, 59, 0, 0, loc), mediawatch.SeverityHigh},
		{"https://baosonla.vn/hoa-ban", "Mùa hoa ban Sơn La", time.Date(2026, 3, 14, 12, 0, 0, 0, loc), ""},
	} {
		var flags []mediawatch.Flag
		if it.sev != "" {
			flags = append(flags, mediawatch.Flag{RuleID: "dam-rumour", RuleVersion: "v1", Severity: it.sev, Snippet: "vỡ đập",
				Matches: []mediawatch.TermMatch{{Term: "vỡ đập", Field: "title", Start: 9, End: 18, Text: "vỡ đập"}}})
		}
		_, err := db.SaveGrouped(ctx, mediawatch.Item{Source: "baosonla", URL: it.url, CanonicalURL: it.url, Title: it.title,
			Text: it.title, Lang: "vi", ContentHash: it.url, FirstSeen: it.seen.UTC()}, store.Signature{Words: 10}, flags...)
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	seedReportStore(t, dir)
	cases := []struct {
		name     string
		cmd      ReportCmd
		contains []string
		lacks    []string
	}{
		{"markdown in English to stdout", ReportCmd{Date: "2026-03-14", Format: "md", Lang: "en"},
			[]string{"Daily report", "Tin đồn vỡ đập thủy điện ở Sơn La", "dam-rumour"}, []string{"Báo cáo ngày"}},
		{"csv: only the item first flagged on the day", ReportCmd{Date: "2026-03-14", Format: "csv"},
			[]string{"https://baosonla.vn/vo-dap", "critical"}, []string{"https://baosonla.vn/hom-truoc", "hoa-ban"}},
		{"the day before holds the 23:59 item", ReportCmd{Date: "2026-03-13", Format: "csv"},
			[]string{"https://baosonla.vn/hom-truoc"}, []string{"https://baosonla.vn/vo-dap"}},
		{"html in Vietnamese by default", ReportCmd{Date: "2026-03-14", Format: "html"},
			[]string{"<!DOCTYPE html>", "Báo cáo", "Tin đồn vỡ đập thủy điện ở Sơn La"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			tc.cmd.Data = dir
			if err := tc.cmd.Run(testGlobals(context.Background(), &out)); err != nil {
				t.Fatal(err)
			}
			for _, s := range tc.contains {
				if !strings.Contains(out.String(), s) {
					t.Errorf("output lacks %q", s)
				}
			}
			for _, s := range tc.lacks {
				if strings.Contains(out.String(), s) {
					t.Errorf("output holds %q", s)
				}
			}
		})
	}
}

// TestReportCommandFiles: --out writes the file and says so; JSON's
// totals.flagged_items is the CSV's row count.
func TestReportCommandFiles(t *testing.T) {
	dir := t.TempDir()
	seedReportStore(t, dir)
	g := testGlobals(context.Background(), io.Discard)
	var said bytes.Buffer
	g.stderr = &said
	js, cs := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.csv")
	for _, c := range []ReportCmd{{Date: "2026-03-14", Format: "json", Out: js}, {Date: "2026-03-14", Format: "csv", Out: cs}} {
		c.Data = dir
		if err := c.Run(g); err != nil {
			t.Fatal(err)
		}
	}
	if !strings.Contains(said.String(), "Report for 2026-03-14 (json) written to "+js+": 2 items, 1 flagged.") {
		t.Errorf("the command said %q", said.String())
	}
	var d report.Daily
	data, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	data, err = os.ReadFile(cs)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if d.Totals.FlaggedItems != len(rows)-1 || d.Totals.Items != 2 || d.Zone != "Asia/Ho_Chi_Minh" {
		t.Errorf("flagged_items %d, CSV rows %d, items %d, zone %s", d.Totals.FlaggedItems, len(rows)-1, d.Totals.Items, d.Zone)
	}
	bad := ReportCmd{Date: "14/03/2026", Format: "json"}
	bad.Data = dir
	if err := bad.Run(g); err == nil || !strings.Contains(err.Error(), "YYYY-MM-DD") {
		t.Errorf("a bad date: %v", err)
	}
}

func TestYesterday(t *testing.T) {
	loc := ictZone(t)
	cases := []struct {
		now  time.Time
		want string
	}{
		{time.Date(2026, 3, 14, 16, 59, 0, 0, time.UTC), "2026-03-13"}, // 23:59 ICT on the 14th
		{time.Date(2026, 3, 14, 17, 1, 0, 0, time.UTC), "2026-03-14"},  // 00:01 ICT on the 15th
		{time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), "2026-02-28"},
	}
	for _, tc := range cases {
		if got := yesterday(tc.now, loc); got != tc.want {
			t.Errorf("yesterday(%v) = %s, want %s", tc.now, got, tc.want)
		}
	}
}

// testApp opens an app on a fresh data directory with the defaults, after
// edit changes the configuration.
func testApp(t *testing.T, dir string, edit func(*config.Config)) *app {
	t.Helper()
	cfg, err := testGlobals(context.Background(), io.Discard).loadConfig(dir)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Rules.Dir = filepath.Join(dir, "no-rules")
	edit(&cfg)
	a, err := openApp(context.Background(), cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// TestScheduledReportMailed starts the schedule at 07:30 on 15 March,
// after the 07:00 run it missed: it makes the 14th's report at once,
// keeps it in every format and e-mails it to a real SMTP server.
func TestScheduledReportMailed(t *testing.T) {
	dir := t.TempDir()
	seedReportStore(t, dir)
	sink := smtptest.Start(t)
	port := sink.Port()
	a := testApp(t, dir, func(c *config.Config) {
		c.Report.Mail = config.Mail{Host: "127.0.0.1", Port: port, TLS: "none", From: "mediawatch@sonla.gov.vn",
			To: []string{"uyban@sonla.gov.vn"}, Timeout: 10 * time.Second}
	})
	now := time.Date(2026, 3, 15, 0, 30, 0, 0, time.UTC) // 07:30 ICT
	ctx, cancel := context.WithCancel(context.Background())
	wait := a.startReportsWith(ctx, func() time.Time { return now }, 10*time.Millisecond)
	msg := sink.Wait(t, 1, time.Minute)[0].Data
	done := filepath.Join(reportsDir(dir), "2026-03-14.done")
	for { // the job marks the day done right after the mail is accepted
		if _, err := os.Stat(done); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	wait()
	text := msg
	for _, want := range []string{"uyban@sonla.gov.vn", "multipart/alternative", "text/html", "text/plain", "2026"} {
		if !strings.Contains(text, want) {
			t.Errorf("the e-mail lacks %q", want)
		}
	}
	for _, f := range report.Formats {
		if _, err := os.Stat(filepath.Join(reportsDir(dir), "2026-03-14."+string(f))); err != nil {
			t.Errorf("report file: %v", err)
		}
	}
	if _, err := os.Stat(filepath.Join(reportsDir(dir), "2026-03-15.done")); err == nil {
		t.Error("the 15th is not due before 07:00 on the 16th")
	}
	if msgs := sink.Messages(); len(msgs) > 1 {
		t.Errorf("a second e-mail: %.200s", msgs[1].Data)
	}
}

// TestReportVolumeCountedByTheStore holds the chart the store counts
// (store.ReportVolume, per local day in SQL) to the chart counted from
// every item of the 30 days, over a real store: items every 71 minutes
// across 32 days (so local midnights fall between them), every tenth
// joining the story before it, every seventh flagged.
func TestReportVolumeCountedByTheStore(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "mw.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	loc := ictZone(t)
	start := time.Date(2026, 2, 11, 0, 0, 0, 0, loc)
	var last int64
	for i := 0; i < 32*24*60/71; i++ {
		at := start.Add(time.Duration(i) * 71 * time.Minute)
		u := fmt.Sprintf("https://baosonla.vn/%d", i)
		it := mediawatch.Item{Source: "baosonla", URL: u, CanonicalURL: u, Title: fmt.Sprintf("Tin %d", i), Text: "Sơn La",
			Lang: "vi", ContentHash: fmt.Sprintf("h%d", i), FirstSeen: at}
		if i%10 == 9 {
			it.StoryID = last
		}
		var flags []mediawatch.Flag
		if i%7 == 0 {
			flags = []mediawatch.Flag{{RuleID: "r", RuleVersion: "v1", Severity: mediawatch.SeverityHigh, Snippet: "Sơn La",
				Matches: []mediawatch.TermMatch{{Term: "sơn la", Field: "text", Start: 0, End: 7, Text: "Sơn La"}}}}
		}
		res, err := db.SaveItem(ctx, it, flags...)
		if err != nil {
			t.Fatal(err)
		}
		if i%10 == 0 {
			last = res.ItemID
		}
	}
	cfg := config.Default()
	morning := func() time.Time { return time.Date(2026, 3, 15, 7, 0, 0, 0, loc) }
	got, err := newReportBuilder(db, cfg, "en", morning, nil).Build(ctx, "2026-03-14")
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := report.Day("2026-02-13", loc)
	_, end, _ := report.Day("2026-03-14", loc)
	entries, err := db.ReportEntries(ctx, first, end)
	if err != nil {
		t.Fatal(err)
	}
	stories, err := db.ReportStories(ctx, first, end)
	if err != nil {
		t.Fatal(err)
	}
	want, err := report.Compute(report.Input{Date: "2026-03-14", Loc: loc, Lang: "en", GeneratedAt: morning(),
		Entries: entries, Stories: stories})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Volume, want.Volume) || !reflect.DeepEqual(got.Compare, want.Compare) {
		t.Errorf("chart counted by the store:\n%+v\n%+v\nfrom every item:\n%+v\n%+v", got.Volume, got.Compare, want.Volume, want.Compare)
	}
	if got.Volume[0].Items == 0 || got.Volume[29].Flagged == 0 {
		t.Errorf("the chart is empty at its ends: %+v", got.Volume)
	}
}
