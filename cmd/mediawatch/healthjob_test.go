package main

import (
	"context"
	"sync"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/config"
)

// alertRecorder keeps the alerts the app raises.
type alertRecorder struct {
	mu  sync.Mutex
	got []mediawatch.Alert
}

func (r *alertRecorder) Raise(_ context.Context, a mediawatch.Alert) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, a)
	return nil
}

// TestHealthCheckJob runs the app's health check over a real store: the
// state is stored, the alert goes through the app's alerter (set after the
// desk was built, as serve does), the per-source metrics follow, and the
// serve loop stops when its context ends.
func TestHealthCheckJob(t *testing.T) {
	a := testApp(t, t.TempDir(), func(c *config.Config) { c.Health.CheckEvery = config.Duration(time.Minute) })
	ctx := context.Background()
	src := mediawatch.Source{Name: "baosonla", Kind: mediawatch.KindFeed, URL: "https://baosonla.example/rss",
		Interval: time.Hour, Weight: 1, Keep: mediawatch.KeepAll, Enabled: true}
	if err := a.db.SyncSources(ctx, []mediawatch.Source{src}); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if err := a.db.PutSourceHealth(ctx, mediawatch.SourceHealth{Source: "baosonla", LastAttempt: now,
		LastError: "the feed has no items", LastErrorAt: now, ConsecutiveFailures: 1}); err != nil {
		t.Fatal(err)
	}
	// No alerter yet: the check judges and stores, and raises nothing.
	a.newDesk()
	rec := &alertRecorder{}
	a.alerter = rec
	hc, err := a.checkHealth(ctx)
	if err != nil || len(hc.Alerts) != 1 || len(rec.got) != 1 || rec.got[0].Kind != mediawatch.AlertSourceFailing ||
		rec.got[0].Source.Why != "the feed has no items" {
		t.Fatalf("check: %+v, %v; raised %+v", hc.Alerts, err, rec.got)
	}
	h, err := a.db.SourceHealth(ctx, "baosonla")
	if err != nil || h.State != mediawatch.StateFailing {
		t.Errorf("stored %+v, %v", h, err)
	}
	for _, c := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"mediawatch_source_state", map[string]string{"source": "baosonla", "state": "failing"}, 1},
		{"mediawatch_source_state", map[string]string{"source": "baosonla", "state": "ok"}, 0},
		{"mediawatch_source_consecutive_failures", map[string]string{"source": "baosonla"}, 1},
		{"mediawatch_source_last_success_timestamp_seconds", map[string]string{"source": "baosonla"}, 0},
		{"mediawatch_source_items", map[string]string{"source": "baosonla"}, 0},
	} {
		if v, ok := gaugeValue(t, a, c.name, c.labels); !ok || v != c.want {
			t.Errorf("%s%v = %v (found %v), want %v", c.name, c.labels, v, ok, c.want)
		}
	}
	// The same state again: no second alert.
	if hc, err := a.checkHealth(ctx); err != nil || len(hc.Alerts) != 0 {
		t.Errorf("second check: %+v, %v", hc.Alerts, err)
	}
	// The serve loop returns once its context ends.
	cctx, cancel := context.WithCancel(ctx)
	wait := a.startHealthChecks(cctx)
	cancel()
	wait()
	// Without an alerter, an alert is dropped, not an error.
	a.alerter = nil
	if err := (lateAlerter{a}).Raise(ctx, rec.got[0]); err != nil {
		t.Errorf("nil alerter: %v", err)
	}
}

// gaugeValue is the value of the gauge name with labels in the app's
// registry, as /metrics would show it.
func gaugeValue(t *testing.T, a *app, name string, labels map[string]string) (float64, bool) {
	t.Helper()
	families, err := a.metrics.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
	metric:
		for _, m := range f.GetMetric() {
			got := map[string]string{}
			for _, l := range m.GetLabel() {
				got[l.GetName()] = l.GetValue()
			}
			for k, v := range labels {
				if got[k] != v {
					continue metric
				}
			}
			return m.GetGauge().GetValue(), true
		}
	}
	return 0, false
}
