package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"mediawatch"
	"mediawatch/bench/internal/benchkit"
	"mediawatch/index"
	"mediawatch/query"
)

// engine is what the latency runs need of either index.
type engine interface {
	search(ctx context.Context, k kind, q string, recent time.Time) (uint64, error)
}

// kind is one query kind of the table.
type kind struct {
	name      string
	queries   []string
	facets    bool
	newest    bool
	recent    bool // restricted to the last 30 days
	highlight bool // mark the matches in each hit's title and text, as the API does
	deep      int  // ask for this page, reached by cursor (the cursors are taken before timing)
}

var kinds = []kind{
	{name: "term", queries: []string{"lũ", "tỉnh", "covid", "giao", "dân", "tinh", "government", "bóng"}},
	{name: "phrase (2 words)", queries: []string{`"Sơn La"`, `"giao thông"`, `"thủy điện"`, `"hoc sinh"`, `"bệnh viện"`, `"chính phủ"`, `"tai nạn"`, `"prime minister"`}},
	// The same 2-word phrases split by whether index/pairs.txt lists their
	// folded pair (one pair-term lookup) or not (positional), with more of
	// each; the last kind is the positional worst case: two of the most
	// frequent words, rarely adjacent (both among index/words.txt's
	// frequent words: one pair-term lookup since layout 4).
	{name: "phrase (2 words, pair listed)", queries: []string{`"giao thông"`, `"hoc sinh"`, `"bệnh viện"`, `"chính phủ"`, `"tai nạn"`, `"prime minister"`, `"Hà Nội"`, `"thu tuong"`}},
	{name: "phrase (2 words, pair not listed)", queries: []string{`"Sơn La"`, `"thủy điện"`, `"sạt lở"`, `"lũ quét"`, `"ma túy"`, `"cháy rừng"`, `"biên phòng"`, `"lai chau"`}},
	{name: "phrase (2 frequent words, not listed)", queries: []string{`"người được"`, `"không một"`, `"với không"`, `"nguoi cho"`}},
	// A frequent word and a word ranked about 200th, then about 500th, by
	// the number of the sample's documents that hold it, rarely adjacent
	// (in 11–16%, then 5–6% of the documents together): positional unless
	// index/words.txt holds both words, then read only where their gate
	// term is.
	{name: "phrase (frequent word + word ranked ~200)", queries: []string{`"điểm người"`, `"kiến không"`, `"rằng với"`, `"phuong duoc"`}},
	{name: "phrase (frequent word + word ranked ~500)", queries: []string{`"luật người"`, `"pha không"`, `"mong với"`, `"nhin cua"`}},
	{name: "phrase (3+ words)", queries: []string{`"tỉnh Sơn La"`, `"tai nạn giao thông"`, `"uy ban nhan dan"`, `"bộ y tế"`}},
	{name: "NEAR", queries: []string{`"thủy điện" NEAR/5 lũ`, `"giao thông" NEAR/5 "tai nạn"`, `"học sinh" NEAR/10 trường`, `dân ONEAR/3 tỉnh`}},
	{name: "prefix", queries: []string{"thủ*", "giao*", "benh*", "covid*", "minist*"}},
	{name: "term + facets", queries: []string{"lũ", "tỉnh", "covid", "giao", "dân", "tinh"}, facets: true},
	{name: "term, newest first", queries: []string{"lũ", "tỉnh", "covid", "giao", "dân", "tinh"}, newest: true},
	{name: "facets, last 30 days", queries: []string{"lũ", "tỉnh", "covid", "giao", "dân", "tinh"}, facets: true, recent: true},
	{name: "newest, last 30 days", queries: []string{"lũ", "tỉnh", "covid", "giao", "dân", "tinh"}, newest: true, recent: true},
	{name: "with highlights", queries: []string{`"Sơn La"`, "lũ", `"giao thông"`, "covid", `"hoc sinh"`, "tinh"}, facets: true, highlight: true},
	// Issue 14's additions. In the office's store every item mentions Sơn
	// La, so its first search matches everything; here every item has the
	// platform "news", a term in every document, and the search asks for
	// facets and the per-day chart over all of them, ranked and newest
	// first.
	{name: "matches everything + facets", queries: []string{"platform:news"}, facets: true, highlight: true},
	{name: "matches everything, newest + facets", queries: []string{"platform:news"}, facets: true, newest: true, highlight: true},
	// Page 50 (hits 981–1,000), reached by the cursor of page 49.
	{name: "deep page by cursor (50th)", queries: []string{"tỉnh", "tinh", "platform:news", `"giao thông"`, "thủ*", `"tai nạn giao thông"`}, deep: 50},
	{name: "deep page by cursor (50th), newest", queries: []string{"tỉnh", "tinh", "platform:news", `"giao thông"`, "thủ*", `"tai nạn giao thông"`}, deep: 50, newest: true},
}

// ours adapts package index; items stand in for the store the API reads
// a hit's text from.
type ours struct {
	x       *index.Index
	items   []mediawatch.Item
	cursors *sync.Map // kind and query → the cursor of the page before k.deep
}

func (o ours) search(ctx context.Context, k kind, q string, recent time.Time) (uint64, error) {
	n, err := query.Parse(q)
	if err != nil {
		return 0, err
	}
	req := index.Request{Size: 20, Facets: k.facets, Loc: ict}
	if k.newest {
		req.Sort = index.SortNewest
	}
	if k.recent {
		req.From = recent
	}
	if k.deep > 1 {
		if req.After, err = o.cursor(ctx, k, q, n, req); err != nil {
			return 0, err
		}
	}
	res, err := o.x.Search(ctx, n, req)
	if err != nil {
		return 0, err
	}
	if k.highlight {
		for _, h := range res.Hits {
			highlight(n, h.Title, o.items[h.ID-1].Text)
		}
	}
	return res.Total, nil
}

// cursor returns the cursor of page k.deep-1 of q, paging there once.
func (o ours) cursor(ctx context.Context, k kind, q string, n query.Node, req index.Request) (string, error) {
	key := k.name + "\x00" + q
	if c, ok := o.cursors.Load(key); ok {
		return c.(string), nil
	}
	for range k.deep - 1 {
		res, err := o.x.Search(ctx, n, req)
		if err != nil {
			return "", err
		}
		if res.Next == "" {
			return "", fmt.Errorf("%s: fewer than %d pages", q, k.deep)
		}
		req.After = res.Next
	}
	o.cursors.Store(key, req.After)
	return req.After, nil
}

// highlight finds the matches a result list marks in a hit: all of them in
// the title, and the first in the text, whose surroundings make the
// snippet (api.snippet's work, without the HTML).
func highlight(n query.Node, title, text string) int {
	spans := query.Highlights(n, query.FieldTitle, title)
	return len(spans) + len(query.Highlights(n, query.FieldText, text))
}

var ict = mustZone("Asia/Ho_Chi_Minh")

func mustZone(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		return time.FixedZone("ICT", 7*3600)
	}
	return l
}

// row is one line of the latency table.
type row struct {
	kind          string
	clients       int
	p50, p99, max time.Duration
	cpu           time.Duration // process CPU time per query
	hits          uint64
}

// latency runs each query of k reps times per client.
func latency(ctx context.Context, e engine, k kind, clients, reps int, recent time.Time) (row, error) {
	var mu sync.Mutex
	var lat []time.Duration
	var hits uint64
	var firstErr error
	var wg sync.WaitGroup
	cpu0 := benchkit.CPUTime()
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range reps {
				q := k.queries[(i+c)%len(k.queries)]
				start := time.Now()
				total, err := e.search(ctx, k, q, recent)
				d := time.Since(start)
				mu.Lock()
				lat = append(lat, d)
				hits += total
				if err != nil && firstErr == nil {
					firstErr = fmt.Errorf("%s: %w", q, err)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	cpu := (benchkit.CPUTime() - cpu0) / time.Duration(len(lat))
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	return row{kind: k.name, clients: clients, p50: pct(0.50), p99: pct(0.99), max: lat[len(lat)-1], cpu: cpu, hits: hits / uint64(len(lat))}, firstErr
}

// none stands in for raw bleve when it is not measured.
type none struct{}

func (none) search(context.Context, kind, string, time.Time) (uint64, error) { return 0, errSkipped }

// errSkipped is none's answer.
var errSkipped = errors.New("not measured")

// measure prints the latency table: each chosen kind with one and two
// clients, ours and raw.
func measure(ctx context.Context, c config, engines []engine, recent time.Time) error {
	ours, raw := engines[0], engines[1]
	_, skipRaw := raw.(none)
	fmt.Println("| query | clients | ours p50 ms | ours p99 ms | ours max ms | ours CPU ms/query | raw p50 ms | raw p99 ms | avg total ours / raw |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
	var chosen []kind
	for _, k := range kinds {
		if c.kinds.MatchString(k.name) {
			chosen = append(chosen, k)
		}
	}
	for _, k := range chosen { // warm up: page cache, first-use allocations
		for _, q := range k.queries {
			ours.search(ctx, k, q, recent)
			raw.search(ctx, k, q, recent)
		}
	}
	stop, err := benchkit.CPUProfile(c.qProfile)
	if err != nil {
		return err
	}
	defer stop()
	for _, k := range chosen {
		for _, clients := range []int{1, 2} {
			o, err := latency(ctx, ours, k, clients, c.reps, recent)
			if err != nil {
				return err
			}
			rawP50, rawP99, rawHits := "–", "–", "–"
			if !skipRaw {
				rr, err := latency(ctx, raw, k, clients, c.reps, recent)
				if err != nil {
					return err
				}
				rawP50, rawP99, rawHits = ms(rr.p50), ms(rr.p99), fmt.Sprint(rr.hits)
			}
			fmt.Printf("| %s | %d | %s | %s | %s | %s | %s | %s | %d / %s |\n", k.name, clients, ms(o.p50), ms(o.p99), ms(o.max), ms(o.cpu), rawP50, rawP99, o.hits, rawHits)
		}
	}
	return nil
}
