package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"mediawatch/index"
	"mediawatch/ingest"
	"mediawatch/query"
)

// SearchCmd is `mediawatch search`.
type SearchCmd struct {
	DataFlag
	Query  string   `arg:"" help:"A query: words, \"phrases\", AND OR NOT -, NEAR/n, ONEAR/n, prefix*, title: text: source: lang: url: rule: severity:." placeholder:"QUERY"`
	JSON   bool     `help:"Print the result as JSON."`
	Count  bool     `help:"Print only the number of matches."`
	Sort   string   `help:"relevance, newest or oldest." enum:"relevance,newest,oldest" default:"relevance"`
	Size   int      `help:"Hits to show." default:"20"`
	From   string   `help:"Published on or after this local date (YYYY-MM-DD)." placeholder:"DATE"`
	To     string   `help:"Published on or before this local date (YYYY-MM-DD)." placeholder:"DATE"`
	Source []string `help:"Only these sources." placeholder:"NAME"`
	Lang   []string `help:"Only these languages." placeholder:"LANG"`
}

// Run answers from the same index and code as the API.
func (c *SearchCmd) Run(g *globals) error {
	a, err := g.open(c.Data)
	if err != nil {
		return err
	}
	defer a.Close()
	q, err := query.Parse(c.Query)
	if err != nil {
		return err
	}
	loc := a.cfg.Location()
	req := index.Request{Sort: c.Sort, Size: max(1, min(c.Size, 1000)), Sources: c.Source, Langs: c.Lang, Loc: loc}
	if req.From, err = localDay(c.From, loc, false); err != nil {
		return fmt.Errorf("--from: %w", err)
	}
	if req.To, err = localDay(c.To, loc, true); err != nil {
		return fmt.Errorf("--to: %w", err)
	}
	res, err := a.idx.Search(g.ctx, q, req)
	if err != nil {
		return err
	}
	switch {
	case c.Count:
		fmt.Fprintln(g.stdout, res.Total)
		return nil
	case c.JSON:
		enc := json.NewEncoder(g.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(res)
	}
	fmt.Fprintln(g.stdout, g.t.f(msgSearchTotal, res.Total, res.Took.Round(time.Millisecond)))
	tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	for _, h := range res.Hits {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", h.ID, when(h.Published, loc), h.Source, h.Lang, oneLine(h.Title, 90))
	}
	return tw.Flush()
}

// localDay reads YYYY-MM-DD as the first (or last) instant of that local day.
func localDay(s string, loc *time.Location, end bool) (time.Time, error) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, nil
	}
	d, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(s), loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("want a date YYYY-MM-DD, got %q", s)
	}
	if end {
		return d.AddDate(0, 0, 1).Add(-time.Nanosecond), nil
	}
	return d, nil
}

// ReindexCmd is `mediawatch reindex`.
type ReindexCmd struct {
	DataFlag
}

// Run rebuilds the index from the store: the store is the truth, the index
// is derived.
func (c *ReindexCmd) Run(g *globals) error {
	cfg, err := g.loadConfig(c.Data)
	if err != nil {
		return err
	}
	if err := os.RemoveAll(indexDir(cfg.DataDir)); err != nil {
		return err
	}
	a, err := openApp(g.ctx, cfg, g.logger(cfg))
	if err != nil {
		return err
	}
	defer a.Close()
	total, err := a.db.CountItems(g.ctx)
	if err != nil {
		return err
	}
	var progress func(int)
	if isTerminal(g.stderr) {
		bar := countBar(g.stderr, total, "reindex")
		defer bar.Finish()
		progress = func(n int) { bar.Set(n) }
	}
	start := time.Now()
	n, err := ingest.Reconcile(g.ctx, a.db, a.counting(), progress)
	if err != nil {
		return err
	}
	fmt.Fprintln(g.stdout, g.t.f(msgReindexed, n, time.Since(start).Round(time.Millisecond)))
	return nil
}
