package story

import (
	"fmt"
	"time"

	"mediawatch"
)

// Params are the bounds within which two items are one story.
type Params struct {
	// MaxDistance is the largest Hamming distance between the fingerprints
	// of two items of one story, 0 to 63.
	MaxDistance int
	// Window is how far apart two items of one story may be seen. Older
	// candidates are evicted from a Grouper.
	Window time.Duration
	// MinWords is the fewest words (title and text together) for which a
	// fingerprint is trusted. Below it an item is grouped by its title key
	// only: the title and two-line summary of a feed-only item have too few
	// words for light edits to stay within MaxDistance, and too few for a
	// shared boilerplate sentence not to dominate.
	MinWords int
	// TitleDistance bounds the title rule between two items that both have
	// MinWords: one title key makes them one story only while their
	// fingerprints are at most TitleDistance apart, so that a recurring
	// headline over two different texts ("Proposed offerings recently
	// filed with the SEC") does not join them. An item below MinWords
	// joins any item with its title key. 64 turns the bound off.
	TitleDistance int
	// SketchDistance and MinOverlap bound the second signal: two items
	// that both have MinWords, are more than MaxDistance but at most
	// SketchDistance apart and whose sketches overlap by at least
	// MinOverlap are one story. A light rewrite reworded in every
	// paragraph lands there, a separately written report of the same
	// event does not. SketchDistance 0 turns the second signal off.
	SketchDistance int
	MinOverlap     float64
}

// DefaultParams returns the bounds measured with bench/story on its
// labelled set (BENCHMARKS.md, issue 5): MaxDistance 7, the largest at
// which no separately written report of one event, no article on the same
// subject and no pair of the demo site's different articles is grouped,
// and small enough for the Grouper's bands to stay selective; MinWords 60,
// below which an item is a feed item's title and summary rather than an
// article; TitleDistance 16, which keeps a recurring headline over
// different wires apart (20 does not). The
// window of three days is a decision, not a measurement: long enough for a
// provincial paper to rerun a national story, short enough that a weekly
// column's recurring headline does not join last week's.
func DefaultParams() Params {
	return Params{MaxDistance: 7, Window: 72 * time.Hour, MinWords: 60, TitleDistance: 16,
		SketchDistance: defaultSketchDistance, MinOverlap: defaultMinOverlap}
}

// Validate reports the first field out of range, wrapping
// mediawatch.ErrInvalid.
func (p Params) Validate() error {
	switch {
	case p.MaxDistance < 0 || p.MaxDistance > 63:
		return fmt.Errorf("story params: max_distance %d not in 0..63: %w", p.MaxDistance, mediawatch.ErrInvalid)
	case p.Window <= 0:
		return fmt.Errorf("story params: window %s not positive: %w", p.Window, mediawatch.ErrInvalid)
	case p.MinWords < 0:
		return fmt.Errorf("story params: min_words %d negative: %w", p.MinWords, mediawatch.ErrInvalid)
	case p.TitleDistance < 0 || p.TitleDistance > 64:
		return fmt.Errorf("story params: title_distance %d not in 0..64: %w", p.TitleDistance, mediawatch.ErrInvalid)
	case p.SketchDistance < 0 || p.SketchDistance > 64:
		return fmt.Errorf("story params: sketch_distance %d not in 0..64: %w", p.SketchDistance, mediawatch.ErrInvalid)
	case p.SketchDistance > 0 && !(p.MinOverlap > 0 && p.MinOverlap <= 1):
		return fmt.Errorf("story params: min_overlap %g not in (0, 1]: %w", p.MinOverlap, mediawatch.ErrInvalid)
	}
	return nil
}

// Candidate is what grouping knows of one item: its fingerprint, the
// number of words it was computed over, its sketch, its title key, when it
// was seen and the story it belongs to (0 while it has none).
type Candidate struct {
	StoryID     int64
	ItemID      int64
	Fingerprint uint64
	Words       int // words of title and text, as counted by Fingerprint
	Sketch      Sketch
	TitleKey    string
	Seen        time.Time
}

// NewCandidate computes the fingerprint, word count, sketch and title key
// of an item from one pass of textnorm over its words. StoryID is left 0
// for the caller to set once Grouper.Find has answered.
func NewCandidate(itemID int64, title, text string, seen time.Time) Candidate {
	return withWords(title, text, func(w *foldedWords) Candidate {
		fp, n := fingerprint(w)
		return Candidate{ItemID: itemID, Fingerprint: fp, Words: n, Sketch: sketchOf(w), TitleKey: titleKey(w), Seen: seen}
	})
}

// Same reports whether two items are one story: seen at most p.Window
// apart, and either both long enough to trust their fingerprints
// (p.MinWords) and within p.MaxDistance of each other, or within
// p.SketchDistance with sketches that overlap by p.MinOverlap, or with
// one non-empty title key (within p.TitleDistance when both are long).
func Same(p Params, a, b Candidate) bool {
	_, ok := p.rank(a, b)
	return ok
}

// titleRank is the rank of a match on the title alone: after every match
// on the text.
const titleRank = 65

// rank says whether a and b are one story and, if so, how close: the
// fingerprint distance (up to MaxDistance, or up to SketchDistance with
// overlapping sketches), or titleRank for a match on the title alone.
func (p Params) rank(a, b Candidate) (int, bool) {
	long := a.Words >= p.MinWords && b.Words >= p.MinWords
	d := Distance(a.Fingerprint, b.Fingerprint)
	switch {
	case long && d <= p.MaxDistance:
	case long && d <= p.SketchDistance && a.Sketch.Overlap(b.Sketch) >= p.MinOverlap:
	case a.TitleKey != "" && a.TitleKey == b.TitleKey && (!long || d <= p.TitleDistance):
		d = titleRank
	default:
		return 0, false
	}
	if !within(p.Window, a.Seen, b.Seen) {
		return 0, false
	}
	return d, true
}

// within reports whether a and b are at most w apart. It compares times
// rather than taking a.Sub(b), which saturates for times centuries apart.
func within(w time.Duration, a, b time.Time) bool {
	return !a.After(b.Add(w)) && !b.After(a.Add(w))
}

// The second signal's bounds, measured with bench/story (BENCHMARKS.md,
// issue 5).
const (
	defaultSketchDistance = 20
	defaultMinOverlap     = 0.45
)
