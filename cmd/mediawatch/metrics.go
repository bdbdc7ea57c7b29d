package main

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"mediawatch"
	"mediawatch/crawler"
	"mediawatch/index"
	"mediawatch/ingest"
)

// metrics are the crawl and index counters /metrics shows beside the API's
// own request metrics: one registry per process, made in cmd, no globals.
type metrics struct {
	reg       *prometheus.Registry
	decisions *prometheus.CounterVec
	indexed   prometheus.Counter
	skipped   prometheus.Counter
	ruleLoads *prometheus.CounterVec
	rules     prometheus.Gauge
	refused   prometheus.Gauge
	flags     *prometheus.CounterVec
	sources   *sourceMetrics // set by the health check (metrics_sources.go)
}

// rulesLoaded counts a rule load: accepted sets set the gauge of enabled
// rules, a refused one raises mediawatch_rules_refused until a set loads.
func (m *metrics) rulesLoaded(ok bool, enabled int) {
	if ok {
		m.ruleLoads.WithLabelValues("loaded").Inc()
		m.rules.Set(float64(enabled))
		m.refused.Set(0)
		return
	}
	m.ruleLoads.WithLabelValues("refused").Inc()
	m.refused.Set(1)
}

func newMetrics(a *app) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		decisions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mediawatch_crawl_decisions_total",
			Help: "What the crawler did with each listed article: kept, updated, duplicate, not_mentioned, unchanged, seen, disallowed, error.",
		}, []string{"source", "outcome"}),
		indexed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "mediawatch_index_items_total",
			Help: "Items sent to the search index (new, edited or reconciled).",
		}),
	}
	m.skipped = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "mediawatch_index_skipped_total",
		Help: "Items the search index could not take and left out (each logged; tried again by later flushes and at the next start).",
	})
	m.ruleLoads = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "mediawatch_rules_loads_total",
		Help: "Rule set loads by result: loaded (a new set is active) or refused (the set had errors; the active one stays).",
	}, []string{"result"})
	m.rules = prometheus.NewGauge(prometheus.GaugeOpts{Name: "mediawatch_rules_enabled", Help: "Enabled rules in the active set."})
	m.refused = prometheus.NewGauge(prometheus.GaugeOpts{Name: "mediawatch_rules_refused",
		Help: "1 while the newest rule files were refused and an older set is still active."})
	m.flags = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "mediawatch_flags_total", Help: "Flags raised at ingest, by severity.",
	}, []string{"severity"})
	m.sources = newSourceMetrics(m.reg)
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.decisions, m.indexed, m.skipped, m.ruleLoads, m.rules, m.refused, m.flags,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "mediawatch_store_items", Help: "Items in the store."}, func() float64 {
			n, _ := a.db.CountItems(context.Background())
			return float64(n)
		}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "mediawatch_index_items", Help: "Items in the search index."}, func() float64 {
			n, _ := a.idx.Count()
			return float64(n)
		}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "mediawatch_node_leader",
			Help: "1 while this node runs the jobs that run once per store (always on a SQLite store); 0 while another node of a shared store does."},
			func() float64 {
				if a.leads() {
					return 1
				}
				return 0
			}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "mediawatch_node_changes_behind",
			Help: "Changes other nodes made to the shared store that this node's index has not applied yet."},
			func() float64 { return float64(a.behind(context.Background())) }),
	)
	return m
}

// event counts one crawl decision; it chains to next (the progress bar or
// the demo's collector).
func (m *metrics) event(next func(crawler.Event)) func(crawler.Event) {
	return func(e crawler.Event) {
		if e.Outcome != "listed" {
			m.decisions.WithLabelValues(e.Source, e.Outcome).Inc()
		}
		if next != nil {
			next(e)
		}
	}
}

// countingIndex counts what goes to the index, and logs and counts what
// the index leaves out (index.SkippedError): ingest tries those again.
type countingIndex struct {
	ingest.Indexer
	n, skipped prometheus.Counter
	log        *slog.Logger
	failed     *atomic.Bool // set by a Put that failed or left items out
}

// counting is the app's index behind its counters.
func (a *app) counting() countingIndex {
	return countingIndex{Indexer: a.idx, n: a.metrics.indexed, skipped: a.metrics.skipped, log: a.log, failed: &a.indexFailed}
}

// Put indexes items and counts them.
func (c countingIndex) Put(ctx context.Context, items []mediawatch.Item) error {
	err := c.Indexer.Put(ctx, items)
	if err != nil {
		c.failed.Store(true) // what is left out waits for a reconcile: no sync mark
	}
	var skipped *index.SkippedError
	switch {
	case errors.As(err, &skipped):
		for id, why := range skipped.Items {
			c.log.Warn("item left out of the search index; it will be tried again", "item_id", id, "error", why)
		}
		c.skipped.Add(float64(len(skipped.Items)))
		c.n.Add(float64(len(items) - len(skipped.Items)))
	case err == nil:
		c.n.Add(float64(len(items)))
	}
	return err
}
