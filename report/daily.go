package report

import (
	"time"

	"mediawatch"
)

// Daily is one day's report. Its JSON encoding is the report's JSON format,
// and every other format is rendered from it, so the four formats never
// disagree. Times are in the report's zone; counts are of that local day.
type Daily struct {
	// Date is the local day the report is about, YYYY-MM-DD.
	Date string `json:"date"`
	// Zone is the IANA name of the time zone that decides the day.
	Zone string `json:"zone"`
	// Lang is the labels' language: "vi" or "en".
	Lang string `json:"lang"`
	// GeneratedAt is when the report was computed; "still open" and the
	// age of the oldest open story are as of this moment.
	GeneratedAt time.Time `json:"generated_at"`
	// Office is the office the report is for, as configured.
	Office Office `json:"office"`
	// Summary is the day in one paragraph of words, in Lang: new items,
	// flagged stories by severity, answered, still open and the most
	// urgent story.
	Summary string `json:"summary"`
	// Start and End are the local day as the half-open interval
	// [Start, End), in the report's zone.
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	// Totals counts the day.
	Totals Totals `json:"totals"`
	// NewStories are the stories first flagged in the day, most severe
	// first, then the most widely carried, then the earliest.
	NewStories []StoryEntry `json:"new_stories"`
	// Response is the editors' answer picture.
	Response Response `json:"response"`
	// Compare sets the day against the daily average of the 7 days before.
	Compare Compare `json:"compare"`
	// Volume is the 30 local days ending with Date, oldest first.
	Volume []DayVolume `json:"volume"`
	// Flagged holds one row per flagged item of the day (the CSV's rows),
	// most severe first, then by the time of the day's first flag;
	// len(Flagged) == Totals.FlaggedItems.
	Flagged []FlaggedRow `json:"flagged"`
	// RuleNames maps each rule id the report mentions to its name in Lang,
	// where the rule set knew it.
	RuleNames map[string]string `json:"rule_names,omitempty"`
	// Sources lists the sources failing or silent when the report was
	// made; absent when it was made without a health check.
	Sources *Sources `json:"sources,omitempty"`
}

// Totals counts what the day holds. An item belongs to the day it was
// first seen (not the day it was published); a flag to the day it was
// created, so an old item flagged again after an edit counts as flagged
// on the later day.
type Totals struct {
	// Items is the number of items first seen in the day.
	Items int `json:"items"`
	// FlaggedItems is the number of items with at least one flag created
	// in the day.
	FlaggedItems int `json:"flagged_items"`
	// Stories is the number of distinct stories among Items; an item no
	// story holds is a story of its own.
	Stories int `json:"stories"`
	// FlaggedStories is the number of distinct stories among FlaggedItems.
	FlaggedStories int `json:"flagged_stories"`
	// BySource and ByLang split Items by source name and by language.
	BySource []Count `json:"by_source"`
	ByLang   []Count `json:"by_lang"`
	// FlaggedBySource splits FlaggedItems by source name.
	FlaggedBySource []Count `json:"flagged_by_source"`
	// ByRule counts the flagged items each rule flagged in the day; an item
	// flagged by two rules counts once under each.
	ByRule []Count `json:"by_rule"`
	// StoriesBySeverity counts each flagged story (of FlaggedStories)
	// once, under the highest severity of its flags of the day, critical
	// to low with zeros kept.
	StoriesBySeverity []Count `json:"stories_by_severity"`
	// BySeverity counts each flagged item once, under the highest
	// severity of its flags of the day: critical, high, medium, low, with
	// zeros kept, so its counts sum to FlaggedItems (a flag whose severity
	// is none of the four is not counted here).
	BySeverity []Count `json:"by_severity"`
}

// Count is one line of a breakdown. Lists of counts are ordered by Count,
// largest first, then by Key, except BySeverity, which goes from critical
// to low.
type Count struct {
	// Key is the source name, language code ("" when unknown), rule id
	// or severity.
	Key string `json:"key"`
	// Label is Key in words in the report's language, when Key is a code
	// (language, rule, severity), or a source's display name; empty for a
	// source without one.
	Label string `json:"label,omitempty"`
	// Count is how many items.
	Count int `json:"count"`
}

// StoryEntry is one new flagged story: the copies of one article that the
// story grouping folded together, with what matched in each.
type StoryEntry struct {
	// ID is the story's id; 0 when the item belongs to no story and is
	// reported as a story of its own.
	ID int64 `json:"id"`
	// Title is the story's title (its first item's).
	Title string `json:"title"`
	// Severity is the highest severity of the story's flags of the day;
	// SeverityLabel says it in words in the report's language.
	Severity      mediawatch.Severity `json:"severity"`
	SeverityLabel string              `json:"severity_label"`
	// Rules are the ids of the rules that flagged it in the day, sorted.
	Rules []string `json:"rules"`
	// ResponseHint is what the office answers to such a story: the hint of
	// its most severe rule of the day that has one; empty when none has.
	ResponseHint string `json:"response_hint,omitempty"`
	// Outlets are the sources that carried the story, sorted by slug;
	// OutletNames are their display names, in the same order.
	Outlets     []string `json:"outlets"`
	OutletNames []string `json:"outlet_names"`
	// Items are the story's items flagged in the day, earliest first seen
	// first.
	Items []ItemEntry `json:"items"`
	// FirstSeen is when the story's first item was first seen.
	FirstSeen time.Time `json:"first_seen"`
	// FirstFlagged is when the story was first flagged.
	FirstFlagged time.Time `json:"first_flagged"`
	// Status is where the editors' review of the story stands now.
	Status mediawatch.FlagStatus `json:"status"`
}

// ItemEntry is one flagged item of the day and what matched in it.
type ItemEntry struct {
	// ID is the item's id in the store.
	ID int64 `json:"id"`
	// Title, URL, Source and Lang are the item's, as crawled.
	Title  string `json:"title"`
	URL    string `json:"url"`
	Source string `json:"source"`
	Lang   string `json:"lang"`
	// SourceName is the source's display name; its slug when it has none.
	SourceName string `json:"source_name"`
	// Published is the time the outlet gives, absent when it gave none or
	// one not to be believed (before 1900, or days after the item was
	// first seen); it is shown, but FirstSeen decides the day.
	Published time.Time `json:"published,omitzero"`
	// FirstSeen is when the crawler first stored the item.
	FirstSeen time.Time `json:"first_seen"`
	// FlaggedAt is when the item's first flag of the day was created.
	FlaggedAt time.Time `json:"flagged_at"`
	// Snippet is the plain text around the first match of its most severe
	// flag of the day.
	Snippet string `json:"snippet"`
	// MatchedTerms are the distinct texts that matched, in order of
	// appearance in the item (title first, then text).
	MatchedTerms []string `json:"matched_terms"`
	// Rules are the ids of the rules that flagged it in the day, sorted.
	Rules []string `json:"rules"`
	// Severity is the highest severity of its flags of the day.
	Severity mediawatch.Severity `json:"severity"`
	// Status is where the review of its flags stands now.
	Status mediawatch.FlagStatus `json:"status"`
}

// FlaggedRow is one flagged item of the day: a row of the CSV format.
type FlaggedRow struct {
	ItemEntry
	// StoryID is the story the item belongs to; 0 when none.
	StoryID int64 `json:"story_id"`
}

// Response is the editors' answer picture at GeneratedAt.
type Response struct {
	// Answered is the number of stories marked responded in the day.
	Answered int `json:"answered"`
	// MedianTimeToAnswer is the median, over the stories answered in the
	// day, of the time from a story's first flag to its answer; absent
	// when none was answered.
	MedianTimeToAnswer *Elapsed `json:"median_time_to_answer"`
	// StillOpen is the number of stories first flagged before the day's
	// end whose review is new or in review.
	StillOpen int `json:"still_open"`
	// OldestOpen is the open story first flagged earliest; absent when
	// none is open.
	OldestOpen *StoryRef `json:"oldest_open"`
}

// Elapsed is a length of time for people and for programs.
type Elapsed struct {
	// Seconds is the length in whole seconds.
	Seconds int64 `json:"seconds"`
	// Text is the length in words in the report's language ("3 giờ 20
	// phút", "3h 20m").
	Text string `json:"text"`
}

// StoryRef names one story and how long it has waited.
type StoryRef struct {
	// ID is the story's id; 0 for an item that belongs to no story.
	ID int64 `json:"id"`
	// Title is the story's title.
	Title string `json:"title"`
	// FirstFlagged is when it was first flagged.
	FirstFlagged time.Time `json:"first_flagged"`
	// Open is how long it has been open at GeneratedAt.
	Open Elapsed `json:"open"`
}

// Compare sets the day's counts against the daily average of the days
// before it.
type Compare struct {
	// Days is how many previous days are averaged (7).
	Days int `json:"days"`
	// Items, Flagged and Stories compare Totals.Items,
	// Totals.FlaggedItems and Totals.Stories.
	Items   Change `json:"items"`
	Flagged Change `json:"flagged"`
	Stories Change `json:"stories"`
}

// Change is one count against its previous average.
type Change struct {
	// Day is the count of the report's day.
	Day int `json:"day"`
	// Average is the previous days' daily average, to two decimals.
	Average float64 `json:"average"`
	// Percent is (Day − Average) / Average × 100 to one decimal; absent
	// when Average is 0, where no percentage means anything.
	Percent *float64 `json:"percent"`
}

// DayVolume is one local day of the volume chart.
type DayVolume struct {
	// Date is the local day, YYYY-MM-DD.
	Date string `json:"date"`
	mediawatch.DayVolume
}
