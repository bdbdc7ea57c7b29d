package report

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"mediawatch"
)

func TestComputeTotals(t *testing.T) {
	d := fixtureDaily(t, "vi")
	tot := d.Totals
	for _, c := range []struct {
		name      string
		got, want int
	}{
		{"items", tot.Items, 5},
		{"flagged items", tot.FlaggedItems, 5},
		{"stories", tot.Stories, 4},
		{"flagged stories", tot.FlaggedStories, 4},
		{"flagged rows", len(d.Flagged), tot.FlaggedItems},
	} {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.name, c.got, c.want)
		}
	}
	checkCounts(t, "by source", tot.BySource, []Count{{Key: "baosonla", Label: "Báo Sơn La", Count: 1},
		{Key: "dantri", Label: "Dân trí", Count: 1}, {Key: "tuoitre", Label: "Tuổi Trẻ", Count: 1},
		{Key: "vietnamnews", Label: "Việt Nam News", Count: 1}, {Key: "vnexpress", Label: "VnExpress", Count: 1}})
	checkCounts(t, "by lang", tot.ByLang, []Count{{Key: "vi", Label: "tiếng Việt", Count: 4}, {Key: "en", Label: "tiếng Anh", Count: 1}})
	checkCounts(t, "by rule", tot.ByRule, []Count{{Key: "dam-rumour", Label: "Tin đồn vỡ đập", Count: 2},
		{Key: "land-seizure", Label: "Thu hồi đất sai sự thật", Count: 2}, {Key: "scam-province", Label: "Lừa đảo mượn danh tỉnh", Count: 1}})
	checkCounts(t, "by severity", tot.BySeverity, []Count{{Key: "critical", Label: "nghiêm trọng", Count: 2},
		{Key: "high", Label: "cao", Count: 2}, {Key: "medium", Label: "trung bình", Count: 1}, {Key: "low", Label: "thấp", Count: 0}})
	checkCounts(t, "flagged by source", tot.FlaggedBySource, []Count{{Key: "baomoi", Label: "Báo Mới", Count: 1},
		{Key: "baosonla", Label: "Báo Sơn La", Count: 1}, {Key: "dantri", Label: "Dân trí", Count: 1},
		{Key: "tuoitre", Label: "Tuổi Trẻ", Count: 1}, {Key: "vnexpress", Label: "VnExpress", Count: 1}})
	checkCounts(t, "stories by severity", tot.StoriesBySeverity, []Count{{Key: "critical", Label: "nghiêm trọng", Count: 1},
		{Key: "high", Label: "cao", Count: 2}, {Key: "medium", Label: "trung bình", Count: 1}, {Key: "low", Label: "thấp", Count: 0}})
}

func checkCounts(t *testing.T, name string, got, want []Count) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %+v, want %+v", name, got, want)
	}
}

func TestComputeFlaggedRows(t *testing.T) {
	d := fixtureDaily(t, "en")
	var ids []int64
	for _, r := range d.Flagged {
		ids = append(ids, r.ID)
	}
	// Critical first (by the day's first flag), then high, then medium.
	if want := []int64{101, 102, 107, 103, 106}; !reflect.DeepEqual(ids, want) {
		t.Fatalf("flagged rows = %v, want %v", ids, want)
	}
	r := d.Flagged[2]
	if r.StoryID != 15 || r.Severity != mediawatch.SeverityHigh || r.Snippet != "cưỡng chế thu hồi đất ở Mộc Châu" {
		t.Errorf("row for 107 = %+v: want story 15, the edit's high flag and its snippet only", r)
	}
	if !reflect.DeepEqual(r.MatchedTerms, []string{"cưỡng chế", "thu hồi đất"}) || !reflect.DeepEqual(r.Rules, []string{"land-seizure"}) {
		t.Errorf("row for 107 terms %q rules %q", r.MatchedTerms, r.Rules)
	}
	if got := d.Flagged[4]; got.Published.Year() != 2025 || got.Published.Month() != time.January ||
		got.FirstSeen.Format(DateLayout) != "2025-03-14" || got.StoryID != 0 {
		t.Errorf("old article 106: published %v first seen %v story %d", got.Published, got.FirstSeen, got.StoryID)
	}
	if _, off := d.Flagged[0].FirstSeen.Zone(); off != 7*3600 {
		t.Errorf("times are not in the report's zone: offset %d", off)
	}
}

func TestComputeNewStories(t *testing.T) {
	d := fixtureDaily(t, "en")
	type story struct {
		id      int64
		sev     mediawatch.Severity
		outlets []string
		items   []int64
		status  mediawatch.FlagStatus
	}
	var got []story
	for _, s := range d.NewStories {
		st := story{id: s.ID, sev: s.Severity, outlets: s.Outlets, status: s.Status}
		for _, it := range s.Items {
			st.items = append(st.items, it.ID)
		}
		got = append(got, st)
	}
	want := []story{
		{11, mediawatch.SeverityCritical, []string{"baomoi", "baosonla", "vnexpress"}, []int64{101, 102}, mediawatch.FlagNew},
		{12, mediawatch.SeverityHigh, []string{"tuoitre"}, []int64{103}, mediawatch.FlagInReview},
		{0, mediawatch.SeverityMedium, []string{"dantri"}, []int64{106}, mediawatch.FlagNew},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("new stories =\n%+v\nwant\n%+v", got, want)
	}
	if d.NewStories[2].Title != "Cảnh báo lừa đảo mượn danh tỉnh Sơn La" {
		t.Errorf("a story-less item's story takes its title, got %q", d.NewStories[2].Title)
	}
}

func TestComputeResponse(t *testing.T) {
	d := fixtureDaily(t, "vi")
	r := d.Response
	// Answered that day: story 15 after 4d 2h, story 16 after 5h 30m; the
	// median of two is their mean, 2d 3h 45m.
	if r.Answered != 2 || r.MedianTimeToAnswer == nil || r.MedianTimeToAnswer.Seconds != (51*60+45)*60 ||
		r.MedianTimeToAnswer.Text != "2 ngày 3 giờ" {
		t.Errorf("answered %d median %+v, want 2 and 186300 s / 2 ngày 3 giờ", r.Answered, r.MedianTimeToAnswer)
	}
	// Open: 11, 12, 17 and the story-less 106; not 13, first flagged after the day.
	if r.StillOpen != 4 {
		t.Errorf("still open = %d, want 4", r.StillOpen)
	}
	if o := r.OldestOpen; o == nil || o.ID != 17 || o.Open.Text != "13 ngày 23 giờ" {
		t.Errorf("oldest open = %+v, want story 17 open 13 ngày 23 giờ", o)
	}
	en := fixtureDaily(t, "en").Response
	if en.MedianTimeToAnswer.Text != "2d 3h" || en.OldestOpen.Open.Text != "13d 23h" {
		t.Errorf("English durations %q, %q", en.MedianTimeToAnswer.Text, en.OldestOpen.Open.Text)
	}
}

func TestComputeVolumeAndCompare(t *testing.T) {
	d := fixtureDaily(t, "en")
	if len(d.Volume) != VolumeDays || d.Volume[0].Date != "2025-02-13" || d.Volume[VolumeDays-1].Date != "2025-03-14" {
		t.Fatalf("volume spans %s..%s (%d days)", d.Volume[0].Date, d.Volume[len(d.Volume)-1].Date, len(d.Volume))
	}
	got := map[string][3]int{}
	for _, v := range d.Volume {
		if v.Items+v.Flagged+v.Stories > 0 {
			got[v.Date] = [3]int{v.Items, v.Flagged, v.Stories}
		}
	}
	want := map[string][3]int{
		"2025-03-07": {1, 1, 1}, "2025-03-08": {2, 1, 2}, "2025-03-09": {3, 1, 3}, "2025-03-10": {5, 2, 5},
		"2025-03-11": {5, 1, 5}, "2025-03-12": {6, 1, 6}, "2025-03-13": {8, 1, 8}, "2025-03-14": {5, 5, 4},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("volume = %v, want %v", got, want)
	}
	c := d.Compare
	for _, tc := range []struct {
		name string
		ch   Change
		day  int
		avg  float64
		pct  float64
	}{
		{"items", c.Items, 5, 4.29, 16.7},
		{"flagged", c.Flagged, 5, 1.14, 337.5},
		{"stories", c.Stories, 4, 4.29, -6.7},
	} {
		if tc.ch.Day != tc.day || tc.ch.Average != tc.avg || tc.ch.Percent == nil || *tc.ch.Percent != tc.pct {
			t.Errorf("%s change = %+v (percent %v), want day %d avg %v pct %v", tc.name, tc.ch, deref(tc.ch.Percent), tc.day, tc.avg, tc.pct)
		}
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestComputeNoHistory(t *testing.T) {
	in := fixture(t, "en")
	in.Entries = in.Entries[:1]
	in.Stories = nil
	d, err := Compute(in)
	if err != nil {
		t.Fatal(err)
	}
	if d.Compare.Items.Percent != nil || d.Compare.Items.Average != 0 {
		t.Errorf("with no previous days the change must be absent, got %+v", d.Compare.Items)
	}
	if d.Response.StillOpen != 1 || d.Response.OldestOpen == nil || d.Response.OldestOpen.ID != 11 {
		t.Errorf("a story the source did not list is derived from its entries: %+v", d.Response)
	}
	if len(d.NewStories) != 1 || d.NewStories[0].ID != 11 || !reflect.DeepEqual(d.NewStories[0].Outlets, []string{"baosonla"}) {
		t.Errorf("new stories = %+v", d.NewStories)
	}
}

func TestComputeDuplicateEntries(t *testing.T) {
	in := fixture(t, "en")
	in.Entries = append(in.Entries, in.Entries[0], in.Entries[2])
	d, err := Compute(in)
	if err != nil {
		t.Fatal(err)
	}
	if d.Totals.Items != 5 || d.Totals.FlaggedItems != 5 {
		t.Errorf("an entry listed twice counted twice: %+v", d.Totals)
	}
}

func TestComputeRefuses(t *testing.T) {
	for name, mutate := range map[string]func(*Input){
		"no zone":        func(in *Input) { in.Loc = nil },
		"language":       func(in *Input) { in.Lang = "fr" },
		"date":           func(in *Input) { in.Date = "14/03/2025" },
		"impossible day": func(in *Input) { in.Date = "2025-02-30" },
	} {
		t.Run(name, func(t *testing.T) {
			in := fixture(t, "vi")
			mutate(&in)
			if _, err := Compute(in); !errors.Is(err, mediawatch.ErrInvalid) {
				t.Errorf("Compute = %v, want ErrInvalid", err)
			}
		})
	}
}

// memorySource serves a fixture the way the store would, remembering the
// ranges it was asked for.
type memorySource struct {
	in       Input
	asked    [][2]time.Time
	failWith error
}

func (s *memorySource) ReportEntries(_ context.Context, from, to time.Time) ([]mediawatch.ReportEntry, error) {
	s.asked = append(s.asked, [2]time.Time{from, to})
	if s.failWith != nil {
		return nil, s.failWith
	}
	var out []mediawatch.ReportEntry
	for _, e := range s.in.Entries {
		hit := !e.Item.FirstSeen.Before(from) && e.Item.FirstSeen.Before(to)
		for _, f := range e.Flags {
			hit = hit || (!f.CreatedAt.Before(from) && f.CreatedAt.Before(to))
		}
		if hit {
			out = append(out, e)
		}
	}
	return out, nil
}

func (s *memorySource) ReportStories(_ context.Context, from, to time.Time) ([]mediawatch.ReportStory, error) {
	s.asked = append(s.asked, [2]time.Time{from, to})
	return s.in.Stories, nil
}

// ReportVolume counts as the store does, independently of Compute: items
// first seen in each range, their distinct stories (no story: one each),
// items with a flag created in it.
func (s *memorySource) ReportVolume(_ context.Context, bounds []time.Time) ([]mediawatch.DayVolume, error) {
	s.asked = append(s.asked, [2]time.Time{bounds[0], bounds[len(bounds)-1]})
	if s.failWith != nil {
		return nil, s.failWith
	}
	in := func(t time.Time, i int) bool { return !t.Before(bounds[i]) && t.Before(bounds[i+1]) }
	out := make([]mediawatch.DayVolume, len(bounds)-1)
	for i := range out {
		stories := map[int64]bool{}
		for _, e := range s.in.Entries {
			if in(e.Item.FirstSeen, i) {
				out[i].Items++
				if e.Story == 0 {
					out[i].Stories++
				} else if !stories[e.Story] {
					stories[e.Story] = true
					out[i].Stories++
				}
			}
			for _, f := range e.Flags {
				if in(f.CreatedAt, i) {
					out[i].Flagged++
					break
				}
			}
		}
	}
	return out, nil
}

func TestBuilder(t *testing.T) {
	in := fixture(t, "vi")
	src := &memorySource{in: in}
	b := &Builder{Source: src, Loc: in.Loc, Lang: "vi", Now: func() time.Time { return in.GeneratedAt },
		RuleNames:   func() map[string]mediawatch.Names { return in.RuleNames },
		RuleHints:   func() map[string]string { return in.RuleHints },
		SourceNames: func() map[string]string { return in.SourceNames }, Office: in.Office,
		SourceHealth: func(context.Context) ([]SourceHealth, error) { return in.SourceHealth, nil }}
	got, err := b.Build(context.Background(), in.Date)
	if err != nil {
		t.Fatal(err)
	}
	want := fixtureDaily(t, "vi")
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Build differs from Compute over the same data")
	}
	utc := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	wantAsked := [][2]time.Time{
		{utc("2025-02-12T17:00:00Z"), utc("2025-03-14T17:00:00Z")}, // the chart's 30 local days, in UTC
		{utc("2025-03-13T17:00:00Z"), utc("2025-03-14T17:00:00Z")}, // the day's entries
		{utc("2025-03-13T17:00:00Z"), utc("2025-03-14T17:00:00Z")}, // the day's stories
	}
	if !reflect.DeepEqual(src.asked, wantAsked) {
		t.Errorf("asked the source for %v, want %v", src.asked, wantAsked)
	}
	// Without a health reader, the report has no sources section; with
	// one that fails, no report.
	b2 := *b
	b2.SourceHealth = nil
	if d, err := b2.Build(context.Background(), in.Date); err != nil || d.Sources != nil {
		t.Errorf("no health reader: sources %+v, %v", d.Sources, err)
	}
	sick := errors.New("health unreadable")
	b2.SourceHealth = func(context.Context) ([]SourceHealth, error) { return nil, sick }
	if _, err := b2.Build(context.Background(), in.Date); !errors.Is(err, sick) {
		t.Errorf("failing health reader: %v", err)
	}
	src.failWith = errors.New("disk on fire")
	if _, err := b.Build(context.Background(), in.Date); !errors.Is(err, src.failWith) {
		t.Errorf("Build with a failing source = %v, want it wrapped", err)
	}
}
