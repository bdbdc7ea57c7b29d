package desk

import (
	"context"
	"fmt"
	"time"

	"mediawatch"
	"mediawatch/query"
	"mediawatch/store"
)

// RuleReport is one rule of the active set with what it has done: its
// flags by review status and what editors said of them.
type RuleReport struct {
	mediawatch.Rule
	Flags     store.RuleCounts
	Precision Precision
}

// Precision is what editors said of a rule's flags. A flag's status
// follows its story's, so a story answered counts as a true flag and one
// marked a false positive as a false one.
type Precision struct {
	Responded     int
	FalsePositive int
	// Known is false before any verdict; Value is then meaningless.
	Known bool
	// Value is Responded / (Responded + FalsePositive).
	Value float64
}

// PrecisionOf reads editors' verdicts from a rule's flag counts.
func PrecisionOf(c store.RuleCounts) Precision {
	p := Precision{Responded: c.ByStatus[mediawatch.FlagResponded], FalsePositive: c.ByStatus[mediawatch.FlagFalsePositive]}
	if n := p.Responded + p.FalsePositive; n > 0 {
		p.Known, p.Value = true, float64(p.Responded)/float64(n)
	}
	return p
}

// RuleSetReport is the active rule set as people look at it.
type RuleSetReport struct {
	Status RulebookStatus
	Rules  []RuleReport // the rules of Status, in its order
}

// Rules is the active set, every rule with its flag counts and precision.
func (d *Desk) Rules(ctx context.Context) (RuleSetReport, error) {
	if d.rules == nil {
		return RuleSetReport{}, fmt.Errorf("rules: %w", ErrUnavailable)
	}
	st := d.rules.Status()
	counts, err := d.store.RuleFlagCounts(ctx)
	if err != nil {
		return RuleSetReport{}, err
	}
	out := RuleSetReport{Status: st, Rules: make([]RuleReport, 0, len(st.Rules))}
	for _, r := range st.Rules {
		c := counts[r.ID]
		out.Rules = append(out.Rules, RuleReport{Rule: r, Flags: c, Precision: PrecisionOf(c)})
	}
	return out, nil
}

// ReloadRules reads the rule directory again at who's request, and says
// so in the audit log. A set with any problem is refused whole (the error
// wraps *rules.LoadError with every problem) and the active set stays.
func (d *Desk) ReloadRules(ctx context.Context, who mediawatch.Actor) error {
	if d.rules == nil {
		return fmt.Errorf("reload rules: %w", ErrUnavailable)
	}
	err := d.rules.Reload(ctx)
	st := d.rules.Status()
	if err != nil {
		d.Record(ctx, who, "rules.reload", st.Dir, "refused: "+err.Error())
		return err
	}
	d.Record(ctx, who, "rules.reload", st.Dir, fmt.Sprintf("%d rules, version %s", len(st.Rules), ShortVersion(st.Version)))
	return nil
}

// RuleTest is what a rule would have flagged in everything stored.
type RuleTest struct {
	Matched    int                   // stored items the rule would flag (confirmed by the matcher)
	Candidates int                   // items the index found for the query before confirmation
	PerDay     []mediawatch.DayCount // Matched per local day of the items' dates, oldest first
	Samples    []RuleSample          // the newest matches, newest first
	Took       time.Duration
}

// RuleSample is one match of a rule test, shown with the flag's own
// highlights: the title and the text around the first match, escaped, with
// every match in <mark>, and the rule's words and phrases that matched.
type RuleSample struct {
	Item      mediawatch.Item
	TitleHTML string
	Snippet   string
	Terms     []string
}

// TestRule answers "what would this rule have flagged?" over the store,
// through the index, writing nothing. r need not be enabled; a query the
// rule language refuses wraps mediawatch.ErrInvalid.
func (d *Desk) TestRule(ctx context.Context, r mediawatch.Rule, since time.Time) (RuleTest, error) {
	if d.index == nil {
		return RuleTest{}, fmt.Errorf("test rule: %w", ErrUnavailable)
	}
	res, err := TestRule(ctx, BacktestDeps{Index: d.index, Store: d.store}, r, since, d.loc)
	if err != nil {
		return RuleTest{}, err
	}
	out := RuleTest{Matched: res.Matched, Candidates: res.Candidates, PerDay: res.PerDay, Took: res.Took,
		Samples: make([]RuleSample, 0, len(res.Samples))}
	if out.PerDay == nil {
		out.PerDay = []mediawatch.DayCount{}
	}
	for _, sm := range res.Samples {
		out.Samples = append(out.Samples, sampleOf(sm))
	}
	return out, nil
}

// sampleOf marks one backtest match with the flag's own highlights.
func sampleOf(sm BacktestSample) RuleSample {
	it := sm.Item
	v := RuleSample{Item: it, Terms: []string{}}
	var title, text []query.Span
	seen := map[string]bool{}
	for _, m := range sm.Flag.Matches {
		span := query.Span{Start: m.Start, End: m.End}
		if m.Field == query.FieldTitle {
			title = append(title, span)
		} else {
			text = append(text, span)
		}
		if !seen[m.Term] {
			seen[m.Term] = true
			v.Terms = append(v.Terms, m.Term)
		}
	}
	v.TitleHTML = MarkAll(it.Title, SortedSpans(title))
	v.Snippet = SnippetAt(it.Text, SortedSpans(text), SnippetBytes)
	return v
}
