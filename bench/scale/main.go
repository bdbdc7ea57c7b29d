// Command scale measures mediawatch at scale end to end, as an office
// runs it: it builds a real data directory — the SQLite store, the
// repository's starter rules, stories and the search index — from the
// shared corpus samples replicated to n items dated over 12 months,
// through the ingest pipeline serve wires, and prints the ingest rate of
// every slice of 100,000 items (per second of wall time and per CPU-second)
// and the disk per item of the store and of the index. Then, on that data
// directory, it runs the real binary (built with go build into a
// temporary directory) as a child process: the start-up of `mediawatch
// serve` until /readyz says ready — without the sync mark a clean stop
// leaves (a full reconcile of the index with the store, as after a crash)
// and after a clean stop — a steady query load through the HTTP
// API (two clients for a minute: the search that matches every item, with
// its facets and per-day chart, newest first, narrower words, the last 30
// days, and cursor pages twenty deep) while the child's resident memory
// is sampled, then `mediawatch reindex`, timed. It ends with one table,
// which BENCHMARKS.md keeps.
//
//	go run ./bench/scale -data ../shared/data -n 1000000 -dir /tmp/scale1m
//
// -dir keeps the data directory: a run on a directory that holds n items
// skips the build, and one that holds fewer goes on from there (the
// corpus is the same every run), so that a 200,000-item directory grows
// to a million by the last 800,000.
package main

import (
	"context"
	"flag"
	"fmt"
	"github.com/jackc/pgx/v5"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"mediawatch/bench/internal/benchkit"
	"mediawatch/ingest"
)

// options are what the flags ask for.
type options struct {
	data, dir, cpuProfile string
	storeURL              string // a PostgreSQL store instead of the data directory's SQLite file
	n, every, months      int
	clients               int
	load                  time.Duration
	serve, reindex        bool
	follower              bool // a second node follows the store while the build ingests (-store)
	ingesters             int  // nodes ingesting into the store at once (-store)
}

func main() {
	var c options
	flag.StringVar(&c.data, "data", "../shared/data", "directory with the corpus-*.jsonl samples")
	flag.IntVar(&c.n, "n", 1000000, "items in the data directory")
	flag.StringVar(&c.dir, "dir", "", "data directory to build or reuse and keep (default: a temporary one, removed)")
	flag.IntVar(&c.every, "every", 100000, "items per reported ingest slice")
	flag.StringVar(&c.storeURL, "store", "", "PostgreSQL URL of an empty database to use as the store (default: SQLite in the data directory)")
	flag.BoolVar(&c.follower, "follower", false, "with -store: run a second serve on its own data directory and the same store, searched by -clients while the build ingests")
	flag.IntVar(&c.ingesters, "ingesters", 1, "with -store: this many nodes (each its own index and connections, in this process) ingest the corpus's items in turn into the one store at once")
	flag.IntVar(&c.months, "months", 12, "months the items' dates are spread over")
	flag.IntVar(&c.clients, "clients", 2, "concurrent clients of the query load")
	flag.DurationVar(&c.load, "load", time.Minute, "how long the query load runs")
	flag.BoolVar(&c.serve, "serve", true, "measure serve (start-up, query load, memory) on the data directory")
	flag.BoolVar(&c.reindex, "reindex", true, "time mediawatch reindex on the data directory")
	flag.StringVar(&c.cpuProfile, "cpuprofile", "", "write a CPU profile of the ingest to this file; with %d in it, one a slice, %d the item the slice ends at")
	flag.Parse()
	ingest.TuneGC() // as the command does: the ingest measured is serve's
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, c, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bench/scale:", err)
		os.Exit(1)
	}
}

// end is the date of the newest item: the dates are fixed, so that a kept
// directory grows with the same corpus.
var end = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// result is what a run measured, for the table.
type result struct {
	n, have         int
	slices          []slice
	store, index    int64         // bytes on disk
	storeKind       string        // SQLite or PostgreSQL
	startup         time.Duration // after a clean stop
	coldStartup     time.Duration // without the sync mark; 0: not measured
	lat             latencies
	kinds           []string
	peakRSS, hwm    int64
	reindex         time.Duration
	reindexCPU      time.Duration
	reindexPrinted  string
	clients         int
	load            time.Duration
	servedMeasured  bool
	reindexMeasured bool
}

func run(ctx context.Context, c options, w io.Writer) error {
	if c.n <= 0 || c.every <= 0 {
		return fmt.Errorf("-n and -every must be positive")
	}
	base, err := loadCorpus(c.data)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "bench-scale-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	dir := c.dir
	if dir == "" {
		dir = filepath.Join(tmp, "data")
	}
	if dir, err = filepath.Abs(dir); err != nil {
		return err
	}
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	cfgPath, err := writeConfig(dir, addr, c.storeURL)
	if err != nil {
		return err
	}
	r := result{n: c.n, clients: c.clients, load: c.load}
	if r.have, err = stored(ctx, dir, c.storeURL); err != nil {
		return err
	}
	if r.have > c.n {
		return fmt.Errorf("%s holds %d items, more than -n %d", dir, r.have, c.n)
	}
	fmt.Fprintf(w, "n=%d items (%d samples replicated), %s holds %d, GOMAXPROCS %d, %s\n", c.n, len(base), dir, r.have,
		runtime.GOMAXPROCS(0), runtime.Version())
	if (c.follower || c.ingesters > 1) && c.storeURL == "" {
		return fmt.Errorf("-follower and -ingesters need -store: nodes share a PostgreSQL store")
	}
	if r.have < c.n { // a directory that holds n items is used as it is
		corp := newCorpus(base, c.n, c.months, end)
		ingest := func() error {
			return build(ctx, cfgPath, corp, r.have, c.every, c.cpuProfile, 0, 1, func(s slice) {
				r.slices = append(r.slices, s)
				fmt.Fprintf(w, "ingest %s: %.0f items/s, %.0f per CPU-second\n", s.label(), s.rate(), s.perCPU())
			})
		}
		if c.ingesters > 1 {
			ingest = func() error {
				s, err := ingestTogether(ctx, c, cfgPath, tmp, corp, r.have, w)
				r.slices = append(r.slices, s)
				return err
			}
		}
		if c.follower {
			err = followerRun(ctx, c, tmp, w, ingest)
		} else {
			err = ingest()
		}
		if err != nil {
			return err
		}
	}
	r.store = storeSize(dir)
	r.storeKind = "SQLite"
	if c.storeURL != "" {
		r.storeKind = "PostgreSQL"
		if r.store, err = pgSize(ctx, c.storeURL); err != nil {
			return err
		}
	}
	r.index = benchkit.DirSize(filepath.Join(dir, "index"))
	if c.serve || c.reindex {
		if err := measureBinary(ctx, c, cfgPath, addr, tmp, &r, w); err != nil {
			return err
		}
	}
	r.print(w)
	return nil
}

// measureBinary runs the real binary on the data directory: serve's
// start-up and the query load, then reindex.
func measureBinary(ctx context.Context, c options, cfgPath, addr, tmp string, r *result, w io.Writer) error {
	fmt.Fprintln(w, "building the mediawatch binary")
	bin, err := binary(ctx, tmp)
	if err != nil {
		return err
	}
	if c.serve {
		key, err := apiKey(ctx, bin, cfgPath)
		if err != nil {
			return err
		}
		dir := filepath.Dir(cfgPath)
		logPath := filepath.Join(dir, "serve.log")
		// A start without the sync mark a clean stop writes (after a build,
		// or a crash) reconciles the index with every stored item; the
		// start after a clean stop does not. Both are timed when the first
		// finds no mark.
		if !exists(filepath.Join(dir, "index.synced")) {
			s, took, err := startServe(ctx, bin, cfgPath, addr, logPath)
			if err != nil {
				return err
			}
			r.coldStartup = took
			fmt.Fprintf(w, "serve ready after %s (no sync mark: a full reconcile)\n", took.Round(time.Millisecond))
			if err := s.stop(); err != nil {
				return fmt.Errorf("stop serve: %w (see %s)", err, logPath)
			}
		}
		s, took, err := startServe(ctx, bin, cfgPath, addr, logPath)
		if err != nil {
			return err
		}
		r.startup, r.servedMeasured = took, true
		fmt.Fprintf(w, "serve ready after %s; query load: %d clients for %s\n", took.Round(time.Millisecond), c.clients, c.load)
		qs := queries(end)
		for _, q := range qs {
			r.kinds = append(r.kinds, q.kind)
		}
		r.lat, r.peakRSS, err = load(ctx, s, key, qs, c.clients, c.load)
		if err == nil {
			r.hwm, err = memory(s.cmd.Process.Pid, "VmHWM")
		}
		if serr := s.stop(); err == nil && serr != nil {
			err = fmt.Errorf("stop serve: %w (see %s)", serr, logPath)
		}
		if err != nil {
			return err
		}
	}
	if c.reindex {
		fmt.Fprintln(w, "mediawatch reindex")
		t0 := time.Now()
		out, cpu, err := mw(ctx, bin, cfgPath, "reindex")
		if err != nil {
			return err
		}
		r.reindex, r.reindexCPU, r.reindexMeasured = time.Since(t0), cpu, true
		r.reindexPrinted = lastLine(out)
	}
	return nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// print writes the run's table.
func (r result) print(w io.Writer) {
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| measure | value |")
	fmt.Fprintln(w, "|---|---:|")
	var total slice
	for i, s := range r.slices {
		fmt.Fprintf(w, "| ingest %s | %.0f items/s, %.0f per CPU-second |\n", s.label(), s.rate(), s.perCPU())
		if i == 0 {
			total = s
		} else {
			total = total.add(s)
		}
	}
	if len(r.slices) > 1 {
		fmt.Fprintf(w, "| ingest %s (this run) | %.0f items/s, %.0f per CPU-second |\n", total.label(), total.rate(), total.perCPU())
		first, last := r.slices[0], r.slices[len(r.slices)-1]
		if first.from == 0 && last.to-last.from == first.to-first.from {
			fmt.Fprintf(w, "| last slice against the first (items/s) | %+.0f%% |\n", 100*(last.rate()/first.rate()-1))
		}
	}
	if len(r.slices) == 0 {
		fmt.Fprintf(w, "| ingest | none: the data directory held %s items |\n", thousands(r.have))
	}
	fmt.Fprintf(w, "| disk: store (%s, with versions and stories) | %.0f bytes/item, %s |\n", r.storeKind, float64(r.store)/float64(r.n), gb(r.store))
	fmt.Fprintf(w, "| disk: search index | %.0f bytes/item, %s |\n", float64(r.index)/float64(r.n), gb(r.index))
	if r.servedMeasured {
		if r.coldStartup > 0 {
			fmt.Fprintf(w, "| serve start-up without the sync mark (full reconcile), until /readyz is ready | %.2f s |\n", r.coldStartup.Seconds())
		}
		fmt.Fprintf(w, "| serve start-up after a clean stop, until /readyz is ready | %.2f s |\n", r.startup.Seconds())
		for _, k := range r.kinds {
			l := slices.Clone(r.lat[k])
			if len(l) == 0 {
				continue
			}
			slices.Sort(l)
			fmt.Fprintf(w, "| %s: p50 / p99 / max (%d requests, %d clients) | %s / %s / %s ms |\n", k, len(l), r.clients,
				ms(pct(l, 50)), ms(pct(l, 99)), ms(l[len(l)-1]))
		}
		fmt.Fprintf(w, "| serve RSS under load: highest sampled / VmHWM | %s / %s |\n", mb(r.peakRSS), mb(r.hwm))
	}
	if r.reindexMeasured {
		fmt.Fprintf(w, "| mediawatch reindex | %.1f s, %.0f items/s, %.0f per CPU-second |\n", r.reindex.Seconds(),
			float64(r.n)/r.reindex.Seconds(), float64(r.n)/r.reindexCPU.Seconds())
		fmt.Fprintf(w, "| reindex printed | %s |\n", strings.ReplaceAll(r.reindexPrinted, "|", "/"))
	}
}

// pct is the p-th percentile of sorted durations (nearest rank).
func pct(sorted []time.Duration, p int) time.Duration {
	i := (len(sorted)*p + 99) / 100
	return sorted[max(0, min(len(sorted)-1, i-1))]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }
func mb(b int64) string         { return fmt.Sprintf("%.0f MB", float64(b)/(1<<20)) }
func gb(b int64) string         { return fmt.Sprintf("%.2f GB", float64(b)/(1<<30)) }

// thousands writes n with a comma between thousands: 1,000,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// pgSize is the size of the PostgreSQL database at url, its indexes and
// TOAST included.
func pgSize(ctx context.Context, url string) (int64, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return 0, err
	}
	defer conn.Close(ctx)
	var n int64
	err = conn.QueryRow(ctx, `SELECT pg_database_size(current_database())`).Scan(&n)
	return n, err
}

// storeSize is the size of the store in dir: its database file and the
// write-ahead log beside it.
func storeSize(dir string) int64 {
	var n int64
	for _, f := range []string{"mediawatch.db", "mediawatch.db-wal", "mediawatch.db-shm"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err == nil {
			n += fi.Size()
		}
	}
	return n
}
