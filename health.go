package mediawatch

import (
	"context"
	"encoding/json"
	"time"
)

// HealthState is a source's health in one word, as `sources list`, the
// API, the sources page, the metrics and the alerts name it.
type HealthState string

// The health states. A source is StateOK only when its last fetch parsed
// and gave items: a 304 after a failure, or a listing that parses to no
// items, keeps it StateFailing.
const (
	// StateOK: the last fetch parsed, and it publishes as it used to.
	StateOK HealthState = "ok"
	// StateFailing: the last fetch failed, gave nothing that parsed, or
	// answered 304 while the source was failing.
	StateFailing HealthState = "failing"
	// StateSilent: it fetches fine but has gone quiet: the mean of its
	// last 7 days' item counts is below its 28-day mean minus 1.5
	// standard deviations, or zero while that mean is not (Media Cloud's
	// rule; the numbers are configuration).
	StateSilent HealthState = "silent"
	// StateRecovered: it was failing or silent and is OK again, for a
	// while (health.recovered_for) after it came back.
	StateRecovered HealthState = "recovered"
	// StateDisabled: not crawled (enabled: false, or only imported items
	// carry the name). Never the subject of an alert.
	StateDisabled HealthState = "disabled"
)

// AlertKind is what an Alert is about; it is the webhook's event type.
type AlertKind string

// The alert kinds.
const (
	AlertFlag            AlertKind = "flag"             // a new flag at or above alerts.min_severity
	AlertSpike           AlertKind = "spike"            // a rule's or watch term's items well above their baseline
	AlertSourceSilent    AlertKind = "source.silent"    // a source went silent
	AlertSourceFailing   AlertKind = "source.failing"   // a source started failing
	AlertSourceRecovered AlertKind = "source.recovered" // a failing or silent source is OK again
)

// Alert is something that happened which the office should hear of before
// the morning report. ID is the same each time the same event is seen, so
// that it is sent once (and a webhook receiver can drop a repeat).
type Alert struct {
	ID   string    `json:"id"`
	Kind AlertKind `json:"type"`
	At   time.Time `json:"at"`
	// Exactly one of these is set, by Kind.
	Flag   *FlagAlert   `json:"flag,omitempty"`
	Spike  *Spike       `json:"spike,omitempty"`
	Source *SourceAlert `json:"source,omitempty"`
}

// FlagAlert is a new flag as an alert tells of it.
type FlagAlert struct {
	FlagID   int64    `json:"flag_id"`
	ItemID   int64    `json:"item_id"`
	StoryID  int64    `json:"story_id,omitempty"`
	RuleID   string   `json:"rule_id"`
	Severity Severity `json:"severity"`
	Title    string   `json:"title"`
	URL      string   `json:"url"`
	Source   string   `json:"source"`
	Snippet  string   `json:"snippet,omitempty"`
}

// SpikeScope is what a spike counts: a rule's flagged items or a watch
// term's items.
type SpikeScope string

// The spike scopes.
const (
	SpikeRule SpikeScope = "rule"
	SpikeTerm SpikeScope = "term"
)

// Spike is a rule's or a watch term's items in a window (the last hour or
// the last day) well above the same window's counts over the previous
// days: Count > Mean + k·SD, and at least alerts.spike_min.
type Spike struct {
	Scope SpikeScope `json:"scope"`
	// Key is the rule id or the watch term.
	Key string `json:"key"`
	// Window is the length counted, ending at End.
	// In JSON it is window_seconds, whole seconds (MarshalJSON).
	Window time.Duration `json:"-"`
	End    time.Time     `json:"end"`
	Count  int           `json:"count"`
	// Mean and SD are the baseline's: the same window on each of the
	// previous Days days; Threshold is Mean + k·SD.
	Mean      float64 `json:"mean"`
	SD        float64 `json:"sd"`
	Threshold float64 `json:"threshold"`
	Days      int     `json:"days"`
	// StoryIDs are the stories whose items made the spike, most items
	// first: the queue raises them.
	StoryIDs []int64 `json:"story_ids,omitempty"`
}

// SourceAlert is a source's change of health state.
type SourceAlert struct {
	Source string      `json:"source"`
	Label  string      `json:"label"` // the display name, or the slug
	From   HealthState `json:"from"`
	To     HealthState `json:"to"`
	// Why is the cause in English words: the last error, or the silence
	// figures ("7-day mean 0.0 below 28-day mean 5.2 − 1.5 × 1.1").
	Why string `json:"why,omitempty"`
	// Silence is the silence rule's figures for a source.silent alert, so
	// that each face says them in its reader's language.
	Silence *SilenceFigures `json:"silence,omitempty"`
}

// SilenceFigures are what the silence rule compared: the mean items a day
// over the last RecentDays days against BaselineMean − Sigma × BaselineSD
// over BaselineDays days.
type SilenceFigures struct {
	RecentDays   int     `json:"recent_days"`
	BaselineDays int     `json:"baseline_days"`
	Sigma        float64 `json:"sigma"`
	RecentMean   float64 `json:"recent_mean"`
	BaselineMean float64 `json:"baseline_mean"`
	BaselineSD   float64 `json:"baseline_sd"`
}

// Alerter takes alerts: it records each once (by ID) and delivers them
// (webhook, batched e-mail). It must not block on a receiver.
type Alerter interface {
	Raise(ctx context.Context, a Alert) error
}

// spikeJSON is Spike as JSON: the window in whole seconds, as people and
// other programs read durations, not Go's nanoseconds.
type spikeJSON struct {
	spikeFields
	WindowSeconds int64 `json:"window_seconds"`
}

type spikeFields Spike

// MarshalJSON writes Window as window_seconds.
func (s Spike) MarshalJSON() ([]byte, error) {
	return json.Marshal(spikeJSON{spikeFields: spikeFields(s), WindowSeconds: int64(s.Window / time.Second)})
}

// UnmarshalJSON reads window_seconds into Window.
func (s *Spike) UnmarshalJSON(b []byte) error {
	var j spikeJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*s = Spike(j.spikeFields)
	s.Window = time.Duration(j.WindowSeconds) * time.Second
	return nil
}
