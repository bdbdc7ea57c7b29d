package report

import (
	"context"
	"fmt"
	"time"

	"mediawatch"
)

// VolumeDays is how many local days the volume chart shows, ending with
// the report's day.
const VolumeDays = 30

// CompareDays is how many days before the report's day its counts are
// compared with.
const CompareDays = 7

// Source is what the report reads from the system of record; the store
// implements it. The report does the counting of its day itself, from
// plain range reads; the chart's daily counts come counted.
type Source interface {
	// ReportEntries returns every item first seen in [from, to) and every
	// item with a flag created in [from, to), each once, with its story
	// and all of its flags.
	ReportEntries(ctx context.Context, from, to time.Time) ([]mediawatch.ReportEntry, error)
	// ReportStories returns every story with a flag created in [from, to),
	// every story marked responded in [from, to) and every story whose
	// review is new or in review now.
	ReportStories(ctx context.Context, from, to time.Time) ([]mediawatch.ReportStory, error)
	// ReportVolume counts, for each day [bounds[i], bounds[i+1]), the
	// items first seen, the distinct stories among them (an item without
	// a story counts as one) and the items with a flag created in it.
	ReportVolume(ctx context.Context, bounds []time.Time) ([]mediawatch.DayVolume, error)
}

// Input is everything one report is computed from.
type Input struct {
	Date        string         // the local day, YYYY-MM-DD
	Loc         *time.Location // the zone that decides the day
	Lang        string         // "vi" or "en"
	GeneratedAt time.Time
	// Entries holds the items first seen or flagged in the day (see
	// Source.ReportEntries); more are tolerated.
	Entries []mediawatch.ReportEntry
	// Volume is the chart's VolumeDays local days ending with Date, as
	// Source.ReportVolume counts them (Date filled in or not). When nil,
	// Compute counts them from Entries, which must then cover those days.
	Volume []mediawatch.DayVolume
	// Stories are the stories of the day (see Source.ReportStories).
	Stories []mediawatch.ReportStory
	// RuleNames names the rules; a rule it lacks is shown by its id.
	RuleNames map[string]mediawatch.Names
	// RuleHints holds each rule's response hint (mediawatch.Rule's
	// ResponseHint): what the office answers to such a story. A flagged
	// story carries the hint of its most severe rule that has one.
	RuleHints map[string]string
	// SourceNames maps a source's slug to its display name ("baosonla" →
	// "Báo Sơn La"); a source it lacks is shown by its slug.
	SourceNames map[string]string
	// Office is who the report is from, for its header.
	Office Office
	// SourceHealth is every source's health when the report is made
	// (sources.go); nil leaves the sources section out.
	SourceHealth []SourceHealth
	// ExplainError says a crawler's stored error (English) in lang; nil
	// leaves it as stored.
	ExplainError func(lang, stored string) string
}

// Office is the office that reads the report: its header names it.
type Office struct {
	// Name is the office's full name ("Sở Thông tin và Truyền thông tỉnh
	// Sơn La"); the header leaves it out when empty.
	Name string `json:"name"`
	// Province is the province it watches ("Sơn La").
	Province string `json:"province"`
}

// Builder computes reports from a Source: the one call a scheduler or an
// HTTP handler makes.
type Builder struct {
	Source Source
	Loc    *time.Location   // the zone that decides the day
	Lang   string           // "vi" or "en"
	Now    func() time.Time // the clock; GeneratedAt comes from it
	// RuleNames returns the current rule names; nil shows rules by id.
	RuleNames func() map[string]mediawatch.Names
	// RuleHints returns the current rules' response hints; nil shows
	// none.
	RuleHints func() map[string]string
	// SourceNames returns the sources' display names by slug; nil shows
	// slugs.
	SourceNames func() map[string]string
	// Office names the office in the header.
	Office Office
	// SourceHealth returns every source's health now (the desk's health
	// check); nil leaves the report's sources section out.
	SourceHealth func(ctx context.Context) ([]SourceHealth, error)
	// ExplainError says a crawler's stored error in the report's
	// language (cmd's words for each known form); nil leaves it in
	// English, as stored.
	ExplainError func(lang, stored string) string
}

// Build reads the day's entries and stories from the Source and computes
// the report for date.
func (b *Builder) Build(ctx context.Context, date string) (*Daily, error) {
	if b.Source == nil || b.Now == nil {
		return nil, fmt.Errorf("report builder: source and clock are required: %w", mediawatch.ErrInvalid)
	}
	start, end, err := Day(date, b.Loc)
	if err != nil {
		return nil, err
	}
	d, _ := parseDate(date) // checked by Day
	bounds := make([]time.Time, VolumeDays+1)
	for i := range VolumeDays {
		bounds[i], _ = dayBounds(d.AddDate(0, 0, i+1-VolumeDays), b.Loc)
	}
	bounds[VolumeDays] = end
	volume, err := b.Source.ReportVolume(ctx, bounds)
	if err != nil {
		return nil, fmt.Errorf("report %s: count volume: %w", date, err)
	}
	if len(volume) != VolumeDays {
		return nil, fmt.Errorf("report %s: volume of %d days, want %d", date, len(volume), VolumeDays)
	}
	entries, err := b.Source.ReportEntries(ctx, start, end)
	if err != nil {
		return nil, fmt.Errorf("report %s: read entries: %w", date, err)
	}
	stories, err := b.Source.ReportStories(ctx, start, end)
	if err != nil {
		return nil, fmt.Errorf("report %s: read stories: %w", date, err)
	}
	health, err := b.sourceHealth(ctx)
	if err != nil {
		return nil, fmt.Errorf("report %s: %w", date, err)
	}
	in := Input{Date: date, Loc: b.Loc, Lang: b.Lang, GeneratedAt: b.Now(), Entries: entries, Stories: stories,
		Volume: volume, Office: b.Office, SourceHealth: health, ExplainError: b.ExplainError}
	if b.RuleNames != nil {
		in.RuleNames = b.RuleNames()
	}
	if b.RuleHints != nil {
		in.RuleHints = b.RuleHints()
	}
	if b.SourceNames != nil {
		in.SourceNames = b.SourceNames()
	}
	return Compute(in)
}
