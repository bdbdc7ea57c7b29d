package desk

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/index"
	"mediawatch/store"
)

func TestJudgeSpikeThresholds(t *testing.T) {
	for _, tc := range []struct {
		name     string
		count    int
		baseline []int
		k        float64
		min      int
		want     bool
		thr      float64
	}{
		{"at the threshold is no spike", 3, []int{1, 2, 1, 2}, 3, 3, false, 3},
		{"one above is", 4, []int{1, 2, 1, 2}, 3, 3, true, 3},
		{"above the threshold but below min", 2, []int{0, 1, 0, 1}, 1, 3, false, 1},
		{"zero baseline: min decides", 3, []int{0, 0, 0}, 3, 3, true, 0},
		{"zero baseline, below min", 2, []int{0, 0, 0}, 3, 3, false, 0},
		{"zero baseline, zero count", 0, []int{0, 0}, 3, 0, false, 0},
		{"flat baseline: any rise above the mean", 6, []int{5, 5, 5}, 3, 3, true, 5},
		{"no baseline day: no judgement", 50, nil, 3, 3, false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, thr, spike := JudgeSpike(tc.count, tc.baseline, tc.k, tc.min)
			if spike != tc.want || thr != tc.thr {
				t.Errorf("JudgeSpike = %v (threshold %v), want %v (%v)", spike, thr, tc.want, tc.thr)
			}
		})
	}
}

// spikeNow is the pinned clock of the spike tests: 17:30 in Sơn La.
var spikeNow = time.Date(2026, 12, 6, 10, 30, 0, 0, time.UTC)

// raising is an Alerter that records through the store, as the dispatcher
// does, and keeps what it was handed.
type raising struct {
	db     *store.DB
	raised []mediawatch.Alert
}

func (r *raising) Raise(ctx context.Context, a mediawatch.Alert) error {
	isNew, err := r.db.RecordAlert(ctx, a)
	if isNew {
		r.raised = append(r.raised, a)
	}
	return err
}

// spikeHistory is a store and index holding, for rule "dam" and items
// mentioning "thủy điện", 1 or 2 items (alternately) in the hour before
// 10:30 on each of the 14 previous days — baseline mean 1.5, σ 0.5,
// threshold 3 at k = 3 — and an unflagged item 20 days back, when
// mediawatch started.
type spikeHistory struct {
	db  *store.DB
	idx *index.Index
	n   int
}

func newSpikeHistory(t *testing.T) *spikeHistory {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "mw.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	idx, err := index.Open(filepath.Join(t.TempDir(), "index"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	h := &spikeHistory{db: db, idx: idx}
	h.add(t, spikeNow.Add(-20*24*time.Hour), false)
	for d := 1; d <= 14; d++ {
		for i := range 1 + d%2 {
			h.add(t, spikeNow.Add(-time.Duration(d)*24*time.Hour-time.Duration(10+i)*time.Minute), true)
		}
	}
	return h
}

// add stores an item first seen at, mentioning the watch term, flagged by
// rule "dam" when flagged.
func (h *spikeHistory) add(t *testing.T, at time.Time, flagged bool) int64 {
	t.Helper()
	h.n++
	url := fmt.Sprintf("https://baosonla.example/%d", h.n)
	it := mediawatch.Item{Source: "baosonla", URL: url, CanonicalURL: url, Title: fmt.Sprintf("Nhà máy thủy điện số %d", h.n),
		Text: "Tin về nhà máy thủy điện ở Sơn La " + url, Lang: "vi", ContentHash: url, FirstSeen: at, Published: at}
	var flags []mediawatch.Flag
	if flagged {
		flags = append(flags, mediawatch.Flag{RuleID: "dam", RuleVersion: "v1", Severity: mediawatch.SeverityHigh, Snippet: "x"})
	}
	res, err := h.db.SaveGrouped(context.Background(), it, store.Signature{Words: 100}, flags...)
	if err != nil {
		t.Fatal(err)
	}
	it.ID, it.Version = res.ItemID, res.Version
	if err := h.idx.Put(context.Background(), []mediawatch.Item{it}); err != nil {
		t.Fatal(err)
	}
	return res.StoryID
}

func (h *spikeHistory) spikes(r *raising, now time.Time) *Spikes {
	return &Spikes{Store: h.db, Index: h.idx, Terms: []mediawatch.WatchTerm{{Term: "thủy điện"}}, Alerter: r,
		Options: SpikeOptions{K: 3, Min: 3, Days: 14}, Now: func() time.Time { return now }}
}

func ids(as []mediawatch.Alert) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.ID)
	}
	slices.Sort(out)
	return out
}

// TestSpikesExactThresholdAndNoFlapping: 3 items in the last hour equal
// the threshold and raise nothing; a 4th raises the rule's and the term's
// spikes over the hour and the day, once; checks while the spike lasts,
// and after it dips and comes back, raise nothing until a full hour has
// passed; the spike names its stories, and the queue raises them.
func TestSpikesExactThresholdAndNoFlapping(t *testing.T) {
	ctx := context.Background()
	h := newSpikeHistory(t)
	r := &raising{db: h.db}
	var stories []int64
	for i := range 3 {
		stories = append(stories, h.add(t, spikeNow.Add(-time.Duration(40-i)*time.Minute), true))
	}
	got, err := h.spikes(r, spikeNow).Check(ctx)
	if err != nil || len(got) != 0 {
		t.Fatalf("3 items at threshold 3: raised %v, %v", ids(got), err)
	}
	stories = append(stories, h.add(t, spikeNow.Add(-5*time.Minute), true))
	got, err = h.spikes(r, spikeNow).Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"spike-rule-dam-1d-2026-12-06", "spike-rule-dam-1h-2026-12-06T10",
		"spike-term-thủy điện-1d-2026-12-06", "spike-term-thủy điện-1h-2026-12-06T10"}
	if !slices.Equal(ids(got), want) {
		t.Fatalf("raised %v, want %v", ids(got), want)
	}
	for _, a := range got {
		sp := a.Spike
		if sp.Window == time.Hour && (sp.Count != 4 || sp.Mean != 1.5 || sp.SD != 0.5 || sp.Threshold != 3 || sp.Days != 14) {
			t.Errorf("%s: %+v", a.ID, sp)
		}
		if sp.Window == time.Hour && !slices.Equal(sorted(sp.StoryIDs), sorted(stories)) {
			t.Errorf("%s names stories %v, want %v", a.ID, sp.StoryIDs, stories)
		}
	}
	// Five minutes on, still spiking: nothing new. Then one item leaves
	// the hour (count 3, at the edge), then two arrive as another leaves
	// (4 again): still the same spike.
	for _, step := range []struct {
		at  time.Duration
		add int
	}{{5 * time.Minute, 0}, {21 * time.Minute, 0}, {22 * time.Minute, 2}} {
		for i := range step.add {
			h.add(t, spikeNow.Add(step.at-time.Duration(i+1)*time.Minute), true)
		}
		got, err := h.spikes(r, spikeNow.Add(step.at)).Check(ctx)
		if err != nil || len(got) != 0 {
			t.Errorf("check at +%v raised %v, %v: the spike is under way", step.at, ids(got), err)
		}
	}
	// A full hour after the first alert, items still pouring in: the hour's
	// spike is raised again (a new id), the day's is not.
	for i := range 4 {
		h.add(t, spikeNow.Add(time.Hour+time.Duration(i)*time.Minute), true)
	}
	got, err = h.spikes(r, spikeNow.Add(time.Hour+5*time.Minute)).Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"spike-rule-dam-1h-2026-12-06T11", "spike-term-thủy điện-1h-2026-12-06T11"}; !slices.Equal(ids(got), want) {
		t.Errorf("an hour on: raised %v, want %v", ids(got), want)
	}

	// The queue: the spike's stories are boosted ×2 with the spike first
	// among the reasons.
	at := spikeNow.Add(10 * time.Minute)
	open, err := h.db.OpenStories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	w := DefaultQueueWeights()
	plain := Rank(w, open, at)
	w.Spikes, w.SpikeBoost = &SpikeBoard{Store: h.db}, 2
	w.Names = fixedNames{"dam": {VI: "Tin đồn vỡ đập", EN: "Dam rumour"}}
	boosted := Rank(w, open, at)
	before := map[int64]float64{}
	for _, e := range plain {
		before[e.Story.ID] = e.Priority
	}
	n := 0
	for _, e := range boosted {
		if !slices.Contains(stories, e.Story.ID) {
			if e.Priority != before[e.Story.ID] {
				t.Errorf("story %d not in the spike changed priority", e.Story.ID)
			}
			continue
		}
		n++
		if e.Priority != 2*before[e.Story.ID] {
			t.Errorf("story %d: priority %v, want 2 × %v", e.Story.ID, e.Priority, before[e.Story.ID])
		}
		if r := e.Reasons[0]; !strings.HasPrefix(r.VI, "Tăng đột biến: ") || !strings.Contains(r.VI, "có 4 bài trong giờ qua, bình thường 1,5") ||
			!strings.HasPrefix(r.EN, "Spike: ") || !strings.Contains(r.EN, "had 4 items in the last hour, usually 1.5") {
			t.Errorf("story %d's first reason: %+v", e.Story.ID, r)
		}
	}
	if n != len(stories) {
		t.Errorf("%d spiking stories in the queue, want %d", n, len(stories))
	}
}

// TestSpikesZeroBaselineAndShortHistory: a rule that never flagged before
// spikes at spike_min; with no day of history before the window, nothing
// is judged.
func TestSpikesZeroBaselineAndShortHistory(t *testing.T) {
	ctx := context.Background()
	h := newSpikeHistory(t)
	r := &raising{db: h.db}
	for i := range 3 {
		url := fmt.Sprintf("https://baosonla.example/new-%d", i)
		if _, err := h.db.SaveGrouped(ctx, mediawatch.Item{Source: "baosonla", URL: url, CanonicalURL: url, Title: "Sạt lở " + url,
			Text: url, Lang: "vi", ContentHash: url, FirstSeen: spikeNow.Add(-time.Duration(i+1) * time.Minute)}, store.Signature{Words: 100},
			mediawatch.Flag{RuleID: "landslide", RuleVersion: "v1", Severity: mediawatch.SeverityCritical, Snippet: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	s := h.spikes(r, spikeNow)
	s.Index = nil // the rule alone
	got, err := s.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"spike-rule-landslide-1d-2026-12-06", "spike-rule-landslide-1h-2026-12-06T10"}; !slices.Equal(ids(got), want) {
		t.Errorf("zero baseline: raised %v, want %v", ids(got), want)
	}
	for _, a := range got {
		if a.Spike.Mean != 0 || a.Spike.Threshold != 0 || a.Spike.Count != 3 {
			t.Errorf("%s: %+v", a.ID, a.Spike)
		}
	}

	fresh := newSpikeHistory(t)
	young := &Spikes{Store: fresh.db, Options: SpikeOptions{K: 3, Min: 1, Days: 14},
		Now: func() time.Time { return spikeNow.Add(-20*24*time.Hour + 2*time.Hour) }}
	if got, err := young.Check(ctx); err != nil || len(got) != 0 {
		t.Errorf("two hours of history: %v, %v", ids(got), err)
	}
}

type fixedNames map[string]mediawatch.Names

func (f fixedNames) RuleNames() map[string]mediawatch.Names { return f }

func sorted(s []int64) []int64 {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// A watch term's spike is an alert, never a boost: every item mentions a
// watch term, so it would raise stories for being about the place at all.
func TestTermSpikeRaisesNoStory(t *testing.T) {
	ctx := context.Background()
	h := newSpikeHistory(t)
	at := spikeNow.Add(-10 * time.Minute)
	for _, a := range []mediawatch.Alert{
		{ID: "spike-term", Kind: mediawatch.AlertSpike, At: at, Spike: &mediawatch.Spike{Scope: mediawatch.SpikeTerm,
			Key: "Sơn La", Window: time.Hour, End: at, Count: 30, StoryIDs: []int64{7, 8}}},
		{ID: "spike-rule", Kind: mediawatch.AlertSpike, At: at, Spike: &mediawatch.Spike{Scope: mediawatch.SpikeRule,
			Key: "dam", Window: time.Hour, End: at, Count: 5, StoryIDs: []int64{8}}},
	} {
		if _, err := h.db.RecordAlert(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	got := (&SpikeBoard{Store: h.db}).SpikesUnderWay(spikeNow)
	if len(got) != 1 || got[8].Key != "dam" {
		t.Errorf("spikes under way = %+v; want only story 8, by the rule's spike", got)
	}
}

// The alerts the faces list say a failing source's error in each language
// through Options.ExplainError, and keep it as stored in the alert.
func TestAlertViewsExplainError(t *testing.T) {
	ctx := context.Background()
	h := newSpikeHistory(t)
	stored := "fetch https://vtv.vn/rss: status 503"
	if _, err := h.db.RecordAlert(ctx, mediawatch.Alert{ID: "source-failing-vtv", Kind: mediawatch.AlertSourceFailing,
		At: spikeNow.Add(-time.Hour), Source: &mediawatch.SourceAlert{Source: "vtv", Label: "VTV",
			To: mediawatch.StateFailing, Why: stored}}); err != nil {
		t.Fatal(err)
	}
	d := New(Deps{Store: h.db}, Options{Now: func() time.Time { return spikeNow },
		ExplainError: func(lang, s string) string {
			if lang == "vi" {
				return "trang trả về mã 503: https://vtv.vn/rss"
			}
			return s
		}})
	views, err := d.Alerts(ctx, AlertFilter{})
	if err != nil || len(views) != 1 {
		t.Fatalf("alerts = %+v, %v", views, err)
	}
	v := views[0]
	if !strings.Contains(v.Text.VI, "trang trả về mã 503") || strings.Contains(v.Text.VI, "status 503") ||
		!strings.Contains(v.Text.EN, "status 503") || v.Source.Why != stored {
		t.Errorf("view = %+v, source %+v", v.Text, v.Source)
	}
}
