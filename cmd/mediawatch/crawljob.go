package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"reflect"

	"mediawatch"
	"mediawatch/crawler"
)

func init() {
	addJobs(map[string]indexJob{"crawl": {run: crawlJob}})
}

// liveCrawl is a service's crawler and the sources it crawls on schedule.
type liveCrawl struct {
	cr      *crawler.Crawler
	sources []mediawatch.Source
}

// crawlParams are the options of `crawl --once` sent to a service.
type crawlParams struct {
	Source string `json:"source"`
}

// crawlResult is what one crawl of the sources did.
type crawlResult struct {
	Stats crawler.Stats `json:"stats"`
	Fails int           `json:"fails"` // sources that failed
}

// crawlJob crawls the sources (or the one named) once with the service's
// own crawler, so that politeness per host is kept across both; a source
// the schedule is crawling at the moment is crawled again, which the store
// makes harmless (unchanged pages are skipped, copies are duplicates).
func crawlJob(ctx context.Context, a *app, in jobInput) (any, error) {
	var p crawlParams
	if err := json.Unmarshal(in.params, &p); err != nil {
		return nil, err
	}
	live := a.crawl.Load()
	if live == nil {
		return nil, &userError{key: msgJobNotCrawling}
	}
	var sources []mediawatch.Source
	for _, s := range live.sources {
		if p.Source == "" || s.Name == p.Source {
			sources = append(sources, s)
		}
	}
	switch {
	case len(sources) == 0 && p.Source == "":
		return nil, &userError{key: msgJobNoSourceToCrawl}
	case len(sources) == 0:
		return nil, &userError{key: msgJobNoSuchSource, args: []any{p.Source}, cause: mediawatch.ErrNotFound}
	}
	report := newCrawlReport(io.Discard, a.log, textsFor("en"))
	err := a.scheduler(live.cr, report).RunOnce(ctx, sources)
	report.mu.Lock()
	res := crawlResult{Stats: report.total, Fails: report.fails}
	report.mu.Unlock()
	return res, err
}

// crawlThroughService runs `crawl --once` inside the service that holds
// the data directory and prints the summary a crawl here would print.
func (c *CrawlCmd) crawlThroughService(g *globals) error {
	var res crawlResult
	err := g.runJob(c.Data, "crawl", connectOptions{}, crawlParams{Source: c.Source}, nil, false, &res)
	if err != nil && reflect.DeepEqual(res, crawlResult{}) {
		return err
	}
	t := res.Stats
	fmt.Fprintln(g.stdout, g.t.f(msgCrawlSummary, t.Listed, t.Kept, t.Updated, t.Duplicates, t.NotMentioned, t.FeedOnly, t.Skipped, t.Errors, res.Fails))
	return err
}
