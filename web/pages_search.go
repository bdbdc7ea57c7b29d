package web

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"mediawatch"
	"mediawatch/desk"
)

// searchPageSize is how many hits the search page shows at a time.
const searchPageSize = 20

// searchData is the search page's Data.
type searchData struct {
	Form     searchForm
	Ran      bool // a query was searched (Total and the rest are set)
	Marker   *queryMarker
	QueryMsg string // the parser's message, in the page's language
	Suggest  string // the did-you-mean suggestion…
	FixURL   string // …and the search with it applied
	BadField string // "from" or "to" when a date was refused

	Total       int64
	Hits        []hitView
	HitsHTML    template.HTML // the hits' <li> elements (hitsMarkup)
	FacetsHTML  template.HTML // the facets' lists (facetMarkup)
	HelpHTML    template.HTML // the query language's help (searchHelp)
	Sources     []facetLink
	Langs       []facetLink
	Days        []facetLink
	Platforms   []facetLink
	Chart       *volumeChart
	ChartMarkup volumeMarkup
	NextURL     string
	FirstURL    string // back to the first page, when on a later one
	CSVURL      string
	JSONLURL    string
	Params      string // the search's query string, for saving it

	Saved []savedView
	Rules []desk.RuleChoice
	Sorts []string
	Sevs  []string
}

// hitView is one hit as the page lists it. TitleHTML and Snippet were
// escaped by desk, which marked the matches in them.
type hitView struct {
	ID        int64
	TitleHTML template.HTML
	URL       string
	Source    string
	Outlet    string
	Lang      string
	Published time.Time
	Snippet   template.HTML
	ItemURL   string
	// Platform is the post's platform in words ("" for an article) and
	// Author its account's label.
	Platform, Author string
}

// facetLink is one facet value with its count and the search filtered by
// it (or, when it already filters, the search without it).
type facetLink struct {
	Value, Label string
	N            int
	URL          string
	Active       bool
}

type savedView struct {
	ID   int64
	Name string
	URL  string
}

// searchPage answers GET /search: the form, and with a q the search the
// API answers for the same parameters.
func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) {
	f := decodeSearchForm(r.URL.Query())
	lang, loc := langOf(r), s.zoneOf(r)
	d := searchData{Form: f, Sorts: searchSorts, Sevs: severities, HelpHTML: s.searchHelp(lang)}
	p := page{Title: "search.title", Nav: "search", Data: &d}
	var req desk.SearchRequest
	if f.Q != "" {
		var prob *searchProblem
		req, prob = f.searchRequest(loc, searchPageSize)
		if prob != nil {
			req.Query = nil
			p.Status = http.StatusBadRequest
			if prob.Query != nil {
				m := markQuery(f.Q, prob.Query)
				d.Marker, d.QueryMsg, d.Suggest = &m, prob.Query.Message(lang), prob.Query.Suggest
				if fixed := desk.CorrectedQuery(f.Q, prob.Query); fixed != "" {
					g := f
					g.Q = fixed
					d.FixURL = g.url()
				}
			} else {
				d.BadField = prob.Field
				p.Errors = append(p.Errors, T(lang, prob.Key, prob.Args...))
			}
		}
	}
	res, err := s.deps.Desk.SearchPage(r.Context(), desk.SearchPageRequest{UserID: userIDOf(r), Search: req})
	switch {
	case errors.Is(err, mediawatch.ErrInvalid): // a cursor that is not one of ours
		p.Status = http.StatusBadRequest
		p.Errors = append(p.Errors, T(lang, "search.err.cursor"))
	case errors.Is(err, desk.ErrUnavailable): // serve runs without an index (index.enabled: false)
		p.Status = http.StatusServiceUnavailable
		p.Errors = append(p.Errors, T(lang, "search.err.noindex"))
	case err != nil:
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	d.Rules = res.Rules
	for _, sv := range res.Saved {
		d.Saved = append(d.Saved, savedView{ID: sv.ID, Name: sv.Name, URL: "/search?" + sv.Params})
	}
	if res.Result != nil {
		s.fillResult(&d, res.Result, lang, loc)
	}
	s.render(w, r, "search", p)
}

// fillResult turns a search result into the page's hits, facets, chart
// and links.
func (s *Server) fillResult(d *searchData, res *desk.SearchResult, lang string, loc *time.Location) {
	f := d.Form
	names := s.outletNames()
	d.Ran, d.Total = true, int64(res.Total)
	itemQuery := url.Values{"q": {f.Q}}.Encode()
	for _, h := range res.Hits {
		hv := hitView{ID: h.ID, TitleHTML: template.HTML(h.TitleHTML), URL: h.URL, Source: h.Source,
			Outlet: outletOf(names, h.Source), Lang: h.Lang, Published: h.Published, Snippet: template.HTML(h.Snippet),
			ItemURL: "/items/" + strconv.FormatInt(h.ID, 10) + "?" + itemQuery}
		if h.Platform != "" && h.Platform != mediawatch.PlatformNews {
			hv.Platform = platformName(lang, h.Platform)
		}
		if h.Account != nil {
			hv.Author = h.Account.Label()
		}
		d.Hits = append(d.Hits, hv)
	}
	d.HitsHTML = hitsMarkup(d.Hits, lang, loc)
	if res.Facets != nil {
		for _, c := range res.Facets.Sources[:min(len(res.Facets.Sources), maxValueFacets)] {
			d.Sources = append(d.Sources, toggleFacet(f, "source", c.Value, outletOf(names, c.Value), c.N))
		}
		for _, c := range res.Facets.Langs[:min(len(res.Facets.Langs), maxValueFacets)] {
			d.Langs = append(d.Langs, toggleFacet(f, "lang", c.Value, langName(lang, c.Value), c.N))
		}
		for _, c := range busiestDays(res.Facets.Days) {
			g := f
			g.From, g.To = c.Day, c.Day
			d.Days = append(d.Days, facetLink{Value: c.Day, Label: c.Day, N: c.N, URL: g.url(),
				Active: f.From == c.Day && f.To == c.Day})
		}
		d.Platforms = platformFacet(f, res.Facets.Platforms, lang)
		d.FacetsHTML = facetMarkup(lang, "search.facet.sources", d.Sources) + facetMarkup(lang, "search.facet.langs", d.Langs) +
			facetMarkup(lang, "accounts.facet.platforms", d.Platforms) + facetMarkup(lang, "search.facet.days", d.Days)
		if d.Chart = newVolumeChart(res.Facets.Days); d.Chart != nil {
			d.ChartMarkup = d.Chart.markup(lang)
		}
	}
	if res.Next != "" && len(res.Hits) > 0 {
		g := f
		g.Cursor = res.Next
		d.NextURL = "/search?" + g.values(true).Encode()
	}
	if f.Cursor != "" {
		d.FirstURL = f.url()
	}
	v := f.values(false)
	d.Params = v.Encode()
	v.Set("format", "csv")
	d.CSVURL = "/search/export?" + v.Encode()
	v.Set("format", "jsonl")
	d.JSONLURL = "/search/export?" + v.Encode()
}

// toggleFacet links a facet value: adding it to the search's filter, or
// taking it out when it already filters.
func toggleFacet(f searchForm, param, value, label string, n int) facetLink {
	list := &f.Sources
	if param == "lang" {
		list = &f.Langs
	}
	active := slices.Contains(*list, value)
	if active {
		*list = slices.DeleteFunc(slices.Clone(*list), func(x string) bool { return x == value })
	} else {
		*list = append(slices.Clone(*list), value)
	}
	return facetLink{Value: value, Label: label, N: n, URL: f.url(), Active: active}
}

// outletNames are the sources' display names by slug (Deps.SourceNames),
// read once per page; nil when there are none.
func (s *Server) outletNames() map[string]string {
	if s.deps.SourceNames == nil {
		return nil
	}
	return s.deps.SourceNames()
}

// outletOf is a source's display name, else its slug.
func outletOf(names map[string]string, slug string) string {
	if n := names[slug]; n != "" {
		return n
	}
	return slug
}

// langName is a language code in words where the pages know it.
func langName(lang, code string) string {
	if _, ok := messages["search.lang."+code]; ok {
		return T(lang, "search.lang."+code)
	}
	return code
}

// userIDOf is the signed-in person's id; 0 before sign-in.
func userIDOf(r *http.Request) int64 {
	if p := personOf(r); p != nil {
		return p.User.ID
	}
	return 0
}

// searchExport answers GET /search/export: every match of the page's
// search as CSV (with the byte order mark Excel needs) or JSON Lines — the
// API's export file. desk writes the audit line (who, the query, the row
// count) when the rows end.
func (s *Server) searchExport(w http.ResponseWriter, r *http.Request) {
	f := decodeSearchForm(r.URL.Query())
	format := r.URL.Query().Get("format")
	if format != "jsonl" {
		format = "csv"
	}
	req, prob := f.searchRequest(s.zoneOf(r), 0)
	if f.Q == "" || prob != nil {
		s.errorPage(w, r, http.StatusBadRequest, nil)
		return
	}
	req.Size = 0
	exp, err := s.deps.Desk.StartExport(r.Context(), actorOf(r), req) // audited under the person's name when it ends
	if errors.Is(err, mediawatch.ErrInvalid) {
		s.errorPage(w, r, http.StatusBadRequest, nil)
		return
	}
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	ct := "text/csv; charset=utf-8"
	if format == "jsonl" {
		ct = "application/x-ndjson; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `attachment; filename="mediawatch-export.`+format+`"`)
	n, err := exp.Write(r.Context(), w, desk.ExportFormat{Format: format, BOM: true, Loc: s.zoneOf(r)})
	if err != nil {
		s.log.Warn("web: export cut short", "request_id", requestIDOf(r), "rows", n, "err", err)
	}
}

// saveSearch answers POST /search/saved: keeps the search (params) under
// the name typed, then shows it.
func (s *Server) saveSearch(w http.ResponseWriter, r *http.Request) {
	name := formField(r, "name", desk.MaxSavedSearchName, false)
	params := formField(r, "params", desk.MaxSavedSearchParams, false)
	back := localPath("/search?" + params)
	if back == "" {
		back = "/search"
	}
	_, err := s.deps.Desk.SaveSearch(r.Context(), userIDOf(r), name, params)
	switch {
	case errors.Is(err, mediawatch.ErrInvalid):
		s.flashAndRedirect(w, r, "search.saved.bad", back)
	case err != nil:
		s.errorPage(w, r, http.StatusInternalServerError, err)
	default:
		s.flashAndRedirect(w, r, "search.saved.done", back)
	}
}

// deleteSavedSearch answers POST /search/saved/{id}/delete; only the
// owner's own searches can go, anyone else's is a 404.
func (s *Server) deleteSavedSearch(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		s.errorPage(w, r, http.StatusNotFound, nil)
		return
	}
	err = s.deps.Desk.DeleteSavedSearch(r.Context(), userIDOf(r), id)
	switch {
	case err != nil:
		s.readError(w, r, err)
	default:
		back := localPath(formField(r, "back", 2000, false))
		if back == "" {
			back = "/search"
		}
		s.flashAndRedirect(w, r, "search.saved.deleted", back)
	}
}

// maxValueFacets is how many sources or languages a facet lists, the
// most frequent first: the index counts up to 200 sources, more than
// anyone reads down a sidebar, and each is a link to build and draw.
const maxValueFacets = 15

// maxDayFacets is how many days the days facet lists: the busiest, in
// date order; the chart shows them all.
const maxDayFacets = 10

// busiestDays are the maxDayFacets days with the most matches, oldest
// first.
func busiestDays(days []mediawatch.DayCount) []mediawatch.DayCount {
	if len(days) <= maxDayFacets {
		return days
	}
	top := slices.Clone(days)
	slices.SortStableFunc(top, func(a, b mediawatch.DayCount) int { return b.N - a.N })
	top = top[:maxDayFacets]
	slices.SortFunc(top, func(a, b mediawatch.DayCount) int { return strings.Compare(a.Day, b.Day) })
	return top
}
