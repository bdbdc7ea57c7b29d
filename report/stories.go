package report

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"mediawatch"
)

// storyState is what the report knows of one story: from the Source's
// stories, or derived from the entries of a story the Source did not list
// (and of items no story holds).
type storyState struct {
	ID           int64
	Title        string
	FirstSeen    time.Time
	FirstFlagged time.Time
	Status       mediawatch.FlagStatus
	RespondedAt  time.Time
	Outlets      []string
	item         int64             // for a derived story: its earliest item, to order ties
	flags        []mediawatch.Flag // for a derived story: the flags its status comes from
}

// stories returns every story the input knows, keyed, with the stories
// the Source listed first and derived ones for the rest.
func (c *computation) stories() map[storyKey]*storyState {
	out := map[storyKey]*storyState{}
	for _, s := range c.in.Stories {
		if s.ID == 0 || out[storyKey{story: s.ID}] != nil {
			continue
		}
		out[storyKey{story: s.ID}] = &storyState{ID: s.ID, Title: s.Title, FirstSeen: s.FirstSeen,
			FirstFlagged: s.FirstFlagged, Status: s.Status, RespondedAt: s.RespondedAt, Outlets: s.Outlets}
	}
	derived := map[storyKey]*storyState{}
	for _, e := range c.entries {
		k := keyOf(e)
		if out[k] != nil {
			continue
		}
		s := derived[k]
		if s == nil {
			s = &storyState{ID: e.Story, Title: e.Item.Title, FirstSeen: e.Item.FirstSeen, item: e.Item.ID}
			derived[k] = s
		}
		s.derive(e)
	}
	for k, s := range derived {
		if !s.FirstFlagged.IsZero() {
			s.Status = derivedStatus(s.flags)
			out[k] = s
		}
	}
	return out
}

// derive folds one entry into a story the Source did not list: the earliest
// item gives the title and the earliest flag the first flagged time. A
// derived story is never "answered": flags do not say when.
func (s *storyState) derive(e mediawatch.ReportEntry) {
	if e.Item.FirstSeen.Before(s.FirstSeen) {
		s.Title, s.FirstSeen, s.item = e.Item.Title, e.Item.FirstSeen, e.Item.ID
	}
	s.Outlets = append(s.Outlets, e.Item.Source)
	for _, f := range e.Flags {
		if s.FirstFlagged.IsZero() || f.CreatedAt.Before(s.FirstFlagged) {
			s.FirstFlagged = f.CreatedAt
		}
	}
	s.flags = append(s.flags, e.Flags...)
}

// derivedStatus is a derived story's review status: in review if any flag
// is, else new if any flag is open, else the latest flag's verdict.
func derivedStatus(flags []mediawatch.Flag) mediawatch.FlagStatus {
	if slices.ContainsFunc(flags, func(f mediawatch.Flag) bool { return f.Status == mediawatch.FlagInReview }) {
		return mediawatch.FlagInReview
	}
	if slices.ContainsFunc(flags, func(f mediawatch.Flag) bool { return isOpen(f.Status) }) {
		return mediawatch.FlagNew
	}
	return slices.MaxFunc(flags, func(a, b mediawatch.Flag) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	}).Status
}

// isOpen reports whether a review status still needs an answer; a flag
// without a status is new.
func isOpen(s mediawatch.FlagStatus) bool {
	return s == "" || s == mediawatch.FlagNew || s == mediawatch.FlagInReview
}

// newStories groups the day's flagged items by story and keeps the
// stories first flagged in the day.
func (c *computation) newStories(flagged []flaggedItem) []StoryEntry {
	groups := map[storyKey][]flaggedItem{}
	var order []storyKey
	for _, f := range flagged {
		k := keyOf(f.e)
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], f)
	}
	out := []StoryEntry{}
	for _, k := range order {
		s := c.known[k]
		if s == nil || !c.inDay(s.FirstFlagged) {
			continue
		}
		out = append(out, c.storyEntry(s, groups[k]))
	}
	slices.SortFunc(out, func(a, b StoryEntry) int {
		return cmp.Or(b.Severity.Rank()-a.Severity.Rank(), len(b.Outlets)-len(a.Outlets),
			a.FirstFlagged.Compare(b.FirstFlagged), cmp.Compare(a.ID, b.ID), cmp.Compare(a.Title, b.Title))
	})
	return out
}

func (c *computation) storyEntry(s *storyState, items []flaggedItem) StoryEntry {
	st := StoryEntry{ID: s.ID, Title: s.Title, FirstSeen: c.local(s.FirstSeen),
		FirstFlagged: c.local(s.FirstFlagged), Status: s.Status, Outlets: slices.Clone(s.Outlets)}
	for _, f := range items {
		st.Items = append(st.Items, f.entry)
		st.Rules = append(st.Rules, f.entry.Rules...)
		st.Outlets = append(st.Outlets, f.entry.Source)
		if f.entry.Severity.Rank() > st.Severity.Rank() {
			st.Severity = f.entry.Severity
		}
	}
	slices.SortFunc(st.Items, func(a, b ItemEntry) int {
		return cmp.Or(a.FirstSeen.Compare(b.FirstSeen), cmp.Compare(a.ID, b.ID))
	})
	if st.Title == "" {
		st.Title = st.Items[0].Title
	}
	if st.FirstSeen.IsZero() {
		st.FirstSeen = st.Items[0].FirstSeen
	}
	slices.Sort(st.Rules)
	slices.Sort(st.Outlets)
	st.Rules, st.Outlets = slices.Compact(st.Rules), slices.Compact(st.Outlets)
	st.OutletNames = make([]string, len(st.Outlets))
	for i, o := range st.Outlets {
		st.OutletNames[i] = c.sourceName(o)
	}
	st.SeverityLabel = c.m.severity(st.Severity)
	st.ResponseHint = c.responseHint(items)
	return st
}

// responseHint is the hint of the most severe rule that flagged the items
// in the day and has one; of two as severe, the rule id first in order.
func (c *computation) responseHint(items []flaggedItem) string {
	var best *mediawatch.Flag
	for _, it := range items {
		for i := range it.flags {
			f := &it.flags[i]
			if c.in.RuleHints[f.RuleID] == "" {
				continue
			}
			if best == nil || cmp.Or(f.Severity.Rank()-best.Severity.Rank(), cmp.Compare(best.RuleID, f.RuleID)) > 0 {
				best = f
			}
		}
	}
	if best == nil {
		return ""
	}
	return hintIn(c.in.Lang, c.in.RuleHints[best.RuleID])
}

// hintIn is the part of a response hint in lang (mediawatch.HintLines),
// on one line: the author's line breaks become spaces.
func hintIn(lang, hint string) string {
	return strings.Join(strings.Fields(strings.Join(mediawatch.HintLines(hint, lang), " ")), " ")
}

// response is the answer picture: stories answered in the day and how
// fast, and stories open at GeneratedAt.
func (c *computation) response() Response {
	var r Response
	var waits []time.Duration
	var oldest *storyState
	for _, s := range c.known {
		if c.inDay(s.RespondedAt) {
			r.Answered++
			waits = append(waits, max(s.RespondedAt.Sub(s.FirstFlagged), 0))
		}
		if !isOpen(s.Status) || s.FirstFlagged.IsZero() || !s.FirstFlagged.Before(c.end) {
			continue
		}
		r.StillOpen++
		if oldest == nil || cmp.Or(s.FirstFlagged.Compare(oldest.FirstFlagged),
			cmp.Compare(s.ID, oldest.ID), cmp.Compare(s.item, oldest.item)) < 0 {
			oldest = s
		}
	}
	if len(waits) > 0 {
		e := c.elapsed(median(waits))
		r.MedianTimeToAnswer = &e
	}
	if oldest != nil {
		r.OldestOpen = &StoryRef{ID: oldest.ID, Title: oldest.Title, FirstFlagged: c.local(oldest.FirstFlagged),
			Open: c.elapsed(max(c.in.GeneratedAt.Sub(oldest.FirstFlagged), 0))}
	}
	return r
}

func (c *computation) elapsed(d time.Duration) Elapsed {
	return Elapsed{Seconds: int64(d / time.Second), Text: c.m.elapsed(d)}
}

// median of durations; the mean of the two middle ones for an even count.
func median(ds []time.Duration) time.Duration {
	slices.Sort(ds)
	n := len(ds)
	if n%2 == 1 {
		return ds[n/2]
	}
	return ds[n/2-1] + (ds[n/2]-ds[n/2-1])/2
}
