package desk

import (
	"context"
	"fmt"
	"time"

	"mediawatch"
	"mediawatch/query"
	"mediawatch/store"
)

// RecentFlags is how many of a rule's newest flags its page shows.
const RecentFlags = 20

// RuleDetail is one rule of the active set as its page shows it: the rule,
// its flag counts and precision, and its newest flags.
type RuleDetail struct {
	RuleReport
	Recent      []RecentFlag // newest first, at most RecentFlags
	RecentTotal int          // every flag of the rule
}

// RecentFlag is one flag of a rule with its item and the distinct terms
// that matched, as the rule wrote them.
type RecentFlag struct {
	store.FlagView
	Terms []string
}

// RuleDetail is the active rule id with its counts and newest flags;
// mediawatch.ErrNotFound when the active set has no such rule.
func (d *Desk) RuleDetail(ctx context.Context, id string) (RuleDetail, error) {
	r, err := d.ActiveRule(ctx, id)
	if err != nil {
		return RuleDetail{}, err
	}
	counts, err := d.store.RuleFlagCounts(ctx)
	if err != nil {
		return RuleDetail{}, fmt.Errorf("rule %s: %w", id, err)
	}
	c := counts[id]
	page, err := d.store.Flags(ctx, store.FlagFilter{Rules: []string{id}, Size: RecentFlags})
	if err != nil {
		return RuleDetail{}, fmt.Errorf("rule %s: flags: %w", id, err)
	}
	out := RuleDetail{RuleReport: RuleReport{Rule: r, Flags: c, Precision: PrecisionOf(c)}, RecentTotal: page.Total}
	for _, f := range page.Flags {
		out.Recent = append(out.Recent, RecentFlag{FlagView: f, Terms: distinctTerms(f.Matches)})
	}
	return out, nil
}

// distinctTerms are the terms of matches, each once, in order.
func distinctTerms(ms []mediawatch.TermMatch) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range ms {
		if !seen[m.Term] {
			seen[m.Term] = true
			out = append(out, m.Term)
		}
	}
	return out
}

// TestRuleQuery is TestRule for a query typed on the test page: a query
// that does not parse is its *query.Error (with the column and a message
// in vi or en), before the index is asked anything.
func (d *Desk) TestRuleQuery(ctx context.Context, r mediawatch.Rule, since time.Time) (RuleTest, error) {
	if _, err := query.Parse(r.Query); err != nil {
		return RuleTest{}, fmt.Errorf("test rule: %w", err)
	}
	return d.TestRule(ctx, r, since)
}

// RuleDir is the rule directory; "" without a rule set.
func (d *Desk) RuleDir() string {
	if d.rules == nil {
		return ""
	}
	return d.rules.Status().Dir
}
