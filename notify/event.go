package notify

import (
	"strconv"
	"time"

	"mediawatch"
)

// The event types, the X-Mediawatch-Event header's value and the body's
// "type": a new flag, and the alerts (mediawatch.AlertKind) — a spike, a
// source gone silent, failing, or recovered.
const (
	TypeFlag            = "flag"
	TypeSpike           = string(mediawatch.AlertSpike)
	TypeSourceSilent    = string(mediawatch.AlertSourceSilent)
	TypeSourceFailing   = string(mediawatch.AlertSourceFailing)
	TypeSourceRecovered = string(mediawatch.AlertSourceRecovered)
)

// Event is the JSON body of one webhook request.
type Event struct {
	// ID names the event, the same on every attempt ("flag-42"), so that a
	// receiver can drop a repeat.
	ID string `json:"id"`
	// Type is one of the Type constants.
	Type string `json:"type"`
	// At is when the alert happened (every type but flag, whose flag
	// carries created_at).
	At time.Time `json:"at,omitzero"`
	// Flag is what matched, and Item where (type flag only).
	Flag *Flag `json:"flag,omitempty"`
	Item *Item `json:"item,omitempty"`
	// Spike is the spike (type spike only).
	Spike *Spike `json:"spike,omitempty"`
	// Source is the source whose health changed (types source.*).
	Source *mediawatch.SourceAlert `json:"source,omitempty"`
	// Link is the page of mediawatch's web face that shows what the event
	// is about (web.public_url and a path); absent when that is not set.
	Link string `json:"link,omitempty"`
	// SentAt is when this attempt was sent; Send sets it, and the
	// timestamp header carries the same instant.
	SentAt time.Time `json:"sent_at"`
}

// Flag is the flag an event is about.
type Flag struct {
	ID       int64               `json:"id"`
	ItemID   int64               `json:"item_id"`
	RuleID   string              `json:"rule_id"`
	Severity mediawatch.Severity `json:"severity"`
	// Snippet is plain text around the first match, never HTML.
	Snippet string `json:"snippet"`
	// MatchedTerms are the distinct texts that matched, title first, then
	// in order of their offsets.
	MatchedTerms []string  `json:"matched_terms"`
	CreatedAt    time.Time `json:"created_at"`
}

// Item is the flagged item, as crawled.
type Item struct {
	Title  string `json:"title"`
	URL    string `json:"url"`
	Source string `json:"source"`
}

// NewEvent describes a new flag f on item it.
func NewEvent(f mediawatch.Flag, it mediawatch.Item) Event {
	return Event{
		ID:   "flag-" + strconv.FormatInt(f.ID, 10),
		Type: TypeFlag,
		Flag: &Flag{ID: f.ID, ItemID: f.ItemID, RuleID: f.RuleID, Severity: f.Severity, Snippet: f.Snippet,
			MatchedTerms: mediawatch.MatchedTexts(f.Matches), CreatedAt: f.CreatedAt},
		Item: &Item{Title: it.Title, URL: it.URL, Source: it.Source},
	}
}

// Spike is a spike as an event tells of it: mediawatch.Spike with its
// window in whole seconds (3600 or 86400).
type Spike struct {
	Scope         mediawatch.SpikeScope `json:"scope"` // rule or term
	Key           string                `json:"key"`   // the rule id or the watch term
	WindowSeconds int64                 `json:"window_seconds"`
	End           time.Time             `json:"end"`
	Count         int                   `json:"count"`
	Mean          float64               `json:"mean"`
	SD            float64               `json:"sd"`
	Threshold     float64               `json:"threshold"`
	Days          int                   `json:"days"`
	StoryIDs      []int64               `json:"story_ids,omitempty"`
}

// NewAlertEvent describes an alert of any kind but flag (new flags are
// told by NewEvent, which carries their matched terms): its id and type
// are the alert's, and link, which may be empty, is the web page to read
// it on.
func NewAlertEvent(a mediawatch.Alert, link string) Event {
	e := Event{ID: a.ID, Type: string(a.Kind), At: a.At.UTC(), Source: a.Source, Link: link}
	if s := a.Spike; s != nil {
		e.Spike = &Spike{Scope: s.Scope, Key: s.Key, WindowSeconds: int64(s.Window / time.Second), End: s.End.UTC(),
			Count: s.Count, Mean: s.Mean, SD: s.SD, Threshold: s.Threshold, Days: s.Days, StoryIDs: s.StoryIDs}
	}
	if f := a.Flag; f != nil {
		e.Flag = &Flag{ID: f.FlagID, ItemID: f.ItemID, RuleID: f.RuleID, Severity: f.Severity, Snippet: f.Snippet,
			MatchedTerms: []string{}, CreatedAt: a.At.UTC()}
		e.Item = &Item{Title: f.Title, URL: f.URL, Source: f.Source}
		e.At = time.Time{}
	}
	return e
}
