package rules

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"mediawatch"
)

// parsedRule is a rule with where its id was written, for duplicates.
type parsedRule struct {
	rule          mediawatch.Rule
	idLine, idCol int
}

// Parse reads one rule file: a YAML list of rules, or a single rule (a
// mapping). An empty file holds no rules. Every problem found is reported,
// as a *LoadError; the rules are returned only when there is none. The
// keys are listed in the package documentation.
func Parse(file string, data []byte) ([]mediawatch.Rule, error) {
	prs, problems := parseFile(file, data)
	if len(problems) > 0 {
		return nil, &LoadError{Problems: problems}
	}
	var out []mediawatch.Rule
	for _, pr := range prs {
		out = append(out, pr.rule)
	}
	return out, nil
}

// fileParser holds one file being parsed and the problems found in it.
type fileParser struct {
	file     string
	lines    []string
	problems []Problem
}

// parseFile parses one file: the rules it could read, and its problems
// (the rules are then only good for finding ids used twice).
func parseFile(file string, data []byte) ([]parsedRule, []Problem) {
	p := &fileParser{file: file, lines: splitLines(string(data))}
	if !p.checkText() {
		return nil, p.problems
	}
	root := p.decode(data)
	if root == nil {
		return nil, p.problems
	}
	var out []parsedRule
	switch {
	case root.Kind == yaml.SequenceNode:
		for _, item := range root.Content {
			if item.Kind != yaml.MappingNode {
				p.at(item, "each rule is a mapping of keys (id: …, query: …), not %s", kindName(item))
				continue
			}
			out = append(out, p.rule(item))
		}
	case root.Kind == yaml.MappingNode:
		out = append(out, p.rule(root))
	case root.Kind == yaml.ScalarNode && root.Tag == "!!null":
	default:
		p.at(root, "a rule file holds a list of rules or one rule, not %s", kindName(root))
	}
	p.problems = append(p.problems, duplicates(out, false)...)
	sortProblems(p.problems)
	return out, p.problems
}

// at records a problem at the position of node n.
func (p *fileParser) at(n *yaml.Node, format string, args ...any) {
	p.problems = append(p.problems, Problem{File: p.file, Line: n.Line, Col: n.Column, Msg: fmt.Sprintf(format, args...)})
}

// splitLines splits s at the line breaks YAML knows (\n, \r\n, \r, U+0085,
// U+2028, U+2029), so that line numbers agree with the parser's.
func splitLines(s string) []string {
	var lines []string
	start := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '\r':
			if strings.HasPrefix(s[i+1:], "\n") {
				size++
			}
			fallthrough
		case '\n', '\u0085', '\u2028', '\u2029':
			lines = append(lines, s[start:i])
			start = i + size
		}
		i += size
	}
	return append(lines, s[start:])
}

// checkText refuses what is not UTF-8 text, pointing at the first bad
// byte or control character.
func (p *fileParser) checkText() bool {
	for n, line := range p.lines {
		col := 1
		for i := 0; i < len(line); col++ {
			r, size := utf8.DecodeRuneInString(line[i:])
			switch {
			case r == utf8.RuneError && size == 1:
				p.problems = append(p.problems, Problem{File: p.file, Line: n + 1, Col: col, Msg: "not UTF-8 text: rule files must be saved as UTF-8"})
				return false
			case r < 0x20 && r != '\t' || r == 0x7f:
				p.problems = append(p.problems, Problem{File: p.file, Line: n + 1, Col: col, Msg: fmt.Sprintf("control character %U in the text", r)})
				return false
			}
			i += size
		}
	}
	return true
}

// yamlLine matches the position yaml.v3 may put in its syntax errors.
var yamlLine = regexp.MustCompile(`^yaml: (line \d+: )?`)

// maxBisectLines bounds the files whose broken line is searched for.
const maxBisectLines = 5000

// decode parses the YAML of one file and returns its root node, or nil
// when it is empty or broken (the problem is recorded).
func (p *fileParser) decode(data []byte) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if !errors.Is(err, io.EOF) {
			p.syntax(err)
		}
		return nil
	}
	var next yaml.Node
	if err := dec.Decode(&next); err == nil {
		p.at(&next, "a rule file holds one YAML document: remove this \"---\" or move the rules into a list")
		return nil
	} else if !errors.Is(err, io.EOF) {
		p.syntax(err)
		return nil
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	return doc.Content[0]
}

// syntax records a YAML syntax error. yaml.v3 gives no column, and a line
// that is sometimes the start of the enclosing block, sometimes one
// before the problem; the line reported is the first from which every
// longer prefix of the file fails to parse: where it stops being YAML.
func (p *fileParser) syntax(err error) {
	line := 1
	if len(p.lines) <= maxBisectLines {
		for n := len(p.lines) - 1; n > 0; n-- {
			if parses(strings.Join(p.lines[:n], "\n")) {
				line = n + 1
				break
			}
		}
	}
	msg := yamlLine.ReplaceAllString(err.Error(), "")
	p.problems = append(p.problems, Problem{File: p.file, Line: line, Msg: "YAML: " + msg})
}

// parses reports whether s is a YAML stream without syntax errors.
func parses(s string) bool {
	dec := yaml.NewDecoder(strings.NewReader(s))
	for {
		var n yaml.Node
		if err := dec.Decode(&n); err != nil {
			return errors.Is(err, io.EOF)
		}
	}
}

// kindName names a node's kind for messages.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Tag == "!!null" {
		return "an empty value"
	}
	return fmt.Sprintf("the value %q", n.Value)
}
