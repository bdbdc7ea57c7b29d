package desk

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/store"
)

func TestSilenceRule(t *testing.T) {
	rep := func(n, c int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = c
		}
		return out
	}
	cat := func(parts ...[]int) []int {
		var out []int
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	one := HealthOptions{RecentDays: 7, BaselineDays: 28, Sigma: 1}
	def := DefaultHealthOptions()
	for _, tc := range []struct {
		name   string
		opts   HealthOptions
		days   []int
		silent bool
	}{
		// Mean 6, σ 4 exactly; the last 7 days' mean is 2 = 6 − 1 × 4.
		{"at the threshold is not silent", one, cat(rep(14, 10), rep(14, 2)), false},
		// One item fewer on the last day: 13/7 < 5.96 − 4.04.
		{"just below the threshold is silent", one, cat(rep(14, 10), rep(13, 2), []int{1}), true},
		// One item more in the recent week moves it above again.
		{"just above the threshold is not", one, cat(rep(14, 10), rep(13, 2), []int{3}), false},
		{"the same days at 1.5 σ are not silent", def, cat(rep(14, 10), rep(14, 2)), false},
		{"no item ever: a zero baseline is not silence", def, rep(28, 0), false},
		{"a steady source is not silent", def, rep(28, 5), false},
		{"zero in the last 7 days while the 28-day mean is not", def, cat([]int{100}, rep(27, 0)), true},
		{"a new source, items only in the last days", def, cat(rep(25, 0), []int{4, 5, 6}), false},
		{"a quiet week within its usual swing", def, cat(rep(7, 1), rep(7, 9), rep(7, 1), rep(7, 3)), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.opts.silence(tc.days)
			if s.Silent != tc.silent {
				t.Errorf("silent = %v, want %v (%+v)", s.Silent, tc.silent, s)
			}
		})
	}
	s := one.silence(cat(rep(14, 10), rep(14, 2)))
	if s.BaselineMean != 6 || s.BaselineSD != 4 || s.RecentMean != 2 || s.Threshold != 2 {
		t.Errorf("figures %+v", s)
	}
	if w := s.Why(1); w != "7-day mean 2.0 below 28-day mean 6.0 − 1.0 × 4.0" {
		t.Errorf("why %q", w)
	}
}

// alertLog is an Alerter that keeps what it is given, once per ID, as
// the alerts table does.
type alertLog struct {
	mu  sync.Mutex
	ids map[string]bool
	all []mediawatch.Alert
}

func (l *alertLog) Raise(_ context.Context, a mediawatch.Alert) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ids == nil {
		l.ids = map[string]bool{}
	}
	if !l.ids[a.ID] {
		l.ids[a.ID] = true
		l.all = append(l.all, a)
	}
	return nil
}

func (l *alertLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, a := range l.all {
		out = append(out, fmt.Sprintf("%s %s→%s", a.Kind, a.Source.From, a.Source.To))
	}
	l.all = nil
	return out
}

// healthRig is a real store with one source and a clock the test moves.
type healthRig struct {
	t      *testing.T
	db     *store.DB
	desk   *Desk
	alerts *alertLog
	now    time.Time
	loc    *time.Location
	n      int
}

func newHealthRig(t *testing.T) *healthRig {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "mw.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	err = db.SyncSources(context.Background(), []mediawatch.Source{{Name: "bao", DisplayName: "Báo", Kind: mediawatch.KindFeed,
		URL: "https://bao.example/rss", Interval: time.Hour, Weight: 1, Keep: mediawatch.KeepAll, Enabled: true}})
	if err != nil {
		t.Fatal(err)
	}
	r := &healthRig{t: t, db: db, alerts: &alertLog{}, loc: time.FixedZone("ICT", 7*3600)}
	r.desk = New(Deps{Store: db, Alerts: r.alerts}, Options{Location: r.loc, Now: func() time.Time { return r.now }})
	return r
}

// items stores n items of bao first seen at when.
func (r *healthRig) items(when time.Time, n int) {
	for range n {
		r.n++
		u := fmt.Sprintf("https://bao.example/%d", r.n)
		if _, err := r.db.SaveItem(context.Background(), mediawatch.Item{Source: "bao", URL: u, CanonicalURL: u,
			Title: "Tin", Text: "x", ContentHash: u, FirstSeen: when}); err != nil {
			r.t.Fatal(err)
		}
	}
}

// crawl stores a crawl's outcome at the clock: ok, or failed in a row.
func (r *healthRig) crawl(failures int) {
	h, err := r.db.SourceHealth(context.Background(), "bao")
	if err != nil {
		h = mediawatch.SourceHealth{Source: "bao"}
	}
	h.LastAttempt, h.ConsecutiveFailures = r.now, failures
	if failures == 0 {
		h.LastSuccess = r.now
	} else {
		h.LastError, h.LastErrorAt = "fetch https://bao.example/rss: status 503", r.now
	}
	if err := r.db.PutSourceHealth(context.Background(), h); err != nil {
		r.t.Fatal(err)
	}
}

// check runs the health check at local time day/hh:mm:ss and answers bao's
// state and the alerts raised.
func (r *healthRig) check(when time.Time) (mediawatch.HealthState, []string) {
	r.t.Helper()
	r.now = when
	hc, err := r.desk.CheckSources(context.Background())
	if err != nil {
		r.t.Fatal(err)
	}
	h, err := r.db.SourceHealth(context.Background(), "bao")
	if err != nil || h.State != hc.Sources[0].State {
		r.t.Fatalf("stored %+v, %v; judged %s", h, err, hc.Sources[0].State)
	}
	if len(hc.Alerts) != len(r.alerts.all) {
		r.t.Fatalf("check says %d alerts, the alerter got %d", len(hc.Alerts), len(r.alerts.all))
	}
	return h.State, r.alerts.take()
}

// TestHealthStates walks one source through every state with a pinned
// clock: ok, failing, recovered, ok again after recovered_for, silent when
// it stops publishing — the same answer at every hour of a day — and
// recovered when it publishes again.
func TestHealthStates(t *testing.T) {
	r := newHealthRig(t)
	day := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, r.loc) }
	// 4 items a day, at 10:00 local, from 1 to 28 November.
	for d := 1; d <= 28; d++ {
		r.items(day(d, 10, 0), 4)
	}
	r.now = day(29, 8, 0)
	r.crawl(0)
	expect := func(when time.Time, want mediawatch.HealthState, alerts ...string) {
		t.Helper()
		got, raised := r.check(when)
		if got != want || fmt.Sprint(raised) != fmt.Sprint(alerts) {
			t.Errorf("%v: %s %v, want %s %v", when, got, raised, want, alerts)
		}
	}
	expect(day(29, 8, 0), mediawatch.StateOK)
	r.now = day(29, 9, 0)
	r.crawl(1)
	expect(day(29, 9, 0), mediawatch.StateFailing, "source.failing ok→failing")
	expect(day(29, 9, 10), mediawatch.StateFailing) // no repeat
	r.now = day(29, 10, 0)
	r.crawl(0)
	expect(day(29, 10, 0), mediawatch.StateRecovered, "source.recovered failing→recovered")
	expect(day(30, 9, 59), mediawatch.StateRecovered) // recovered_for is a day
	expect(day(30, 10, 0), mediawatch.StateOK)        // and then simply ok, no alert
	h, _ := r.db.SourceHealth(context.Background(), "bao")
	if !h.StateSince.Equal(day(30, 10, 0)) {
		t.Errorf("ok since %v", h.StateSince)
	}

	// Nothing after 28 November. Mean28 and σ fall as the empty days come
	// in; it is silent the first day the rule holds, and at every hour of
	// that day, whatever arrives during it; the day before, at every hour,
	// it is not.
	first := 0
	for d := 1; d <= 20; d++ {
		now := time.Date(2026, 12, d, 12, 0, 0, 0, r.loc)
		if r.desk.health.silence(r.days(now)).Silent {
			first = d
			break
		}
	}
	if first == 0 {
		t.Fatal("never silent")
	}
	for _, hm := range [][2]int{{0, 0}, {12, 0}, {23, 59}} {
		expect(time.Date(2026, 12, first-1, hm[0], hm[1], 0, 0, r.loc), mediawatch.StateOK)
	}
	r.items(time.Date(2026, 12, first, 0, 30, 0, 0, r.loc), 10) // today's items do not count today
	expect(time.Date(2026, 12, first, 0, 0, 0, 0, r.loc), mediawatch.StateSilent, "source.silent ok→silent")
	for _, hm := range [][2]int{{0, 30}, {12, 0}, {23, 59}} {
		expect(time.Date(2026, 12, first, hm[0], hm[1], 0, 0, r.loc), mediawatch.StateSilent)
	}
	// The next day those items count: the last 7 days' mean is 10/7.
	expect(time.Date(2026, 12, first+1, 0, 0, 0, 0, r.loc), mediawatch.StateRecovered, "source.recovered silent→recovered")
	if ids := r.alertIDs(); len(ids) != 0 {
		t.Errorf("left over %v", ids)
	}
}

// days are bao's counts as Sources would see them at now.
func (r *healthRig) days(now time.Time) []int {
	got, err := r.db.SourceDayCounts(context.Background(), r.desk.dayBounds(now))
	if err != nil {
		r.t.Fatal(err)
	}
	if got["bao"] == nil {
		return make([]int, r.desk.health.BaselineDays)
	}
	return got["bao"]
}

func (r *healthRig) alertIDs() []string { return r.alerts.take() }

// TestHealthAlertIDs holds an alert's ID to its state, source and start,
// so a change seen twice is one alert, and to its reason in words.
func TestHealthAlertIDs(t *testing.T) {
	r := newHealthRig(t)
	r.now = time.Date(2026, 12, 1, 9, 0, 0, 0, r.loc)
	r.crawl(2)
	hc, err := r.desk.CheckSources(context.Background())
	if err != nil || len(hc.Alerts) != 1 {
		t.Fatalf("%+v, %v", hc, err)
	}
	a := hc.Alerts[0]
	want := fmt.Sprintf("source-failing-bao-%d", r.now.Unix())
	if a.ID != want || a.Kind != mediawatch.AlertSourceFailing || !a.At.Equal(r.now) || a.Source.Label != "Báo" ||
		a.Source.Why != "fetch https://bao.example/rss: status 503" {
		t.Errorf("alert %+v %+v, want ID %s", a, a.Source, want)
	}
	// No Alerter: the states are still judged and stored.
	d := New(Deps{Store: r.db}, Options{Location: r.loc, Now: func() time.Time { return r.now }})
	r.crawl(0)
	hc, err = d.CheckSources(context.Background())
	if err != nil || len(hc.Alerts) != 1 || hc.Sources[0].State != mediawatch.StateRecovered {
		t.Errorf("without an alerter: %+v, %v", hc, err)
	}
}
