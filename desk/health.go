package desk

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"mediawatch"
	"mediawatch/report"
)

// HealthOptions are the silence rule's numbers (config's health:).
type HealthOptions struct {
	// RecentDays is the window whose mean is compared (7); BaselineDays
	// the window it is compared with (28), which includes it.
	RecentDays   int
	BaselineDays int
	// Sigma is how many standard deviations below the baseline mean the
	// recent mean must fall to be silent (1.5).
	Sigma float64
	// RecoveredFor is how long a source that came back shows as
	// recovered before it is simply ok (a day).
	RecoveredFor time.Duration
}

// DefaultHealthOptions are Media Cloud's numbers: 7 days against 28, 1.5
// standard deviations; recovered for a day.
func DefaultHealthOptions() HealthOptions {
	return HealthOptions{RecentDays: 7, BaselineDays: 28, Sigma: 1.5, RecoveredFor: 24 * time.Hour}
}

// Silence is the silence rule applied to one source's daily item counts.
type Silence struct {
	RecentDays   int     `json:"recent_days"`
	BaselineDays int     `json:"baseline_days"`
	Sigma        float64 `json:"sigma"`
	RecentMean   float64 `json:"recent_mean"`   // items a day over the last RecentDays days
	BaselineMean float64 `json:"baseline_mean"` // items a day over the last BaselineDays days
	BaselineSD   float64 `json:"baseline_sd"`   // their population standard deviation
	Threshold    float64 `json:"threshold"`     // BaselineMean − Sigma × BaselineSD
	Silent       bool    `json:"silent"`
}

// silence applies the rule to days (oldest first, BaselineDays of them,
// today left out): silent when the recent mean is strictly below the
// threshold, or zero while the baseline mean is not. Equal is not
// silent. σ is the population standard deviation (divided by n, not
// n−1): the 28 days are the whole baseline, not a sample of one. Days
// before a source's first item count as zero, so a new source is never
// silent for its newness.
func (o HealthOptions) silence(days []int) Silence {
	s := Silence{RecentDays: o.RecentDays, BaselineDays: len(days), Sigma: o.Sigma}
	if len(days) == 0 {
		return s
	}
	var sum float64
	for _, c := range days {
		sum += float64(c)
	}
	s.BaselineMean = sum / float64(len(days))
	var sq float64
	for _, c := range days {
		sq += (float64(c) - s.BaselineMean) * (float64(c) - s.BaselineMean)
	}
	s.BaselineSD = math.Sqrt(sq / float64(len(days)))
	recent := days[max(len(days)-o.RecentDays, 0):]
	var rsum float64
	for _, c := range recent {
		rsum += float64(c)
	}
	s.RecentMean = rsum / float64(len(recent))
	s.Threshold = s.BaselineMean - o.Sigma*s.BaselineSD
	s.Silent = s.RecentMean < s.Threshold || (s.RecentMean == 0 && s.BaselineMean > 0)
	return s
}

// Why is the silence in English words, for an alert and the log.
func (s Silence) Why(sigma float64) string {
	if s.RecentMean == 0 {
		return fmt.Sprintf("no item in %d days, against a %d-day mean of %s a day", s.RecentDays, s.BaselineDays, Figure(s.BaselineMean))
	}
	return fmt.Sprintf("%d-day mean %s below %d-day mean %s − %s × %s", s.RecentDays, Figure(s.RecentMean),
		s.BaselineDays, Figure(s.BaselineMean), Figure(sigma), Figure(s.BaselineSD))
}

// Figure writes a mean or a deviation to one decimal, or two below 1, so
// that a source of one item a month reads 0.03 a day, not 0.0.
func Figure(f float64) string { return FigureIn("en", f) }

// FigureIn is Figure in lang's way: a decimal comma in Vietnamese (0,03),
// a point otherwise. The sources page and `sources list` write the
// silence rule's figures with it.
func FigureIn(lang string, f float64) string {
	prec := 1
	if f > 0 && f < 1 {
		prec = 2
	}
	s := strconv.FormatFloat(f, 'f', prec, 64)
	if lang == "vi" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// dayBounds are the edges of the BaselineDays complete local days before
// now's day, oldest first: today is left out, so the judgement holds all
// day and cannot flap from hour to hour. Each edge is a local midnight
// (a day of summer time's change is 23 or 25 hours).
func (d *Desk) dayBounds(now time.Time) []time.Time {
	n := d.health.BaselineDays
	y, m, day := now.In(d.loc).Date()
	out := make([]time.Time, n+1)
	for i := range out {
		out[i] = time.Date(y, m, day-n+i, 0, 0, 0, 0, d.loc)
	}
	return out
}

// judge sets r's State and StateSince from what the crawler stored, the
// silence rule and the state last stored:
//   - disabled when it is not crawled;
//   - failing when its last fetch failed (or none was ever attempted);
//   - silent when the rule says so;
//   - otherwise ok — but recovered, from the moment it came back and for
//     RecoveredFor, when the stored state was failing or silent.
//
// StateSince is the stored moment while the state holds, else now.
func (d *Desk) judge(r *SourceStatus, now time.Time) {
	prev, since := r.Health.State, r.Health.StateSince
	state := mediawatch.StateOK
	switch {
	case !r.Enabled:
		state = mediawatch.StateDisabled
	case r.NeverCrawled:
		state = mediawatch.StateFailing
	case r.Health.ConsecutiveFailures > 0:
		state = mediawatch.StateFailing
	case r.Silence.Silent:
		state = mediawatch.StateSilent
	case prev == mediawatch.StateFailing || prev == mediawatch.StateSilent:
		state = mediawatch.StateRecovered
	case prev == mediawatch.StateRecovered && now.Before(since.Add(d.health.RecoveredFor)):
		state = mediawatch.StateRecovered
	}
	if state != prev || since.IsZero() {
		since = now
	}
	r.State, r.StateSince = state, since
}

// Why says in English why r is in its state: the last error, the silence
// figures; "" for ok, recovered and disabled.
func (r SourceStatus) Why(sigma float64) string {
	switch r.State {
	case mediawatch.StateFailing:
		if r.NeverCrawled {
			return "never crawled yet"
		}
		return r.Health.LastError
	case mediawatch.StateSilent:
		return r.Silence.Why(sigma)
	}
	return ""
}

// StateStore is what the health check writes; *store.DB satisfies it.
type StateStore interface {
	PutSourceState(ctx context.Context, source string, state mediawatch.HealthState, since time.Time) error
}

// HealthCheck is what one CheckSources saw and did.
type HealthCheck struct {
	// Sources are every source as judged (SourcesByName).
	Sources []SourceStatus
	// Alerts are those raised: each change to silent, failing or
	// recovered.
	Alerts []mediawatch.Alert
}

// CheckSources judges every source, stores each changed state (and its
// start), and raises an alert for each change to silent, failing or
// recovered through Deps.Alerts. A source never crawled, or a name only
// imported items carry, is judged but nothing is stored or raised for it:
// that is no change of health, only the lack of it. An alert that cannot
// be raised leaves its state unstored, so the next check tries again.
func (d *Desk) CheckSources(ctx context.Context) (HealthCheck, error) {
	ss, ok := d.store.(StateStore)
	if !ok {
		return HealthCheck{}, fmt.Errorf("check sources: %w", ErrUnavailable)
	}
	list, err := d.Sources(ctx, SourcesByName)
	if err != nil {
		return HealthCheck{}, fmt.Errorf("check sources: %w", err)
	}
	hc := HealthCheck{Sources: list}
	var errs []error
	for _, r := range list {
		if r.NeverCrawled || r.Imported || (r.State == r.Health.State && r.StateSince.Equal(r.Health.StateSince)) {
			continue
		}
		if a, ok := d.sourceAlert(r); ok && r.State != r.Health.State {
			if d.alerts != nil {
				if err := d.alerts.Raise(ctx, a); err != nil {
					errs = append(errs, fmt.Errorf("raise %s: %w", a.ID, err))
					continue
				}
			}
			hc.Alerts = append(hc.Alerts, a)
		}
		if err := ss.PutSourceState(ctx, r.Name, r.State, r.StateSince); err != nil {
			errs = append(errs, err)
			continue
		}
		if r.State != r.Health.State {
			d.log.Info("source health changed", "source", r.Name, "from", string(r.Health.State),
				"to", string(r.State), "why", r.Why(d.health.Sigma))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return hc, fmt.Errorf("check sources: %w", err)
	}
	return hc, nil
}

// sourceAlerts are the states a change to raises an alert.
var sourceAlerts = map[mediawatch.HealthState]mediawatch.AlertKind{
	mediawatch.StateSilent:    mediawatch.AlertSourceSilent,
	mediawatch.StateFailing:   mediawatch.AlertSourceFailing,
	mediawatch.StateRecovered: mediawatch.AlertSourceRecovered,
}

// sourceAlert is the alert of r's change of state, if its new state is
// one. Its ID names the state, the source and the state's start, so the
// same change seen twice is one alert.
func (d *Desk) sourceAlert(r SourceStatus) (mediawatch.Alert, bool) {
	kind, ok := sourceAlerts[r.State]
	if !ok {
		return mediawatch.Alert{}, false
	}
	return mediawatch.Alert{
		ID:   fmt.Sprintf("source-%s-%s-%d", r.State, r.Name, r.StateSince.Unix()),
		Kind: kind, At: r.StateSince,
		Source: &mediawatch.SourceAlert{Source: r.Name, Label: r.Label(), From: r.Health.State, To: r.State,
			Why: r.Why(d.health.Sigma), Silence: r.silenceFigures()},
	}, true
}

// ReportSourceHealth is every source's health as the daily report's
// sources section takes it (report.Builder.SourceHealth).
func (d *Desk) ReportSourceHealth(ctx context.Context) ([]report.SourceHealth, error) {
	list, err := d.Sources(ctx, SourcesByName)
	if err != nil {
		return nil, err
	}
	out := make([]report.SourceHealth, 0, len(list))
	for _, r := range list {
		if r.Imported {
			continue
		}
		s := r.Silence
		out = append(out, report.SourceHealth{Source: r.Name, State: r.State, Since: r.StateSince,
			LastSuccess: r.Health.LastSuccess, Failures: r.Health.ConsecutiveFailures, LastError: r.Health.LastError,
			NeverCrawled: r.NeverCrawled, RecentDays: s.RecentDays, BaselineDays: s.BaselineDays, RecentMean: s.RecentMean,
			BaselineMean: s.BaselineMean, BaselineSD: s.BaselineSD, Sigma: s.Sigma})
	}
	return out, nil
}

// silenceFigures are r's silence figures for an alert, nil unless silent.
func (r SourceStatus) silenceFigures() *mediawatch.SilenceFigures {
	if r.State != mediawatch.StateSilent {
		return nil
	}
	s := r.Silence
	return &mediawatch.SilenceFigures{RecentDays: s.RecentDays, BaselineDays: s.BaselineDays, Sigma: s.Sigma,
		RecentMean: s.RecentMean, BaselineMean: s.BaselineMean, BaselineSD: s.BaselineSD}
}
