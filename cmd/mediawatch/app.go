package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"mediawatch"
	"mediawatch/config"
	"mediawatch/crawler"
	"mediawatch/desk"
	"mediawatch/index"
	"mediawatch/ingest"
	"mediawatch/store"
	"mediawatch/textnorm"
)

// globals is what every command's Run receives.
type globals struct {
	ctx            context.Context
	configPath     string
	explicitConfig bool
	stdout, stderr io.Writer
	t              texts // the interface language, set by loadConfig
}

// loadConfig reads the configuration once, applying --data.
func (g *globals) loadConfig(data string) (config.Config, error) {
	cfg, err := config.Load(g.configPath, g.explicitConfig, os.LookupEnv)
	if err != nil {
		return cfg, err
	}
	if data != "" {
		cfg.DataDir = data
	}
	g.t = textsFor(cfg.UILang)
	return cfg, nil
}

// open loads the configuration (applying --data) and opens the app.
func (g *globals) open(data string) (*app, error) {
	cfg, err := g.loadConfig(data)
	if err != nil {
		return nil, err
	}
	a, err := openApp(g.ctx, cfg, g.logger(cfg))
	var held *heldError
	if errors.As(err, &held) {
		return nil, g.busy(cfg, held.holder)
	}
	if err != nil {
		return nil, err
	}
	if err := a.rebuildIndex(g.ctx); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

func (g *globals) logger(cfg config.Config) *slog.Logger {
	level := map[string]slog.Level{"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError}[cfg.Log.Level]
	opts := &slog.HandlerOptions{Level: level, ReplaceAttr: utcTime}
	if cfg.Log.Format == "json" {
		return slog.New(slog.NewJSONHandler(g.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(g.stderr, opts))
}

// utcTime writes every log line's time in UTC, whatever the machine's zone,
// so that lines from several machines and shipped logs sort as they are.
func utcTime(groups []string, a slog.Attr) slog.Attr {
	if a.Key == slog.TimeKey && len(groups) == 0 && a.Value.Kind() == slog.KindTime {
		a.Value = slog.TimeValue(a.Value.Time().UTC())
	}
	return a
}

// countBar is the progress bar of a command that works through total
// items, drawn on w.
func countBar(w io.Writer, total int, desc string) *progressbar.ProgressBar {
	return progressbar.NewOptions(total, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionClearOnFinish())
}

// isTerminal reports whether w is an interactive terminal (progress bars
// only there; log lines otherwise).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// app is the wired program: store, index, pipeline, fetcher and crawler.
type app struct {
	cfg      config.Config
	log      *slog.Logger
	db       *store.DB
	idx      *index.Index
	pipeline *ingest.Pipeline
	fetcher  *crawler.Fetcher
	metrics  *metrics
	rules    *desk.Rulebook // loaded by loadRules
	audit    *desk.Audit    // the audit log every part of the app records in
	lock     *dataLock      // the data directory's (lock.go)
	jobs     sync.Mutex     // held by the index job running (socket.go)
	desk     struct {       // the one Desk both faces call (desk.go)
		once sync.Once
		d    *desk.Desk
	}
	crawl atomic.Pointer[liveCrawl] // serve's and demo's, for crawl jobs (crawljob.go)
	// notify, when set (before crawling starts), hears of every new flag:
	// the webhook.
	notify func(mediawatch.Item, []mediawatch.Flag)
	// alerter, when set (serve and demo, before crawling starts), takes
	// the alerts that do not wait for the morning report: flags, spikes,
	// sources gone silent, failing or recovered. nil: none are sent.
	alerter mediawatch.Alerter
	// inStep says the index was known in step with the store in this
	// process (a reconcile ran, or the sync mark was valid), indexFailed
	// that an index write failed since: the sync mark is written at close
	// only with the first and without the second (synced.go).
	inStep, indexFailed atomic.Bool
	// On a PostgreSQL store (follow.go): waiting is set while another
	// node runs the once-only jobs (leads); following while this node
	// follows the change sequence, cursor its place in it.
	waiting   atomic.Bool
	following bool
	followMu  sync.Mutex
	cursor    int64
	rulesSeen int64 // the newest rule set of the store this node took or published (sharerules.go)
}

// flagged counts new flags by severity and passes them to notify.
func (a *app) flagged(it mediawatch.Item, flags []mediawatch.Flag) {
	for _, f := range flags {
		a.metrics.flags.WithLabelValues(string(f.Severity)).Inc()
	}
	if a.notify != nil {
		a.notify(it, flags)
	}
}

// indexDir is where the search index lives in a data directory.
func indexDir(dataDir string) string { return filepath.Join(dataDir, "index") }

var _ crawler.State = (*store.DB)(nil)

// openApp opens the data directory and wires the parts. Close releases them.
func openApp(ctx context.Context, cfg config.Config, log *slog.Logger) (*app, error) {
	return openAppAt(ctx, cfg, log, time.Now)
}

// openAppAt is openApp with the clock ingest stamps items, flags and
// stories by: the tests pin it.
func openAppAt(ctx context.Context, cfg config.Config, log *slog.Logger, now func() time.Time) (*app, error) {
	lock, err := lockData(cfg.DataDir, commandName()) // before bleve, which would wait on its own lock
	if err != nil {
		return nil, err
	}
	a, err := openAppLocked(ctx, cfg, log, now)
	if err != nil {
		lock.Release()
		return nil, err
	}
	a.lock = lock
	return a, nil
}

// openAppLocked opens the data directory whose lock the caller holds.
func openAppLocked(ctx context.Context, cfg config.Config, log *slog.Logger, now func() time.Time) (*app, error) {
	if err := removeLeftovers(cfg.DataDir); err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	db, err := openStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	waiting := false
	if err := db.ClaimSole(ctx, claimName(commandName())); err != nil {
		// serve waits for the once-only jobs, crawling its share and
		// serving meanwhile (follow.go); the other commands that ingest
		// are refused.
		if errors.Is(err, store.ErrStoreInUse) && ctx.Value(waitForStoreKey{}) != nil {
			waiting = true
			log.Info("another node runs this store's once-only jobs (daily report, retention, checks): this node "+
				"crawls its share of the sources, serves, follows the others' changes, and takes the jobs over "+
				"when that node stops", "holder", err.Error())
		} else {
			db.Close()
			if errors.Is(err, store.ErrStoreInUse) {
				return nil, &refusedError{textsFor(cfg.UILang).f(msgStoreInUse, storeName(cfg), err), err}
			}
			return nil, err
		}
	}
	watch, err := textnorm.NewWatchlist(cfg.Watch)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("watch list: %w", err)
	}
	idx, err := openIndex(ctx, cfg, db, log) // damaged: moved aside; another store's: refused
	if err != nil {
		db.Close()
		return nil, err
	}
	a := &app{cfg: cfg, log: log, db: db, idx: idx}
	a.waiting.Store(waiting)
	a.metrics = newMetrics(a)
	a.pipeline = ingest.New(db, watch, now, log).WithIndex(a.counting(), db)
	if err := a.pipeline.WithStories(ctx, db, cfg.StoryParams()); err != nil {
		idx.Close()
		db.Close()
		return nil, err
	}
	a.pipeline.OnFlags(a.flagged)
	a.rules = desk.NewRulebook(cfg.Rules.Dir, a.pipeline.SetRules, nil, log)
	a.audit = &desk.Audit{Store: db, Log: log}
	var started atomic.Bool
	a.rules.OnLoad = func(ok bool, enabled int) {
		a.metrics.rulesLoaded(ok, enabled)
		// Every set taken or refused after the one a process starts with,
		// whoever caused it (a file edited on disk, a reload asked for, an
		// edit from the pages), is in the audit log as mediawatch's own
		// doing; a reload asked for is also there under the asker's name.
		if !started.Swap(true) {
			return
		}
		detail := fmt.Sprintf("%d rules enabled", enabled)
		action := "rules.loaded"
		if !ok {
			action, detail = "rules.refused", "refused: the active set stays"
		}
		a.audit.Record(context.WithoutCancel(ctx), mediawatch.Actor{Kind: mediawatch.ActorSystem, Name: "mediawatch"},
			action, cfg.Rules.Dir, detail)
	}
	return a, nil
}

// loadRules loads the rule directory for the commands that judge items. At
// start there is no running set to fall back on, so a set with any problem
// stops the command with every problem listed.
func (a *app) loadRules(ctx context.Context) error {
	if err := a.rules.Reload(ctx); err != nil {
		return &userError{key: msgErrRulesRefused, args: []any{a.cfg.Rules.Dir}, detail: err}
	}
	return nil
}

// reconcile indexes what the store has and the index lacks or holds at an
// older version: after a crash between a store commit and the index, or
// with an index deleted by hand. It reads every stored item unless the
// sync mark says the index is in step with the store (synced.go).
func (a *app) reconcile(ctx context.Context) error {
	if a.inSync(ctx) {
		a.log.Info("index in step with the store since the last clean stop: no reconcile needed")
		a.inStep.Store(true)
		return nil
	}
	n, err := ingest.Reconcile(ctx, a.db, a.counting(), nil)
	if n > 0 {
		a.log.Info("index reconciled with the store", "items", n)
	}
	if err == nil {
		a.inStep.Store(true)
	}
	return err
}

// crawler wires a fetcher and crawler for the configured politeness.
func (a *app) crawler(onEvent func(crawler.Event)) (*crawler.Crawler, error) {
	k := a.cfg.Crawler
	opts := fetchOptions(k)
	if a.db.Node() != "" {
		// Nodes on one PostgreSQL store take turns at each host.
		opts.Hosts = a.db
	}
	f, err := crawler.NewFetcher(opts, a.db, a.log)
	if err != nil {
		return nil, err
	}
	a.fetcher = f
	return crawler.New(f, a.pipeline, a.db, crawler.CrawlOptions{RevisitWindow: k.RevisitWindow, MaxLinks: k.MaxLinks,
		BackfillPages: zeroAsNone(k.BackfillPages), OnEvent: a.metrics.event(onEvent)}, a.log), nil
}

// Close flushes what is waiting for the index and releases everything.
func (a *app) Close() error {
	if a.fetcher != nil {
		a.fetcher.Close()
	}
	return errors.Join(a.closeIndex(), a.db.Close(), a.lock.Release())
}

// oneLine shortens s for a table cell.
func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > max {
		return string(r[:max-1]) + "…"
	}
	return s
}

// queueWeights are the configured weights of the response queue.
func queueWeights(cfg config.Config) desk.QueueWeights {
	q := cfg.Queue
	return desk.QueueWeights{Low: q.Low, Medium: q.Medium, High: q.High, Critical: q.Critical, HalfLife: q.HalfLife}
}
