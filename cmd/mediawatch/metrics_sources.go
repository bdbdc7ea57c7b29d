package main

import (
	"github.com/prometheus/client_golang/prometheus"

	"mediawatch"
	"mediawatch/desk"
)

// sourceMetrics are each source's health as the last health check saw
// it: set whole by sourceHealth, so a source taken out of the
// configuration drops out.
type sourceMetrics struct {
	items    *prometheus.GaugeVec
	failures *prometheus.GaugeVec
	success  *prometheus.GaugeVec
	newest   *prometheus.GaugeVec
	state    *prometheus.GaugeVec
}

// healthStates are the values of the state gauge's label.
var healthStates = []mediawatch.HealthState{mediawatch.StateOK, mediawatch.StateFailing, mediawatch.StateSilent,
	mediawatch.StateRecovered, mediawatch.StateDisabled}

func newSourceMetrics(reg prometheus.Registerer) *sourceMetrics {
	gauge := func(name, help string, labels ...string) *prometheus.GaugeVec {
		return prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: name, Help: help}, append([]string{"source"}, labels...))
	}
	m := &sourceMetrics{
		items:    gauge("mediawatch_source_items", "Items stored from each source."),
		failures: gauge("mediawatch_source_consecutive_failures", "Failed crawls of each source in a row (a listing with no items counts)."),
		success: gauge("mediawatch_source_last_success_timestamp_seconds",
			"When each source's listing last parsed and gave items (Unix seconds; 0 for never)."),
		newest: gauge("mediawatch_source_newest_item_timestamp_seconds",
			"When each source's newest item was first seen (Unix seconds; 0 for none)."),
		state: gauge("mediawatch_source_state",
			"Each source's health state: 1 for the state it is in (ok, failing, silent, recovered, disabled), 0 for the others.", "state"),
	}
	reg.MustRegister(m.items, m.failures, m.success, m.newest, m.state)
	return m
}

// sourceHealth sets the source metrics from a health check's judgement.
func (m *metrics) sourceHealth(list []desk.SourceStatus) {
	s := m.sources
	for _, g := range []*prometheus.GaugeVec{s.items, s.failures, s.success, s.newest, s.state} {
		g.Reset()
	}
	for _, r := range list {
		s.items.WithLabelValues(r.Name).Set(float64(r.Items))
		s.failures.WithLabelValues(r.Name).Set(float64(r.Health.ConsecutiveFailures))
		s.success.WithLabelValues(r.Name).Set(seconds(r.Health.LastSuccess.IsZero(), r.Health.LastSuccess.Unix()))
		s.newest.WithLabelValues(r.Name).Set(seconds(r.NewestItem.IsZero(), r.NewestItem.Unix()))
		for _, st := range healthStates {
			v := 0.0
			if r.State == st {
				v = 1
			}
			s.state.WithLabelValues(r.Name, string(st)).Set(v)
		}
	}
}

// seconds is a timestamp gauge's value: 0 for never.
func seconds(never bool, unix int64) float64 {
	if never {
		return 0
	}
	return float64(unix)
}
