package demo

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	htmltemplate "html/template"
	"slices"
	"strings"
	texttemplate "text/template"
	"time"
	"unicode"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

var (
	htmlT = htmltemplate.Must(htmltemplate.ParseFS(siteFS, "site/templates/*.html"))
	xmlT  = texttemplate.Must(texttemplate.New("xml").Funcs(texttemplate.FuncMap{
		"x": xmlEscape,
		// loose leaves & alone: the provincial paper's feed is broken on
		// purpose (bare &, &nbsp;, unescaped <br>) and a lenient parser
		// must still read it.
		"loose": func(s string) string { return strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace(s) },
	}).ParseFS(siteFS, "site/templates/*.xml"))
)

// listFormats names the template and content type of each outlet's feed or sitemap.
var listFormats = map[string]struct{ tmpl, ctype string }{
	"taybac":  {"rss.xml", "application/rss+xml; charset=utf-8"},
	"tintuc":  {"atom.xml", "application/atom+xml; charset=utf-8"},
	"herald":  {"sitemap.xml", "application/xml; charset=utf-8"},
	"mocchau": {"rss2.xml", "application/rss+xml; charset=utf-8"},
}

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) //nolint:errcheck // a strings.Builder does not fail
	return b.String()
}

// entry is an article as one edition shows it.
type entry struct {
	A         *article
	URL       string
	Title     string
	Author    string
	Summary   string
	Lang      string
	Paras     []string
	Published time.Time
	Modified  time.Time
}

func (e entry) Pub() string     { return e.Published.Format(time.RFC3339) }
func (e entry) Mod() string     { return e.Modified.Format(time.RFC3339) }
func (e entry) RSSDate() string { return e.Published.Format(time.RFC1123Z) }
func (e entry) Edited() bool    { return e.Modified.After(e.Published) }

// DateText is the byline's date, as the outlet would print it.
func (e entry) DateText() string {
	if e.A.Outlet.Lang == "en" {
		return e.Published.Format("January 2, 2006, 3:04 PM") + " ICT"
	}
	days := [...]string{"Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy"}
	return days[e.Published.Weekday()] + ", " + e.Published.Format("02/01/2006 15:04") + " (GMT+7)"
}

// ModText is the "updated at" note of an edited article.
func (e entry) ModText() string {
	if e.A.Outlet.Lang == "en" {
		return "Updated " + e.Modified.Format("January 2, 2006, 3:04 PM") + " ICT"
	}
	return "Cập nhật lúc " + e.Modified.Format("15:04 02/01/2006")
}

// edition returns what the outlets show: entries per outlet key, newest first.
func (s *Site) edition(adv bool, t time.Time) map[string][]entry {
	out := map[string][]entry{}
	for _, a := range s.articles {
		if a.Flags["after"] && !adv {
			continue
		}
		e := entry{A: a, URL: a.URL(), Title: a.Title, Author: a.Author, Summary: a.Summary, Lang: a.Lang,
			Paras: a.Paras, Published: a.Published, Modified: a.Published}
		if a.Flags["after"] {
			e.Modified = t
			if a.Copy == nil {
				e.Published = t
			}
		}
		if adv && a.Edit != nil {
			e.Paras, e.Modified = a.Edit.Paras, t
			if a.Edit.Title != "" {
				e.Title = a.Edit.Title
			}
			if a.Edit.Summary != "" {
				e.Summary = a.Edit.Summary
			}
		}
		out[a.Outlet.Key] = append(out[a.Outlet.Key], e)
	}
	for _, a := range s.listedHistory() {
		out[a.Outlet.Key] = append(out[a.Outlet.Key], historyEntry(a))
	}
	for _, es := range out {
		slices.SortStableFunc(es, func(a, b entry) int { return b.Published.Compare(a.Published) })
	}
	return out
}

func historyEntry(a *article) entry {
	return entry{A: a, URL: a.URL(), Title: a.Title, Author: a.Author, Summary: a.Summary, Lang: a.Lang,
		Paras: a.Paras, Published: a.Published, Modified: a.Published}
}

// listedHistory is the history a feed still lists: the silent outlet's
// last ten articles (a publishing outlet's feed lists only its current
// edition).
func (s *Site) listedHistory() []*article {
	var out []*article
	for _, a := range s.history {
		if a.Outlet.Silent {
			out = append(out, a)
		}
	}
	slices.SortStableFunc(out, func(a, b *article) int { return b.Published.Compare(a.Published) })
	return out[:min(10, len(out))]
}

// build renders every response of one edition.
func (s *Site) build(adv bool, t time.Time) (map[string]map[string]*resource, error) {
	ed := s.edition(adv, t)
	all := map[string]map[string]*resource{}
	for _, o := range s.outlets {
		m := map[string]*resource{}
		all[o.Key] = m
		entries := ed[o.Key]
		newest := s.start
		for _, e := range entries {
			if e.Modified.After(newest) {
				newest = e.Modified
			}
		}
		robots := o.Robots
		if o.Kind == "sitemap" {
			robots += "\nSitemap: " + o.Base + o.ListPath + "\n"
		}
		m["/robots.txt"] = newResource([]byte(robots), "text/plain; charset=utf-8", s.start)

		list := struct {
			O       *outlet
			Entries []entry
			Updated string
			RSSDate string
		}{o, entries, newest.Format(time.RFC3339), newest.Format(time.RFC1123Z)}
		var buf bytes.Buffer
		if err := htmlT.ExecuteTemplate(&buf, "listing.html", list); err != nil {
			return nil, err
		}
		m["/"] = newResource(buf.Bytes(), "text/html; charset=utf-8", newest)
		switch o.Kind {
		case "page":
			m[o.ListPath] = m["/"]
		default:
			f := listFormats[o.Key]
			var x bytes.Buffer
			if err := xmlT.ExecuteTemplate(&x, f.tmpl, list); err != nil {
				return nil, err
			}
			m[o.ListPath] = newResource(x.Bytes(), f.ctype, newest)
		}

		for _, e := range entries {
			if e.A.Flags["missing"] {
				continue // listed, never served: the 404
			}
			body, ctype, err := renderArticle(e)
			if err != nil {
				return nil, fmt.Errorf("demo: render %s: %w", e.URL, err)
			}
			r := newResource(body, ctype, e.Modified)
			r.slow = e.A.Flags["slow"]
			m[e.A.Path] = r
		}
	}
	// Every history article keeps its page, listed or not.
	for _, a := range s.history {
		e := historyEntry(a)
		body, ctype, err := renderArticle(e)
		if err != nil {
			return nil, fmt.Errorf("demo: render %s: %w", e.URL, err)
		}
		all[a.Outlet.Key][a.Path] = newResource(body, ctype, e.Modified)
	}
	for _, c := range s.channels {
		m, err := s.buildChannel(c)
		if err != nil {
			return nil, fmt.Errorf("demo: render %s: %w", c.Name, err)
		}
		all[c.Key] = m
	}
	return all, nil
}

func newResource(body []byte, ctype string, mod time.Time) *resource {
	sum := sha256.Sum256(body)
	return &resource{body: body, ctype: ctype, mod: mod, etag: `"` + hex.EncodeToString(sum[:10]) + `"`}
}

// renderUTF8 renders an article page as UTF-8 (NFC), whatever it is served as.
func renderUTF8(e entry, charset string) ([]byte, error) {
	var buf bytes.Buffer
	err := htmlT.ExecuteTemplate(&buf, "article.html", struct {
		entry
		O       *outlet
		Charset string
		Image   string
	}{e, e.A.Outlet, charset, e.A.Outlet.Base + e.A.Image})
	return buf.Bytes(), err
}

// renderArticle renders an article page as it is served.
func renderArticle(e entry) (body []byte, ctype string, err error) {
	switch {
	case e.A.Flags["cp1258"]:
		page, err := renderUTF8(e, "windows-1258")
		if err != nil {
			return nil, "", err
		}
		b, err := toCP1258(string(page))
		return b, "text/html; charset=windows-1258", err
	case e.A.Flags["nfd"]:
		page, err := renderUTF8(e, "utf-8")
		return norm.NFD.Bytes(page), "text/html; charset=utf-8", err
	default:
		page, err := renderUTF8(e, "utf-8")
		return page, "text/html; charset=utf-8", err
	}
}

// toCP1258 encodes s the way Vietnamese windows-1258 text is written: tone
// marks as combining characters, and the base letters the code page has
// precomposed (ă â ê ô ơ ư, đ) as single bytes.
func toCP1258(s string) ([]byte, error) {
	d := []rune(norm.NFD.String(s))
	out := make([]rune, 0, len(d))
	for i := 0; i < len(d); {
		base := d[i]
		i++
		var tones []rune
		for ; i < len(d) && unicode.Is(unicode.Mn, d[i]); i++ {
			m := d[i]
			if m == '\u0302' || m == '\u0306' || m == '\u031B' { // circumflex, breve, horn
				if c := []rune(norm.NFC.String(string([]rune{base, m}))); len(c) == 1 {
					if _, ok := charmap.Windows1258.EncodeRune(c[0]); ok {
						base = c[0]
						continue
					}
				}
			}
			tones = append(tones, m)
		}
		out = append(out, base)
		out = append(out, tones...)
	}
	return charmap.Windows1258.NewEncoder().Bytes([]byte(string(out)))
}
