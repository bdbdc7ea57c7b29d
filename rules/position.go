package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// sourcePos returns the file line and column (1-based, in runes) of byte
// pos of the scalar n's value, so that a query error points into the YAML
// file. It is exact for plain and quoted scalars on one line; for block
// scalars (| and >) and flow scalars folded over several lines it finds
// the line and, when the line holds the value's text as it is, the column.
// lines are the file's lines without their line breaks.
func sourcePos(lines []string, n *yaml.Node, pos int) (line, col int) {
	pos = max(0, min(pos, len(n.Value)))
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		if l, c, ok := matchLines(lines, n.Line, 1, n.Value, pos); ok {
			return l, c
		}
		if strings.TrimSpace(n.Value) == "" || n.Line >= len(lines) {
			return n.Line, n.Column // an empty block: its indicator
		}
		return n.Line + 1, 1
	}
	if n.Line < 1 || n.Line > len(lines) {
		return n.Line, n.Column
	}
	rest := fromColumn(lines[n.Line-1], n.Column)
	if c, ok := oneLine(rest, n, pos); ok {
		return n.Line, n.Column + c
	}
	skip := 0
	if n.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) != 0 {
		skip = 1
	}
	if l, c, ok := matchLines(lines, n.Line-1, n.Column+skip, n.Value, pos); ok {
		return l, c
	}
	return n.Line, n.Column
}

// fromColumn returns line from its 1-based rune column col on.
func fromColumn(line string, col int) string {
	for i := range line {
		if col <= 1 {
			return line[i:]
		}
		col--
	}
	return ""
}

// oneLine maps byte pos of the value of n to the number of source runes
// between the scalar's first character (its opening quote, if quoted) and
// that byte, when the whole scalar stands on the line rest.
func oneLine(rest string, n *yaml.Node, pos int) (int, bool) {
	want := utf8.RuneCountInString(n.Value[:pos])
	switch {
	case n.Style&yaml.SingleQuotedStyle != 0:
		return walkQuoted(rest, '\'', want, func(s string) int {
			if strings.HasPrefix(s, "''") {
				return 2
			}
			return 1
		})
	case n.Style&yaml.DoubleQuotedStyle != 0:
		return walkQuoted(rest, '"', want, escapeLen)
	}
	if !strings.HasPrefix(rest, n.Value) {
		return 0, false
	}
	return want, true
}

// walkQuoted walks a quoted scalar on one line, from its opening quote,
// over want characters of its value, and returns how many source runes
// that took (quote included). step gives the source runes of the next
// value character at the start of s.
func walkQuoted(rest string, quote byte, want int, step func(s string) int) (int, bool) {
	if rest == "" || rest[0] != quote {
		return 0, false
	}
	i, cols := 1, 1
	for k := 0; k < want; k++ {
		if i >= len(rest) || rest[i] == quote && (quote != '\'' || !strings.HasPrefix(rest[i:], "''")) {
			return 0, false // the scalar goes on to another line
		}
		n := step(rest[i:])
		for j := 0; j < n && i < len(rest); j++ {
			_, size := utf8.DecodeRuneInString(rest[i:])
			i += size
			cols++
		}
	}
	return cols, true
}

// escapeLen returns how many source runes the next character of a double
// quoted scalar takes: an escape such as \" or \n takes 2, \xHH 4, \uHHHH
// 6, \UHHHHHHHH 10, anything else 1.
func escapeLen(s string) int {
	if len(s) < 2 || s[0] != '\\' {
		return 1
	}
	switch s[1] {
	case 'x':
		return 4
	case 'u':
		return 6
	case 'U':
		return 10
	}
	return 2
}

// matchLines finds byte pos of a value that YAML built from source lines
// (a block scalar, or a flow scalar folded over several lines) by matching
// each non-blank line's text, in order, against the value. The first line
// is lines[first] from rune column col; the rest are whole lines.
func matchLines(lines []string, first, col int, value string, pos int) (line, c int, ok bool) {
	pos = min(pos, len(strings.TrimRightFunc(value, unicode.IsSpace))) // an error at the end points after the last word
	v := 0
	for i := first; i < len(lines); i++ {
		text, textCol := lines[i], 1
		if i == first {
			text, textCol = fromColumn(text, col), col
		}
		trimmed := strings.TrimLeftFunc(text, unicode.IsSpace)
		textCol += utf8.RuneCountInString(text) - utf8.RuneCountInString(trimmed)
		content := strings.TrimRightFunc(trimmed, unicode.IsSpace)
		if content == "" {
			continue
		}
		for v < len(value) && (value[v] == ' ' || value[v] == '\n' || value[v] == '\t') {
			v++
		}
		if !strings.HasPrefix(value[v:], content) {
			// The last line of a quoted scalar ends with its closing quote.
			content = strings.TrimRight(content, `"'`)
			if content == "" || !strings.HasPrefix(value[v:], content) {
				return 0, 0, false
			}
		}
		if pos <= v+len(content) {
			return i + 1, textCol + utf8.RuneCountInString(value[v:max(pos, v)]), true
		}
		v += len(content)
	}
	return 0, 0, false
}
