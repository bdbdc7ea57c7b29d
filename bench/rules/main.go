// Command rules measures the rules matcher on the shared corpora, on one
// core: throughput (MB/s of title and text, items/s, µs per item) with 10,
// 1,000 and 10,000 rules generated from the corpora's own words and
// phrases — some with NEAR, NOT, title: and prefixes — and, in the same
// run, a bare Aho-Corasick scan (DFA, overlapping) of the same text with the
// same terms — the floor the issue names — and one with only the phrases
// and prefixes, what an automaton kept for those alone would cost.
//
//	go run ./bench/rules -data ../shared/data
//
// Every figure is the lowest CPU time of passes that take turns, all rule
// counts' in each round, so that all are timed under the same conditions.
// With -check it also holds the engine to query.Matcher, rule by rule, on
// a sample of the items, at the largest rule count. With -spin D it only
// matches, with the largest rule count, for D, and prints the best pass:
// for profilers (-cpuprofile, perf, valgrind), and to compare two builds
// of the engine run after run.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"mediawatch"
	"mediawatch/bench/internal/benchkit"
	"mediawatch/rules"
	"mediawatch/textnorm"
)

func main() {
	data := flag.String("data", "../shared/data", "directory with the corpus-*.jsonl samples")
	counts := flag.String("rules", "10,1000,10000", "rule counts to measure, comma-separated")
	seed := flag.Uint64("seed", 1, "seed of the rule generator")
	minTime := flag.Duration("min-time", 10*time.Second, "measure at least this long, all rule counts taking turns")
	check := flag.Int("check", 0, "hold the engine to query.Matcher on this many items (0: skip)")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the matching to this file")
	spin := flag.Duration("spin", 0, "only match, with the largest rule count, for this long, and print the best pass (for profilers)")
	flag.Parse()
	runtime.GOMAXPROCS(1) // one core, as the issue asks
	ns, err := ruleCounts(*counts)
	if err == nil && *spin > 0 {
		err = spinOnly(*data, ns[len(ns)-1], *seed, *spin, *profile)
	} else if err == nil {
		err = run(*data, ns, *seed, *minTime, *check, *profile)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench/rules:", err)
		os.Exit(1)
	}
}

// ruleCounts parses -rules: positive counts, comma-separated.
func ruleCounts(counts string) ([]int, error) {
	var ns []int
	for _, s := range strings.Split(counts, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("bad -rules %q", counts)
		}
		ns = append(ns, n)
	}
	return ns, nil
}

func run(data string, ns []int, seed uint64, minTime time.Duration, check int, profile string) error {
	items, err := load(data)
	if err != nil {
		return err
	}
	maxN := ns[len(ns)-1]
	all := newGen(items, seed).rules(maxN)
	var bytes int64
	for _, it := range items {
		bytes += int64(len(it.Title) + len(it.Text))
	}
	fmt.Printf("%d items, %.1f MB of title and text; GOMAXPROCS=%d; rules generated with seed %d\n\n",
		len(items), float64(bytes)/1e6, runtime.GOMAXPROCS(0), seed)
	stop, err := benchkit.CPUProfile(profile)
	if err != nil {
		return err
	}
	defer stop()
	rows, err := measure(ns, all, items, bytes, minTime)
	if err != nil {
		return err
	}
	printTable(rows)
	if check > 0 {
		return agree(all, items[:min(check, len(items))])
	}
	return nil
}

// spinOnly matches every item with n rules, again and again for d,
// profiling only that if profile is set: what perf or pprof then sees is
// the engine alone.
func spinOnly(data string, n int, seed uint64, d time.Duration, profile string) error {
	items, err := load(data)
	if err != nil {
		return err
	}
	e, err := rules.NewEngine(newGen(items, seed).rules(n))
	if err != nil {
		return err
	}
	stop, err := benchkit.CPUProfile(profile)
	if err != nil {
		return err
	}
	defer stop()
	passes, flags, best := 0, 0, time.Duration(0)
	for start := time.Now(); time.Since(start) < d; passes++ {
		t := benchkit.CPUTime()
		for i := range items {
			flags += len(e.Match(&items[i]))
		}
		if dt := benchkit.CPUTime() - t; passes > 0 && (best == 0 || dt < best) {
			best = dt
		}
	}
	fmt.Printf("%d rules: %d passes over %d items, %.2f flags/item, best pass %.2f µs/item\n", n, passes, len(items),
		float64(flags)/float64(passes*len(items)), float64(best.Nanoseconds())/1e3/float64(len(items)))
	return nil
}

// row is one line of the table.
type row struct {
	rules, terms, patterns   int
	build                    time.Duration
	heapMB                   float64
	ours, bareText, bareFold time.Duration // per pass over all items
	bareMulti                time.Duration // phrases and prefixes only, folded text
	stream                   time.Duration // textnorm.Stream alone
	items                    int
	bytes                    int64
	flags, hits              int
}

// measure builds an engine of the first n rules of all for each n in ns,
// and times matching every item with each, and the bare scans of the same
// items with the same terms. The passes of every rule count take turns,
// so that all are timed under the same conditions: on a machine shared
// with other work, measuring one rule count after the other let a change
// in the neighbours' load move their ratio.
func measure(ns []int, all []mediawatch.Rule, items []mediawatch.Item, bytes int64, minTime time.Duration) ([]row, error) {
	rows := make([]row, len(ns))
	var passes []func()
	for k, n := range ns {
		rs := all[:min(n, len(all))]
		r := &rows[k]
		*r = row{rules: len(rs), items: len(items), bytes: bytes}
		before := heap()
		start := time.Now()
		e, err := rules.NewEngine(rs)
		if err != nil {
			return nil, err
		}
		r.build = time.Since(start)
		r.heapMB = float64(heap()-before) / 1e6
		r.terms, r.patterns = e.Terms(), e.Patterns()
		b, bm := newBare(rs, false), newBare(rs, true)
		texts, folded := b.texts(items)
		passes = append(passes, func() {
			r.flags = 0
			for i := range items {
				r.flags += len(e.Match(&items[i]))
			}
		}, func() { r.hits = b.scan(folded) }, func() { b.scan(texts) }, func() { streams(items) },
			func() { bm.scan(folded) })
	}
	times := bestOf(minTime, passes...)
	for k := range rows {
		t := times[5*k:]
		rows[k].ours, rows[k].bareFold, rows[k].bareText, rows[k].stream, rows[k].bareMulti = t[0], t[1], t[2], t[3], t[4]
	}
	return rows, nil
}

// bestOf runs the passes in turn, round after round, until minTime has
// passed (at least three rounds, the first to warm up), and returns each
// pass's lowest CPU time (user and system, of this process). CPU time,
// taking turns and the minimum keep the figures steady on a machine
// shared with other work, which slows the wall clock, not the CPU work.
func bestOf(minTime time.Duration, passes ...func()) []time.Duration {
	best := make([]time.Duration, len(passes))
	start := time.Now()
	for round := 0; round < 3 || time.Since(start) < minTime; round++ {
		for i, pass := range passes {
			runtime.GC()
			t := benchkit.CPUTime()
			pass()
			if d := benchkit.CPUTime() - t; round > 0 && (best[i] == 0 || d < best[i]) {
				best[i] = d
			}
		}
	}
	return best
}

// streams builds the word stream of every item, as Match does first.
func streams(items []mediawatch.Item) {
	var st textnorm.Stream
	for i := range items {
		st.Reset()
		st.Add(items[i].Title)
		st.Add(items[i].Text)
	}
}

// heap returns the live heap after a collection.
func heap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func printTable(rows []row) {
	fmt.Println("| rules | terms | patterns | build | heap | ours MB/s | ours items/s | µs/item | bare scan MB/s (folded text) | ours ÷ bare | bare scan MB/s (stored text) | bare hits/item | flags/item | of which stream MB/s | bare scan MB/s, phrases and prefixes only |")
	fmt.Println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rows {
		mbs := func(d time.Duration) float64 { return float64(r.bytes) / 1e6 / d.Seconds() }
		fmt.Printf("| %d | %d | %d | %.2f s | %.0f MB | %.1f | %.0f | %.1f | %.1f | %.2f | %.1f | %.1f | %.3f | %.0f | %.0f |\n",
			r.rules, r.terms, r.patterns, r.build.Seconds(), r.heapMB, mbs(r.ours), float64(r.items)/r.ours.Seconds(),
			float64(r.ours.Microseconds())/float64(r.items), mbs(r.bareFold), float64(r.ours)/float64(r.bareFold),
			mbs(r.bareText), float64(r.hits)/float64(r.items), float64(r.flags)/float64(r.items), mbs(r.stream), mbs(r.bareMulti))
	}
	if len(rows) > 1 {
		first, last := rows[0], rows[len(rows)-1]
		fmt.Printf("\ntime per item, %d rules ÷ %d rules: %.2f\n", last.rules, first.rules, float64(last.ours)/float64(first.ours))
	}
}

// doc is one line of the sample corpora.
type doc struct {
	Title, Summary, Body, Lang, Source, URL string
}

// load reads the three JSONL samples as items stored the way ingest
// stores them: NFC with one tone placement (textnorm.Normalize).
func load(dir string) ([]mediawatch.Item, error) {
	var out []mediawatch.Item
	for _, f := range benchkit.Samples {
		docs, err := benchkit.ReadJSONL[doc](filepath.Join(dir, f))
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			text := strings.TrimSpace(d.Summary + "\n\n" + d.Body)
			out = append(out, mediawatch.Item{ID: int64(len(out) + 1), Source: d.Source, Lang: d.Lang, URL: d.URL,
				Title: textnorm.Normalize(d.Title), Text: textnorm.Normalize(text), Version: 1})
		}
	}
	return out, nil
}
