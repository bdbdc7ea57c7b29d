package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/schollz/progressbar/v3"

	"mediawatch"
	"mediawatch/crawler"
)

// CrawlCmd is `mediawatch crawl`.
type CrawlCmd struct {
	DataFlag
	Once   bool   `help:"Crawl each source once and exit (without it, keep crawling on schedule until interrupted)."`
	Source string `help:"Crawl only the source with this name." placeholder:"NAME"`
}

// Run crawls. With --once beside a service, the service crawls
// (crawljob.go); without it, the service's schedule already does.
func (c *CrawlCmd) Run(g *globals) error {
	a, err := g.open(c.Data)
	var busy *busyError
	if c.Once && errors.As(err, &busy) && busy.holder.serves() {
		return c.crawlThroughService(g)
	}
	if err != nil {
		return err
	}
	defer a.Close()
	log := a.log
	sources, err := a.sources(g.ctx, c.Source)
	if err != nil {
		return err
	}
	if err := a.loadRules(g.ctx); err != nil {
		return err
	}
	if err := a.reconcile(g.ctx); err != nil {
		return err
	}
	report := newCrawlReport(g.stderr, log, g.t)
	cr, err := a.crawler(report.event)
	if err != nil {
		return err
	}
	sched := a.scheduler(cr, report)
	if !c.Once {
		log.Info("crawling on schedule; interrupt to stop", "sources", len(sources))
		return sched.Run(g.ctx, sources)
	}
	err = sched.RunOnce(g.ctx, sources)
	report.finish()
	fmt.Fprintln(g.stdout, report.summary())
	return err
}

// ServeCmd is `mediawatch serve`.
type ServeCmd struct {
	DataFlag
	Listen string `help:"Address for the HTTP API (default from config: 127.0.0.1:8080)." placeholder:"ADDR"`
}

// Run serves and crawls on schedule until SIGINT/SIGTERM, then waits for
// running crawls.
func (s *ServeCmd) Run(g *globals) error {
	ctx := g.ctx
	g.ctx = context.WithValue(ctx, waitForStoreKey{}, true) // another node leading: crawl and serve, wait for the jobs (follow.go)
	a, err := g.open(s.Data)
	g.ctx = ctx
	if err != nil {
		return err
	}
	defer a.Close()
	log := a.log
	sources, err := a.sources(g.ctx, "")
	if errors.Is(err, errNoSources) {
		log.Warn("no sources configured: serving the API over what is stored, crawling nothing")
	} else if err != nil {
		return err
	}
	if err := a.loadRules(g.ctx); err != nil {
		return err
	}
	if where, missing := rulesDirMissing(a.cfg.Rules.Dir); missing {
		log.Warn("rule directory not found: running with no rules", "rules_dir", a.cfg.Rules.Dir, "looked_in", where)
	}
	tlsConfig, err := a.serverTLS()
	if err != nil {
		return err
	}
	defer a.serveSocketOrWarn(g.ctx)()
	if err := a.followStart(g.ctx); err != nil {
		return err
	}
	if err := a.reconcile(g.ctx); err != nil {
		return err
	}
	// Ready only once the index holds what the other nodes stored too.
	if _, err := a.catchUp(g.ctx); err != nil {
		return err
	}
	// The goroutines end with runCtx: at a signal, or when Run returns
	// early with an error (stop runs before the deferred Wait).
	runCtx, stop := context.WithCancel(g.ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer stop()
	wg.Go(func() { a.follow(runCtx) })
	wg.Go(func() { a.shareRules(runCtx) })
	// On a PostgreSQL store every node crawls its share of the sources
	// (leases in the store); one runs the jobs that must run once. A node
	// that another one's claim keeps from them serves and crawls, and
	// takes them over when that node stops (follow.go).
	hook, stopHook := a.startWebhook(g.ctx)
	defer stopHook()
	a.notify = hook
	if a.waiting.Load() {
		wg.Go(func() {
			if err := a.waitForClaim(runCtx); err != nil {
				return
			}
			a.waiting.Store(false)
			log.Info("this node now runs the once-only jobs (daily report, retention, health and spike checks): the node that did stopped")
			a.startOnceJobs(runCtx, g.configPath)()
		})
	} else {
		defer a.startOnceJobs(g.ctx, g.configPath)()
	}
	report := newCrawlReport(io.Discard, log, g.t)
	cr, err := a.crawler(report.event)
	if err != nil {
		return err
	}
	a.crawl.Store(&liveCrawl{cr: cr, sources: sources})
	ln, hs, err := a.listenAPI(orElse(s.Listen, a.cfg.Listen))
	if err != nil {
		return err
	}
	hs.TLSConfig = tlsConfig
	fmt.Fprintln(g.stdout, listening(g.t, ln.Addr(), tlsConfig != nil))
	a.hintFirstKey(g)
	var httpErr error
	wg.Go(func() { httpErr = serveUntilDone(runCtx, ln, hs) })
	wg.Go(func() { a.rules.Watch(runCtx, a.cfg.Rules.Watch) })
	wg.Go(func() { a.reloadOnHangup(runCtx) })
	log.Info("serving", "sources", len(sources), "data", a.cfg.DataDir, "listen", ln.Addr().String())
	log.Info("crawling on schedule until interrupted", "sources", len(sources))
	err = a.scheduler(cr, report).Run(g.ctx, sources)
	wg.Wait()
	log.Info("stopped", "summary", report.summary())
	return errors.Join(err, httpErr)
}

// sources syncs the configured sources and watched accounts into the
// store and returns the enabled sources (or the one named).
func (a *app) sources(ctx context.Context, only string) ([]mediawatch.Source, error) {
	all := a.cfg.SourceList()
	if err := a.db.SyncSources(ctx, all); err != nil {
		return nil, err
	}
	if err := a.db.SetWatchedAccounts(ctx, watchedAccounts(a.cfg), channelSources(a.cfg)...); err != nil {
		return nil, err
	}
	var out []mediawatch.Source
	for _, s := range all {
		if only != "" && s.Name != only {
			continue
		}
		if only == "" && !s.Enabled {
			continue
		}
		out = append(out, s)
	}
	if only != "" && len(out) == 0 {
		return nil, &userError{key: msgErrNoSuchSource, args: []any{only}, cause: mediawatch.ErrNotFound}
	}
	if len(out) == 0 {
		return nil, errNoSources
	}
	return out, nil
}

var errNoSources = &userError{key: msgErrNoSources}

// scheduler runs the crawler under the health-keeping scheduler.
func (a *app) scheduler(cr *crawler.Crawler, report *crawlReport) *crawler.Scheduler {
	crawl := func(ctx context.Context, src mediawatch.Source) (crawler.Stats, error) {
		st, err := cr.Crawl(ctx, src)
		report.add(src.Name, st, err)
		// What this crawl stored becomes findable now, not at the next full batch.
		if ferr := a.pipeline.Flush(context.WithoutCancel(ctx)); ferr != nil {
			a.log.Warn("index", "err", ferr)
		}
		return st, err
	}
	opts := crawler.ScheduleOptions{MaxBackoff: a.cfg.Crawler.MaxBackoff}
	if a.db.Node() != "" {
		// Nodes on one PostgreSQL store share the sources.
		opts.Leases, opts.LeaseTTL = a.db, a.cfg.Store.Lease
	}
	return crawler.NewScheduler(a.db, crawl, opts, a.log)
}

// crawlReport shows progress (a bar on a terminal, log lines otherwise) and
// adds up per-source stats.
type crawlReport struct {
	mu    sync.Mutex
	bar   *progressbar.ProgressBar
	log   *slog.Logger
	total crawler.Stats
	fails int
	t     texts
}

func newCrawlReport(w io.Writer, log *slog.Logger, t texts) *crawlReport {
	r := &crawlReport{log: log, t: t}
	if isTerminal(w) {
		r.bar = progressbar.NewOptions(-1, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription("crawling"),
			progressbar.OptionShowCount(), progressbar.OptionSpinnerType(14), progressbar.OptionClearOnFinish())
	}
	return r
}

func (r *crawlReport) event(e crawler.Event) {
	if r.bar != nil {
		r.bar.Describe(fmt.Sprintf("%s: %s", e.Source, e.Outcome))
		if e.Outcome != "listed" {
			r.bar.Add(1)
		}
		return
	}
	r.log.Info("crawl", "source", e.Source, "outcome", e.Outcome, "url", e.URL, "detail", e.Detail)
}

func (r *crawlReport) add(source string, st crawler.Stats, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	t := &r.total
	t.Listed += st.Listed
	t.Kept += st.Kept
	t.Updated += st.Updated
	t.Duplicates += st.Duplicates
	t.NotMentioned += st.NotMentioned
	t.FeedOnly += st.FeedOnly
	t.Skipped += st.Skipped
	t.Errors += st.Errors
	if err != nil {
		r.fails++
		r.log.Warn("source failed", "source", source, "err", err)
	}
}

func (r *crawlReport) finish() {
	if r.bar != nil {
		r.bar.Finish()
	}
}

func (r *crawlReport) summary() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	t := r.total
	return r.t.f(msgCrawlSummary, t.Listed, t.Kept, t.Updated, t.Duplicates, t.NotMentioned, t.FeedOnly, t.Skipped, t.Errors, r.fails)
}

// reloadOnHangup reloads the rules on every SIGHUP until ctx ends, the
// Unix way of telling a daemon its files changed.
func (a *app) reloadOnHangup(ctx context.Context) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			a.log.Info("SIGHUP: reloading rules")
			_ = a.rules.Reload(ctx) // a refusal is logged and shown by the API
		}
	}
}
