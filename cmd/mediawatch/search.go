package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// SearchCmd is `mediawatch search`.
type SearchCmd struct {
	DataFlag
	Query  string   `arg:"" help:"A query: words, \"phrases\", AND OR NOT -, NEAR/n, ONEAR/n, prefix*, title: text: author: source: lang: url: platform: rule: severity:." placeholder:"QUERY"`
	JSON   bool     `help:"Print the API's answer (GET /api/v1/search) as it is."`
	Count  bool     `help:"Print only the number of matches."`
	Sort   string   `help:"relevance, newest or oldest." enum:"relevance,newest,oldest" default:"relevance"`
	Size   int      `help:"Hits to show (1–100)." default:"20"`
	From   string   `help:"Published on or after this local date (YYYY-MM-DD)." placeholder:"DATE"`
	To     string   `help:"Published on or before this local date (YYYY-MM-DD)." placeholder:"DATE"`
	Source []string `help:"Only these sources." placeholder:"NAME"`
	Lang   []string `help:"Only these languages." placeholder:"LANG"`
}

// Run asks the API's search route, in this process or in the running
// service (connect): --json prints its answer as it is.
func (c *SearchCmd) Run(g *globals) error {
	s, err := g.connect(c.Data, connectOptions{})
	if err != nil {
		return err
	}
	defer s.close()
	v := url.Values{"q": {c.Query}, "sort": {c.Sort}, "size": {strconv.Itoa(c.Size)}}
	if c.Count {
		v.Set("size", "1")
	}
	for name, val := range map[string]string{"from": c.From, "to": c.To} {
		if strings.TrimSpace(val) != "" {
			v.Set(name, strings.TrimSpace(val))
		}
	}
	v["source"], v["lang"] = c.Source, c.Lang
	status, body, err := s.get(g.ctx, "/api/v1/search?"+v.Encode())
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		return apiProblem(status, body)
	}
	if c.JSON && !c.Count {
		return writeBody(g, body)
	}
	var res searchAnswer
	if err := json.Unmarshal(body, &res); err != nil {
		return fmt.Errorf("search answer: %w", err)
	}
	if c.Count {
		fmt.Fprintln(g.stdout, res.Total)
		return nil
	}
	loc := s.cfg.Location()
	took := time.Duration(res.TookMS * float64(time.Millisecond))
	fmt.Fprintln(g.stdout, g.t.f(msgSearchTotal, res.Total, took.Round(time.Millisecond)))
	tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	for _, h := range res.Hits {
		published, _ := time.Parse(time.RFC3339Nano, h.Published)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", strings.Trim(string(h.ID), `"`), when(published, loc), h.Source, h.Lang,
			h.author(), oneLine(h.Title, 90))
	}
	return tw.Flush()
}

// searchAnswer is what the table and --count read of the API's answer:
// the id may be a number or a string and the time any RFC 3339 form.
type searchAnswer struct {
	Total  uint64            `json:"total"`
	TookMS float64           `json:"took_ms"`
	Hits   []searchAnswerHit `json:"hits"`
}

// searchAnswerHit is one hit of searchAnswer.
type searchAnswerHit struct {
	ID        json.RawMessage `json:"id"`
	Title     string          `json:"title"`
	Source    string          `json:"source"`
	Lang      string          `json:"lang"`
	Published string          `json:"published"`
	Platform  string          `json:"platform"`
	Account   *struct {
		Platform string `json:"platform"`
		Handle   string `json:"handle"`
	} `json:"account"`
}

// author is the table's author column: a post's account as
// platform:handle — what author: finds it by — or "-" for an article.
func (h searchAnswerHit) author() string {
	if h.Account == nil || h.Account.Handle == "" {
		return "-"
	}
	return oneLine(h.Account.Platform+":"+h.Account.Handle, 40)
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
// is derived. It builds beside the live index and swaps (reindexJob), here
// or inside the running service.
func (c *ReindexCmd) Run(g *globals) error {
	var res reindexResult
	if err := g.runJob(c.Data, "reindex", connectOptions{storeOnly: true}, struct{}{}, nil, false, &res); err != nil {
		return err
	}
	took := time.Duration(res.TookMS * float64(time.Millisecond))
	fmt.Fprintln(g.stdout, g.t.f(msgReindexed, res.Items, took.Round(time.Millisecond)))
	return nil
}
