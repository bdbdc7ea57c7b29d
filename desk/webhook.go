package desk

import (
	"context"
	"log/slog"
	"time"

	"mediawatch"
	"mediawatch/notify"
	"mediawatch/store"
)

// DeliveryStore keeps the webhook delivery log; *store.DB satisfies it.
type DeliveryStore interface {
	RecordDelivery(ctx context.Context, d mediawatch.Delivery) (int64, error)
}

// DeliveryLog is notify.Log over the store's delivery log.
type DeliveryLog struct{ Store DeliveryStore }

var _ notify.Log = DeliveryLog{}

// Record writes one delivery attempt to the store.
func (l DeliveryLog) Record(ctx context.Context, d mediawatch.Delivery) error {
	_, err := l.Store.RecordDelivery(ctx, d)
	return err
}

// FlagReader reads an item's stored flags; *store.DB satisfies it.
type FlagReader interface {
	Flags(ctx context.Context, f store.FlagFilter) (store.FlagPage, error)
}

// FlagNotifier turns the flags of a stored item version into webhook
// events, and those at or above AlertMin into flag alerts: what the
// pipeline's OnFlags hook calls.
type FlagNotifier struct {
	Ctx   context.Context // bounds every read; the service's
	Store FlagReader
	Queue *notify.Queue // nil: no webhook
	// Alerter takes the flag alerts (nil: none), of flags at or above
	// AlertMin (alerts.min_severity; high when empty).
	Alerter  mediawatch.Alerter
	AlertMin mediawatch.Severity
	Log      *slog.Logger
}

// Notify enqueues one event per new flag of it's current version. it.ID
// and it.Version name the stored version; flags are what the rules raised
// on it (only their rule ids are read: the ids and creation times come
// from the store, which is the truth). A rule that had already flagged an
// earlier version of the item is not news and is not sent again. It never
// waits for the receiver.
func (n *FlagNotifier) Notify(it mediawatch.Item, flags []mediawatch.Flag) {
	if it.ID == 0 || len(flags) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(n.Ctx, 5*time.Second)
	defer cancel()
	stored, err := n.Store.Flags(ctx, store.FlagFilter{ItemID: it.ID, Size: store.MaxFlagPageSize})
	if err != nil {
		n.Log.Error("webhook: read the item's flags", "item", it.ID, "err", err)
		return
	}
	fresh := newFlags(stored.Flags, it.Version, flags)
	for _, f := range fresh {
		if n.Queue == nil {
			break
		}
		if err := n.Queue.Enqueue(notify.NewEvent(f, it)); err != nil {
			n.Log.Warn("webhook event not queued", "flag", f.ID, "err", err)
		}
	}
	if n.Alerter != nil {
		raiseFlags(ctx, n.Alerter, n.AlertMin, it, fresh, n.Log)
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
