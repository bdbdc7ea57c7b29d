package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"mediawatch"
	"mediawatch/desk"
)

// alertPeriods are the periods the alerts page offers, in hours.
var alertPeriods = []int{24, 7 * 24, 30 * 24}

// alertLink is one link of an alert: a page of mediawatch and its words.
type alertLink struct {
	Path string
	Text string
}

// alertRow is one alert on the alerts page.
type alertRow struct {
	desk.AlertView
	Text  string // what happened, in the reader's language
	Links []alertLink
}

// alertsData is the alerts page's Data.
type alertsData struct {
	Rows   []alertRow
	Kind   string
	Hours  int
	Kinds  []mediawatch.AlertKind
	Period []int
}

// alertsPage lists the alerts of a period (the last day unless asked),
// newest first, each in words with the pages it is about: the same
// desk.Alerts as GET /api/v1/alerts and `mediawatch alerts`.
func (s *Server) alertsPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := alertsData{Kind: q.Get("kind"), Hours: 24, Kinds: desk.AlertKinds, Period: alertPeriods}
	if h, err := strconv.Atoi(q.Get("hours")); err == nil && slices.Contains(alertPeriods, h) {
		d.Hours = h
	}
	if !slices.Contains(desk.AlertKinds, mediawatch.AlertKind(d.Kind)) {
		d.Kind = ""
	}
	list, err := s.deps.Desk.Alerts(r.Context(), desk.AlertFilter{Kind: mediawatch.AlertKind(d.Kind),
		Since: s.deps.Desk.Now().Add(-time.Duration(d.Hours) * time.Hour), Limit: 500})
	if errors.Is(err, desk.ErrUnavailable) {
		s.errorPage(w, r, http.StatusNotFound, err)
		return
	}
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	lang := langOf(r)
	for _, a := range list {
		row := alertRow{AlertView: a, Text: a.Text.EN, Links: alertLinks(lang, a)}
		if lang == "vi" {
			row.Text = a.Text.VI
		}
		d.Rows = append(d.Rows, row)
	}
	s.render(w, r, "alerts", page{Title: "alerts.title", Nav: "alerts", Data: d})
}

// alertLinks are the pages an alert is about: a flag's item and story; a
// spike's stories (most items first), and its rule or a search for its
// term; the sources page for a source's change.
func alertLinks(lang string, a desk.AlertView) []alertLink {
	var out []alertLink
	switch {
	case a.Flag != nil:
		out = append(out, alertLink{"/items/" + strconv.FormatInt(a.Flag.ItemID, 10), T(lang, "alerts.link.item")})
		if a.Flag.StoryID != 0 {
			out = append(out, alertLink{"/stories/" + strconv.FormatInt(a.Flag.StoryID, 10), T(lang, "alerts.link.story")})
		}
	case a.Spike != nil:
		for i, id := range a.Spike.StoryIDs {
			if i == 5 {
				break
			}
			out = append(out, alertLink{"/stories/" + strconv.FormatInt(id, 10), T(lang, "alerts.link.storyn", id)})
		}
		if a.Spike.Scope == mediawatch.SpikeRule {
			out = append(out, alertLink{"/rules/" + url.PathEscape(a.Spike.Key), T(lang, "alerts.link.rule")})
		} else {
			out = append(out, alertLink{"/search?" + url.Values{"q": {strconv.Quote(a.Spike.Key)}}.Encode(), T(lang, "alerts.link.search")})
		}
	case a.Source != nil:
		out = append(out, alertLink{"/sources", T(lang, "alerts.link.sources")})
	}
	return out
}
