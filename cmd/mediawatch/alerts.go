package main

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"mediawatch"
	"mediawatch/alert"
	"mediawatch/desk"
	"mediawatch/notify"
	"mediawatch/report"
)

// alertsDrain is how long stop waits for the mail loop on shutdown.
const alertsDrain = 5 * time.Second

// startAlerts builds the alert dispatcher over the store, the webhook's
// queue q (nil: none) and report.mail's server for alerts.mail.to, sets it
// as a.alerter, and starts the spike check every alerts.check_every (once
// at start, then on the ticker) until ctx ends. stop ends the check and
// the mail loop; the caller closes q afterwards, which delivers what is
// queued.
func (a *app) startAlerts(ctx context.Context, q *notify.Queue) (stop func(), err error) {
	log := a.log.With("component", "alerts")
	o := alert.Options{Store: a.db, Webhook: q, Every: time.Duration(a.cfg.Alerts.Mail.Every), Office: a.cfg.Office.Name,
		PublicURL: strings.TrimRight(a.cfg.Web.PublicURL, "/"), Names: a.rules.RuleNames, Location: a.cfg.Location(), Logger: a.log,
		ExplainError: explainError}
	if a.db.Node() != "" {
		o.MailHere = a.leads
	}
	if to := a.cfg.Alerts.Mail.To; len(to) > 0 {
		m := a.cfg.Report.Mail
		addrs := make([]string, len(to))
		for i, r := range to {
			addrs[i] = r.Address
			o.To = append(o.To, alert.Recipient{Address: r.Address, Lang: orElse(r.Lang, a.cfg.Report.Lang)})
		}
		mailer, err := report.NewMailer(report.MailConfig{Host: m.Host, Port: m.Port, Username: m.Username,
			Password: m.Password, From: m.From, To: addrs, TLS: m.TLS, Timeout: m.Timeout}, a.log)
		if err != nil { // the alerts still go to the store, the page and the webhook
			log.Error("alerts are not mailed: report.mail is not usable", "err", err)
			o.To = nil
		} else {
			o.Mail = mailer.SendTest
		}
	}
	d, err := alert.New(o)
	if err != nil {
		return nil, err
	}
	a.alerter = d
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.checkSpikesEvery(ctx, time.Duration(a.cfg.Alerts.CheckEvery), log)
	}()
	return func() {
		cancel()
		<-done
		c, cancelDrain := context.WithTimeout(context.WithoutCancel(ctx), alertsDrain)
		defer cancelDrain()
		if err := d.Close(c); err != nil {
			log.Warn("alert mail stopped before its loop ended", "err", err)
		}
	}, nil
}

// spikeChecker is the spike check over the store and index, with the
// watch terms and alerts.spike_* of config, raising through a.alerter.
func (a *app) spikeChecker() *desk.Spikes {
	k := a.cfg.Alerts
	return &desk.Spikes{Store: a.db, Index: a.idx, Terms: a.cfg.Watch, Alerter: a.alerter,
		Options: desk.SpikeOptions{K: k.SpikeK, Min: k.SpikeMin, Days: k.SpikeDays}}
}

// checkSpikesEvery runs the spike check now and every period until ctx
// ends. A failed check is logged; the next one tries again.
func (a *app) checkSpikesEvery(ctx context.Context, period time.Duration, log *slog.Logger) {
	t := time.NewTicker(max(period, time.Minute))
	defer t.Stop()
	for {
		if !a.leads() {
			// Another node of the store runs the checks.
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			continue
		}
		raised, err := a.spikeChecker().Check(ctx)
		if err != nil && ctx.Err() == nil {
			log.Error("spike check", "err", err)
		}
		if len(raised) > 0 {
			log.Info("spikes raised", "count", len(raised))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// AlertsCmd is `mediawatch alerts`: the alerts recorded, newest first. It
// reads the store alone, so it runs beside serve.
type AlertsCmd struct {
	DataFlag
	Since string `help:"Only alerts since this long ago (24h, 7d) or this local date (2026-03-01)." default:"24h" placeholder:"WHEN"`
	Kind  string `help:"Only this kind: flag, spike, source.silent, source.failing or source.recovered." placeholder:"K"`
	Limit int    `help:"At most this many alerts (up to 1000)." default:"100" placeholder:"N"`
	JSON  bool   `help:"Print JSON (the shape of GET /api/v1/alerts's alerts) instead of a table."`
}

// Run prints the alerts chosen.
func (c *AlertsCmd) Run(g *globals) error {
	db, cfg, err := g.openStore(c.Data)
	if err != nil {
		return err
	}
	defer db.Close()
	loc := cfg.Location()
	f := desk.AlertFilter{Kind: mediawatch.AlertKind(c.Kind), Limit: c.Limit}
	if f.Since, err = parseSince(c.Since, time.Now(), loc); err != nil {
		return &userError{key: msgAlertsBadSince, args: []any{c.Since}, cause: mediawatch.ErrInvalid}
	}
	if c.Kind != "" && !slices.Contains(desk.AlertKinds, f.Kind) {
		return &userError{key: msgAlertsBadKind, args: []any{c.Kind}, cause: mediawatch.ErrInvalid}
	}
	list, err := desk.New(desk.Deps{Store: db}, desk.Options{Location: loc}).Alerts(g.ctx, f)
	if err != nil {
		return err
	}
	if c.JSON {
		if list == nil {
			list = []desk.AlertView{}
		}
		return printJSON(g, list)
	}
	if len(list) == 0 {
		fmt.Fprintln(g.stdout, g.t.f(msgAlertsNone, c.Since))
		return nil
	}
	tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, g.t.f(msgAlertsHeader))
	base := strings.TrimRight(cfg.Web.PublicURL, "/")
	for _, v := range list {
		text := v.Text.EN
		if g.t.lang() == "vi" {
			text = v.Text.VI
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", v.At.In(loc).Format("2006-01-02 15:04"), v.Kind, text, base+v.Path)
	}
	return tw.Flush()
}
