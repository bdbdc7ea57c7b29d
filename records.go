package mediawatch

import "time"

// The types below are read by more than one package — the store answers
// in them and the report, the notifier, the index and the desk read them —
// so they live here, once, instead of as hand-copied twins in each.

// DayCount is a number of items dated one local day.
type DayCount struct {
	Day string `json:"day"` // YYYY-MM-DD
	N   int    `json:"n"`
}

// DayVolume is what the daily report's volume chart counts for one local
// day: items first seen in it, the distinct stories among them (an item
// without a story counts as one) and the items with a flag created in it.
type DayVolume struct {
	Items   int `json:"items"`   // items first seen that day
	Flagged int `json:"flagged"` // items with a flag created that day
	Stories int `json:"stories"` // distinct stories among that day's items
}

// ReportEntry is one item as the daily report reads it: the item, the story
// it belongs to and all of its flags. Only Item's ID, Source, URL, Title,
// Published, Lang and FirstSeen are read; its text may be left empty.
type ReportEntry struct {
	Item  Item   `json:"item"`
	Story int64  `json:"story"` // 0 when no story holds the item
	Flags []Flag `json:"flags"` // every flag of the item, oldest first; each counts on the day it was created
}

// ReportStory is one story as the daily report reads it. Status and
// RespondedAt are the review's current state.
type ReportStory struct {
	ID           int64      `json:"id"`
	Title        string     `json:"title"`         // its first item's current title
	FirstSeen    time.Time  `json:"first_seen"`    // when its first item was first seen
	FirstFlagged time.Time  `json:"first_flagged"` // its earliest flag; zero when never flagged
	Status       FlagStatus `json:"status"`        // the review status of its flags
	RespondedAt  time.Time  `json:"responded_at"`  // when it was marked responded; zero when not
	Outlets      []string   `json:"outlets"`       // every source that carried it, in the order they did
}

// Delivery is one attempt to deliver a webhook event: a line of the
// delivery log.
type Delivery struct {
	ID      int64  `json:"id,omitempty"` // set by the store
	EventID string `json:"event_id"`
	// URL is the webhook's address without credentials or query, which
	// may hold a token.
	URL      string        `json:"url"`
	Attempt  int           `json:"attempt"` // 1 for the first try
	Status   int           `json:"status"`  // the HTTP status; 0 when no response came
	Error    string        `json:"error,omitempty"`
	At       time.Time     `json:"at"`       // when the attempt started
	Duration time.Duration `json:"duration"` // how long it took; stored to the millisecond
}
