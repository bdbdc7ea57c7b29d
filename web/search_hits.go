package web

import (
	"bytes"
	"html"
	"html/template"
	"strconv"
	"strings"
	"time"
)

// hitsMarkup writes the list items of a page of hits at once. Drawn by
// html/template, twenty hits were some 240 escaped actions — most of the
// page's cost beyond the search itself (BENCHMARKS.md, "Search page");
// written here they cost a tenth. Every value is escaped as html/template
// would: text with html.EscapeString, TitleHTML and Snippet come escaped
// (and marked) from desk, a crawled link is a link only when crawledURL
// says it is http(s).
func hitsMarkup(hits []hitView, lang string, loc *time.Location) template.HTML {
	var b strings.Builder
	original, external := html.EscapeString(T(lang, "search.original")), html.EscapeString(T(lang, "link.external"))
	for _, h := range hits {
		b.WriteString(`<li class="hit" data-item-id="`)
		b.WriteString(strconv.FormatInt(h.ID, 10))
		b.WriteString(`"><h3 class="hit-title"><a href="`)
		b.WriteString(html.EscapeString(h.ItemURL))
		b.WriteString(`">`)
		b.WriteString(string(h.TitleHTML))
		b.WriteString(`</a></h3><p class="meta"><span class="outlet">`)
		b.WriteString(html.EscapeString(h.Outlet))
		b.WriteString(`</span>`)
		if h.Platform != "" {
			b.WriteString(` · <span class="platform">` + html.EscapeString(h.Platform) + `</span>`)
		}
		if h.Author != "" {
			b.WriteString(` · <span class="author">` + html.EscapeString(h.Author) + `</span>`)
		}
		b.WriteString(` · <time`)
		if !h.Published.IsZero() {
			b.WriteString(` datetime="` + h.Published.Format(time.RFC3339) + `"`)
		}
		b.WriteString(`>`)
		b.WriteString(html.EscapeString(formatTime(lang, loc, h.Published)))
		b.WriteString(`</time> · `)
		b.WriteString(html.EscapeString(h.Lang))
		if u := crawledURL(h.URL); u != "" {
			b.WriteString(` · <a href="` + html.EscapeString(u) + `" rel="noopener noreferrer" target="_blank">` + original +
				`<span class="visually-hidden"> ` + external + `</span></a>`)
		}
		b.WriteString(`</p><p class="snippet">`)
		b.WriteString(string(h.Snippet))
		b.WriteString("</p></li>\n")
	}
	return template.HTML(b.String())
}

// searchHelp is the search page's help in lang: the same for every
// search, so drawn once per language and kept.
func (s *Server) searchHelp(lang string) template.HTML {
	if h, ok := s.help.Load(lang); ok {
		return h.(template.HTML)
	}
	var b bytes.Buffer
	if err := s.pages["search"].ExecuteTemplate(&b, "search-help", &page{Lang: lang}); err != nil {
		s.log.Error("web: search help", "err", err) // the tests draw it; a failure here is a bug
		return ""
	}
	h := template.HTML(b.String())
	s.help.Store(lang, h)
	return h
}

// facetMarkup writes one facet's list at once, for the reason of
// hitsMarkup: each value a link that filters (or unfilters) the search,
// with its count.
func facetMarkup(lang, titleKey string, links []facetLink) template.HTML {
	if len(links) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<section class="facet"><h3>` + html.EscapeString(T(lang, titleKey)) + "</h3><ul>")
	for _, l := range links {
		b.WriteString(`<li><a href="` + html.EscapeString(l.URL) + `" data-facet="` + html.EscapeString(l.Value) + `"`)
		if l.Active {
			b.WriteString(` aria-current="true" class="active"`)
		}
		b.WriteString(`>` + html.EscapeString(l.Label) + `</a> <span class="n">` + formatInt(lang, int64(l.N)) + "</span></li>")
	}
	b.WriteString("</ul></section>\n")
	return template.HTML(b.String())
}
