package main

import (
	"context"
	"time"

	"mediawatch"
	"mediawatch/desk"
	"mediawatch/notify"
)

// webhookQueueSize is how many events may wait for the receiver before
// new ones are dropped (and logged): ingest never waits for a webhook.
const webhookQueueSize = 256

// webhookDrain is how long stop waits for queued events on shutdown.
const webhookDrain = 10 * time.Second

// startWebhook starts what tells the outside of news, in the background:
// the webhook for new flags at or above webhook.min_severity (to
// webhook.url, each attempt recorded in the store's delivery log), and the
// alerts (startAlerts: a.alerter, the spike check, the batched mail; flags
// at or above alerts.min_severity become flag alerts). hook is what the
// pipeline calls after it stored an item with flags (Pipeline.OnFlags): it
// never blocks on a receiver. stop ends the spike check and the mail loop,
// then stops taking events and delivers those queued, for at most 10 s.
// serve and demo call it before crawling starts.
func (a *app) startWebhook(ctx context.Context) (hook func(mediawatch.Item, []mediawatch.Flag), stop func()) {
	w := a.cfg.Webhook
	log := a.log.With("component", "webhook")
	var q *notify.Queue
	if w.URL != "" {
		q = notify.NewQueue(&notify.Webhook{URL: w.URL, Secret: w.Secret, MinSeverity: mediawatch.Severity(w.MinSeverity),
			Timeout: w.Timeout, Retries: w.Retries, Log: desk.DeliveryLog{Store: a.db}, Logger: log}, webhookQueueSize)
	}
	stopAlerts, err := a.startAlerts(ctx, q)
	if err != nil { // config.Validate checked the mail settings; what is left is worth a line, not a stop
		log.Error("alerts not started", "err", err)
		stopAlerts = func() {}
	}
	n := &desk.FlagNotifier{Ctx: ctx, Store: a.db, Queue: q, Alerter: a.alerter,
		AlertMin: mediawatch.Severity(a.cfg.Alerts.MinSeverity), Log: log}
	stop = func() {
		stopAlerts()
		if q == nil {
			return
		}
		c, cancel := context.WithTimeout(context.WithoutCancel(ctx), webhookDrain)
		defer cancel()
		if err := q.Close(c); err != nil {
			log.Warn("webhook queue stopped before every event was delivered", "err", err)
		}
	}
	return n.Notify, stop
}
