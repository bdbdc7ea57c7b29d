// Command index measures package index on the shared corpora replicated to
// n items: ingest throughput, bytes per item on disk, and search latency
// (p50/p99) per query kind with one and two concurrent clients — and, in
// the same run, raw bleve with its standard analyzer on the same documents,
// so that the cost of our analysis shows as a ratio.
//
//	go run ./bench/index -data ../shared/data -n 150000
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"sync"
	"time"

	"mediawatch"
	"mediawatch/index"
	"mediawatch/query"
)

func main() {
	data := flag.String("data", "../shared/data", "directory with the corpus-*.jsonl samples")
	n := flag.Int("n", 150000, "items to index")
	batch := flag.Int("batch", 1000, "items per Put")
	reps := flag.Int("q", 100, "queries per kind and client count")
	months := flag.Int("months", 12, "months the items' dates are spread over")
	raw := flag.Bool("raw", true, "also measure raw bleve (standard analyzer)")
	oneShard := flag.Bool("one-shard", false, "one index instead of one per month")
	profile := flag.String("cpuprofile", "", "write a CPU profile of our ingest to this file")
	flag.Parse()
	cpuProfile = *profile
	if err := run(*data, *n, *batch, *reps, *months, *raw, *oneShard); err != nil {
		fmt.Fprintln(os.Stderr, "bench/index:", err)
		os.Exit(1)
	}
}

// doc is one line of the sample corpora.
type doc struct {
	Title, Summary, Body, Lang, Source, URL string
}

func load(dir string) ([]doc, error) {
	var out []doc
	for _, f := range []string{"corpus-vi-sample.jsonl", "corpus-en-sample.jsonl", "danes-items-sample.jsonl"} {
		fh, err := os.Open(filepath.Join(dir, f))
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for sc.Scan() {
			var d doc
			if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
				fh.Close()
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			out = append(out, d)
		}
		fh.Close()
		if err := sc.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// items replicates the samples to n items with distinct ids and dates
// spread evenly over months, oldest first, ending at end.
func items(base []doc, n, months int, end time.Time) []mediawatch.Item {
	out := make([]mediawatch.Item, n)
	span := end.Sub(end.AddDate(0, -months, 0))
	for i := range out {
		d := base[i%len(base)]
		url := d.URL
		if url == "" {
			url = "https://example.org/" + d.Source
		}
		pub := end.Add(-span + time.Duration(float64(span)*float64(i)/float64(n)))
		out[i] = mediawatch.Item{ID: int64(i + 1), Source: d.Source, Lang: d.Lang, URL: fmt.Sprintf("%s?r=%d", url, i),
			Title: d.Title, Text: d.Summary + "\n" + d.Body, Published: pub, FirstSeen: pub, Version: 1}
	}
	return out
}

// engine is what the latency runs need of either index.
type engine interface {
	search(ctx context.Context, k kind, q string, recent time.Time) (uint64, error)
}

// kind is one query kind of the table.
type kind struct {
	name    string
	queries []string
	facets  bool
	newest  bool
	recent  bool // restricted to the last 30 days
}

var kinds = []kind{
	{name: "term", queries: []string{"lũ", "tỉnh", "covid", "giao", "dân", "tinh", "government", "bóng"}},
	{name: "phrase (2 words)", queries: []string{`"Sơn La"`, `"giao thông"`, `"thủy điện"`, `"hoc sinh"`, `"bệnh viện"`, `"chính phủ"`, `"tai nạn"`, `"prime minister"`}},
	{name: "phrase (3+ words)", queries: []string{`"tỉnh Sơn La"`, `"tai nạn giao thông"`, `"uy ban nhan dan"`, `"bộ y tế"`}},
	{name: "NEAR", queries: []string{`"thủy điện" NEAR/5 lũ`, `"giao thông" NEAR/5 "tai nạn"`, `"học sinh" NEAR/10 trường`, `dân ONEAR/3 tỉnh`}},
	{name: "prefix", queries: []string{"thủ*", "giao*", "benh*", "covid*", "minist*"}},
	{name: "term + facets", queries: []string{"lũ", "tỉnh", "covid", "giao", "dân", "tinh"}, facets: true},
	{name: "term, newest first", queries: []string{"lũ", "tỉnh", "covid", "giao", "dân", "tinh"}, newest: true},
	{name: "facets, last 30 days", queries: []string{"lũ", "tỉnh", "covid", "giao", "dân", "tinh"}, facets: true, recent: true},
	{name: "newest, last 30 days", queries: []string{"lũ", "tỉnh", "covid", "giao", "dân", "tinh"}, newest: true, recent: true},
}

// ours adapts package index.
type ours struct{ x *index.Index }

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
	res, err := o.x.Search(ctx, n, req)
	if err != nil {
		return 0, err
	}
	return res.Total, nil
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
	hits          uint64
}

// latency runs each query of k reps times per client.
func latency(ctx context.Context, e engine, k kind, clients, reps int, recent time.Time) (row, error) {
	var mu sync.Mutex
	var lat []time.Duration
	var hits uint64
	var firstErr error
	var wg sync.WaitGroup
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
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	return row{kind: k.name, clients: clients, p50: pct(0.50), p99: pct(0.99), max: lat[len(lat)-1], hits: hits / uint64(len(lat))}, firstErr
}

// dirSize sums the sizes of the files under dir.
func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

var cpuProfile string

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }

func run(data string, n, batch, reps, months int, withRaw, oneShard bool) error {
	ctx := context.Background()
	base, err := load(data)
	if err != nil {
		return err
	}
	end := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	all := items(base, n, months, end)
	recent := end.AddDate(0, 0, -30)
	tmp, err := os.MkdirTemp("", "bench-index-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	fmt.Printf("n=%d items (%d samples replicated), batch %d, GOMAXPROCS %d, %s\n\n", n, len(base), batch, runtime.GOMAXPROCS(0), runtime.Version())

	dir := filepath.Join(tmp, "ours")
	x, err := index.Open(dir, index.Options{OneShard: oneShard})
	if err != nil {
		return err
	}
	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return err
		}
		pprof.StartCPUProfile(f)
	}
	start := time.Now()
	for i := 0; i < len(all); i += batch {
		if err := x.Put(ctx, all[i:min(len(all), i+batch)]); err != nil {
			return err
		}
	}
	oursRate := float64(n) / time.Since(start).Seconds()
	pprof.StopCPUProfile()
	if err := x.Close(); err != nil {
		return err
	}
	oursSize := float64(dirSize(dir)) / float64(n)
	if x, err = index.Open(dir, index.Options{OneShard: oneShard}); err != nil {
		return err
	}
	defer x.Close()
	var rawRate, rawSize float64
	var r *rawIndex
	if withRaw {
		rdir := filepath.Join(tmp, "raw")
		if rawRate, err = ingestRaw(rdir, all, batch); err != nil {
			return err
		}
		rawSize = float64(dirSize(rdir)) / float64(n)
		if r, err = openRaw(rdir); err != nil {
			return err
		}
		defer r.close()
	}
	fmt.Println("| ingest (analysis + index) | items/s | bytes/item on disk |")
	fmt.Println("|---|---:|---:|")
	fmt.Printf("| mediawatch index (monthly shards %v) | %.0f | %.0f |\n", !oneShard, oursRate, oursSize)
	if withRaw {
		fmt.Printf("| raw bleve, standard analyzer | %.0f | %.0f |\n", rawRate, rawSize)
		fmt.Printf("| ratio ours/raw | %.2f | %.2f |\n", oursRate/rawRate, oursSize/rawSize)
	}
	fmt.Println()
	fmt.Println("| query | clients | ours p50 ms | ours p99 ms | ours max ms | raw p50 ms | raw p99 ms | avg total ours / raw |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, k := range kinds { // warm up: page cache, first-use allocations
		for _, q := range k.queries {
			ours{x}.search(ctx, k, q, recent)
			if r != nil {
				r.search(ctx, k, q, recent)
			}
		}
	}
	for _, k := range kinds {
		for _, c := range []int{1, 2} {
			o, err := latency(ctx, ours{x}, k, c, reps, recent)
			if err != nil {
				return err
			}
			rawP50, rawP99, rawHits := "–", "–", "–"
			if r != nil {
				rr, err := latency(ctx, r, k, c, reps, recent)
				if err != nil {
					return err
				}
				rawP50, rawP99, rawHits = ms(rr.p50), ms(rr.p99), fmt.Sprint(rr.hits)
			}
			fmt.Printf("| %s | %d | %s | %s | %s | %s | %s | %d / %s |\n", k.name, c, ms(o.p50), ms(o.p99), ms(o.max), rawP50, rawP99, o.hits, rawHits)
		}
	}
	return nil
}
