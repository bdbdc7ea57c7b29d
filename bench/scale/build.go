package main

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"mediawatch"
	"mediawatch/bench/internal/benchkit"
	"mediawatch/config"
	"mediawatch/desk"
	"mediawatch/index"
	"mediawatch/ingest"
	"mediawatch/rules"
	"mediawatch/store"
	"mediawatch/textnorm"
)

// doc is one line of the sample corpora.
type doc struct {
	Title, Summary, Body, Lang, Source, URL string
}

// loadCorpus reads the samples of benchkit.Samples found in dir (at least
// one must be there).
func loadCorpus(dir string) ([]doc, error) {
	var out []doc
	for _, f := range benchkit.Samples {
		docs, err := benchkit.ReadJSONL[doc](filepath.Join(dir, f))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			if d.Title != "" || d.Summary != "" || d.Body != "" {
				out = append(out, d)
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no corpus samples (%v) in %s", benchkit.Samples, dir)
	}
	return out, nil
}

// corpus replicates the samples to n articles, dated evenly over months
// ending at end, oldest first. Each is a distinct article at a distinct
// URL: its text opens with a dateline naming Sơn La and the minute it was
// published (so a replica is not the same text as its sample, which the
// store would keep once), as the real store's items all mention the
// province.
type corpus struct {
	base   []doc
	n      int
	start  time.Time
	span   time.Duration
	source mediawatch.Source
}

func newCorpus(base []doc, n, months int, end time.Time) corpus {
	start := end.AddDate(0, -months, 0)
	return corpus{base: base, n: n, start: start, span: end.Sub(start),
		source: mediawatch.Source{Name: "bench", Keep: mediawatch.KeepMentions, Enabled: true}}
}

// published is the date of the i-th article.
func (c corpus) published(i int) time.Time {
	return c.start.Add(time.Duration(float64(c.span) * float64(i) / float64(c.n)))
}

// article is the i-th article (0-based).
func (c corpus) article(i int) mediawatch.Article {
	d := c.base[i%len(c.base)]
	pub := c.published(i)
	src := d.Source
	if src == "" {
		src = "corpus"
	}
	u, err := url.Parse(d.URL)
	if d.URL == "" || err != nil {
		u = &url.URL{Scheme: "https", Host: "example.org", Path: "/" + src}
	}
	q := u.Query()
	q.Set("r", strconv.Itoa(i))
	u.RawQuery, u.Fragment = q.Encode(), ""
	dateline := fmt.Sprintf("SƠN LA, %s (%d) –", pub.Format("15:04 2/1/2006"), i)
	if d.Lang == "en" {
		dateline = fmt.Sprintf("Sơn La, Vietnam, %s (%d) —", pub.Format("15:04 Jan 2, 2006"), i)
	}
	body := d.Body
	if body == "" {
		body = d.Summary
	}
	return mediawatch.Article{Source: src, URL: u.String(), Title: d.Title,
		Text: dateline + " " + body, Summary: d.Summary, Lang: d.Lang, Published: pub, FetchedAt: pub}
}

// writeConfig makes dir a data directory serve can run on: a
// configuration naming it (and listen), the repository's starter rules
// in dir/rules, and an API rate high enough for the query load. It
// returns the configuration's path.
func writeConfig(dir, listen, storeURL string) (string, error) {
	if err := os.MkdirAll(filepath.Join(dir, "rules"), 0o750); err != nil {
		return "", err
	}
	err := fs.WalkDir(rules.Examples(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(rules.Examples(), path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, "rules", filepath.FromSlash(path)), data, 0o640)
	})
	if err != nil {
		return "", err
	}
	yaml := fmt.Sprintf(`# Written by bench/scale.
data_dir: %q
listen: %q
store:
  url: %q
log:
  level: warn
rules:
  dir: rules
  watch: 0s
api:
  rate_per_second: 100000
  rate_burst: 100000
`, dir, listen, storeURL)
	path := filepath.Join(dir, "mediawatch.yaml")
	return path, os.WriteFile(path, []byte(yaml), 0o640)
}

// slice is the ingest of one run of items: how many, the wall and CPU
// time they took.
type slice struct {
	from, to  int
	wall, cpu time.Duration
	of        int // nodes sharing the slice's items (0 or 1: one)
}

func (s slice) items() float64    { return float64(s.to-s.from) / float64(max(s.of, 1)) }
func (s slice) rate() float64     { return s.items() / s.wall.Seconds() }
func (s slice) perCPU() float64   { return s.items() / s.cpu.Seconds() }
func (s slice) label() string     { return fmt.Sprintf("%s → %s", thousands(s.from), thousands(s.to)) }
func (s slice) add(o slice) slice { return slice{s.from, o.to, s.wall + o.wall, s.cpu + o.cpu, s.of} }

// build ingests items have..n-1 of c into the data directory the
// configuration at cfgPath names, through the pipeline serve wires: the
// store, the rules of the rule directory, stories, and the search index,
// each article judged by the watch list of a keep:mentions source. It
// reports each slice of every items, and stops at the first error.
//
// With of > 1 it is node k of of nodes sharing a PostgreSQL store: it
// ingests only the items i with i%of == k, the others' in between, as
// nodes that lease the sources of one corpus each store theirs; a slice
// still ends at every corpus item, holding this node's share.
func build(ctx context.Context, cfgPath string, c corpus, have, every int, cpuProfile string, k, of int, report func(slice)) error {
	cfg, err := config.Load(cfgPath, true, func(string) (string, bool) { return "", false })
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	where := cfg.Store.URL
	if where == "" {
		where = filepath.Join(cfg.DataDir, "mediawatch.db")
	}
	db, err := store.Open(ctx, where)
	if err != nil {
		return err
	}
	defer db.Close()
	idx, err := index.Open(filepath.Join(cfg.DataDir, "index"), index.Options{Watch: cfg.Watch})
	if err != nil {
		return err
	}
	defer idx.Close()
	id, err := db.Identity(ctx)
	if err != nil {
		return err
	}
	if err := idx.BindStore(id, have); err != nil {
		return err
	}
	watch, err := textnorm.NewWatchlist(cfg.Watch)
	if err != nil {
		return err
	}
	// The clock is the article's: each arrives when it is published, so
	// that stories group over the window they would in service.
	var clock atomic.Int64
	clock.Store(c.published(have).UnixNano())
	now := func() time.Time { return time.Unix(0, clock.Load()).UTC() }
	p := ingest.New(db, watch, now, log).WithIndex(idx, db)
	if err := p.WithStories(ctx, db, cfg.StoryParams()); err != nil {
		return err
	}
	book := desk.NewRulebook(cfg.Rules.Dir, p.SetRules, now, log)
	if err := book.Reload(ctx); err != nil {
		return fmt.Errorf("rules: %w", err)
	}
	// A path with %d profiles each slice apart, named by the item it
	// ends at, so that a late slice's profile can be read against the
	// first's.
	profile := func(to int) (func(), error) {
		if strings.Contains(cpuProfile, "%d") {
			return benchkit.CPUProfile(fmt.Sprintf(cpuProfile, min(to, c.n)))
		}
		return benchkit.CPUProfile(cpuProfile)
	}
	stop, err := profile(have - have%every + every)
	if err != nil {
		return err
	}
	defer func() { stop() }()
	s := slice{from: have}
	t0, cpu0 := time.Now(), benchkit.CPUTime()
	// Articles go through an Ahead, as import sends them: the clock runs
	// a few articles ahead of the one being stored, minutes of the
	// corpus's time.
	q := p.Ahead(ctx)
	for i := have; i < c.n; i++ {
		if i%of == k {
			a := c.article(i)
			clock.Store(a.Published.UnixNano())
			err := q.Add(c.source, a, func(res mediawatch.IngestResult, err error) error {
				if err != nil {
					return err
				}
				if res.Outcome != mediawatch.OutcomeKept {
					return fmt.Errorf("article %d (%s): %s, %s", i, a.URL, res.Outcome, res.Reason)
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		if (i+1)%every == 0 || i+1 == c.n {
			if err := q.Close(); err != nil {
				return err
			}
			if err := p.Flush(ctx); err != nil {
				return err
			}
			s.to, s.wall, s.cpu, s.of = i+1, time.Since(t0), benchkit.CPUTime()-cpu0, of
			report(s)
			if strings.Contains(cpuProfile, "%d") && i+1 < c.n {
				stop()
				if stop, err = profile(i + 1 + every); err != nil {
					return err
				}
			}
			s = slice{from: i + 1}
			t0, cpu0 = time.Now(), benchkit.CPUTime()
			q = p.Ahead(ctx)
		}
	}
	return nil
}

// stored counts the items of the data directory's store (or of the
// PostgreSQL store at storeURL), 0 when it has none yet.
func stored(ctx context.Context, dir, storeURL string) (int, error) {
	path := filepath.Join(dir, "mediawatch.db")
	if storeURL != "" {
		path = storeURL
	} else if _, err := os.Stat(path); os.IsNotExist(err) {
		return 0, nil
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	return db.CountItems(ctx)
}
