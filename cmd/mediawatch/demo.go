package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mediawatch/config"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"mediawatch"
	"mediawatch/crawler"
	"mediawatch/demo"
	"mediawatch/desk"
	"mediawatch/report"
	"mediawatch/rules"
	"mediawatch/store"
)

// DemoCmd is `mediawatch demo`.
type DemoCmd struct {
	DataFlag
	Once   bool   `help:"Exit after the full crawl (the first edition and the update) instead of serving and crawling on schedule."`
	Listen string `help:"Address for the HTTP API (default from config: 127.0.0.1:8080)." placeholder:"ADDR"`
}

// Run starts the built-in site, crawls it twice (before and after it
// publishes an update), prints what was kept and skipped and why, then keeps
// crawling on schedule until interrupted.
func (d *DemoCmd) Run(g *globals) error {
	site, err := demo.Start()
	if err != nil {
		return fmt.Errorf("demo site: %w", err)
	}
	defer site.Close()
	dir := d.Data
	if dir == "" {
		if dir, err = os.MkdirTemp("", "mediawatch-demo-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	}
	return runDemo(g, site, dir, d.Once, d.Listen)
}

// runDemo crawls site into dataDir, then (unless once) serves the API on
// listen and keeps crawling; tests call it with a site they hold.
// demoConfig is the configuration the demo runs with: the loaded one,
// with politeness short enough for a local site and the starter pack of
// rules installed in the data directory.
func demoConfig(g *globals, dataDir string) (config.Config, error) {
	cfg, err := g.loadConfig(dataDir)
	if err != nil {
		return cfg, err
	}
	// Local and small: politeness stays on but short; the slow page must
	// time out well before it answers.
	cfg.Crawler.HostDelay = 200 * time.Millisecond
	cfg.Crawler.Timeout = 3 * time.Second
	cfg.Crawler.MaxRetries = 1
	cfg.Crawler.MaxRetryWait = 5 * time.Second
	// The starter pack, copied once into the data directory so that the
	// demo's user can edit a rule and watch it reload.
	cfg.Rules.Dir = filepath.Join(cfg.DataDir, "rules")
	if err := installExamples(cfg.Rules.Dir); err != nil {
		return cfg, err
	}
	return cfg, nil
}

func runDemo(g *globals, site *demo.Site, dataDir string, once bool, listen string) error {
	cfg, err := demoConfig(g, dataDir)
	if err != nil {
		return err
	}
	log := g.logger(cfg)
	clock := &demoClock{}
	a, err := openAppAt(g.ctx, cfg, log, clock.now)
	var held *heldError
	if errors.As(err, &held) {
		return g.busy(cfg, held.holder)
	}
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.loadRules(g.ctx); err != nil {
		return err
	}
	defer a.serveSocketOrWarn(g.ctx)()
	hook, stopHook := a.startWebhook(g.ctx)
	defer stopHook()
	a.notify = hook
	sources := site.Sources()
	if err := a.db.SyncSources(g.ctx, sources); err != nil {
		return err
	}
	// On a PostgreSQL store another node may share (follow.go): the demo
	// follows its changes and its rule set as serve does.
	if err := a.followStart(g.ctx); err != nil {
		return err
	}
	if err := a.reconcile(g.ctx); err != nil {
		return err
	}
	out := g.stdout
	t := g.t
	fmt.Fprintf(out, "%s\n\n", t.f(msgDemoHeader, cfg.DataDir))
	printOutlets(out, t, sources)
	seeded, err := seedHistory(g.ctx, a, clock, site, sources)
	if err != nil {
		return err
	}
	printDemoHistory(out, t, site, seeded)

	col := &demoCollector{t: t}
	cr, err := a.crawler(col.event)
	if err != nil {
		return err
	}
	a.crawl.Store(&liveCrawl{cr: cr, sources: sources})
	sched := a.scheduler(cr, newCrawlReport(io.Discard, log, t))
	for i, title := range []string{t.f(msgFirstCrawl), t.f(msgSecondCrawl)} {
		if i == 1 {
			site.Advance()
		}
		fmt.Fprintf(out, "\n== %s ==\n", title)
		start := time.Now()
		if err := sched.RunOnce(g.ctx, sources); err != nil && g.ctx.Err() == nil {
			fmt.Fprintln(out, t.f(msgSomeFailed, err))
		}
		if g.ctx.Err() != nil {
			return g.ctx.Err()
		}
		col.print(out, time.Since(start))
	}
	// The health check and the spike check once, as serve runs them on
	// their periods: states stored, alerts raised, metrics set.
	if err := demoChecks(g.ctx, a, t, out, site); err != nil {
		return err
	}
	n, err := a.db.CountItems(g.ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\n%s\n", t.f(msgStoreHolds, n))
	if err := (&SourcesListCmd{}).print(g, a.db, cfg.Location(), healthOptions(cfg.Health)); err != nil {
		return err
	}
	if err := printDemoFlags(g, a); err != nil {
		return err
	}
	if err := printDemoQueue(g, a); err != nil {
		return err
	}
	if err := writeDemoReport(g, a, sources); err != nil {
		return err
	}
	if once {
		return printDemoPeople(g, a, orElse(listen, cfg.Listen), false)
	}
	defer a.startReports(g.ctx)()
	defer a.startHealthChecks(g.ctx)()
	ln, hs, err := a.listenAPI(orElse(listen, cfg.Listen))
	if err != nil && listen == "" {
		// The default port is taken (another mediawatch?): a demo should
		// still run, so take any free port and say which.
		a.log.Warn("default address in use; using a free port", "address", cfg.Listen, "err", err)
		ln, hs, err = a.listenAPI("127.0.0.1:0")
	}
	if err != nil {
		return err
	}
	if err := printDemoKeys(g, a, ln.Addr().String()); err != nil {
		ln.Close()
		return err
	}
	if err := printDemoPeople(g, a, ln.Addr().String(), true); err != nil {
		ln.Close()
		return err
	}
	fmt.Fprintf(out, "\n%s\n", t.f(msgOnSchedule, sources[0].Interval))
	var wg sync.WaitGroup
	var httpErr error
	wg.Go(func() { httpErr = serveUntilDone(g.ctx, ln, hs) })
	wg.Go(func() { a.rules.Watch(g.ctx, a.cfg.Rules.Watch) })
	wg.Go(func() { a.follow(g.ctx) })
	wg.Go(func() { a.shareRules(g.ctx) })
	err = sched.Run(g.ctx, sources)
	wg.Wait()
	return errors.Join(err, httpErr)
}

// printDemoKeys creates a viewer and an admin key for this demo and prints
// them with URLs to try.
func printDemoKeys(g *globals, a *app, addr string) error {
	out := g.stdout
	fmt.Fprintf(out, "\n%s\n", g.t.f(msgListening, addr, addr))
	fmt.Fprintln(out, g.t.f(msgDemoKeys))
	var tokens []string
	stamp := time.Now().Format("20060102-150405")
	for _, role := range []mediawatch.Role{mediawatch.RoleViewer, mediawatch.RoleAdmin} {
		token, _, err := keysOver(a.db).CreateKey(g.ctx, cliActor(), "demo-"+string(role)+"-"+stamp, string(role))
		if err != nil {
			return err
		}
		tokens = append(tokens, token)
		fmt.Fprintf(out, "  %-7s %s\n", role, token)
	}
	fmt.Fprintf(out, "  curl -H 'Authorization: Bearer %s' 'http://%s/api/v1/search?q=%%22son+la%%22+AND+l%%C5%%A9&sort=newest'\n", tokens[0], addr)
	fmt.Fprintf(out, "  curl -H 'Authorization: Bearer %s' 'http://%s/api/v1/export?q=%%22S%%C6%%A1n+La%%22&format=csv'\n", tokens[0], addr)
	fmt.Fprintf(out, "  curl -H 'Authorization: Bearer %s' http://%s/api/v1/items/1\n", tokens[0], addr)
	fmt.Fprintf(out, "  curl -H 'Authorization: Bearer %s' 'http://%s/api/v1/flags?severity=critical'\n", tokens[0], addr)
	fmt.Fprintf(out, "  curl -H 'Authorization: Bearer %s' http://%s/api/v1/rules\n", tokens[0], addr)
	fmt.Fprintf(out, "  curl -H 'Authorization: Bearer %s' http://%s/api/v1/alerts\n", tokens[0], addr)
	fmt.Fprintf(out, "  curl -H 'Authorization: Bearer %s' 'http://%s/api/v1/search?q=platform%%3Atelegram+AND+%%22gi%%E1%%BA%%A5u+th%%C3%%B4ng+tin%%22'\n", tokens[0], addr)
	fmt.Fprintf(out, "  curl -H 'Authorization: Bearer %s' 'http://%s/api/v1/queue?lang=vi'\n", tokens[0], addr)
	fmt.Fprintf(out, "  curl -H 'Authorization: Bearer %s' 'http://%s/api/v1/reports/daily/%s?format=md'\n", tokens[0], addr,
		time.Now().In(a.cfg.Location()).Format(report.DateLayout))
	fmt.Fprintf(out, "  curl -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' -X POST -d '{\"query\":\"\\\"v\u1ee1 \u0111\u1eadp\\\"\"}' http://%s/api/v1/rules/test\n", tokens[1], addr)
	fmt.Fprintf(out, "  curl http://%s/api/v1/openapi.json\n", addr)
	return nil
}

func printOutlets(w io.Writer, t texts, sources []mediawatch.Source) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, t.f(msgDemoOutlets))
	for _, s := range sources {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.Name, s.Kind, s.Keep, s.URL)
	}
	tw.Flush()
}

// demoCollector gathers crawl events to print them grouped by outcome.
type demoCollector struct {
	mu     sync.Mutex
	events []crawler.Event
	t      texts
}

func (c *demoCollector) event(e crawler.Event) {
	if e.Outcome == "listed" {
		return
	}
	c.mu.Lock()
	c.events = append(c.events, e)
	c.mu.Unlock()
}

// outcomeTitles orders and names the groups the demo prints.
var outcomeTitles = []struct {
	outcome string
	title   msgKey
}{
	{"kept", msgKept},
	{"updated", msgUpdated},
	{"duplicate", msgDuplicate},
	{"not_mentioned", msgNotMentioned},
	{"disallowed", msgDisallowed},
	{"unchanged", msgUnchanged},
	{"seen", msgSeen},
	{"error", msgError},
}

// print writes the events gathered since the last print, then forgets them.
func (c *demoCollector) print(w io.Writer, took time.Duration) {
	c.mu.Lock()
	events := c.events
	c.events = nil
	c.mu.Unlock()
	groups := map[string][]crawler.Event{}
	for _, e := range events {
		groups[e.Outcome] = append(groups[e.Outcome], e)
	}
	for _, g := range outcomeTitles {
		es := groups[g.outcome]
		if len(es) == 0 {
			continue
		}
		sort.Slice(es, func(i, j int) bool { return es[i].Source+es[i].URL < es[j].Source+es[j].URL })
		fmt.Fprintf(w, "%s: %d\n", c.t.f(g.title), len(es))
		for _, e := range es {
			title := e.Title
			if title == "" {
				title = e.URL
			}
			line := fmt.Sprintf("  - [%s] %s", e.Source, oneLine(title, 80))
			if why := c.t.why(e); why != "" {
				line += " — " + oneLine(why, 100)
			}
			fmt.Fprintln(w, line)
		}
	}
	fmt.Fprintln(w, c.t.f(msgDecisions, len(events), took.Round(10*time.Millisecond)))
}

// installExamples copies the built-in starter pack into dir unless dir
// already exists (a reused --data keeps the user's edits).
func installExamples(dir string) error {
	if _, err := os.Stat(dir); err == nil {
		return nil
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	return fs.WalkDir(rules.Examples(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(rules.Examples(), path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, filepath.FromSlash(path)), data, 0o640)
	})
}

// printDemoFlags shows what the starter pack flagged — per rule, by its
// name and severity in the interface language, the flagged titles and the
// items its words match but its exclusions rightly left alone — and which
// rules flagged nothing.
func printDemoFlags(g *globals, a *app) error {
	page, err := a.db.Flags(g.ctx, store.FlagFilter{Size: store.MaxFlagPageSize})
	if err != nil {
		return err
	}
	out := g.stdout
	pack := a.rules.Engine().Rules()
	fmt.Fprintf(out, "\n%s\n", g.t.f(msgDemoFlags, page.Total, len(pack), a.cfg.Rules.Dir))
	byRule := map[string][]store.FlagView{}
	for _, f := range page.Flags {
		byRule[f.RuleID] = append(byRule[f.RuleID], f)
	}
	alone, err := leftAlone(g.ctx, a.db, pack)
	if err != nil {
		return err
	}
	names := ruleNameMap(pack)
	ids := make([]string, 0, len(byRule))
	for id := range byRule {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		printRuleFlags(out, g.t, inLang(g.t, names[id], id), id, byRule[id], alone[id])
	}
	quiet := quietRules(g.t, pack, byRule)
	switch {
	case len(ids) == 0:
		fmt.Fprintf(out, "  %s\n", g.t.f(msgDemoNoFlags))
	case len(quiet) > 0:
		fmt.Fprintf(out, "  %s\n", g.t.f(msgDemoRulesQuiet, strings.Join(quiet, "; ")))
	}
	return nil
}

// printDemoQueue shows the editors' queue: open flagged stories by
// priority, with the reasons in the interface language.
func printDemoQueue(g *globals, a *app) error {
	open, err := a.db.OpenStories(g.ctx)
	if err != nil {
		return err
	}
	queue := desk.Rank(a.queueWeights(), open, time.Now())
	fmt.Fprintf(g.stdout, "\n%s\n", g.t.f(msgDemoQueue, len(queue)))
	for i, e := range queue {
		var reasons []string
		for _, r := range e.Reasons {
			reasons = append(reasons, inLang(g.t, r, ""))
		}
		fmt.Fprintf(g.stdout, "  %d. [%s] %s\n     %s\n", i+1, decimal(g.t, e.Priority), oneLine(e.Story.Title, 90), strings.Join(reasons, "; "))
	}
	return nil
}

// writeDemoReport writes today's report (the demo's articles were all
// found today) as self-contained HTML into the data directory, the page
// the commission would receive at seven tomorrow.
func writeDemoReport(g *globals, a *app, sources []mediawatch.Source) error {
	loc := a.cfg.Location()
	date := time.Now().In(loc).Format(report.DateLayout)
	b := a.reportBuilder(time.Now)
	b.Lang, b.SourceNames = a.cfg.UILang, sourceNames(sources)
	d, err := b.Build(g.ctx, date)
	if err != nil {
		return err
	}
	dir := reportsDir(a.cfg.DataDir)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	path := filepath.Join(dir, "demo-"+date+".html")
	if err := writeReportFile(path, d, report.FormatHTML); err != nil {
		return err
	}
	fmt.Fprintf(g.stdout, "\n%s\n", g.t.f(msgReportWritten, date, report.FormatHTML, path, d.Totals.Items, d.Totals.FlaggedItems))
	return nil
}
