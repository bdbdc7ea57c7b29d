package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"mediawatch"
)

// Compute turns one day's input into its report. It is pure: the same
// input gives the same report. Entries and stories outside what Source
// promises are tolerated; an entry listed twice counts once.
func Compute(in Input) (*Daily, error) {
	if in.Loc == nil {
		return nil, fmt.Errorf("report %s: no time zone: %w", in.Date, mediawatch.ErrInvalid)
	}
	if !ValidLang(in.Lang) {
		return nil, fmt.Errorf("report %s: language %q: want vi or en: %w", in.Date, in.Lang, mediawatch.ErrInvalid)
	}
	start, end, err := Day(in.Date, in.Loc)
	if err != nil {
		return nil, err
	}
	c := &computation{in: in, loc: in.Loc, m: catalog(in.Lang), start: start, end: end}
	c.entries = dedupe(in.Entries)
	c.known = c.stories()
	d := &Daily{
		Date: in.Date, Zone: in.Loc.String(), Lang: in.Lang,
		GeneratedAt: in.GeneratedAt.In(in.Loc).Truncate(time.Second), Start: start.In(in.Loc), End: end.In(in.Loc),
		Office: in.Office,
	}
	flagged := c.flaggedItems()
	d.Totals = c.totals(flagged)
	d.Flagged = make([]FlaggedRow, len(flagged))
	for i, f := range flagged {
		d.Flagged[i] = FlaggedRow{ItemEntry: f.entry, StoryID: f.e.Story}
	}
	d.NewStories = c.newStories(flagged)
	d.Response = c.response()
	d.Volume = c.volume()
	if in.Volume != nil {
		d.Volume = c.counted(in.Volume, d.Volume[VolumeDays-1])
	}
	d.Compare = compare(d.Volume)
	d.RuleNames = c.ruleNames(d.Totals.ByRule)
	d.Sources = c.sources()
	d.Summary = summary(c.m, d)
	return d, nil
}

// computation carries one Compute call's shared state.
type computation struct {
	in         Input
	loc        *time.Location
	m          *messages
	start, end time.Time
	entries    []mediawatch.ReportEntry
	known      map[storyKey]*storyState // every story the input knows
}

// flaggedItem is an entry flagged in the day, with its flags of the day.
type flaggedItem struct {
	e     mediawatch.ReportEntry
	flags []mediawatch.Flag
	entry ItemEntry
}

// storyKey identifies a story; an item no story holds is its own story.
type storyKey struct{ story, item int64 }

func keyOf(e mediawatch.ReportEntry) storyKey {
	if e.Story != 0 {
		return storyKey{story: e.Story}
	}
	return storyKey{item: e.Item.ID}
}

func dedupe(entries []mediawatch.ReportEntry) []mediawatch.ReportEntry {
	seen := make(map[int64]bool, len(entries))
	out := make([]mediawatch.ReportEntry, 0, len(entries))
	for _, e := range entries {
		if e.Item.ID != 0 && seen[e.Item.ID] {
			continue
		}
		seen[e.Item.ID] = true
		out = append(out, e)
	}
	return out
}

func (c *computation) inDay(t time.Time) bool {
	return !t.Before(c.start) && t.Before(c.end)
}

// local converts t to the report's zone, keeping the zero time zero.
// believed is published when it is believable (mediawatch.BelievablePublished),
// else the zero time: a briefing shows no "published 9999-12-31" (which
// no zone east of UTC can even write), only the dates it can stand by.
func believed(published, firstSeen time.Time) time.Time {
	if mediawatch.BelievablePublished(published, firstSeen) {
		return published
	}
	return time.Time{}
}

// local is t as the report shows it: in the report's zone, to the second
// (RFC 3339 without fractions, as the API and the exports give times).
func (c *computation) local(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.In(c.loc).Truncate(time.Second)
}

// flaggedItems returns the entries with a flag created in the day, most
// severe first, then by the day's first flag, then by id.
func (c *computation) flaggedItems() []flaggedItem {
	var out []flaggedItem
	for _, e := range c.entries {
		var day []mediawatch.Flag
		for _, f := range e.Flags {
			if c.inDay(f.CreatedAt) {
				day = append(day, f)
			}
		}
		if len(day) > 0 {
			out = append(out, flaggedItem{e: e, flags: day, entry: c.itemEntry(e.Item, day)})
		}
	}
	slices.SortFunc(out, func(a, b flaggedItem) int {
		return cmp.Or(b.entry.Severity.Rank()-a.entry.Severity.Rank(),
			a.entry.FlaggedAt.Compare(b.entry.FlaggedAt), cmp.Compare(a.entry.ID, b.entry.ID))
	})
	return out
}

// itemEntry describes one item through its flags of the day.
func (c *computation) itemEntry(it mediawatch.Item, day []mediawatch.Flag) ItemEntry {
	lead := slices.MinFunc(day, func(a, b mediawatch.Flag) int {
		return cmp.Or(b.Severity.Rank()-a.Severity.Rank(), a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	first := slices.MinFunc(day, func(a, b mediawatch.Flag) int { return a.CreatedAt.Compare(b.CreatedAt) })
	rules := make([]string, 0, len(day))
	var matches []mediawatch.TermMatch
	for _, f := range day {
		rules = append(rules, f.RuleID)
		matches = append(matches, f.Matches...)
	}
	slices.Sort(rules)
	return ItemEntry{
		ID: it.ID, Title: it.Title, URL: it.URL, Source: it.Source, Lang: it.Lang, SourceName: c.sourceName(it.Source),
		Published: c.local(believed(it.Published, it.FirstSeen)), FirstSeen: c.local(it.FirstSeen), FlaggedAt: c.local(first.CreatedAt),
		Snippet: lead.Snippet, MatchedTerms: mediawatch.MatchedTexts(matches), Rules: slices.Compact(rules),
		Severity: lead.Severity, Status: lead.Status,
	}
}

// totals counts the day's items and flagged items.
func (c *computation) totals(flagged []flaggedItem) Totals {
	var t Totals
	bySource, byLang, stories := map[string]int{}, map[string]int{}, map[storyKey]bool{}
	for _, e := range c.entries {
		if !c.inDay(e.Item.FirstSeen) {
			continue
		}
		t.Items++
		bySource[e.Item.Source]++
		byLang[e.Item.Lang]++
		stories[keyOf(e)] = true
	}
	t.Stories = len(stories)
	flaggedSource, byRule, bySeverity := map[string]int{}, map[string]int{}, map[string]int{}
	flaggedStories := map[storyKey]mediawatch.Severity{}
	for _, f := range flagged {
		flaggedSource[f.entry.Source]++
		bySeverity[string(f.entry.Severity)]++
		if s, ok := flaggedStories[keyOf(f.e)]; !ok || f.entry.Severity.Rank() > s.Rank() {
			flaggedStories[keyOf(f.e)] = f.entry.Severity
		}
		for _, r := range f.entry.Rules {
			byRule[r]++
		}
	}
	t.FlaggedItems, t.FlaggedStories = len(flagged), len(flaggedStories)
	storiesBySeverity := map[string]int{}
	for _, s := range flaggedStories {
		storiesBySeverity[string(s)]++
	}
	t.BySource = counts(bySource, c.sourceLabel)
	t.ByLang = counts(byLang, c.m.langName)
	t.FlaggedBySource = counts(flaggedSource, c.sourceLabel)
	t.ByRule = counts(byRule, func(id string) string { return c.ruleName(id) })
	for _, s := range slices.Backward(mediawatch.Severities) {
		t.BySeverity = append(t.BySeverity, Count{Key: string(s), Label: c.m.severity(s), Count: bySeverity[string(s)]})
		t.StoriesBySeverity = append(t.StoriesBySeverity, Count{Key: string(s), Label: c.m.severity(s),
			Count: storiesBySeverity[string(s)]})
	}
	return t
}

// counts orders a breakdown: largest first, then by key.
func counts(m map[string]int, label func(string) string) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		c := Count{Key: k, Count: n}
		if label != nil {
			c.Label = label(k)
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Count) int { return cmp.Or(b.Count-a.Count, cmp.Compare(a.Key, b.Key)) })
	return out
}

// sourceName is a source's display name, its slug when it has none.
func (c *computation) sourceName(slug string) string {
	if n := c.in.SourceNames[slug]; n != "" {
		return n
	}
	return slug
}

// sourceLabel is a source's display name for a count's label: "" when it
// has none, so that the count shows its key.
func (c *computation) sourceLabel(slug string) string { return c.in.SourceNames[slug] }

// ruleName is the rule's name in the report's language, "" when unknown.
func (c *computation) ruleName(id string) string {
	n, ok := c.in.RuleNames[id]
	if !ok {
		return ""
	}
	if c.in.Lang == "vi" {
		return cmp.Or(n.VI, n.EN)
	}
	return cmp.Or(n.EN, n.VI)
}

func (c *computation) ruleNames(byRule []Count) map[string]string {
	out := map[string]string{}
	for _, r := range byRule {
		if r.Label != "" {
			out[r.Key] = r.Label
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// volume counts each of the VolumeDays local days ending with the day.
func (c *computation) volume() []DayVolume {
	out := make([]DayVolume, VolumeDays)
	index := make(map[string]int, VolumeDays)
	stories := make([]map[storyKey]bool, VolumeDays)
	for i := range out {
		out[i].Date = addDays(c.in.Date, i-VolumeDays+1)
		index[out[i].Date] = i
		stories[i] = map[storyKey]bool{}
	}
	for _, e := range c.entries {
		if i, ok := index[localDate(e.Item.FirstSeen, c.loc)]; ok {
			out[i].Items++
			stories[i][keyOf(e)] = true
		}
		counted := map[int]bool{}
		for _, f := range e.Flags {
			if i, ok := index[localDate(f.CreatedAt, c.loc)]; ok && !counted[i] {
				counted[i] = true
				out[i].Flagged++
			}
		}
	}
	for i := range out {
		out[i].Stories = len(stories[i])
	}
	return out
}

// counted is the chart from counts a Source made: each day dated, and the
// report's own day as Compute counted it — the counts are read a moment
// apart from the entries, and the totals and the chart must agree.
func (c *computation) counted(v []mediawatch.DayVolume, day DayVolume) []DayVolume {
	out := make([]DayVolume, len(v))
	for i := range out {
		out[i] = DayVolume{Date: addDays(c.in.Date, i-len(out)+1), DayVolume: v[i]}
	}
	if n := len(out); n > 0 {
		out[n-1] = day
	}
	return out
}

// compare sets the last day of volume against the CompareDays before it.
func compare(volume []DayVolume) Compare {
	c := Compare{Days: CompareDays}
	if len(volume) < CompareDays+1 {
		return c
	}
	day := volume[len(volume)-1]
	prev := volume[len(volume)-1-CompareDays : len(volume)-1]
	c.Items = change(day.Items, prev, func(v DayVolume) int { return v.Items })
	c.Flagged = change(day.Flagged, prev, func(v DayVolume) int { return v.Flagged })
	c.Stories = change(day.Stories, prev, func(v DayVolume) int { return v.Stories })
	return c
}

func change(day int, prev []DayVolume, get func(DayVolume) int) Change {
	sum := 0
	for _, v := range prev {
		sum += get(v)
	}
	avg := float64(sum) / float64(len(prev))
	ch := Change{Day: day, Average: math.Round(avg*100) / 100}
	if avg > 0 {
		p := math.Round((float64(day)-avg)/avg*1000) / 10
		ch.Percent = &p
	}
	return ch
}
