package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"mediawatch"
	"mediawatch/desk"
)

// words turns the queue's and the story's codes into words in the page's
// language: severities, statuses, outlets by display name, rule names and
// history events. Both pages' Data carry one, so templates write
// {{.Data.Severity .Story.Severity}} and the like.
type words struct {
	lang    string
	outlets map[string]string // display names by source slug
}

func (s *Server) words(r *http.Request) words {
	w := words{lang: langOf(r)}
	if s.deps.SourceNames != nil {
		w.outlets = s.deps.SourceNames()
	}
	return w
}

// InLang is n in the page's language, the other one when it is empty.
func (w words) InLang(n mediawatch.Names) string {
	if w.lang == "en" && n.EN != "" || n.VI == "" {
		return n.EN
	}
	return n.VI
}

// Severity is a severity in words ("nghiêm trọng", "critical").
func (w words) Severity(s mediawatch.Severity) string { return w.InLang(desk.SeverityName(s)) }

// Status is a review status in words ("đang xử lý", "in review").
func (w words) Status(s mediawatch.FlagStatus) string {
	if _, ok := messages["review.status."+string(s)]; !ok {
		return string(s)
	}
	return T(w.lang, "review.status."+string(s))
}

// Outlet is a source by its display name, its slug when it has none.
func (w words) Outlet(slug string) string {
	if n := w.outlets[slug]; n != "" {
		return n
	}
	return slug
}

// Rule is a rule by its name from rules, its id when the running set does
// not know it.
func (w words) Rule(rules map[string]mediawatch.Rule, id string) string {
	if n := w.InLang(rules[id].Name); n != "" {
		return n
	}
	return id
}

// queueData is the queue page's Data.
type queueData struct {
	words
	View        desk.QueueView
	MinSeverity string // the filter as chosen, for the form
	Assignee    string
	Severities  []mediawatch.Severity
	Mine        string // desk.AssigneeMine and desk.AssigneeUnassigned, for the template
	Unassigned  string
	Me          string
	Editor      bool   // the person may change stories: forms are drawn
	Back        string // this page with its filter, where a change returns
	Pager       pager
	Shown       []desk.QueueEntry // the entries of this page
}

// queuePerPage is how many stories one page of the queue shows: a long
// morning's worth, while each page stays light on a phone.
const queuePerPage = 25

// queuePage shows the open flagged stories, most urgent first, filtered
// by severity and assignee.
func (s *Server) queuePage(w http.ResponseWriter, r *http.Request) {
	who := personOf(r)
	q := r.URL.Query()
	f, err := desk.ParseQueueFilter(cleanText(q.Get("severity"), 20, false), cleanText(q.Get("assignee"), 100, false), who.User.Name)
	p := page{Title: "queue.title", Nav: "queue"}
	if errors.Is(err, mediawatch.ErrInvalid) {
		p.Errors = append(p.Errors, T(langOf(r), "queue.badfilter"))
		p.Status = http.StatusBadRequest
		f, _ = desk.ParseQueueFilter("", f.Assignee, who.User.Name)
	}
	v, err := s.deps.Desk.QueuePage(r.Context(), f)
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	p.Data = queueData{words: s.words(r), View: v, MinSeverity: string(f.MinSeverity), Assignee: f.Assignee,
		Severities: []mediawatch.Severity{mediawatch.SeverityCritical, mediawatch.SeverityHigh, mediawatch.SeverityMedium, mediawatch.SeverityLow},
		Mine:       desk.AssigneeMine, Unassigned: desk.AssigneeUnassigned, Me: who.User.Name,
		Editor: who.User.Role.Allows(roleEditor), Back: r.URL.RequestURI()}
	d := p.Data.(queueData)
	d.Pager = newPager(r.URL, len(v.Entries), queuePerPage)
	d.Shown = v.Entries[min(d.Pager.Offset(), len(v.Entries)):min(d.Pager.Offset()+queuePerPage, len(v.Entries))]
	p.Data = d
	s.render(w, r, "queue", p)
}

// Priority writes a queue priority with one decimal, the language's way
// (vi 7,5; en 7.5).
func (w words) Priority(f float64) string {
	s := strconv.FormatFloat(f, 'f', 1, 64)
	if w.lang == "vi" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Outlets are a story's outlets by display name, comma-separated.
func (w words) Outlets(slugs []string) string {
	out := make([]string, len(slugs))
	for i, s := range slugs {
		out[i] = w.Outlet(s)
	}
	return strings.Join(out, ", ")
}

// Cap writes s with its first letter upper-case, for a severity's words at
// the start of a label ("High and above").
func (w words) Cap(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
