package api

import (
	"context"
	"time"

	"mediawatch"
	"mediawatch/desk"
	"mediawatch/notify"
)

type alertsInput struct {
	Since string `query:"since" doc:"Alerts at or after: a local date YYYY-MM-DD or an RFC 3339 time. Default: the last 24 hours." example:"2026-11-20"`
	Kind  string `query:"kind" enum:"flag,spike,source.silent,source.failing,source.recovered" doc:"Only alerts of this kind."`
	Size  int    `query:"size" minimum:"1" maximum:"1000" default:"100" doc:"At most this many alerts."`
}

type alertsOutput struct{ Body alertsBody }

type alertsBody struct {
	Alerts []alertView `json:"alerts" doc:"Newest first."`
}

// alertView is one alert as the API shows it: the webhook's body for its
// kind, with what it says in both languages and the web page about it.
type alertView struct {
	ID     string                  `json:"id" doc:"The event id, the webhook's X-Mediawatch-Delivery: the same event is one alert."`
	Kind   string                  `json:"type" enum:"flag,spike,source.silent,source.failing,source.recovered" doc:"What it is about."`
	At     time.Time               `json:"at" doc:"When mediawatch noticed it."`
	Text   mediawatch.Names        `json:"text" doc:"What happened, in one sentence, in Vietnamese and English."`
	Path   string                  `json:"path" doc:"The web page about it: the flagged item, the spike's leading story (or the rule, or a search for the term), the sources page."`
	Flag   *mediawatch.FlagAlert   `json:"flag,omitempty" doc:"type flag: the new flag and its item."`
	Spike  *notify.Spike           `json:"spike,omitempty" doc:"type spike: the rule or watch term, the window (3600 or 86400 seconds) and its count against the mean, standard deviation and threshold of the same window on the previous days, and the stories, most items first."`
	Source *mediawatch.SourceAlert `json:"source,omitempty" doc:"types source.*: the source, its state before and after, and why."`
}

var exampleAlerts = alertsBody{Alerts: []alertView{
	{ID: "spike-rule-dam-rumour-1h-2026-11-20T01", Kind: "spike", At: exampleAt, Path: "/stories/41",
		Text: mediawatch.Names{VI: "Tăng đột biến: quy tắc “Tin đồn vỡ đập” có 12 bài trong giờ qua, bình thường 1,5",
			EN: "Spike: rule “Dam rumour” had 12 items in the last hour, usually 1.5"},
		Spike: &notify.Spike{Scope: mediawatch.SpikeRule, Key: "dam-rumour", WindowSeconds: 3600, End: exampleAt, Count: 12,
			Mean: 1.5, SD: 0.8, Threshold: 3.9, Days: 14, StoryIDs: []int64{41, 38}}},
	{ID: "source-baosonla-silent-2026-11-20", Kind: "source.silent", At: exampleAt.Add(-time.Hour), Path: "/sources",
		Text: mediawatch.Names{VI: "Nguồn “Báo Sơn La” gần như ngừng đăng bài (chi tiết: 7-day mean 0.0 below 28-day mean 5.2 − 1.5 × 1.1)",
			EN: "Source “Báo Sơn La” has gone silent (7-day mean 0.0 below 28-day mean 5.2 − 1.5 × 1.1)"},
		Source: &mediawatch.SourceAlert{Source: "baosonla", Label: "Báo Sơn La", From: mediawatch.StateOK, To: mediawatch.StateSilent,
			Why: "7-day mean 0.0 below 28-day mean 5.2 − 1.5 × 1.1"}},
}}

// alertsDescription is the alerts route's description in the document.
const alertsDescription = "The alerts that do not wait for the morning report, newest first: new flags at or above " +
	"alerts.min_severity, spikes (a rule's or watch term's items in the last hour or day above the mean + k·σ of the " +
	"same window on the previous days), and sources gone silent, failing or recovered. Each is what the webhook sent " +
	"and the batched e-mail listed, once per event id."

// listAlerts answers GET /api/v1/alerts.
func (s *Server) listAlerts(ctx context.Context, in *alertsInput) (*alertsOutput, error) {
	f := desk.AlertFilter{Kind: mediawatch.AlertKind(in.Kind), Limit: in.Size}
	var err error
	if f.Since, err = dateParam(s.opts.Location, "query.since", in.Since, false); err != nil {
		return nil, s.problem(ctx, err)
	}
	list, err := s.desk.Alerts(ctx, f)
	if err != nil {
		return nil, s.problem(ctx, err)
	}
	body := alertsBody{Alerts: make([]alertView, len(list))}
	for i, a := range list {
		body.Alerts[i] = alertView{ID: a.ID, Kind: string(a.Kind), At: s.at(a.At), Text: a.Text, Path: a.Path,
			Flag: a.Flag, Spike: a.Spike, Source: a.Source}
	}
	return &alertsOutput{Body: body}, nil
}
