package rules

import (
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"mediawatch"
)

// ruleKeys are the keys a rule may have, in the order messages list them.
var ruleKeys = []string{"id", "name", "description", "query", "severity", "category", "languages", "sources",
	"enabled", "response_hint", "owner"}

// slug is what a rule id looks like: lower-case letters and digits in
// groups joined by single hyphens.
var slug = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// maxIDLen keeps ids readable in reports and URLs.
const maxIDLen = 64

// langCode is a language as rules name it: an ISO 639 code.
var langCode = regexp.MustCompile(`^[a-z]{2,3}$`)

// rule decodes and checks one rule mapping.
func (p *fileParser) rule(m *yaml.Node) parsedRule {
	pr := parsedRule{rule: mediawatch.Rule{File: p.file, Line: m.Line, Enabled: true}, idLine: m.Line, idCol: m.Column}
	r := &pr.rule
	seen := map[string]*yaml.Node{}
	var queryNode *yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			p.at(k, "a key must be a name such as id or query, not %s", kindName(k))
			continue
		}
		if first, dup := seen[k.Value]; dup {
			p.at(k, "duplicate key %q: first at line %d", k.Value, first.Line)
			continue
		}
		seen[k.Value] = k
		if v.Kind == yaml.AliasNode {
			p.at(v, "aliases (*%s) are not supported in rule files: write the value out", v.Value)
			continue
		}
		switch k.Value {
		case "id":
			r.ID, pr.idLine, pr.idCol = p.id(v), v.Line, v.Column
		case "name":
			r.Name = p.names(k, v)
		case "description":
			r.Description = p.text(k, v)
		case "query":
			if r.Query = strings.TrimSpace(p.text(k, v)); v.Kind == yaml.ScalarNode {
				queryNode = v
			}
		case "severity":
			r.Severity = p.severity(v)
		case "category":
			r.Category = strings.TrimSpace(p.text(k, v))
		case "languages":
			r.Languages = p.languages(k, v)
		case "sources":
			r.Sources = p.list(k, v)
		case "enabled":
			r.Enabled = p.enabled(v)
		case "response_hint":
			r.ResponseHint = p.text(k, v)
		case "owner":
			r.Owner = strings.TrimSpace(p.text(k, v))
		default:
			p.at(k, "unknown key %q%s", k.Value, suggest(k.Value))
		}
	}
	p.required(m, seen)
	if queryNode != nil {
		p.query(queryNode)
	}
	r.Version = Version(*r)
	return pr
}

// required reports the keys every rule must have.
func (p *fileParser) required(m *yaml.Node, seen map[string]*yaml.Node) {
	for _, k := range []string{"id", "name", "query", "severity"} {
		if seen[k] == nil {
			p.at(m, "missing %s: every rule needs id, name (vi and en), query and severity", k)
		}
	}
}

// text returns the value of a scalar key; an empty value is "".
func (p *fileParser) text(k, v *yaml.Node) string {
	if v.Kind != yaml.ScalarNode {
		p.at(v, "%s must be text, not %s", k.Value, kindName(v))
		return ""
	}
	if v.Tag == "!!null" {
		return ""
	}
	return v.Value
}

// id checks a rule id.
func (p *fileParser) id(v *yaml.Node) string {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" || v.Value == "" {
		p.at(v, "id must be a slug such as dam-burst-rumour")
		return ""
	}
	switch {
	case len(v.Value) > maxIDLen:
		p.at(v, "id %q is longer than %d characters", v.Value, maxIDLen)
	case !slug.MatchString(v.Value):
		p.at(v, "id %q is not a slug: use lower-case letters a-z, digits and single hyphens (dam-burst-rumour)", v.Value)
	}
	return v.Value
}

// names decodes name: {vi: …, en: …}.
func (p *fileParser) names(k, v *yaml.Node) mediawatch.Names {
	var n mediawatch.Names
	if v.Kind != yaml.MappingNode {
		p.at(v, "name needs a Vietnamese and an English label: name: {vi: …, en: …}")
		return n
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		lk, lv := v.Content[i], v.Content[i+1]
		switch lk.Value {
		case "vi":
			n.VI = strings.TrimSpace(p.text(lk, lv))
		case "en":
			n.EN = strings.TrimSpace(p.text(lk, lv))
		default:
			p.at(lk, "unknown key %q in name: it has vi and en", lk.Value)
		}
	}
	if n.VI == "" || n.EN == "" {
		p.at(k, "name needs both vi and en labels")
	}
	return n
}

// severity checks a severity, case-insensitively.
func (p *fileParser) severity(v *yaml.Node) mediawatch.Severity {
	s := mediawatch.Severity(strings.ToLower(strings.TrimSpace(v.Value)))
	if v.Kind != yaml.ScalarNode || !s.Valid() {
		p.at(v, "severity must be low, medium, high or critical, not %s", kindName(v))
		return ""
	}
	return s
}

// enabled checks a boolean.
func (p *fileParser) enabled(v *yaml.Node) bool {
	b, err := strconv.ParseBool(v.Value)
	if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" || err != nil {
		p.at(v, "enabled must be true or false, not %s", kindName(v))
		return true
	}
	return b
}

// entries returns the nodes of a list, or a single value as a list of
// one, or nothing for an empty value.
func entries(v *yaml.Node) []*yaml.Node {
	switch {
	case v.Kind == yaml.SequenceNode:
		return v.Content
	case v.Kind == yaml.ScalarNode && v.Tag == "!!null":
		return nil
	}
	return []*yaml.Node{v}
}

// list decodes a list of non-empty texts; a single text is a list of one.
func (p *fileParser) list(k, v *yaml.Node) []string {
	var out []string
	for _, it := range entries(v) {
		if s := p.entry(k, it); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// entry returns one trimmed entry of a list, reporting an empty one.
func (p *fileParser) entry(k, it *yaml.Node) string {
	s := strings.TrimSpace(p.text(k, it))
	if s == "" && it.Kind == yaml.ScalarNode {
		p.at(it, "empty entry in %s", k.Value)
	}
	return s
}

// languages decodes a list of language codes, in lower case.
func (p *fileParser) languages(k, v *yaml.Node) []string {
	var out []string
	for _, it := range entries(v) {
		s := p.entry(k, it)
		if s == "" {
			continue
		}
		l := strings.ToLower(s)
		switch {
		case l == "vn":
			p.at(it, `bad language "vn": the code of Vietnamese is vi (vn is the country)`)
		case !langCode.MatchString(l):
			p.at(it, "bad language %q: use ISO 639 codes such as vi and en", s)
		}
		out = append(out, l)
	}
	return out
}

// suggest proposes the known key closest to an unknown one.
func suggest(key string) string {
	best, dist := "", 3
	for _, k := range ruleKeys {
		if d := editDistance(strings.ToLower(key), k); d < dist {
			best, dist = k, d
		}
	}
	if best == "" {
		return " (keys are " + strings.Join(ruleKeys, ", ") + ")"
	}
	return "; did you mean " + best + "?"
}

// editDistance is the Levenshtein distance between two short strings.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
