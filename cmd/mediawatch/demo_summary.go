package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"mediawatch"
	"mediawatch/desk"
	"mediawatch/query"
	"mediawatch/store"
)

// leftAlone finds, for each enabled rule whose query ends in exclusions
// (a top-level AND with NOT parts), the stored items its words match but
// an exclusion keeps unflagged: the denials, fact-checks and drills the
// demo shows a rule rightly did not flag. Rules without exclusions have
// nothing to show. Items are read once, in pages.
func leftAlone(ctx context.Context, db *store.DB, rules []mediawatch.Rule) (map[string][]mediawatch.Item, error) {
	type probe struct {
		rule mediawatch.Rule
		m    *query.Matcher
	}
	var probes []probe
	for _, r := range rules {
		if !r.Enabled {
			continue
		}
		if m := positivePart(r.Query); m != nil {
			probes = append(probes, probe{r, m})
		}
	}
	out := map[string][]mediawatch.Item{}
	if len(probes) == 0 {
		return out, nil
	}
	var after int64
	for {
		items, err := db.Items(ctx, after, 500)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			doc := query.Doc{Title: it.Title, Text: it.Text, Source: it.Source, Lang: it.Lang, URL: it.URL}
			for _, p := range probes {
				if inScope(p.rule, it) && !slices.Contains(it.RuleIDs, p.rule.ID) && p.m.Match(doc) {
					out[p.rule.ID] = append(out[p.rule.ID], it)
				}
			}
		}
		if len(items) < 500 {
			return out, nil
		}
		after = items[len(items)-1].ID
	}
}

// positivePart compiles q without its top-level NOT parts, or returns nil
// when q has none (or does not parse: the rule set was refused then).
func positivePart(q string) *query.Matcher {
	n, err := query.Parse(q)
	if err != nil {
		return nil
	}
	and, ok := n.(*query.And)
	if !ok {
		return nil
	}
	var keep []query.Node
	for _, c := range and.Nodes {
		if _, not := c.(*query.Not); !not {
			keep = append(keep, c)
		}
	}
	if len(keep) == len(and.Nodes) || len(keep) == 0 {
		return nil
	}
	var pos query.Node = &query.And{Nodes: keep}
	if len(keep) == 1 {
		pos = keep[0]
	}
	m, err := query.Compile(pos)
	if err != nil {
		return nil
	}
	return m
}

// inScope reports whether a rule looks at it at all: its languages and
// sources, when it names any.
func inScope(r mediawatch.Rule, it mediawatch.Item) bool {
	in := func(list []string, v string) bool {
		return len(list) == 0 || slices.ContainsFunc(list, func(s string) bool { return strings.EqualFold(s, v) })
	}
	return in(r.Languages, it.Lang) && in(r.Sources, it.Source)
}

// printRuleFlags writes one rule's line — its name, id and severity in t's
// language, its flag count — then the flagged titles and what it left
// alone.
func printRuleFlags(out io.Writer, t texts, name, id string, fs []store.FlagView, left []mediawatch.Item) {
	severity := inLang(t, desk.SeverityName(fs[0].Severity), "")
	fmt.Fprintf(out, "  %s\n", t.f(msgDemoRuleFlags, name, id, severity, len(fs)))
	for _, f := range fs {
		fmt.Fprintf(out, "    - %s  [%s]\n", oneLine(f.Title, 90), f.Source)
	}
	if len(left) == 0 {
		return
	}
	fmt.Fprintf(out, "    %s\n", t.f(msgDemoLeftAlone, len(left)))
	for _, it := range left {
		fmt.Fprintf(out, "    · %s  [%s]\n", oneLine(it.Title, 90), it.Source)
	}
}

// quietRules names, in t's language, the enabled rules that flagged
// nothing.
func quietRules(t texts, pack []mediawatch.Rule, byRule map[string][]store.FlagView) []string {
	var quiet []string
	for _, r := range pack {
		if _, ok := byRule[r.ID]; !ok && r.Enabled {
			quiet = append(quiet, inLang(t, r.Name, r.ID))
		}
	}
	return quiet
}
