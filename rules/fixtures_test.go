package rules_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"mediawatch"
)

// corpusItem is one item of testdata/corpus.json.
type corpusItem struct {
	ID     int64  `json:"id"`
	Source string `json:"source"`
	Lang   string `json:"lang"`
	URL    string `json:"url"`
	Title  string `json:"title"`
	Text   string `json:"text"`
}

// loadCorpus returns the hand-written hard cases of testdata/corpus.json,
// two with invalid UTF-8 (which JSON cannot hold), and the demo site's
// articles, some of them decomposed (NFD) or upper-cased, with distinct
// ids and dates.
func loadCorpus(t testing.TB) []mediawatch.Item {
	t.Helper()
	data, err := os.ReadFile("testdata/corpus.json")
	if err != nil {
		t.Fatal(err)
	}
	var cs []corpusItem
	if err := json.Unmarshal(data, &cs); err != nil {
		t.Fatal(err)
	}
	var items []mediawatch.Item
	for _, c := range cs {
		items = append(items, mediawatch.Item{ID: c.ID, Source: c.Source, Lang: c.Lang, URL: c.URL, Title: c.Title, Text: c.Text})
	}
	items = append(items,
		mediawatch.Item{ID: 90, Source: "raw", Lang: "vi", URL: "https://raw.example/90", Title: "Sơn\xffLa lũ", Text: "thủy\xfe\xfeđiện Sơn La\xc3"},
		mediawatch.Item{ID: 91, Source: "raw", Lang: "vi", URL: "https://raw.example/91", Title: "\u0301Sơn La", Text: "x\u0301y Hoà\u0301 Bình 😀 thuỷ điện"})
	for i, a := range demoArticles(t) {
		it := a.item(int64(100 + i))
		switch i % 7 {
		case 3:
			it.Title, it.Text = norm.NFD.String(it.Title), norm.NFD.String(it.Text)
		case 5:
			it.Title = strings.ToUpper(it.Title)
		}
		items = append(items, it)
	}
	base := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	for i := range items {
		items[i].Published = base.Add(time.Duration(i) * time.Hour)
		items[i].Version = 1
	}
	return items
}

// demoArticle is one record of the demo site's fixtures (demo/site).
type demoArticle struct {
	Outlet, Path, Title, Lang string
	Paras                     []string
	Edit                      bool // the text an article has after the site's Advance
}

// outlets maps a fixture file to the source name and language of its
// outlet, as package demo declares them.
var outlets = map[string][2]string{
	"taybac": {"tay-bac-moi", "vi"}, "tintuc": {"tin-tuc-viet", "vi"},
	"herald": {"weekly-herald", "en"}, "nongnghiep": {"nong-nghiep-doi-song", "vi"},
}

// demoArticles reads every article of ../demo/site/*.txt (format:
// demo/site/README.txt); verbatim copies of other articles are skipped.
func demoArticles(t testing.TB) []demoArticle {
	t.Helper()
	files, err := filepath.Glob("../demo/site/*.txt")
	if err != nil || len(files) < 4 {
		t.Fatalf("demo fixtures: %v (%d files)", err, len(files))
	}
	var out []demoArticle
	for _, f := range files {
		key := strings.TrimSuffix(filepath.Base(f), ".txt")
		o, ok := outlets[key]
		if !ok {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		titles := map[string]string{}
		for _, rec := range strings.Split("\n"+string(data), "\n=== ")[1:] {
			a, ok := parseRecord(o, rec)
			if !ok {
				continue
			}
			a.Outlet = key
			if a.Edit && a.Title == "" {
				a.Title = titles[a.Path]
			}
			titles[a.Path] = a.Title
			out = append(out, a)
		}
	}
	return out
}

// parseRecord reads one fixture record; ok is false for a copy.
func parseRecord(o [2]string, rec string) (demoArticle, bool) {
	head, body, _ := strings.Cut(rec, "\n\n")
	lines := strings.Split(head, "\n")
	a := demoArticle{Path: strings.TrimSpace(lines[0]), Lang: o[1]}
	for _, l := range lines[1:] {
		k, v, _ := strings.Cut(l, ":")
		v = strings.TrimSpace(v)
		switch k {
		case "title":
			a.Title = v
		case "lang":
			a.Lang = v
		case "copy":
			return a, false
		case "flags":
			a.Edit = strings.Contains(" "+v+" ", " edit ")
		}
	}
	for _, p := range strings.Split(body, "\n\n") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			a.Paras = append(a.Paras, p)
		}
	}
	return a, true
}

// item is the article as ingest would store it.
func (a demoArticle) item(id int64) mediawatch.Item {
	o := outlets[a.Outlet]
	return mediawatch.Item{ID: id, Source: o[0], Lang: a.Lang, URL: "http://" + a.Outlet + ".demo" + a.Path,
		Title: a.Title, Text: strings.Join(a.Paras, "\n\n"), Version: 1}
}

// key names an article in messages and tables: outlet and path, and
// "#edit" for the text after Advance.
func (a demoArticle) key() string {
	k := a.Outlet + " " + a.Path
	if a.Edit {
		k += "#edit"
	}
	return k
}
