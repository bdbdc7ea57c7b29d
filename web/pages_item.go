package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"mediawatch"
	"mediawatch/desk"
	"mediawatch/query"
)

// itemData is the item page's Data.
type itemData struct {
	desk.ItemPage
	Outlet     string
	TitleHTML  template.HTML
	Paragraphs []template.HTML
	Query      string        // the search that led here, if any
	BackURL    string        // back to that search
	TitleDiff  template.HTML // <ins>/<del> over escaped text
	TextDiff   template.HTML
	Changed    bool // the two versions compared differ
	Flags      []flagView
	Copies     []copyView
	// Platform is where it was published, in words; Account its author
	// when it is a post (nil for an article).
	Platform string
	Account  *mediawatch.Account
}

type flagView struct {
	RuleID, RuleName string
	Severity         string // message key of the severity in words
	Level            string // the severity's name, for its class
	Status           string // message key of the review status
	Terms            []string
	Version          int
	CreatedAt        time.Time
}

type copyView struct {
	ID          int64
	Title       string
	Outlet, URL string
	Published   time.Time
	FirstSeen   time.Time
}

// itemPage answers GET /items/{id}[?q=…&from=N&to=N]: one item, its text
// with the search's matches marked, a word diff between two versions, its
// flags and its story's other copies.
func (s *Server) itemPage(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 {
		s.errorPage(w, r, http.StatusNotFound, nil)
		return
	}
	v := r.URL.Query()
	req := desk.ItemRequest{ID: id}
	q := cleanText(v.Get("q"), 0, false)
	if len(q) > maxQueryBytes {
		q = ""
	}
	if q != "" {
		if n, err := query.Parse(q); err == nil {
			req.Query = n
		}
	}
	req.From, _ = strconv.Atoi(v.Get("from"))
	req.To, _ = strconv.Atoi(v.Get("to"))
	ip, err := s.deps.Desk.ItemPage(r.Context(), req)
	if err != nil {
		s.readError(w, r, err)
		return
	}
	lang, names := langOf(r), s.outletNames()
	d := itemData{ItemPage: ip, Outlet: outletOf(names, ip.Item.Source), TitleHTML: template.HTML(ip.TitleHTML),
		TitleDiff: diffHTML(ip.TitleDiff), TextDiff: diffHTML(ip.TextDiff),
		Changed:  desk.DiffChanged(ip.TitleDiff) || desk.DiffChanged(ip.TextDiff),
		Platform: platformName(lang, ip.Item.Platform), Account: ip.Item.Account}
	for _, para := range ip.Paragraphs {
		d.Paragraphs = append(d.Paragraphs, template.HTML(para)) // escaped by desk, matches in <mark>
	}
	if req.Query != nil {
		d.Query = q
		d.BackURL = "/search?" + url.Values{"q": {q}}.Encode()
	}
	for _, f := range ip.Flags {
		name := f.RuleName.VI
		if lang == "en" || name == "" {
			name = f.RuleName.EN
		}
		if name == "" {
			name = f.RuleName.VI
		}
		d.Flags = append(d.Flags, flagView{RuleID: f.RuleID, RuleName: name, Severity: "search.sev." + string(f.Severity), Level: string(f.Severity),
			Status: "item.status." + string(f.Status), Terms: f.Terms, Version: f.ItemVersion, CreatedAt: f.CreatedAt})
	}
	for _, c := range ip.Copies {
		d.Copies = append(d.Copies, copyView{ID: c.ID, Title: c.Title, Outlet: outletOf(names, c.Source), URL: c.URL, Published: c.Published, FirstSeen: c.FirstSeen})
	}
	s.render(w, r, "item", page{Title: "item.title", Nav: "search", Data: &d})
}

// diffHTML draws a word diff: insertions in <ins>, deletions in <del>,
// every part's text escaped (crawled text is hostile).
func diffHTML(parts []desk.DiffPart) template.HTML {
	var b strings.Builder
	for _, p := range parts {
		t := template.HTMLEscapeString(p.Text)
		switch p.Op {
		case desk.DiffInsert:
			b.WriteString("<ins>" + t + "</ins>")
		case desk.DiffDelete:
			b.WriteString("<del>" + t + "</del>")
		default:
			b.WriteString(t)
		}
	}
	return template.HTML(b.String())
}
