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

// startWebhook starts delivering new flags at or above webhook.min_severity
// to webhook.url, in the background, each attempt recorded in the store's
// delivery log. hook is what the pipeline calls after it stored an item
// with flags (Pipeline.OnFlags): it never blocks on the receiver. With no
// webhook.url, hook does nothing. stop stops taking events and delivers
// those queued, for at most 10 s.
func (a *app) startWebhook(ctx context.Context) (hook func(mediawatch.Item, []mediawatch.Flag), stop func()) {
	w := a.cfg.Webhook
	if w.URL == "" {
		return func(mediawatch.Item, []mediawatch.Flag) {}, func() {}
	}
	log := a.log.With("component", "webhook")
	q := notify.NewQueue(&notify.Webhook{URL: w.URL, Secret: w.Secret, MinSeverity: mediawatch.Severity(w.MinSeverity),
		Timeout: w.Timeout, Retries: w.Retries, Log: desk.DeliveryLog{Store: a.db}, Logger: log}, webhookQueueSize)
	n := &desk.FlagNotifier{Ctx: ctx, Store: a.db, Queue: q, Log: log}
	stop = func() {
		c, cancel := context.WithTimeout(context.WithoutCancel(ctx), webhookDrain)
		defer cancel()
		if err := q.Close(c); err != nil {
			log.Warn("webhook queue stopped before every event was delivered", "err", err)
		}
	}
	return n.Notify, stop
}
