// Command qtime prints each query's best-of-n wall time on an index built
// by bench/index (-dir), in four modes (relevance and newest first, each
// with and without facets and the per-day chart): the per-query view that
// bench/index's percentiles hide, for finding which query of a kind sets
// its p99.
//
//	go run ./bench/qtime -dir /tmp/bench1m lũ '"tỉnh Sơn La"' 'dân ONEAR/3 tỉnh'
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"regexp"
	"time"

	"mediawatch/bench/internal/benchkit"
	"mediawatch/index"
	"mediawatch/query"
)

func main() {
	dir := flag.String("dir", "", "index directory (bench/index -dir)")
	reps := flag.Int("n", 5, "runs per query and mode (the best is printed)")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the searches to this file")
	modes := flag.String("modes", "", "regular expression: only the modes it matches")
	flag.Parse()
	stop, err := benchkit.CPUProfile(*profile)
	if err == nil {
		err = run(*dir, *reps, regexp.MustCompile(*modes), flag.Args())
		stop()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench/qtime:", err)
		os.Exit(1)
	}
}

func run(dir string, reps int, modes *regexp.Regexp, queries []string) error {
	x, err := index.Open(dir, index.Options{})
	if err != nil {
		return err
	}
	defer x.Close()
	ctx := context.Background()
	for _, q := range queries {
		n, err := query.Parse(q)
		if err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
		for _, mode := range []struct {
			name   string
			sort   string
			facets bool
		}{{"relevance", index.SortRelevance, false}, {"relevance+facets", index.SortRelevance, true},
			{"newest", index.SortNewest, false}, {"newest+facets", index.SortNewest, true}} {
			if !modes.MatchString(mode.name) {
				continue
			}
			req := index.Request{Size: 20, Sort: mode.sort, Facets: mode.facets}
			best, total := time.Duration(1<<62), uint64(0)
			for range max(reps, 1) {
				start := time.Now()
				r, err := x.Search(ctx, n, req)
				if err != nil {
					return fmt.Errorf("%s: %w", q, err)
				}
				best, total = min(best, time.Since(start)), r.Total
			}
			fmt.Printf("%-32s %-17s %8d hits %7.1f ms\n", q, mode.name, total, float64(best.Microseconds())/1000)
		}
	}
	return nil
}
