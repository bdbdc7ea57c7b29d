package desk

import (
	"context"
	"slices"
	"strings"

	"mediawatch"
	"mediawatch/query"
	"mediawatch/store"
	"mediawatch/textnorm"
)

// ItemRequest asks for one item's page: Query, when the item was reached
// from a search, marks its matches in the text; From and To choose the two
// versions to compare (0: the one before the newest, and the newest).
type ItemRequest struct {
	ID       int64
	Query    query.Node // nil: nothing marked
	From, To int
}

// ItemPage is everything the item page shows, in one read.
type ItemPage struct {
	Item     mediawatch.Item
	Versions []mediawatch.ItemVersion // oldest first
	// TitleHTML is the current title, escaped, with matches in <mark>;
	// Paragraphs the current text's paragraphs, likewise.
	TitleHTML  string
	Paragraphs []string
	// From and To are the versions compared (equal when there is one);
	// TitleDiff and TextDiff their word diff.
	From, To  int
	TitleDiff []DiffPart
	TextDiff  []DiffPart
	Flags     []ItemFlag
	// Story is the item's story (zero ID when none), Copies its other
	// items: the same news elsewhere.
	Story  mediawatch.Story
	Copies []mediawatch.Item
}

// ItemFlag is one flag with the words people read: the rule's name and
// the distinct terms that matched, in the order they matched.
type ItemFlag struct {
	mediawatch.Flag
	RuleName mediawatch.Names // empty when the rule is no longer in the set
	Terms    []string
}

// maxItemFlags bounds the flags one item page lists; an item is flagged
// at most once per rule and version, so this is far beyond real use.
const maxItemFlags = 200

// ItemPage reads one item with what its page shows; an unknown id wraps
// mediawatch.ErrNotFound. A version outside the item's is the nearest one.
func (d *Desk) ItemPage(ctx context.Context, r ItemRequest) (ItemPage, error) {
	rec, err := d.Item(ctx, r.ID)
	if err != nil {
		return ItemPage{}, err
	}
	p := ItemPage{Item: rec.Item, Versions: rec.Versions}
	p.TitleHTML, p.Paragraphs = markedText(r.Query, rec.Item.Title, rec.Item.Text)
	if n := len(rec.Versions); n > 0 {
		p.To = clampVersion(r.To, rec.Versions, rec.Versions[n-1].Version)
		p.From = clampVersion(r.From, rec.Versions, rec.Versions[max(0, n-2)].Version)
		if p.From > p.To {
			p.From, p.To = p.To, p.From
		}
		a, b := versionOf(rec.Versions, p.From), versionOf(rec.Versions, p.To)
		p.TitleDiff, p.TextDiff = WordDiff(a.Title, b.Title), WordDiff(a.Text, b.Text)
	}
	flags, err := d.store.Flags(ctx, store.FlagFilter{ItemID: r.ID, Size: maxItemFlags})
	if err != nil {
		return ItemPage{}, err
	}
	names := d.ruleNames()
	for _, f := range flags.Flags {
		p.Flags = append(p.Flags, ItemFlag{Flag: f.Flag, RuleName: names[f.RuleID], Terms: matchedTerms(f.Matches)})
	}
	if rec.Item.StoryID != 0 {
		if p.Story, err = d.store.Story(ctx, rec.Item.StoryID); err != nil {
			return ItemPage{}, err
		}
		items, err := d.store.StoryItems(ctx, rec.Item.StoryID)
		if err != nil {
			return ItemPage{}, err
		}
		for _, it := range items {
			if it.ID != r.ID {
				p.Copies = append(p.Copies, it)
			}
		}
	}
	return p, nil
}

// markedText escapes a title and the paragraphs of a text, with the
// matches of q (if any) in <mark>.
func markedText(q query.Node, title, text string) (string, []string) {
	var spans []query.Span
	if q != nil {
		spans = query.Highlights(q, query.FieldText, text)
	}
	var titleSpans []query.Span
	if q != nil {
		titleSpans = query.Highlights(q, query.FieldTitle, title)
	}
	norm := textnorm.Normalize(text)
	var paras []string
	start := 0
	for start <= len(norm) {
		end := strings.IndexByte(norm[start:], '\n')
		if end < 0 {
			end = len(norm)
		} else {
			end += start
		}
		if para := markRange(norm, spans, start, end); para != "" {
			paras = append(paras, para)
		}
		start = end + 1
	}
	return MarkAll(title, titleSpans), paras
}

// ruleNames maps the active set's rule ids to their names.
func (d *Desk) ruleNames() map[string]mediawatch.Names {
	out := map[string]mediawatch.Names{}
	if d.rules == nil {
		return out
	}
	for _, r := range d.rules.Status().Rules {
		out[r.ID] = r.Name
	}
	return out
}

// matchedTerms are the distinct texts a flag matched, as they stand in
// the item, in order.
func matchedTerms(ms []mediawatch.TermMatch) []string {
	var out []string
	for _, m := range ms {
		t := m.Text
		if t == "" {
			t = m.Term
		}
		if t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// clampVersion is v if the item has it, else def.
func clampVersion(v int, vs []mediawatch.ItemVersion, def int) int {
	for _, x := range vs {
		if x.Version == v {
			return v
		}
	}
	return def
}

// versionOf is version v of vs (which has it: clampVersion chose it).
func versionOf(vs []mediawatch.ItemVersion, v int) mediawatch.ItemVersion {
	for _, x := range vs {
		if x.Version == v {
			return x
		}
	}
	return vs[len(vs)-1]
}
