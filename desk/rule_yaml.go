package desk

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"mediawatch"
	"mediawatch/rules"
)

// errRuleFileForm means a rule's file is written in a YAML form whose
// lines the page cannot replace one rule at a time (a flow list such as
// [{id: …}, {id: …}]); the rule is then edited by hand.
var errRuleFileForm = errors.New("the rule's file is not a block list of rules")

// normalizeRule makes r what the loader would read back from the YAML the
// page writes: valid UTF-8 without control characters (newlines and tabs
// kept in the free texts), the fields the loader trims trimmed, languages
// in lower case, no empty list entries. Writing then reading gives r.
func normalizeRule(r mediawatch.Rule) mediawatch.Rule {
	line := func(s string) string { return strings.TrimSpace(cleanRuleText(s, false)) }
	out := mediawatch.Rule{
		ID:           line(r.ID),
		Name:         mediawatch.Names{VI: line(r.Name.VI), EN: line(r.Name.EN)},
		Description:  cleanRuleText(r.Description, true),
		Query:        strings.TrimSpace(cleanRuleText(r.Query, true)),
		Severity:     mediawatch.Severity(strings.ToLower(line(string(r.Severity)))),
		Category:     line(r.Category),
		Enabled:      r.Enabled,
		ResponseHint: cleanRuleText(r.ResponseHint, true),
		Owner:        line(r.Owner),
		File:         r.File,
		Line:         r.Line,
	}
	for _, l := range r.Languages {
		if l = strings.ToLower(line(l)); l != "" {
			out.Languages = append(out.Languages, l)
		}
	}
	for _, s := range r.Sources {
		if s = line(s); s != "" {
			out.Sources = append(out.Sources, s)
		}
	}
	out.Version = rules.Version(out)
	return out
}

// cleanRuleText drops what a rule file cannot hold: bytes that are not
// UTF-8 and control characters (but newlines and tabs in multiline texts),
// and the line breaks YAML would read as newlines (U+0085, U+2028, U+2029),
// which would otherwise come back as "\n".
func cleanRuleText(s string, multiline bool) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	nl := ' '
	if multiline {
		nl = '\n'
	}
	return strings.Map(func(c rune) rune {
		switch {
		case c == '\t':
			return c
		case c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029':
			return nl
		case unicode.IsControl(c) || c == '\uFEFF' || c == utf8.RuneError:
			return -1
		}
		return c
	}, s)
}

// ruleNode is r as a YAML mapping in the order README shows the keys. The
// required keys (id, name, query, severity) are always written, even
// empty, so that the loader's complaint about them points at their line;
// enabled is always written so that a disabled rule says so; the other
// keys only when set.
func ruleNode(r mediawatch.Rule) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	str := func(v string) *yaml.Node {
		n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
		if strings.Contains(v, "\n") {
			n.Style = yaml.LiteralStyle
		}
		return n
	}
	add := func(k string, v *yaml.Node) {
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k}, v)
	}
	list := func(vs []string) *yaml.Node {
		n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for _, v := range vs {
			n.Content = append(n.Content, str(v))
		}
		return n
	}
	add("id", str(r.ID))
	name := &yaml.Node{Kind: yaml.MappingNode}
	name.Content = []*yaml.Node{str("vi"), str(r.Name.VI), str("en"), str(r.Name.EN)}
	add("name", name)
	if r.Description != "" {
		add("description", str(r.Description))
	}
	add("query", str(r.Query))
	add("severity", str(string(r.Severity)))
	if r.Category != "" {
		add("category", str(r.Category))
	}
	if len(r.Languages) > 0 {
		add("languages", list(r.Languages))
	}
	if len(r.Sources) > 0 {
		add("sources", list(r.Sources))
	}
	add("enabled", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: fmt.Sprint(r.Enabled)})
	if r.ResponseHint != "" {
		add("response_hint", str(r.ResponseHint))
	}
	if r.Owner != "" {
		add("owner", str(r.Owner))
	}
	return m
}

// encodeRule writes r as YAML: a list of one rule ("- id: …") when item is
// true, else a single mapping; every line is prefixed by indent spaces.
func encodeRule(r mediawatch.Rule, item bool, indent int) []byte {
	var root *yaml.Node = ruleNode(r)
	if item {
		root = &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{root}}
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	enc.CompactSeqIndent()
	if err := enc.Encode(root); err != nil { // nodes of strings always encode
		panic(fmt.Sprintf("desk: encode rule %q: %v", r.ID, err))
	}
	_ = enc.Close()
	if indent == 0 {
		return buf.Bytes()
	}
	pad := strings.Repeat(" ", indent)
	var out bytes.Buffer
	for _, l := range strings.SplitAfter(buf.String(), "\n") {
		if l != "" && l != "\n" {
			out.WriteString(pad)
		}
		out.WriteString(l)
	}
	return out.Bytes()
}

// RuleField names the field of the rule form a problem belongs to: id,
// name_vi, name_en, name, description, query, severity, category,
// languages, sources, enabled, response_hint, owner; "" for the rule as a
// whole.
type RuleField = string

// fieldsOfLines maps the lines of a rule written by encodeRule (a list of
// one) to the form's fields, for the loader's problems.
func fieldsOfLines(data []byte) func(line int) RuleField {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 || len(doc.Content[0].Content) == 0 {
		return func(int) RuleField { return "" }
	}
	m := doc.Content[0].Content[0]
	type span struct {
		from  int
		field RuleField
	}
	var spans []span
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Value != "name" || v.Kind != yaml.MappingNode {
			spans = append(spans, span{k.Line, k.Value})
			continue
		}
		spans = append(spans, span{k.Line, "name"})
		for j := 0; j+1 < len(v.Content); j += 2 {
			spans = append(spans, span{v.Content[j].Line, "name_" + v.Content[j].Value})
		}
	}
	return func(line int) RuleField {
		f := RuleField("")
		for _, s := range spans {
			if s.from <= line {
				f = s.field
			}
		}
		return f
	}
}

// spliceRule returns data with the rule id's YAML replaced by r, line for
// line: the file's other rules, its comments and its layout are kept byte
// for byte. The file is a single rule (a mapping) or a block list of rules;
// a flow list is errRuleFileForm.
func spliceRule(data []byte, id string, r mediawatch.Rule) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("read the rule's file: %w", err)
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("rule %q: %w", id, mediawatch.ErrNotFound)
	}
	root := doc.Content[0]
	lines := strings.SplitAfter(string(data), "\n")
	join := func(parts ...[]string) []byte {
		var b strings.Builder
		for _, p := range parts {
			for _, l := range p {
				b.WriteString(l)
			}
		}
		return []byte(b.String())
	}
	switch {
	case root.Kind == yaml.MappingNode && root.Style&yaml.FlowStyle == 0:
		if idOf(root) != id {
			return nil, fmt.Errorf("rule %q: %w", id, mediawatch.ErrNotFound)
		}
		start := root.Line - 1
		end := trimTail(lines, start, len(lines), root.Column)
		return join(lines[:start], splitLines(encodeRule(r, false, root.Column-1)), lines[end:]), nil
	case root.Kind == yaml.SequenceNode && root.Style&yaml.FlowStyle == 0:
		for i, it := range root.Content {
			if it.Kind != yaml.MappingNode || idOf(it) != id {
				continue
			}
			if it.Style&yaml.FlowStyle != 0 {
				return nil, errRuleFileForm
			}
			start, dash := dashLine(lines, it)
			if start < 0 {
				return nil, errRuleFileForm
			}
			end := len(lines)
			if i+1 < len(root.Content) {
				next, _ := dashLine(lines, root.Content[i+1])
				if next <= start {
					return nil, errRuleFileForm
				}
				end = next
			}
			end = trimTail(lines, start+1, end, it.Column)
			return join(lines[:start], splitLines(encodeRule(r, true, dash)), lines[end:]), nil
		}
		return nil, fmt.Errorf("rule %q: %w", id, mediawatch.ErrNotFound)
	}
	return nil, errRuleFileForm
}

// idOf is the id written in a rule mapping.
func idOf(m *yaml.Node) string {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "id" {
			return m.Content[i+1].Value
		}
	}
	return ""
}

// dashLine finds the line (0-based) of the "-" that opens list item it and
// the dash's column (0-based): on the item's first line, or alone on the
// line before. -1 when neither holds.
func dashLine(lines []string, it *yaml.Node) (int, int) {
	l := it.Line - 1
	if l < 0 || l >= len(lines) {
		return -1, 0
	}
	before := []rune(strings.TrimRight(lines[l], "\r\n"))
	if c := it.Column - 1; c <= len(before) {
		lead := strings.TrimRight(string(before[:c]), " ")
		if strings.TrimSpace(lead) == "-" {
			return l, len(lead) - 1
		}
	}
	if l > 0 && strings.TrimSpace(lines[l-1]) == "-" {
		return l - 1, strings.Index(lines[l-1], "-")
	}
	return -1, 0
}

// trimTail moves end back over blank lines and over comments indented
// less than the rule's keys (col, 1-based): those belong to what follows
// (the next rule's head comment, the file's last words), not to the rule
// being replaced. Never before from.
func trimTail(lines []string, from, end, col int) int {
	for end > from {
		l := strings.TrimRight(lines[end-1], "\r\n")
		t := strings.TrimLeft(l, " ")
		indent := len(l) - len(t)
		if t == "" || (strings.HasPrefix(t, "#") && indent < col-1) {
			end--
			continue
		}
		break
	}
	return end
}

// splitLines splits encoded YAML into lines that keep their "\n".
func splitLines(b []byte) []string {
	s := string(b)
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	parts := strings.SplitAfter(s, "\n")
	return parts[:len(parts)-1]
}
