package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"mediawatch"
	"mediawatch/alert"
	"mediawatch/demo"
	"mediawatch/desk"
	"mediawatch/ingest"
)

// demoClock is the ingest clock of the demo's app: the real time, except
// while the month of history is stored, when it reads each article's
// Seen — so that items, flags and stories are dated as if that month's
// crawls had found them then.
type demoClock struct{ at atomic.Pointer[time.Time] }

func (c *demoClock) now() time.Time {
	if t := c.at.Load(); t != nil {
		return *t
	}
	return time.Now()
}

func (c *demoClock) set(t time.Time) { c.at.Store(&t) }
func (c *demoClock) reset()          { c.at.Store(nil) }

// seedHistory stores the site's month of history through the ingest
// pipeline under a past clock (each article when the crawl of that day
// would have found it), the office's month of mediawatch before the demo:
// the health check's 28 days of item counts per outlet and the spike
// check's 14-day baseline per rule. Items already stored (a reused data
// directory) come back as duplicates, so a second run adds nothing.
func seedHistory(ctx context.Context, a *app, clock *demoClock, site *demo.Site, sources []mediawatch.Source) (int, error) {
	defer clock.reset()
	byName := map[string]mediawatch.Source{}
	for _, s := range sources {
		byName[s.Name] = s
	}
	hist := site.History()
	for _, h := range hist {
		clock.set(h.Seen)
		if _, err := a.pipeline.Ingest(ctx, byName[h.Source], h.Article); err != nil {
			return 0, fmt.Errorf("history %s: %w", h.Article.URL, err)
		}
	}
	return len(hist), a.pipeline.Flush(ctx)
}

// printDemoHistory says what seedHistory stored.
func printDemoHistory(out io.Writer, t texts, site *demo.Site, n int) {
	hist := site.History()
	if len(hist) == 0 {
		return
	}
	outlets := map[string]bool{}
	for _, h := range hist {
		outlets[h.Source] = true
	}
	fmt.Fprintf(out, "\n%s\n", t.f(msgDemoHistory, n, len(outlets), hist[0].Seen.Format("2006-01-02")))
}

// demoChecks runs the health check and the spike check once, as serve
// runs them on their periods, and says what happened with the channels:
// posts kept per platform, the rumour's story across platforms, the posts
// that joined a shared article's story, the silent outlet and its alert,
// the spikes.
func demoChecks(ctx context.Context, a *app, t texts, out io.Writer, site *demo.Site) error {
	fmt.Fprintf(out, "\n%s\n", t.f(msgDemoChecks))
	hc, herr := a.checkHealth(ctx)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	spikes, serr := a.spikeChecker().Check(ctx)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	names := a.rules.RuleNames()
	lang := t.lang()
	fmt.Fprintln(out, t.f(msgDemoChannels))
	found, err := demoFind(ctx, a, site)
	if err != nil {
		return err
	}
	printPostsKept(out, t, found)
	labels := map[string]string{}
	for _, src := range site.Sources() {
		labels[src.Name] = src.Label()
	}
	printRumour(out, t, found, names, labels)
	printShares(out, t, found)
	printSilent(out, t, hc)
	if len(spikes) == 0 {
		fmt.Fprintln(out, t.f(msgDemoNoSpike))
	}
	for _, sp := range spikes {
		fmt.Fprintln(out, t.f(msgDemoSpike, alert.Describe(lang, sp, names)))
	}
	// A check that failed is worth saying, not stopping the demo for.
	if err := errors.Join(herr, serr); err != nil {
		a.log.Warn("demo checks", "err", err)
	}
	return nil
}

// demoItem is an expectation of the site and the item stored for it.
type demoItem struct {
	e     demo.Expectation
	it    mediawatch.Item
	found bool
}

// demoFind looks up the stored item of every expectation of the site.
func demoFind(ctx context.Context, a *app, site *demo.Site) ([]demoItem, error) {
	var out []demoItem
	for _, e := range site.Expectations() {
		key, err := ingest.CanonicalURL(e.URL)
		if err != nil {
			return nil, err
		}
		it, err := a.db.ItemByURL(ctx, key)
		if err != nil && !errors.Is(err, mediawatch.ErrNotFound) {
			return nil, err
		}
		out = append(out, demoItem{e: e, it: it, found: err == nil})
	}
	return out, nil
}

var platformNames = map[string]string{"telegram": "Telegram", "youtube": "YouTube", "mastodon": "Mastodon",
	"bluesky": "Bluesky", "reddit": "Reddit"}

func printPostsKept(out io.Writer, t texts, found []demoItem) {
	kept := map[string]int{}
	for _, d := range found {
		if d.found && d.e.Platform != "" && d.e.Platform != string(mediawatch.PlatformNews) {
			kept[d.e.Platform]++
		}
	}
	var parts []string
	for _, p := range []string{"telegram", "youtube", "mastodon"} {
		parts = append(parts, fmt.Sprintf("%s %d", platformNames[p], kept[p]))
	}
	fmt.Fprintln(out, t.f(msgDemoPostsKept, strings.Join(parts, ", ")))
}

// printRumour follows the rumour from its first item to the press: one
// story or not, in the order the items were published.
func printRumour(out io.Writer, t texts, found []demoItem, names map[string]mediawatch.Names, labels map[string]string) {
	var items []demoItem
	rule := ""
	for _, d := range found {
		if d.e.Story == "rumour" {
			items = append(items, d)
			rule = d.e.Rule
		}
	}
	if len(items) == 0 {
		return
	}
	sort.Slice(items, func(i, j int) bool { return items[i].it.Published.Before(items[j].it.Published) })
	var steps []string
	stories, platforms := map[int64]bool{}, map[string]bool{}
	for _, d := range items {
		where := platformNames[d.e.Platform]
		if d.e.Platform == string(mediawatch.PlatformNews) {
			where = t.f(msgDemoNews, labels[d.e.Outlet])
		}
		step := t.f(msgDemoHoursAgo, where, int(time.Since(d.it.Published).Hours()))
		if !d.found {
			step = where + " —"
		}
		steps = append(steps, step)
		stories[d.it.StoryID] = d.found && d.it.StoryID != 0
		platforms[d.e.Platform] = true
	}
	if len(stories) == 1 && stories[items[0].it.StoryID] {
		fmt.Fprintln(out, t.f(msgDemoRumourOne, items[0].it.StoryID, len(platforms), alert.RuleName(t.lang(), rule, names),
			strings.Join(steps, " → ")))
		return
	}
	fmt.Fprintln(out, t.f(msgDemoRumourApart, strings.Join(steps, " → ")))
}

// printShares says, for each post sharing a demo article, whether it
// joined that article's story.
func printShares(out io.Writer, t texts, found []demoItem) {
	byURL := map[string]demoItem{}
	for _, d := range found {
		byURL[d.e.URL] = d
	}
	for _, d := range found {
		if d.e.Shares == "" || !d.found {
			continue
		}
		art := byURL[d.e.Shares]
		who := platformNames[d.e.Platform]
		if d.it.Account != nil {
			who += " " + d.it.Account.Label()
		}
		if art.found && art.it.StoryID != 0 && art.it.StoryID == d.it.StoryID {
			fmt.Fprintln(out, t.f(msgDemoShareJoined, who, oneLine(art.it.Title, 70), d.it.StoryID))
			continue
		}
		fmt.Fprintln(out, t.f(msgDemoShareApart, who, oneLine(art.e.Title, 70), d.it.StoryID, art.it.StoryID))
	}
}

// printSilent names each outlet the health check found silent, since when,
// and the alert it raised.
func printSilent(out io.Writer, t texts, hc desk.HealthCheck) {
	alerts := map[string]mediawatch.Alert{}
	for _, al := range hc.Alerts {
		if al.Source != nil {
			alerts[al.Source.Source] = al
		}
	}
	for _, r := range hc.Sources {
		if r.State != mediawatch.StateSilent {
			continue
		}
		days := 0
		if !r.NewestItem.IsZero() {
			days = int(time.Since(r.NewestItem).Hours() / 24)
		}
		fmt.Fprintln(out, t.f(msgDemoSilent, r.Label(), days, stateWord(t, r.State)))
		if al, ok := alerts[r.Name]; ok {
			fmt.Fprintln(out, t.f(msgDemoAlert, alert.Describe(t.lang(), al, nil)))
		} else {
			fmt.Fprintln(out, t.f(msgDemoNoAlert))
		}
	}
}
