package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"mediawatch"
	"mediawatch/config"
	"mediawatch/desk"
	"mediawatch/report"
	"mediawatch/rules"
	"mediawatch/store"
)

// ReportCmd is `mediawatch report`.
type ReportCmd struct {
	DataFlag
	Date   string `help:"The local day to report, YYYY-MM-DD (default: yesterday in the configured time zone)." placeholder:"YYYY-MM-DD"`
	Format string `help:"html, md, csv or json." default:"html"`
	Out    string `help:"Write the report to this file (default: standard output)." type:"path" placeholder:"FILE"`
	Lang   string `help:"The report's language, vi or en (default from config: report.lang)."`
}

// Run writes one day's report. It opens the store only, not the search
// index, so that it runs beside a serving mediawatch, which holds the index.
func (c *ReportCmd) Run(g *globals) error {
	cfg, err := g.loadConfig(c.Data)
	if err != nil {
		return err
	}
	log := g.logger(cfg)
	f, err := report.ParseFormat(c.Format)
	if err != nil {
		return err
	}
	date := c.Date
	if date == "" {
		date = yesterday(time.Now(), cfg.Location())
	}
	if err := checkReportDate(g.t, date, cfg.Location()); err != nil {
		return err
	}
	db, err := openStore(g.ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	b := newReportBuilder(db, cfg, orElse(c.Lang, cfg.Report.Lang), time.Now, fileRuleNames(cfg.Rules.Dir, log))
	b.RuleHints = fileRuleHints(cfg.Rules.Dir)
	b.SourceHealth = reportSourceHealth(db, cfg, time.Now)
	b.ExplainError = explainError
	d, err := b.Build(g.ctx, date)
	if err != nil {
		return err
	}
	if c.Out == "" {
		return report.Write(g.stdout, d, f)
	}
	if err := writeReportFile(c.Out, d, f); err != nil {
		return err
	}
	fmt.Fprintln(g.stderr, g.t.f(msgReportWritten, d.Date, f, c.Out, d.Totals.Items, d.Totals.FlaggedItems))
	return nil
}

// writeReportFile writes d to path whole or not at all.
func writeReportFile(path string, d *report.Daily, f report.Format) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".report-*")
	if err != nil {
		return fmt.Errorf("report file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := report.Write(tmp, d, f); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("report file %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("report file: %w", err)
	}
	return nil
}

// yesterday is the local day before now's in loc, YYYY-MM-DD.
func yesterday(now time.Time, loc *time.Location) string {
	y, m, d := now.In(loc).Date()
	return time.Date(y, m, d-1, 12, 0, 0, 0, time.UTC).Format(report.DateLayout)
}

// newReportBuilder builds reports in lang ("" means config's report.lang)
// from the store, in the configured zone, on the clock now.
func newReportBuilder(db *store.DB, cfg config.Config, lang string, now func() time.Time,
	names func() map[string]mediawatch.Names) *report.Builder {
	return &report.Builder{Source: db, Loc: cfg.Location(), Lang: orElse(lang, cfg.Report.Lang),
		Now: now, RuleNames: names, SourceNames: storedSourceNames(db, cfg.SourceList()),
		Office: report.Office{Name: cfg.Office.Name, Province: cfg.Office.Province}}
}

// storedSourceNames gives the outlets' display names by slug as the store
// has them — whoever configured the sources (sources.yaml, the demo) — read
// at each call, so a renamed outlet shows at once; the configured names
// stand in when the store cannot answer.
func storedSourceNames(db *store.DB, configured []mediawatch.Source) func() map[string]string {
	fallback := sourceNames(configured)
	return func() map[string]string {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srcs, err := db.Sources(ctx)
		if err != nil {
			return fallback()
		}
		return sourceNames(srcs)()
	}
}

// sourceNames gives the report the outlets' display names by slug.
func sourceNames(sources []mediawatch.Source) func() map[string]string {
	m := make(map[string]string, len(sources))
	for _, s := range sources {
		if s.DisplayName != "" {
			m[s.Name] = s.DisplayName
		}
	}
	return func() map[string]string { return m }
}

// fileRuleNames names rules from the rule files in dir, read once; a set
// that does not load leaves rules shown by id, with a warning.
func fileRuleNames(dir string, log *slog.Logger) func() map[string]mediawatch.Names {
	set, err := rules.LoadDir(dir, time.Now)
	if err != nil {
		log.Warn("rules not loaded: the report shows rule ids without names", "dir", dir, "err", err)
		return nil
	}
	names := ruleNameMap(set.Rules)
	return func() map[string]mediawatch.Names { return names }
}

// fileRuleHints gives the report the response hints of the rule files in
// dir; a set that does not load gives none (fileRuleNames has warned).
func fileRuleHints(dir string) func() map[string]string {
	set, err := rules.LoadDir(dir, time.Now)
	if err != nil {
		return nil
	}
	hints := ruleHintMap(set.Rules)
	return func() map[string]string { return hints }
}

func ruleHintMap(rs []mediawatch.Rule) map[string]string {
	m := make(map[string]string, len(rs))
	for _, r := range rs {
		if r.ResponseHint != "" {
			m[r.ID] = r.ResponseHint
		}
	}
	return m
}

// ruleHints gives the running rule set's response hints (none before it
// loads).
func (a *app) ruleHints() map[string]string {
	e := a.rules.Engine()
	if e == nil {
		return nil
	}
	return ruleHintMap(e.Rules())
}

func ruleNameMap(rs []mediawatch.Rule) map[string]mediawatch.Names {
	m := make(map[string]mediawatch.Names, len(rs))
	for _, r := range rs {
		m[r.ID] = r.Name
	}
	return m
}

// ruleNames names rules from the running rule set (nil before it loads).
func (a *app) ruleNames() map[string]mediawatch.Names {
	e := a.rules.Engine()
	if e == nil {
		return nil
	}
	return ruleNameMap(e.Rules())
}

// reportBuilder is the service's builder: the running rules' names and
// response hints.
func (a *app) reportBuilder(now func() time.Time) *report.Builder {
	b := newReportBuilder(a.db, a.cfg, "", now, a.ruleNames)
	b.RuleHints = a.ruleHints
	b.SourceHealth = reportSourceHealth(a.db, a.cfg, now)
	b.ExplainError = explainError
	return b
}

// reportsDir is where the scheduled reports are kept in a data directory.
func reportsDir(dataDir string) string { return filepath.Join(dataDir, "reports") }

// startReports runs the daily report in the background until ctx ends:
// at report.at in the configured zone it makes the day before's report
// into <data_dir>/reports/ in every format, e-mails it when report.mail.host
// is set, and on start makes up a report missed while mediawatch was down.
// wait blocks until the scheduler has stopped (after ctx ends).
func (a *app) startReports(ctx context.Context) (wait func()) {
	return a.startReportsWith(ctx, time.Now, 0)
}

// startReportsWith is startReports on the clock now, reading it every
// every (a minute when 0).
func (a *app) startReportsWith(ctx context.Context, now func() time.Time, every time.Duration) (wait func()) {
	log := a.log.With("component", "report")
	s, err := a.reportScheduler(now, log)
	if err != nil {
		log.Error("daily report not scheduled", "err", err)
		return func() {}
	}
	s.Every = every
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := s.Run(ctx); err != nil {
			log.Error("daily report scheduler stopped", "err", err)
		}
	})
	return wg.Wait
}

// reportMadeAction is the audit action that records, on a PostgreSQL
// store, the day a daily report was made for.
const reportMadeAction = "report.made"

// reportScheduler wires the builder, archive, mailer and scheduler: its
// Produce is desk's ProduceReport, the same use case the reports page's
// "send again" calls.
func (a *app) reportScheduler(now func() time.Time, log *slog.Logger) (*report.Scheduler, error) {
	send, err := a.reportSending(log)
	if err != nil {
		return nil, err
	}
	d := desk.New(desk.Deps{Store: a.db, Reports: a.reportBuilder(now), Send: send,
		Logger: log}, desk.Options{Location: a.cfg.Location(), Now: now})
	last, err := send.Archive.LastDone()
	if err != nil {
		return nil, err
	}
	produce := d.ProduceReport
	if a.db.Node() != "" {
		// Several nodes share a PostgreSQL store and each keeps its own
		// archive: the store's audit log says which day was last made, on
		// whichever node, so that a node that takes over makes and mails
		// each day once.
		made, err := a.db.Audit(context.Background(), store.AuditFilter{Action: reportMadeAction, Limit: 1})
		if err != nil {
			return nil, err
		}
		if len(made) > 0 && made[0].Target > last {
			last = made[0].Target
		}
		produce = func(ctx context.Context, date string) error {
			if err := d.ProduceReport(ctx, date); err != nil {
				return err
			}
			auditSystem(ctx, a.db, log, reportMadeAction, date, "node "+a.db.Node())
			return nil
		}
	}
	return &report.Scheduler{At: a.cfg.Report.At, Loc: a.cfg.Location(), Now: now, Produce: produce,
		LastDone: last, Logger: log}, nil
}

// reportSending is where the daily reports are kept (<data_dir>/reports)
// and, when report.mail.host is set, the mailer that sends them with the
// flagged items' CSV attached.
func (a *app) reportSending(log *slog.Logger) (desk.ReportSending, error) {
	send := desk.ReportSending{Archive: report.Archive{Dir: reportsDir(a.cfg.DataDir)}}
	if m := a.cfg.Report.Mail; m.Host != "" {
		mailer, err := report.NewMailer(report.MailConfig{Host: m.Host, Port: m.Port, Username: m.Username,
			Password: m.Password, From: m.From, To: m.To, TLS: m.TLS, Timeout: m.Timeout, Retries: m.Retries,
			AttachCSV: true}, log)
		if err != nil {
			return desk.ReportSending{}, err
		}
		send.Mailer = mailer
	}
	return send, nil
}
