package desk

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"mediawatch"
	"mediawatch/alert"
	"mediawatch/notify"
	"mediawatch/store"
)

// AlertReader lists the recorded alerts; *store.DB satisfies it.
type AlertReader interface {
	Alerts(ctx context.Context, since time.Time, kind mediawatch.AlertKind, limit int) ([]mediawatch.Alert, error)
}

// AlertKinds are the kinds of alert, in the order the faces offer them.
var AlertKinds = []mediawatch.AlertKind{mediawatch.AlertFlag, mediawatch.AlertSpike, mediawatch.AlertSourceSilent,
	mediawatch.AlertSourceFailing, mediawatch.AlertSourceRecovered}

// FlagAlert is the alert of a new flag f on item it: its id is the flag's
// event id ("flag-42"), the same as the webhook's flag event.
func FlagAlert(f mediawatch.Flag, it mediawatch.Item) mediawatch.Alert {
	return mediawatch.Alert{ID: "flag-" + strconv.FormatInt(f.ID, 10), Kind: mediawatch.AlertFlag, At: f.CreatedAt,
		Flag: &mediawatch.FlagAlert{FlagID: f.ID, ItemID: it.ID, StoryID: it.StoryID, RuleID: f.RuleID,
			Severity: f.Severity, Title: it.Title, URL: it.URL, Source: it.Source, Snippet: f.Snippet}}
}

// raiseFlags raises an alert for each of flags at or above min.
func raiseFlags(ctx context.Context, a mediawatch.Alerter, min mediawatch.Severity, it mediawatch.Item,
	flags []mediawatch.Flag, log *slog.Logger) {
	if !min.Valid() {
		min = mediawatch.SeverityHigh
	}
	for _, f := range flags {
		if f.Severity.Rank() < min.Rank() {
			continue
		}
		if err := a.Raise(ctx, FlagAlert(f, it)); err != nil {
			log.Warn("flag alert not raised", "flag", f.ID, "err", err)
		}
	}
}

// SpikeBoard tells the queue which stories a spike still under way made:
// a spike alert raised less than its window ago. It reads the store's
// alerts, so every process sees the spikes serve found.
type SpikeBoard struct {
	Store AlertReader
	Log   *slog.Logger // nil: discard
}

// SpikesUnderWay maps each story of a rule's spike still under way at now
// to that spike: when several, the one over the shorter window (the hour's
// is the more urgent news), then with most items. A watch term's spike
// raises no story: every item mentions a watch term, so it says "more is
// written about the place today", not that one narrative is spreading —
// it is an alert, and the stories it would raise are no more urgent for
// it. The queue's Rank has
// no context to pass, so the read has its own short one: a slow store
// costs the boost, never the queue.
func (b *SpikeBoard) SpikesUnderWay(now time.Time) map[int64]mediawatch.Spike {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	recent, err := b.Store.Alerts(ctx, now.Add(-24*time.Hour), mediawatch.AlertSpike, store.MaxAlertLimit)
	if err != nil {
		if b.Log != nil {
			b.Log.Warn("queue: spikes not read", "err", err)
		}
		return nil
	}
	out := map[int64]mediawatch.Spike{}
	for _, a := range recent {
		sp := a.Spike
		if sp == nil || sp.Scope != mediawatch.SpikeRule || now.Sub(a.At) >= sp.Window || a.At.After(now) {
			continue
		}
		for _, id := range sp.StoryIDs {
			if cur, ok := out[id]; !ok || moreUrgent(sp, &cur) {
				out[id] = *sp
			}
		}
	}
	return out
}

// moreUrgent orders two spikes for SpikesUnderWay.
func moreUrgent(a, b *mediawatch.Spike) bool {
	if a.Window != b.Window {
		return a.Window < b.Window
	}
	return a.Count > b.Count
}

// AlertView is one alert as the faces show it (the API's and `alerts
// --json`'s shape): the alert, what it says in both languages, and the
// path of the web page about it. A spike is the webhook's (its window in
// seconds).
type AlertView struct {
	ID     string                  `json:"id"`
	Kind   mediawatch.AlertKind    `json:"type"`
	At     time.Time               `json:"at"`
	Text   mediawatch.Names        `json:"text"`
	Path   string                  `json:"path"`
	Flag   *mediawatch.FlagAlert   `json:"flag,omitempty"`
	Spike  *notify.Spike           `json:"spike,omitempty"`
	Source *mediawatch.SourceAlert `json:"source,omitempty"`
}

// AlertFilter selects alerts for the faces.
type AlertFilter struct {
	Since time.Time            // zero: the last 24 hours
	Kind  mediawatch.AlertKind // "": every kind
	Limit int                  // 0: store.DefaultAlertLimit
}

// Alerts lists the recorded alerts, newest first, each in words. It needs a
// store that keeps alerts (*store.DB does); another answers
// ErrUnavailable.
func (d *Desk) Alerts(ctx context.Context, f AlertFilter) ([]AlertView, error) {
	r, ok := d.store.(AlertReader)
	if !ok {
		return nil, fmt.Errorf("alerts: %w", ErrUnavailable)
	}
	if f.Since.IsZero() {
		f.Since = d.now().Add(-24 * time.Hour)
	}
	list, err := r.Alerts(ctx, f.Since, f.Kind, f.Limit)
	if err != nil {
		return nil, err
	}
	var names map[string]mediawatch.Names
	if d.weights.Names != nil {
		names = d.weights.Names.RuleNames()
	}
	out := make([]AlertView, len(list))
	for i, a := range list {
		out[i] = AlertView{ID: a.ID, Kind: a.Kind, At: a.At, Flag: a.Flag, Source: a.Source, Path: alert.Link("/", a),
			Spike: notify.NewAlertEvent(a, "").Spike,
			Text: mediawatch.Names{VI: alert.Describe("vi", alert.LocalError(a, "vi", d.explain), names),
				EN: alert.Describe("en", alert.LocalError(a, "en", d.explain), names)}}
	}
	return out, nil
}
