// Command crawl measures how fast mediawatch crawls the built-in demo site
// with politeness off (no per-host delay): listing, fetch, extraction, the
// watch filter and one store transaction per article, over real loopback
// HTTP. The slow page is cut at -timeout, which bounds the run's tail.
//
//	go run ./bench/crawl -runs 5
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"mediawatch"
	"mediawatch/bench/internal/benchkit"
	"mediawatch/crawler"
	"mediawatch/demo"
	"mediawatch/ingest"
	"mediawatch/store"
	"mediawatch/textnorm"
)

func main() {
	runs := flag.Int("runs", 5, "fresh crawls to time")
	timeout := flag.Duration("timeout", 100*time.Millisecond, "fetch timeout (the demo's slow page hits it once per run)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile here")
	flag.Parse()
	stop, err := benchkit.CPUProfile(*cpuprofile)
	if err != nil {
		log.Fatal(err)
	}
	defer stop()
	site, err := demo.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer site.Close()
	var rates []float64
	fmt.Println("| run | articles | kept | wall | articles/s |")
	fmt.Println("|---:|---:|---:|---:|---:|")
	for i := range *runs {
		n, kept, took, err := crawlOnce(site, *timeout)
		if err != nil {
			log.Fatal(err)
		}
		rate := float64(n) / took.Seconds()
		rates = append(rates, rate)
		fmt.Printf("| %d | %d | %d | %s | %.0f |\n", i+1, n, kept, took.Round(time.Millisecond), rate)
	}
	sort.Float64s(rates)
	fmt.Printf("\nmedian: %.0f articles/s\n", rates[len(rates)/2])
}

// crawlOnce crawls every demo outlet once into a fresh store.
func crawlOnce(site *demo.Site, timeout time.Duration) (articles, kept int, took time.Duration, err error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "mw-bench-crawl-")
	if err != nil {
		return 0, 0, 0, err
	}
	defer os.RemoveAll(dir)
	db, err := store.Open(ctx, filepath.Join(dir, "mw.db"))
	if err != nil {
		return 0, 0, 0, err
	}
	defer db.Close()
	watch, err := textnorm.NewWatchlist([]mediawatch.WatchTerm{{Term: "Sơn La"}, {Term: "Son La", Lang: "en"}})
	if err != nil {
		return 0, 0, 0, err
	}
	f, err := crawler.NewFetcher(crawler.Options{UserAgent: "mediawatch-bench (+http://127.0.0.1/)", HostDelay: -1,
		Concurrency: 8, Timeout: timeout, MaxRetries: -1}, db, nil)
	if err != nil {
		return 0, 0, 0, err
	}
	defer f.Close()
	cr := crawler.New(f, ingest.New(db, watch, nil, nil), db, crawler.CrawlOptions{}, nil)
	var mu sync.Mutex
	crawl := func(ctx context.Context, src mediawatch.Source) (crawler.Stats, error) {
		st, err := cr.Crawl(ctx, src)
		mu.Lock()
		defer mu.Unlock()
		articles += st.Kept + st.Updated + st.Duplicates + st.NotMentioned + st.Skipped + st.Errors
		kept += st.Kept
		return st, err
	}
	start := time.Now()
	// The scheduler crawls sources in parallel, as `mediawatch crawl --once` does.
	err = crawler.NewScheduler(db, crawl, crawler.ScheduleOptions{}, nil).RunOnce(ctx, site.Sources())
	return articles, kept, time.Since(start), err
}
