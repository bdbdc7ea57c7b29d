package query

import (
	"slices"
	"strings"
	"unicode/utf8"

	"mediawatch/textnorm"
)

// validate checks a node built by hand as strictly as Parse builds one,
// so that Compile never meets a shape it cannot evaluate. Depth is bounded
// generously (an And, an Or and a Not per parsed level) to keep the
// recursion of Compile and of evaluation shallow.
func validate(n Node, s scope, depth int) error {
	if depth > 4*MaxDepth {
		return invalid("nested too deep")
	}
	switch x := n.(type) {
	case nil:
		return invalid("missing node")
	case *And:
		return validateAll(x.Nodes, s, depth)
	case *Or:
		return validateAll(x.Nodes, s, depth)
	case *Not:
		return validate(x.Node, s, depth+1)
	case *Field:
		return validateField(x, s, depth)
	case *Filter:
		return validateFilter(x, s)
	case *Near:
		return validateNear(x)
	case *Term, *Phrase, *Prefix:
		return validateText(n)
	}
	return invalid("unknown node %T", n)
}

// validateAll checks the operands of an And or an Or.
func validateAll(nodes []Node, s scope, depth int) error {
	if len(nodes) == 0 {
		return invalid("empty AND or OR")
	}
	for _, c := range nodes {
		if err := validate(c, s, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// validateField checks a title:, text: or author: node and what it holds.
func validateField(f *Field, s scope, depth int) error {
	if s.field != "" {
		return invalid("fields do not nest: %s: inside %s:", f.Name, s.field)
	}
	if f.Name != FieldTitle && f.Name != FieldText && f.Name != FieldAuthor {
		return invalid("field %q does not hold text terms", f.Name)
	}
	return validate(f.Node, scope{field: f.Name}, depth+1)
}

// validateFilter checks a source:, lang: or url: condition.
func validateFilter(f *Filter, s scope) error {
	switch {
	case s.field != "":
		return invalid("fields do not nest: %s: inside %s:", f.Name, s.field)
	case !isFilterName(f.Name):
		return invalid("field %q is not a filter", f.Name)
	case strings.TrimSpace(f.Value) == "" || strings.ContainsFunc(f.Value, isQuote):
		return invalid("bad %s: value %q", f.Name, f.Value)
	}
	return nil
}

// validateNear checks NEAR's operands and distance.
func validateNear(n *Near) error {
	if !nearOperand(n.A) || !nearOperand(n.B) {
		return invalid("NEAR needs a word or phrase on each side")
	}
	if n.Dist < 1 || n.Dist > MaxDistance {
		return invalid("NEAR distance %d is not from 1 to %d", n.Dist, MaxDistance)
	}
	if err := validateText(n.A); err != nil {
		return err
	}
	return validateText(n.B)
}

// validateText checks that a Term, Phrase or Prefix holds words exactly
// as Parse would have written them.
func validateText(n Node) error {
	var ws []string
	switch x := n.(type) {
	case *Term:
		ws = []string{x.Text}
	case *Phrase:
		ws = x.Words
	case *Prefix:
		ws = []string{x.Text}
		if utf8.RuneCountInString(textnorm.Fold(x.Text)) < 2 {
			return invalid("prefix %q needs at least 2 letters", x.Text)
		}
	}
	if len(ws) == 0 {
		return invalid("empty phrase")
	}
	for _, w := range ws {
		if got := words(w); !slices.Equal(got, []string{w}) {
			return invalid("%q is not one normalised word", w)
		}
	}
	if _, err := compileText(n); err != nil {
		return err
	}
	return nil
}

// isFilterName reports whether name is a metadata filter field.
func isFilterName(name string) bool {
	kind, ok := fieldKinds[name]
	return ok && !kind
}
