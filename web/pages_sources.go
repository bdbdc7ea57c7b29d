package web

import (
	"net/http"
	"strings"
	"time"

	"mediawatch"
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
	Means    string   // items a day over the recent and the baseline days
	Spark    sparkline
}

// sparkline is a source's items a day as small bars (an inline SVG),
// with its numbers in words for a screen reader.
type sparkline struct {
	Width, Height int
	Bars          []sparkBar
	Label         string
}

// sparkBar is one day's bar.
type sparkBar struct {
	X, Y, H int
	Title   string
}

// sourcesData is the sources page's Data.
type sourcesData struct {
	Sources []sourceView
	Counts  map[string]int // sources per state
	// Rule is the silence rule with the configured numbers, in words.
	Rule string
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
	loc := s.zoneOf(r)
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
		v.Reason = stateReason(lang, loc, st)
		if !st.NewestItem.IsZero() {
			v.Age = ageText(lang, st.NewestAge)
		}
		v.Means = T(lang, "health.means", desk.FigureIn(lang, st.Silence.RecentMean), desk.FigureIn(lang, st.Silence.BaselineMean))
		v.Spark = spark(lang, st)
		d.Counts[string(st.State)]++
		d.Sources = append(d.Sources, v)
		if d.Rule == "" {
			sl := st.Silence
			d.Rule = T(lang, "health.rule", formatInt(lang, int64(sl.RecentDays)), formatInt(lang, int64(sl.BaselineDays)),
				desk.FigureIn(lang, sl.Sigma))
		}
	}
	s.render(w, r, "sources", page{Title: "sources.title", Nav: "sources", Data: d})
}

// stateReason says in words why st is in its state.
func stateReason(lang string, loc *time.Location, st desk.SourceStatus) string {
	sl := st.Silence
	switch st.State {
	case mediawatch.StateFailing:
		if st.NeverCrawled {
			return T(lang, "health.why.never")
		}
		return T(lang, "sources.why.failing", formatInt(lang, int64(st.Health.ConsecutiveFailures)))
	case mediawatch.StateDisabled:
		if st.Imported {
			return T(lang, "sources.why.imported")
		}
		return T(lang, "sources.why.disabled")
	case mediawatch.StateSilent:
		if sl.RecentMean == 0 {
			return T(lang, "health.why.silent.zero", formatInt(lang, int64(sl.RecentDays)),
				formatInt(lang, int64(sl.BaselineDays)), desk.FigureIn(lang, sl.BaselineMean))
		}
		return T(lang, "health.why.silent", formatInt(lang, int64(sl.RecentDays)), desk.FigureIn(lang, sl.RecentMean),
			formatInt(lang, int64(sl.BaselineDays)), desk.FigureIn(lang, sl.BaselineMean), desk.FigureIn(lang, sl.BaselineSD),
			desk.FigureIn(lang, sl.Threshold), desk.FigureIn(lang, sl.Sigma))
	case mediawatch.StateRecovered:
		return T(lang, "health.why.recovered", formatTime(lang, loc, st.StateSince))
	}
	return T(lang, "health.why.ok")
}

// spark draws st's days as bars 3 px wide, 1 px apart, the highest day
// 24 px tall (a day with items at least 1 px, so it shows).
func spark(lang string, st desk.SourceStatus) sparkline {
	const barW, gap, height = 3, 1, 24
	sp := sparkline{Width: len(st.Days) * (barW + gap), Height: height}
	top := 0
	for _, c := range st.Days {
		top = max(top, c)
	}
	nums := make([]string, len(st.Days))
	for i, c := range st.Days {
		h := 0
		if top > 0 {
			h = c * height / top
			if c > 0 {
				h = max(h, 1)
			}
		}
		day := st.DaysFrom.AddDate(0, 0, i)
		nums[i] = formatInt(lang, int64(c))
		sp.Bars = append(sp.Bars, sparkBar{X: i * (barW + gap), Y: height - h, H: h,
			Title: T(lang, "health.day", formatDate(lang, st.DaysFrom.Location(), day), nums[i])})
	}
	if n := len(st.Days); n > 0 {
		loc := st.DaysFrom.Location()
		sp.Label = T(lang, "health.days.label", formatDate(lang, loc, st.DaysFrom),
			formatDate(lang, loc, st.DaysFrom.AddDate(0, 0, n-1)), strings.Join(nums, ", "))
	}
	return sp
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
