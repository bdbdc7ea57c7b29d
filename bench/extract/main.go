// Command extract measures crawler.Extract against pages with known article
// text and against go-trafilatura run directly with its default options, so
// that a regression of our wrapper (lost text) shows. It prints a markdown
// table of mean token-level precision, recall and F1 per page set, and the
// pages per second of crawler.Extract on one core.
//
//	go run ./bench/extract -data ../shared/data/extraction-dev
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"
	"unicode"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"mediawatch/crawler"
)

// page is one test page and the text it should yield.
type page struct {
	set, name string
	html      []byte
	expected  string
}

// score is precision, recall and F1 summed over pages.
type score struct {
	p, r, f float64
	n       int
}

func (s *score) add(p, r, f float64) { s.p += p; s.r += r; s.f += f; s.n++ }

func (s score) mean() (p, r, f float64) {
	if s.n == 0 {
		return 0, 0, 0
	}
	n := float64(s.n)
	return s.p / n, s.r / n, s.f / n
}

func main() {
	data := flag.String("data", "../shared/data/extraction-dev", "extraction dev set directory")
	verbose := flag.Bool("v", false, "print per-page F1")
	flag.Parse()
	runtime.GOMAXPROCS(1)

	pages, err := load(*data)
	if err != nil {
		fmt.Fprintln(os.Stderr, "extract bench:", err)
		os.Exit(1)
	}
	ours, raw := map[string]*score{}, map[string]*score{}
	var oursTime time.Duration
	var failures int
	for _, pg := range pages {
		for _, m := range []map[string]*score{ours, raw} {
			if m[pg.set] == nil {
				m[pg.set], m["all"] = &score{}, orNew(m["all"])
			}
		}
		start := time.Now()
		a, err := crawler.Extract(pg.html, "text/html", "https://example.org/"+pg.name)
		oursTime += time.Since(start)
		if err != nil {
			failures++
		}
		p, r, f := prf(a.Text, pg.expected)
		ours[pg.set].add(p, r, f)
		ours["all"].add(p, r, f)

		rp, rr, rf := prf(rawText(pg.html), pg.expected)
		raw[pg.set].add(rp, rr, rf)
		raw["all"].add(rp, rr, rf)
		if *verbose {
			fmt.Printf("%-40s ours F1 %.3f (P %.3f R %.3f)  raw F1 %.3f (P %.3f R %.3f)\n", pg.set+"/"+pg.name, f, p, r, rf, rp, rr)
		}
	}

	fmt.Println("| set | pages | ours P | ours R | ours F1 | raw P | raw R | raw F1 |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|")
	sets := make([]string, 0, len(ours))
	for s := range ours {
		sets = append(sets, s)
	}
	sort.Slice(sets, func(i, j int) bool { return sets[i] != "all" && (sets[j] == "all" || sets[i] < sets[j]) })
	for _, s := range sets {
		op, or, of := ours[s].mean()
		rp, rr, rf := raw[s].mean()
		fmt.Printf("| %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |\n", s, ours[s].n, op, or, of, rp, rr, rf)
	}
	fmt.Printf("\ncrawler.Extract: %d pages in %v on one core = %.1f pages/s; %d errors\n",
		len(pages), oursTime.Round(time.Millisecond), float64(len(pages))/oursTime.Seconds(), failures)
}

func orNew(s *score) *score {
	if s == nil {
		return &score{}
	}
	return s
}

// rawText is go-trafilatura's own text with its default options.
func rawText(b []byte) string {
	res, err := trafilatura.Extract(bytes.NewReader(b), trafilatura.Options{})
	if err != nil || res == nil {
		return ""
	}
	return res.ContentText
}

// load reads both page sets.
func load(dir string) ([]page, error) {
	var pages []page
	moz := filepath.Join(dir, "mozilla-readability-testpages")
	names, err := os.ReadDir(moz)
	if err != nil {
		return nil, err
	}
	for _, e := range names {
		src, err1 := os.ReadFile(filepath.Join(moz, e.Name(), "source.html"))
		exp, err2 := os.ReadFile(filepath.Join(moz, e.Name(), "expected.html"))
		if err1 != nil || err2 != nil {
			continue
		}
		pages = append(pages, page{set: "readability", name: e.Name(), html: src, expected: htmlText(exp)})
	}
	np := filepath.Join(dir, "newspaper4k")
	files, err := filepath.Glob(filepath.Join(np, "html", "*.html"))
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".html")
		src, err1 := os.ReadFile(f)
		exp, err2 := os.ReadFile(filepath.Join(np, "txt", name+".txt"))
		if err1 != nil || err2 != nil {
			continue
		}
		pages = append(pages, page{set: "newspaper4k", name: name, html: src, expected: string(exp)})
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("no pages under %s", dir)
	}
	return pages, nil
}

// htmlText is the text of an HTML fragment, tags stripped.
func htmlText(b []byte) string {
	z := html.NewTokenizer(bytes.NewReader(b))
	var sb strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return sb.String()
		case html.TextToken:
			sb.Write(z.Text())
		default:
			sb.WriteByte(' ')
		}
	}
}

// tokens is the bag of lower-cased words of s. Scripts written without
// spaces (Han, kana, Thai, Lao, Khmer, Myanmar) count one token per letter.
func tokens(s string) map[string]int {
	bag := map[string]int{}
	var w strings.Builder
	emit := func() {
		if w.Len() > 0 {
			bag[w.String()]++
			w.Reset()
		}
	}
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar):
			emit()
			bag[string(r)]++
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			w.WriteRune(r)
		default:
			emit()
		}
	}
	emit()
	return bag
}

// prf is the token-level precision, recall and F1 of got against want.
func prf(got, want string) (p, r, f float64) {
	g, w := tokens(got), tokens(want)
	var common, ng, nw int
	for t, c := range g {
		ng += c
		common += min(c, w[t])
	}
	for _, c := range w {
		nw += c
	}
	if ng == 0 || nw == 0 {
		return 0, 0, 0
	}
	p, r = float64(common)/float64(ng), float64(common)/float64(nw)
	if p+r == 0 {
		return p, r, 0
	}
	return p, r, 2 * p * r / (p + r)
}
