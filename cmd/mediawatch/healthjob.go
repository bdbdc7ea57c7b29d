package main

import (
	"context"
	"sync"
	"time"

	"mediawatch"
	"mediawatch/config"
	"mediawatch/desk"
	"mediawatch/report"
	"mediawatch/store"
)

// healthOptions are config's health: numbers as the desk takes them.
func healthOptions(h config.Health) desk.HealthOptions {
	return desk.HealthOptions{RecentDays: h.RecentDays, BaselineDays: h.BaselineDays, Sigma: h.Sigma,
		RecoveredFor: time.Duration(h.RecoveredFor)}
}

// lateAlerter raises through the app's alerter as it is when an alert is
// raised, not when the desk was built: serve and demo set a.alerter before
// crawling starts, which may be after the first page built the desk.
// With no alerter, an alert is dropped (the state change is still stored
// and shown).
type lateAlerter struct{ a *app }

// Raise hands al to the app's alerter, if it has one.
func (l lateAlerter) Raise(ctx context.Context, al mediawatch.Alert) error {
	if l.a.alerter == nil {
		return nil
	}
	return l.a.alerter.Raise(ctx, al)
}

// checkHealth judges every source once (desk.CheckSources): changed states
// are stored and raised as alerts, and the per-source metrics updated.
func (a *app) checkHealth(ctx context.Context) (desk.HealthCheck, error) {
	hc, err := a.newDesk().CheckSources(ctx)
	if len(hc.Sources) > 0 {
		a.metrics.sourceHealth(hc.Sources)
	}
	log := a.log.With("component", "health")
	for _, al := range hc.Alerts {
		log.Info("source alert", "alert_id", al.ID, "type", string(al.Kind), "source", al.Source.Source, "why", al.Source.Why)
	}
	if err != nil && ctx.Err() == nil {
		log.Warn("source health check", "error", err)
	}
	return hc, err
}

// startHealthChecks judges every source every health.check_every until
// ctx is done (SIGINT/SIGTERM); the first check comes one period after
// the start, once the scheduler has tried every due source, so a source is
// not judged on what an earlier run left. wait returns once the loop has
// stopped.
func (a *app) startHealthChecks(ctx context.Context) (wait func()) {
	every := time.Duration(a.cfg.Health.CheckEvery)
	if every <= 0 {
		every = 10 * time.Minute
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				_, _ = a.checkHealth(ctx)
			}
		}
	})
	return wg.Wait
}

// reportSourceHealth reads every source's health for the daily report's
// sources section, judged at the report's clock.
func reportSourceHealth(db *store.DB, cfg config.Config, now func() time.Time) func(context.Context) ([]report.SourceHealth, error) {
	d := desk.New(desk.Deps{Store: db}, desk.Options{Location: cfg.Location(), Now: now, Health: healthOptions(cfg.Health)})
	return d.ReportSourceHealth
}
