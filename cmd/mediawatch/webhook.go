package main

import (
	"context"
	"log/slog"
	"time"

	"mediawatch"
	"mediawatch/notify"
	"mediawatch/store"
)

// webhookQueueSize is how many events may wait for the receiver before
// new ones are dropped (and logged): ingest never waits for a webhook.
const webhookQueueSize = 256

// webhookDrain is how long stop waits for queued events on shutdown.
const webhookDrain = 10 * time.Second

// deliveryLog is notify.Log over the store's delivery log.
type deliveryLog struct{ db *store.DB }

var _ notify.Log = deliveryLog{}

// Record writes one delivery attempt to the store.
func (l deliveryLog) Record(ctx context.Context, d mediawatch.Delivery) error {
	_, err := l.db.RecordDelivery(ctx, d)
	return err
}

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
		Timeout: w.Timeout, Retries: w.Retries, Log: deliveryLog{a.db}, Logger: log}, webhookQueueSize)
	n := &flagNotifier{ctx: ctx, db: a.db, q: q, log: log}
	stop = func() {
		c, cancel := context.WithTimeout(context.WithoutCancel(ctx), webhookDrain)
		defer cancel()
		if err := q.Close(c); err != nil {
			log.Warn("webhook queue stopped before every event was delivered", "err", err)
		}
	}
	return n.notify, stop
}

// flagNotifier turns the flags of a stored item version into webhook
// events.
type flagNotifier struct {
	ctx context.Context
	db  *store.DB
	q   *notify.Queue
	log *slog.Logger
}

// notify enqueues one event per new flag of it's current version. it.ID
// and it.Version name the stored version; flags are what the rules raised
// on it (only their rule ids are read: the ids and creation times come
// from the store, which is the truth). A rule that had already flagged an
// earlier version of the item is not news and is not sent again.
func (n *flagNotifier) notify(it mediawatch.Item, flags []mediawatch.Flag) {
	if it.ID == 0 || len(flags) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(n.ctx, 5*time.Second)
	defer cancel()
	stored, err := n.db.Flags(ctx, store.FlagFilter{ItemID: it.ID, Size: store.MaxFlagPageSize})
	if err != nil {
		n.log.Error("webhook: read the item's flags", "item", it.ID, "err", err)
		return
	}
	for _, f := range newFlags(stored.Flags, it.Version, flags) {
		if err := n.q.Enqueue(notify.NewEvent(f, it)); err != nil {
			n.log.Warn("webhook event not queued", "flag", f.ID, "err", err)
		}
	}
}

// newFlags picks, from the stored flags of an item, those of version
// whose rule is among raised and flagged no earlier version, oldest first.
func newFlags(stored []store.FlagView, version int, raised []mediawatch.Flag) []mediawatch.Flag {
	rules := map[string]bool{}
	for _, f := range raised {
		rules[f.RuleID] = true
	}
	before := map[string]bool{}
	for _, f := range stored {
		if f.ItemVersion < version {
			before[f.RuleID] = true
		}
	}
	var out []mediawatch.Flag
	for i := len(stored) - 1; i >= 0; i-- { // stored is newest first
		f := stored[i].Flag
		if f.ItemVersion == version && rules[f.RuleID] && !before[f.RuleID] {
			out = append(out, f)
		}
	}
	return out
}
