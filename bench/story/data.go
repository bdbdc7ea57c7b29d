package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"mediawatch/bench/internal/benchkit"
)

// record is one article of the shared corpora.
type record struct {
	ID        string          `json:"id"`
	Lang      string          `json:"lang"`
	Title     string          `json:"title"`
	Summary   string          `json:"summary"`
	Body      string          `json:"body"`
	Source    string          `json:"source"`
	Category  json.RawMessage `json:"category"`
	Published *string         `json:"published"`
}

// text is what an article page shows below its title: the lead, then the
// body. A feed item has only the lead.
func (r record) text() string {
	switch {
	case r.Body == "":
		return r.Summary
	case r.Summary == "":
		return r.Body
	}
	return r.Summary + "\n\n" + r.Body
}

// category returns the record's first category, or "" when it has none.
func (r record) category() string {
	var s string
	if json.Unmarshal(r.Category, &s) == nil {
		return s
	}
	var l []string
	if json.Unmarshal(r.Category, &l) == nil && len(l) > 0 {
		return l[0]
	}
	return ""
}

// reutersTime parses Reuters-21578's "26-FEB-1987 15:01:01.79" (sometimes
// with stray letters after it).
func (r record) reutersTime() (time.Time, bool) {
	if r.Published == nil {
		return time.Time{}, false
	}
	s := strings.TrimRight(*r.Published, "ABCDEFGHIJKLMNOPQRSTUVWXYZ ")
	t, err := time.Parse("2-Jan-2006 15:04:05.00", s)
	return t, err == nil
}

// corpora holds the three JSONL samples by ID and in file order.
type corpora struct {
	byID map[string]*record
	vi   []*record // corpus-vi-sample
	en   []*record // corpus-en-sample
	feed []*record // danes-items-sample: headline and description only
}

func loadCorpora(dir string) (*corpora, error) {
	c := &corpora{byID: map[string]*record{}}
	for _, f := range []struct {
		name string
		into *[]*record
	}{
		{"corpus-vi-sample.jsonl", &c.vi},
		{"corpus-en-sample.jsonl", &c.en},
		{"danes-items-sample.jsonl", &c.feed},
	} {
		recs, err := benchkit.ReadJSONL[*record](filepath.Join(dir, f.name))
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			c.byID[r.ID] = r
		}
		*f.into = recs
	}
	return c, nil
}

// label is one hand-labelled pair of corpus records (labels.tsv).
type label struct {
	a, b, class, note string
}

func readLabels(path string) ([]label, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read labels: %w", err)
	}
	var out []label
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			return nil, fmt.Errorf("%s line %d: want 4 tab-separated fields, have %d", path, i+1, len(f))
		}
		switch f[2] {
		case "same", "unsure", "event", "other":
		default:
			return nil, fmt.Errorf("%s line %d: unknown class %q", path, i+1, f[2])
		}
		out = append(out, label{f[0], f[1], f[2], f[3]})
	}
	return out, nil
}

// demoArticle is one record of the demo site's fixtures.
type demoArticle struct {
	key, title, text string
	hours            int
	syndicated       bool
	copyOf           string // key of the article this one copies word for word
}

// loadDemo reads demo/site/*.txt directly: "=== <path>" starts a record,
// "key: value" headers follow, then paragraphs. Edits (a later text of a
// path) and never-served pages are left out: they are not items.
func loadDemo(dir string) ([]*demoArticle, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, fmt.Errorf("list demo files: %w", err)
	}
	byKey := map[string]*demoArticle{}
	var out []*demoArticle
	for _, f := range files {
		outlet := strings.TrimSuffix(filepath.Base(f), ".txt")
		if outlet == "README" {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("read demo: %w", err)
		}
		for _, chunk := range strings.Split(string(data), "\n=== ") {
			a, skip, err := parseDemo(outlet, strings.TrimPrefix(chunk, "=== "))
			if err != nil {
				return nil, fmt.Errorf("demo %s: %w", f, err)
			}
			if skip {
				continue
			}
			byKey[a.key] = a
			out = append(out, a)
		}
	}
	for _, a := range out {
		if a.copyOf == "" {
			continue
		}
		orig := byKey[a.copyOf]
		if orig == nil {
			return nil, fmt.Errorf("demo %s copies unknown %s", a.key, a.copyOf)
		}
		a.title, a.text = orig.title, orig.text
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out, nil
}

func parseDemo(outlet, chunk string) (a *demoArticle, skip bool, err error) {
	head, body, _ := strings.Cut(chunk, "\n\n")
	lines := strings.Split(head, "\n")
	a = &demoArticle{key: outlet + " " + strings.TrimSpace(lines[0]), text: strings.TrimSpace(body)}
	for _, l := range lines[1:] {
		k, v, _ := strings.Cut(l, ":")
		v = strings.TrimSpace(v)
		switch k {
		case "title":
			a.title = v
		case "hours":
			if a.hours, err = strconv.Atoi(v); err != nil {
				return nil, false, fmt.Errorf("%s: hours: %w", a.key, err)
			}
		case "copy":
			a.copyOf = v
		case "flags":
			for _, fl := range strings.Fields(v) {
				switch fl {
				case "edit", "missing":
					return nil, true, nil
				case "syndicated":
					a.syndicated = true
				}
			}
		}
	}
	return a, false, nil
}
