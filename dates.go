package mediawatch

import "time"

// The dates mediawatch believes. The web hands it every date a broken CMS
// can write — year 1, year 9999, 2999 for "never expires" — and one such
// date must neither stop the service nor put an article at the top of
// every newest-first list for centuries. So a date is kept in three ways:
//
//   - as parsed (CleanDate): any date whose instant renders in years
//     1–9999 in every zone is stored as the source gave it, so the store
//     keeps the raw value; anything further out is not a date at all and
//     is dropped at the parser;
//   - as believed (Item.EffectiveDate): a publication date before
//     EarliestDate, or later than PublishedSlack after the item was first
//     seen, is not believed: the item is dated by when it was first seen
//     for searching, sorting, counting and grouping;
//   - as indexed: the search index clamps what is left to
//     [EarliestDate, LatestDate), inside what it can hold (package index).
var (
	// EarliestDate is the first believable publication date: before it,
	// a date is a placeholder (0001-01-01, 1900-01-01 minus a zone) or
	// a typo, not the day a news item was written.
	EarliestDate = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	// LatestDate is the end (exclusive) of the dates mediawatch handles
	// at all: the search index stores dates as int64 nanoseconds since
	// 1970, which end on 2262-04-11, and a report or search day past it
	// has nothing to show.
	LatestDate = time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC)
)

// PublishedSlack is how far after its first sighting an item may say it
// was published and still be believed: sites that label local time as
// UTC, or date an article for the next morning's paper, are hours ahead,
// not days.
const PublishedSlack = 48 * time.Hour

// parsedMin and parsedMax bound the dates CleanDate keeps: a day inside
// years 1–9999 on each side, so that the instant is written in years
// 1–9999 in any zone (RFC 3339 and JSON cannot write others).
var (
	parsedMin = time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC)
	parsedMax = time.Date(9999, 12, 30, 23, 59, 59, 999999999, time.UTC)
)

// CleanDate is what a parser keeps of a date it read from the web or a
// file: t in UTC, or the zero time (no date) when t cannot be written in
// years 1–9999 in every zone.
func CleanDate(t time.Time) time.Time {
	if t.IsZero() || t.Before(parsedMin) || t.After(parsedMax) {
		return time.Time{}
	}
	return t.UTC()
}

// BelievablePublished reports whether published is a date an item first
// seen at firstSeen can have been published on: from EarliestDate on, not
// after LatestDate, and not more than PublishedSlack after firstSeen (the
// zero firstSeen bounds nothing).
func BelievablePublished(published, firstSeen time.Time) bool {
	if published.IsZero() || published.Before(EarliestDate) || !published.Before(LatestDate) {
		return false
	}
	return firstSeen.IsZero() || !published.After(firstSeen.Add(PublishedSlack))
}

// EffectiveDate is the date an item is searched, sorted, counted and
// grouped by: when it was published if that is believable
// (BelievablePublished), else when it was first seen. Published itself
// keeps what the source said.
func (it *Item) EffectiveDate() time.Time {
	if BelievablePublished(it.Published, it.FirstSeen) {
		return it.Published
	}
	return it.FirstSeen
}
