package ingest

import (
	"mediawatch"
)

// RuleMatcher judges an item against a set of rules; rules.Engine
// implements it. Match returns one flag per rule the item matches, with
// RuleID, RuleVersion, Severity, Matches and Snippet filled, or none. The
// matches' offsets point into it.Title and it.Text, which are what is
// judged: a feed-only item's summary is not (the index does not search it
// either, and search, backtest and ingest must agree). It must be safe for
// concurrent use and must not modify the item.
type RuleMatcher interface {
	Match(it *mediawatch.Item) []mediawatch.Flag
}

// ruleSet boxes the active matcher for an atomic.Pointer.
type ruleSet struct{ m RuleMatcher }

// SetRules makes m the rules every article ingested from now on is
// matched against; nil means no rules. It is safe to call while ingesting
// (rule files are reloaded during a crawl): an article is judged wholly by
// the set active when its matching began.
func (p *Pipeline) SetRules(m RuleMatcher) {
	if m == nil {
		p.rules.Store(nil)
		return
	}
	p.rules.Store(&ruleSet{m: m})
}

// match returns the flags the active rules raise on it, as it will be
// stored (NFC title and text).
func (p *Pipeline) match(it mediawatch.Item) []mediawatch.Flag {
	rs := p.rules.Load()
	if rs == nil {
		return nil
	}
	return rs.m.Match(&it)
}
