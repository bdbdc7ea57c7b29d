package store

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"mediawatch"
)

// ict is the report's zone in these tests.
var ict = time.FixedZone("ICT", 7*3600)

// at is a local time in ICT on March 2026.
func at(day, hour, minute int) time.Time { return time.Date(2026, 3, day, hour, minute, 0, 0, ict) }

// reportFixture holds the items and stories of TestReportReads.
type reportFixture struct {
	db                            *DB
	late, early, copy, old, after int64 // item ids
	open, quiet                   int64 // item ids
	storyOf                       map[int64]int64
}

// newReportFixture stores, around the local day 2026-03-14 ICT:
// late — first seen and flagged at 23:59 on the 13th; early — first seen
// and flagged at 00:01 on the 14th; copy — early's story carried by a
// second outlet at 09:00, unflagged; old — first seen on the 10th, flagged
// on the 14th at 10:00; after — first seen at 00:00 on the 15th; open — an
// old flagged story still new; quiet — an old unflagged story. late's
// story is answered on the 14th at 08:00.
func newReportFixture(t *testing.T) *reportFixture {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, testStorePath(t, t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := &reportFixture{db: db, storyOf: map[int64]int64{}}
	save := func(source, url string, seen time.Time, story int64, sev mediawatch.Severity) int64 {
		t.Helper()
		var flags []mediawatch.Flag
		if sev != "" {
			flags = append(flags, mediawatch.Flag{RuleID: "dam-rumour", RuleVersion: "v1", Severity: sev,
				Snippet: "vỡ đập", Matches: []mediawatch.TermMatch{{Term: "vỡ đập", Field: "title", Start: 0, End: 9, Text: "Vỡ đập"}}})
		}
		res, err := db.SaveGrouped(ctx, mediawatch.Item{Source: source, URL: url, CanonicalURL: url,
			Title: "Vỡ đập " + url, Text: "Nội dung " + url, Lang: "vi", ContentHash: url, FirstSeen: seen.UTC(),
			StoryID: story}, Signature{Words: 50}, flags...)
		if err != nil {
			t.Fatal(err)
		}
		f.storyOf[res.ItemID] = res.StoryID
		return res.ItemID
	}
	f.late = save("baosonla", "https://a.vn/late", at(13, 23, 59), 0, mediawatch.SeverityCritical)
	f.early = save("baosonla", "https://a.vn/early", at(14, 0, 1), 0, mediawatch.SeverityHigh)
	f.copy = save("vnexpress", "https://b.vn/copy", at(14, 9, 0), f.storyOf[f.early], "")
	f.old = save("tuoitre", "https://c.vn/old", at(10, 12, 0), 0, "")
	f.after = save("baosonla", "https://a.vn/after", at(15, 0, 0), 0, mediawatch.SeverityLow)
	f.open = save("baosonla", "https://a.vn/open", at(1, 8, 0), 0, mediawatch.SeverityMedium)
	f.quiet = save("baosonla", "https://a.vn/quiet", at(2, 8, 0), 0, "")
	if _, err := db.AddFlags(ctx, []mediawatch.Flag{{ItemID: f.old, ItemVersion: 1, RuleID: "dam-rumour",
		RuleVersion: "v1", Severity: mediawatch.SeverityMedium, Snippet: "cũ"}}, at(14, 10, 0).UTC()); err != nil {
		t.Fatal(err)
	}
	story := f.storyOf[f.late]
	s, err := db.UpdateStory(ctx, story, StoryChange{Version: 1, Who: "editor", At: at(14, 7, 0).UTC(),
		Status: mediawatch.FlagInReview})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpdateStory(ctx, story, StoryChange{Version: s.Version, Who: "editor", At: at(14, 8, 0).UTC(),
		Status: mediawatch.FlagResponded, ResponseURL: "https://sonla.gov.vn/cai-chinh"}); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestReportEntries(t *testing.T) {
	f := newReportFixture(t)
	ctx := context.Background()
	cases := []struct {
		name     string
		from, to time.Time
		want     []int64
	}{
		{"the local day 14 March", at(14, 0, 0), at(15, 0, 0), []int64{f.early, f.copy, f.old}},
		{"the local day 13 March", at(13, 0, 0), at(14, 0, 0), []int64{f.late}},
		{"a minute around midnight", at(13, 23, 59), at(14, 0, 1), []int64{f.late}},
		{"nothing happened", at(20, 0, 0), at(21, 0, 0), []int64{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := f.db.ReportEntries(ctx, tc.from, tc.to)
			if err != nil {
				t.Fatal(err)
			}
			ids := []int64{}
			for _, e := range got {
				ids = append(ids, e.Item.ID)
				if e.Story != f.storyOf[e.Item.ID] || e.Story == 0 {
					t.Errorf("item %d: story %d, want %d", e.Item.ID, e.Story, f.storyOf[e.Item.ID])
				}
				if e.Item.Text != "" || e.Item.Title == "" || e.Item.FirstSeen.IsZero() {
					t.Errorf("item %d: want title and first seen without text, got %+v", e.Item.ID, e.Item)
				}
			}
			if !slices.Equal(ids, tc.want) {
				t.Errorf("items %v, want %v", ids, tc.want)
			}
		})
	}
	got, err := f.db.ReportEntries(ctx, at(14, 0, 0), at(15, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]mediawatch.ReportEntry{}
	for _, e := range got {
		byID[e.Item.ID] = e
	}
	if fl := byID[f.early].Flags; len(fl) != 1 || fl[0].Severity != mediawatch.SeverityHigh ||
		!fl[0].CreatedAt.Equal(at(14, 0, 1)) || fl[0].ID == 0 || len(fl[0].Matches) != 1 {
		t.Errorf("early's flags %+v", fl)
	}
	if fl := byID[f.old].Flags; len(fl) != 1 || !fl[0].CreatedAt.Equal(at(14, 10, 0)) {
		t.Errorf("old's flags %+v, want the one added on the 14th", fl)
	}
	if len(byID[f.copy].Flags) != 0 || byID[f.copy].Flags == nil {
		t.Errorf("copy's flags %+v, want an empty list", byID[f.copy].Flags)
	}
}

func TestReportStories(t *testing.T) {
	f := newReportFixture(t)
	got, err := f.db.ReportStories(context.Background(), at(14, 0, 0), at(15, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]mediawatch.ReportStory{}
	for _, s := range got {
		byID[s.ID] = s
	}
	cases := []struct {
		name    string
		item    int64
		in      bool
		status  mediawatch.FlagStatus
		first   time.Time // first flagged
		outlets []string
	}{
		{"flagged in the day, two outlets", f.early, true, mediawatch.FlagNew, at(14, 0, 1), []string{"baosonla", "vnexpress"}},
		{"answered in the day", f.late, true, mediawatch.FlagResponded, at(13, 23, 59), []string{"baosonla"}},
		{"old item flagged in the day", f.old, true, mediawatch.FlagNew, at(14, 10, 0), []string{"tuoitre"}},
		{"old story still open", f.open, true, mediawatch.FlagNew, at(1, 8, 0), []string{"baosonla"}},
		{"old story never flagged", f.quiet, false, "", time.Time{}, nil},
		{"flagged the next day, open", f.after, true, mediawatch.FlagNew, at(15, 0, 0), []string{"baosonla"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, ok := byID[f.storyOf[tc.item]]
			if ok != tc.in {
				t.Fatalf("story of item %d listed: %v, want %v", tc.item, ok, tc.in)
			}
			if !ok {
				return
			}
			if s.Status != tc.status || !s.FirstFlagged.Equal(tc.first) || !slices.Equal(s.Outlets, tc.outlets) {
				t.Errorf("got status %s, first flagged %v, outlets %v; want %s, %v, %v",
					s.Status, s.FirstFlagged, s.Outlets, tc.status, tc.first, tc.outlets)
			}
		})
	}
	early := byID[f.storyOf[f.early]]
	if early.Title != "Vỡ đập https://a.vn/early" || !early.FirstSeen.Equal(at(14, 0, 1)) || !early.RespondedAt.IsZero() {
		t.Errorf("early's story %+v", early)
	}
	if late := byID[f.storyOf[f.late]]; !late.RespondedAt.Equal(at(14, 8, 0)) {
		t.Errorf("late's story responded at %v, want 08:00 on the 14th", late.RespondedAt)
	}
}

func TestReportReadsRefuseBadRanges(t *testing.T) {
	f := newReportFixture(t)
	ctx := context.Background()
	for _, r := range [][2]time.Time{{at(15, 0, 0), at(14, 0, 0)}, {{}, at(14, 0, 0)}, {at(14, 0, 0), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}} {
		if _, err := f.db.ReportEntries(ctx, r[0], r[1]); !errors.Is(err, mediawatch.ErrInvalid) {
			t.Errorf("entries %v: err %v, want ErrInvalid", r, err)
		}
		if _, err := f.db.ReportStories(ctx, r[0], r[1]); !errors.Is(err, mediawatch.ErrInvalid) {
			t.Errorf("stories %v: err %v, want ErrInvalid", r, err)
		}
	}
}

func TestRecordDelivery(t *testing.T) {
	db, err := Open(context.Background(), testStorePath(t, t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	sent := at(14, 7, 0).UTC()
	cases := []struct {
		name string
		d    mediawatch.Delivery
		ok   bool
	}{
		{"a refused attempt", mediawatch.Delivery{EventID: "flag-1", URL: "https://hook.example/in", Attempt: 1, Status: 503,
			Error: "webhook answered 503", At: sent, Duration: 120 * time.Millisecond}, true},
		{"the retry that worked", mediawatch.Delivery{EventID: "flag-1", URL: "https://hook.example/in", Attempt: 2, Status: 204,
			At: sent.Add(time.Second), Duration: 80 * time.Millisecond}, true},
		{"another event", mediawatch.Delivery{EventID: "flag-2", Attempt: 1, At: sent}, true},
		{"no event id", mediawatch.Delivery{Attempt: 1, At: sent}, false},
		{"attempt zero", mediawatch.Delivery{EventID: "flag-3", At: sent}, false},
		{"no time", mediawatch.Delivery{EventID: "flag-3", Attempt: 1}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			id, err := db.RecordDelivery(ctx, tc.d)
			if tc.ok && (err != nil || id == 0) {
				t.Fatalf("id %d, err %v", id, err)
			}
			if !tc.ok && !errors.Is(err, mediawatch.ErrInvalid) {
				t.Fatalf("err %v, want ErrInvalid", err)
			}
		})
	}
	got, err := db.Deliveries(ctx, "flag-1", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Attempt != 1 || got[0].Status != 503 || got[0].Error == "" ||
		got[0].Duration != 120*time.Millisecond || !got[1].At.Equal(sent.Add(time.Second)) || got[1].Status != 204 {
		t.Errorf("deliveries of flag-1: %+v", got)
	}
	if all, _ := db.Deliveries(ctx, "", 2); len(all) != 2 || all[1].EventID != "flag-2" {
		t.Errorf("newest two deliveries: %+v", all)
	}
}

// BenchmarkReportReads reads the 30 days a report covers out of a store
// of 3,000 items over 30 days, one in ten flagged.
func BenchmarkReportReads(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(b.TempDir(), "mediawatch.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	start := at(1, 0, 0)
	for i := range 3000 {
		var flags []mediawatch.Flag
		if i%10 == 0 {
			flags = []mediawatch.Flag{{RuleID: "dam-rumour", Severity: mediawatch.SeverityHigh, Snippet: "vỡ đập"}}
		}
		u := "https://a.vn/" + strconv.Itoa(i)
		if _, err := db.SaveGrouped(ctx, mediawatch.Item{Source: "baosonla", URL: u, CanonicalURL: u, Title: u,
			Text: u, Lang: "vi", ContentHash: u, FirstSeen: start.Add(time.Duration(i) * 14 * time.Minute).UTC()},
			Signature{Words: 10}, flags...); err != nil {
			b.Fatal(err)
		}
	}
	from, to := start, start.AddDate(0, 0, 30)
	b.ResetTimer()
	for b.Loop() {
		es, err := db.ReportEntries(ctx, from, to)
		if err != nil || len(es) != 3000 {
			b.Fatalf("%d entries, %v", len(es), err)
		}
		if _, err := db.ReportStories(ctx, to.AddDate(0, 0, -1), to); err != nil {
			b.Fatal(err)
		}
	}
}
