package web

import (
	"net/http"
	"time"

	"mediawatch/desk"
)

// sourceView is one row of the sources page: desk's status with the
// stored crawl error and warnings said in the reader's language.
type sourceView struct {
	desk.SourceStatus
	Error    string   // the last error in words ("" when none)
	Warnings []string // the last listing read's problems in words
	Reason   string   // why the source is in its state, in words
	Age      string   // how long ago its newest item came, in words
}

// sourcesData is the sources page's Data.
type sourcesData struct {
	Sources []sourceView
	Counts  map[string]int // sources per state
}

// sourcesPage shows every source's health, failing and silent first
// (desk.Sources, the same use case as `mediawatch sources list`).
func (s *Server) sourcesPage(w http.ResponseWriter, r *http.Request) {
	list, err := s.deps.Desk.Sources(r.Context(), desk.SourcesByAttention)
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	lang := langOf(r)
	d := sourcesData{Counts: map[string]int{}}
	for _, st := range list {
		v := sourceView{SourceStatus: st}
		if st.Health.LastError != "" {
			p, _ := desk.ExplainError(st.Health.LastError)
			v.Error = problemText(lang, p)
		}
		for _, p := range desk.ExplainWarning(st.Health.Warning) {
			v.Warnings = append(v.Warnings, problemText(lang, p))
		}
		v.Reason = stateReason(lang, st)
		if !st.NewestItem.IsZero() {
			v.Age = ageText(lang, st.NewestAge)
		}
		d.Counts[string(st.State)]++
		d.Sources = append(d.Sources, v)
	}
	s.render(w, r, "sources", page{Title: "sources.title", Nav: "sources", Data: d})
}

// stateReason says in words why st is in its state.
func stateReason(lang string, st desk.SourceStatus) string {
	switch st.State {
	case desk.SourceFailing:
		return T(lang, "sources.why.failing", formatInt(lang, int64(st.Health.ConsecutiveFailures)))
	case desk.SourceDisabled:
		if st.Imported {
			return T(lang, "sources.why.imported")
		}
		return T(lang, "sources.why.disabled")
	case desk.SourceSilent:
		switch st.SilentWhy {
		case desk.SilentNeverCrawled:
			return T(lang, "sources.why.never")
		case desk.SilentNoItems:
			return T(lang, "sources.why.noitems")
		}
		return T(lang, "sources.why.stale", ageText(lang, st.NewestAge))
	}
	return T(lang, "sources.why.healthy")
}

// problemText says one recognised crawl problem from the catalogue
// ("sources.problem.FORM"), the address first when its form names one;
// a problem of no known form is shown as stored.
func problemText(lang string, p desk.Problem) string {
	key := "sources.problem." + p.Form
	if _, ok := messages[key]; !ok || p.Form == "" {
		return p.Stored
	}
	args := make([]any, 0, len(p.Args)+1)
	if p.NamesURL {
		addr := p.URL
		if addr == "" {
			addr = T(lang, "sources.problem.nourl")
		}
		args = append(args, addr)
	}
	for _, a := range p.Args {
		args = append(args, a)
	}
	return T(lang, key, args...)
}

// ageText says a length of time in words, to the largest whole unit:
// "45 phút", "3 giờ", "2 ngày" / "45 minutes", "3 hours", "2 days".
func ageText(lang string, d time.Duration) string {
	n, unit := int64(d/time.Minute), "minute"
	switch {
	case d >= 48*time.Hour:
		n, unit = int64(d/(24*time.Hour)), "day"
	case d >= 2*time.Hour:
		n, unit = int64(d/time.Hour), "hour"
	}
	key := "age." + unit
	if n == 1 {
		key += ".one"
	}
	return T(lang, key, formatInt(lang, n))
}
