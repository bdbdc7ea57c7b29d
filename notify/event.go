package notify

import (
	"strconv"
	"time"

	"mediawatch"
)

// TypeFlag is the type of the only event mediawatch sends: a new flag.
const TypeFlag = "flag"

// Event is the JSON body of one webhook request.
type Event struct {
	// ID names the event, the same on every attempt ("flag-42"), so that a
	// receiver can drop a repeat.
	ID string `json:"id"`
	// Type is "flag".
	Type string `json:"type"`
	// Flag is what matched.
	Flag Flag `json:"flag"`
	// Item is where it matched.
	Item Item `json:"item"`
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
		Flag: Flag{ID: f.ID, ItemID: f.ItemID, RuleID: f.RuleID, Severity: f.Severity, Snippet: f.Snippet,
			MatchedTerms: mediawatch.MatchedTexts(f.Matches), CreatedAt: f.CreatedAt},
		Item: Item{Title: it.Title, URL: it.URL, Source: it.Source},
	}
}
