package alert

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"mediawatch"
	"mediawatch/notify"
)

// Store keeps the alerts; *store.DB satisfies it.
type Store interface {
	RecordAlert(ctx context.Context, a mediawatch.Alert) (bool, error)
	UnmailedAlerts(ctx context.Context, limit int) ([]mediawatch.Alert, error)
	MarkAlertsMailed(ctx context.Context, ids []string, at time.Time) error
}

// MailFunc sends one plain-text message to the addresses to
// (report.Mailer.SendTest).
type MailFunc func(ctx context.Context, to []string, subject, text string) error

// Recipient is one address alerts are mailed to, and the language ("vi"
// or "en") its mails are written in.
type Recipient struct {
	Address string
	Lang    string
}

// Options wire a Dispatcher. Store is required; the rest may be zero.
type Options struct {
	Store Store
	// Webhook delivers the alerts other than flags; nil sends none.
	Webhook *notify.Queue
	// Mail sends the batched mails to To; nil, or no To, mails none.
	Mail MailFunc
	To   []Recipient
	// Every is the least time between two mails (alerts.mail.every);
	// 15 minutes when 0.
	Every time.Duration
	// Office is the office's name, which the mails are signed with.
	Office string
	// PublicURL is the web face's address (web.public_url), without a
	// trailing slash; empty: no links.
	PublicURL string
	// Names names rules by id (the running rule set's); nil calls them by
	// their ids.
	Names func() map[string]mediawatch.Names
	// ExplainError says a crawler's stored error (a failing source's
	// why, in English) in a recipient's language; nil leaves it as stored.
	ExplainError func(lang, stored string) string
	// Location is the zone of the times in mails; nil is Asia/Ho_Chi_Minh.
	Location *time.Location
	Now      func() time.Time // nil: time.Now
	Logger   *slog.Logger     // nil: discard
	// MailHere, when set, is asked before each mail: with several nodes
	// on one store, only the node that runs the once-only jobs mails, and
	// it looks for the alerts the others recorded every Every too (their
	// Raise does not wake it). Nil: this process mails whenever woken.
	MailHere func() bool
}

// Dispatcher is the mediawatch.Alerter of the service: see the package doc.
// Build it with New and stop it with Close.
type Dispatcher struct {
	o      Options
	log    *slog.Logger
	wake   chan struct{}
	cancel context.CancelFunc
	done   chan struct{}
	// sleep waits d or until ctx ends; tests replace it to hold a window
	// open for as long as they need.
	sleep func(ctx context.Context, d time.Duration) error
}

var _ mediawatch.Alerter = (*Dispatcher)(nil)

// New starts a Dispatcher; with mail recipients, its mail loop starts too
// and at once mails what an earlier run left unmailed.
func New(o Options) (*Dispatcher, error) {
	if o.Store == nil {
		return nil, fmt.Errorf("alert dispatcher: no store: %w", mediawatch.ErrInvalid)
	}
	if o.Every <= 0 {
		o.Every = 15 * time.Minute
	}
	if o.Location == nil {
		o.Location = time.UTC
		if loc, err := time.LoadLocation("Asia/Ho_Chi_Minh"); err == nil {
			o.Location = loc
		}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(context.Background())
	d := &Dispatcher{o: o, log: log.With("component", "alerts"), wake: make(chan struct{}, 1), cancel: cancel,
		done: make(chan struct{}), sleep: mediawatch.Sleep}
	if o.Mail != nil && len(o.To) > 0 {
		d.wake <- struct{}{}
		go d.mailLoop(ctx)
	} else {
		close(d.done)
	}
	return d, nil
}

// Raise records a and, if it is new, hands it to the webhook's queue and
// wakes the mail loop. A repeat (an ID already recorded) is nil and goes
// nowhere. It never waits for a receiver.
func (d *Dispatcher) Raise(ctx context.Context, a mediawatch.Alert) error {
	if a.At.IsZero() {
		a.At = d.o.Now()
	}
	a.At = a.At.UTC()
	isNew, err := d.o.Store.RecordAlert(ctx, a)
	if err != nil {
		return fmt.Errorf("raise alert %s: %w", a.ID, err)
	}
	if !isNew {
		return nil
	}
	d.log.Info("alert", "id", a.ID, "kind", string(a.Kind))
	if d.o.Webhook != nil && a.Kind != mediawatch.AlertFlag {
		if err := d.o.Webhook.Enqueue(notify.NewAlertEvent(a, Link(d.o.PublicURL, a))); err != nil {
			d.log.Warn("alert not queued for the webhook", "id", a.ID, "err", err)
		}
	}
	select {
	case d.wake <- struct{}{}:
	default: // the loop is already woken
	}
	return nil
}

// Close stops the mail loop; the mail under way, if any, is cancelled
// after ctx ends. Alerts not yet mailed stay marked so in the store, and
// the next run mails them. The webhook's queue is the caller's to close.
func (d *Dispatcher) Close(ctx context.Context) error {
	d.cancel()
	select {
	case <-d.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// mailLoop sends a mail when woken, but never sooner than Every after the
// last one: what arrives meanwhile waits and goes in the next.
func (d *Dispatcher) mailLoop(ctx context.Context) {
	defer close(d.done)
	var last time.Time
	var poll <-chan time.Time
	if d.o.MailHere != nil {
		t := time.NewTicker(d.o.Every)
		defer t.Stop()
		poll = t.C
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-d.wake:
		case <-poll:
		}
		if d.o.MailHere != nil && !d.o.MailHere() {
			continue
		}
		if wait := last.Add(d.o.Every).Sub(d.o.Now()); !last.IsZero() && wait > 0 {
			if err := d.sleep(ctx, wait); err != nil {
				return
			}
		}
		sent, err := d.Flush(ctx)
		if err != nil && ctx.Err() == nil {
			d.log.Error("alert mail", "err", err)
		}
		if sent {
			last = d.o.Now()
		}
	}
}

// Flush mails every recipient the alerts no mail has listed yet, and
// marks them mailed when at least one recipient received it. It reports
// whether a mail went out.
func (d *Dispatcher) Flush(ctx context.Context) (bool, error) {
	alerts, err := d.o.Store.UnmailedAlerts(ctx, 0)
	if err != nil || len(alerts) == 0 {
		return false, err
	}
	var names map[string]mediawatch.Names
	if d.o.Names != nil {
		names = d.o.Names()
	}
	now := d.o.Now()
	delivered := 0
	var errs []error
	for _, r := range d.o.To {
		m := mailer{lang: r.Lang, office: d.o.Office, base: d.o.PublicURL, every: d.o.Every, loc: d.o.Location, names: names,
			explain: d.o.ExplainError}
		subject, text := m.compose(alerts)
		if err := d.o.Mail(ctx, []string{r.Address}, subject, text); err != nil {
			errs = append(errs, fmt.Errorf("to %s: %w", r.Address, err))
			continue
		}
		delivered++
	}
	if delivered == 0 {
		return false, errors.Join(errs...)
	}
	ids := make([]string, len(alerts))
	for i, a := range alerts {
		ids[i] = a.ID
	}
	if err := d.o.Store.MarkAlertsMailed(context.WithoutCancel(ctx), ids, now); err != nil {
		errs = append(errs, err)
	}
	d.log.Info("alerts mailed", "alerts", len(alerts), "recipients", delivered)
	return true, errors.Join(errs...)
}
