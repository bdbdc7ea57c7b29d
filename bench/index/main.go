// Command index measures package index on the shared corpora replicated to
// n items: ingest throughput (per second of wall time and per second of
// the process's CPU time, which other work on a shared machine disturbs
// less), bytes per item on disk, and search latency (p50/p99/max and CPU
// per query) per query kind with one and two concurrent clients — and, in
// the same run, raw bleve with its standard analyzer on the same
// documents, so that the cost of our analysis shows as a ratio.
//
//	go run ./bench/index -data ../shared/data -n 150000
//
// -dir keeps the index between runs (for profiling searches with
// -qprofile and -kinds without indexing again).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"

	"mediawatch"
	"mediawatch/bench/internal/benchkit"
	"mediawatch/index"
)

// config is what the flags ask for.
type config struct {
	data                      string
	n, batch, reps, months    int
	raw, oneShard             bool
	cpuProfile, qProfile, mem string
	dir                       string // an index to keep and reuse
	kinds                     *regexp.Regexp
}

func main() {
	var c config
	var kinds string
	flag.StringVar(&c.data, "data", "../shared/data", "directory with the corpus-*.jsonl samples")
	flag.IntVar(&c.n, "n", 150000, "items to index")
	flag.IntVar(&c.batch, "batch", 1000, "items per Put")
	flag.IntVar(&c.reps, "q", 100, "queries per kind and client count (0: ingest only)")
	flag.IntVar(&c.months, "months", 12, "months the items' dates are spread over")
	flag.BoolVar(&c.raw, "raw", true, "also measure raw bleve (standard analyzer)")
	flag.BoolVar(&c.oneShard, "one-shard", false, "one index instead of one per month")
	flag.StringVar(&c.cpuProfile, "cpuprofile", "", "write a CPU profile of our ingest to this file")
	flag.StringVar(&c.qProfile, "qprofile", "", "write a CPU profile of our searches to this file")
	flag.StringVar(&c.mem, "memprofile", "", "write an allocation profile of the whole run to this file")
	flag.StringVar(&c.dir, "dir", "", "index directory to keep (reused without ingest when it holds n items)")
	flag.StringVar(&kinds, "kinds", "", "regular expression: measure only the query kinds it matches")
	flag.Parse()
	c.kinds = regexp.MustCompile(kinds)
	if err := run(c); err != nil {
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
	for _, f := range benchkit.Samples {
		docs, err := benchkit.ReadJSONL[doc](filepath.Join(dir, f))
		if err != nil {
			return nil, err
		}
		out = append(out, docs...)
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

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }

func run(c config) error {
	n, batch, reps, withRaw, oneShard := c.n, c.batch, c.reps, c.raw, c.oneShard
	ctx := context.Background()
	base, err := load(c.data)
	if err != nil {
		return err
	}
	end := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	all := items(base, n, c.months, end)
	recent := end.AddDate(0, 0, -30)
	tmp, err := os.MkdirTemp("", "bench-index-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	fmt.Printf("n=%d items (%d samples replicated), batch %d, GOMAXPROCS %d, %s\n\n", n, len(base), batch, runtime.GOMAXPROCS(0), runtime.Version())

	dir := filepath.Join(tmp, "ours")
	if c.dir != "" {
		dir = c.dir
	}
	x, err := index.Open(dir, index.Options{OneShard: oneShard})
	if err != nil {
		return err
	}
	have, err := x.Count()
	if err != nil {
		return err
	}
	oursRate, oursCPU := 0.0, 0.0
	if have != uint64(n) {
		if oursRate, oursCPU, err = ingest(ctx, x, all, batch, c.cpuProfile); err != nil {
			return err
		}
	}
	if err := x.Close(); err != nil {
		return err
	}
	oursSize := float64(benchkit.DirSize(dir)) / float64(n)
	if x, err = index.Open(dir, index.Options{OneShard: oneShard}); err != nil {
		return err
	}
	defer x.Close()
	var rawRate, rawCPU, rawSize float64
	var r engine = none{}
	if withRaw {
		rdir := filepath.Join(tmp, "raw")
		if rawRate, rawCPU, err = ingestRaw(rdir, all, batch); err != nil {
			return err
		}
		rawSize = float64(benchkit.DirSize(rdir)) / float64(n)
		ri, err := openRaw(rdir, all)
		if err != nil {
			return err
		}
		defer ri.close()
		r = ri
	}
	fmt.Println("| ingest (analysis + index) | items/s | items per CPU-second | bytes/item on disk |")
	fmt.Println("|---|---:|---:|---:|")
	fmt.Printf("| mediawatch index (monthly shards %v) | %.0f | %.0f | %.0f |\n", !oneShard, oursRate, oursCPU, oursSize)
	if withRaw {
		fmt.Printf("| raw bleve, standard analyzer | %.0f | %.0f | %.0f |\n", rawRate, rawCPU, rawSize)
		fmt.Printf("| ratio ours/raw | %.2f | %.2f | %.2f |\n", oursRate/rawRate, oursCPU/rawCPU, oursSize/rawSize)
	}
	fmt.Println()
	if reps <= 0 {
		return nil
	}
	if err := measure(ctx, c, []engine{ours{x, all, &sync.Map{}}, r}, recent); err != nil {
		return err
	}
	if c.mem != "" {
		f, err := os.Create(c.mem)
		if err != nil {
			return err
		}
		defer f.Close()
		return pprof.Lookup("allocs").WriteTo(f, 0)
	}
	return nil
}

// ingest puts all items in batches and returns the rate, in items per
// second of wall time and per second of the process's CPU time.
func ingest(ctx context.Context, x *index.Index, all []mediawatch.Item, batch int, cpuProfile string) (rate, perCPU float64, err error) {
	stop, err := benchkit.CPUProfile(cpuProfile)
	if err != nil {
		return 0, 0, err
	}
	defer stop()
	start, cpu0 := time.Now(), benchkit.CPUTime()
	for i := 0; i < len(all); i += batch {
		if err := x.Put(ctx, all[i:min(len(all), i+batch)]); err != nil {
			return 0, 0, err
		}
	}
	n := float64(len(all))
	return n / time.Since(start).Seconds(), n / (benchkit.CPUTime() - cpu0).Seconds(), nil
}
