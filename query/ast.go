package query

import (
	"strconv"
	"strings"
)

// Field names accepted before a colon.
const (
	FieldTitle  = "title"  // text matching restricted to the title
	FieldText   = "text"   // text matching restricted to the body text
	FieldSource = "source" // exact source id filter
	FieldLang   = "lang"   // exact language filter
	FieldURL    = "url"    // host or URL-prefix filter

	FieldAuthor   = "author"   // text matching restricted to the author: account name, handle, platform:handle, byline
	FieldPlatform = "platform" // exact platform filter (news, youtube, telegram, …)

	FieldRule     = "rule"     // the item was flagged by this rule id (search only)
	FieldSeverity = "severity" // the item's highest flag severity (search only)
)

// Node is a parsed query. The concrete types are *And, *Or, *Not, *Term,
// *Phrase, *Prefix, *Near, *Field and *Filter. String prints canonical
// query text that parses back to an equal Node.
type Node interface {
	node()
	String() string
}

// And matches when every one of Nodes matches. Parse never nests an And
// directly in an And and never builds one with fewer than two nodes.
type And struct{ Nodes []Node }

// Or matches when any of Nodes matches. Parse never nests an Or directly in
// an Or and never builds one with fewer than two nodes.
type Or struct{ Nodes []Node }

// Not matches when Node does not.
type Not struct{ Node Node }

// Term is one word as written, NFC-normalised (textnorm.Normalize), case
// preserved; it matches accent-smart (see the package doc).
type Term struct{ Text string }

// Phrase is a sequence of words that must occur consecutively. It comes
// from quotes, or from bare text that textnorm splits into several words.
// The phrase is exact as a whole if any word has a diacritic.
type Phrase struct{ Words []string }

// Prefix matches any word starting with Text (a single word of at least two
// letters or digits, written before a trailing "*").
type Prefix struct{ Text string }

// Near matches when A and B (each a *Term or *Phrase) occur with at most
// Dist words between them; if Ordered (ONEAR) B must follow A.
type Near struct {
	A, B    Node
	Dist    int
	Ordered bool
}

// Field restricts the text matching of Node to one field, FieldTitle,
// FieldText or FieldAuthor. Fields do not nest.
type Field struct {
	Name string
	Node Node
}

// Filter is a metadata condition: Name is FieldSource, FieldLang, FieldURL,
// FieldPlatform, FieldRule or FieldSeverity,
// and Value is compared case-insensitively (see the package doc for url:).
type Filter struct {
	Name  string
	Value string
}

func (*And) node()    {}
func (*Or) node()     {}
func (*Not) node()    {}
func (*Term) node()   {}
func (*Phrase) node() {}
func (*Prefix) node() {}
func (*Near) node()   {}
func (*Field) node()  {}
func (*Filter) node() {}

// String prints the conjunction with explicit ANDs, grouping ORs.
func (n *And) String() string {
	parts := make([]string, len(n.Nodes))
	for i, c := range n.Nodes {
		switch c.(type) {
		case *And, *Or:
			parts[i] = "(" + c.String() + ")"
		default:
			parts[i] = c.String()
		}
	}
	return strings.Join(parts, " AND ")
}

// String prints the disjunction; ANDs bind tighter and need no parentheses.
func (n *Or) String() string {
	parts := make([]string, len(n.Nodes))
	for i, c := range n.Nodes {
		if _, ok := c.(*Or); ok {
			parts[i] = "(" + c.String() + ")"
		} else {
			parts[i] = c.String()
		}
	}
	return strings.Join(parts, " OR ")
}

// String prints "-" glued to a leaf, a field, a negation or a
// parenthesised group.
func (n *Not) String() string {
	switch n.Node.(type) {
	case *Filter, *Field, *Not:
		return "-" + n.Node.String()
	}
	return "-" + wrap(n.Node)
}

// String prints the word.
func (n *Term) String() string { return n.Text }

// String prints the words in straight quotes, separated by single spaces.
func (n *Phrase) String() string { return `"` + strings.Join(n.Words, " ") + `"` }

// String prints the word and its star.
func (n *Prefix) String() string { return n.Text + "*" }

// String prints "A NEAR/n B" or "A ONEAR/n B".
func (n *Near) String() string {
	op := " NEAR/"
	if n.Ordered {
		op = " ONEAR/"
	}
	return n.A.String() + op + strconv.Itoa(n.Dist) + " " + n.B.String()
}

// String prints "name:" glued to a leaf or a parenthesised group.
func (n *Field) String() string { return n.Name + ":" + wrap(n.Node) }

// String prints "name:value", quoting a value that would not lex as one
// bare word.
func (n *Filter) String() string {
	if strings.ContainsFunc(n.Value, breaksChunk) || strings.HasSuffix(n.Value, "*") {
		return n.Name + `:"` + n.Value + `"`
	}
	return n.Name + ":" + n.Value
}

// Key returns Value in the form it is compared in, for an index to look
// up: for source:, lang: and platform:, lower-case NFC without surrounding space, to
// equal the document's value in the same form; for url:, a lower-case
// domain (compared with the host from URLForms and its parent domains) or,
// if it has a "/", a prefix of the scheme-less URL from URLForms.
func (n *Filter) Key() string {
	if n.Name == FieldURL {
		return urlValue(n.Value)
	}
	return keyword(n.Value)
}

// wrap prints a word, phrase or prefix as it is and anything else in
// parentheses, for the operand of "-" and of a field.
func wrap(n Node) string {
	switch n.(type) {
	case *Term, *Phrase, *Prefix:
		return n.String()
	}
	return "(" + n.String() + ")"
}
