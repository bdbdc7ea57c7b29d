package query

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind is the kind of a lexical token of a query.
type tokKind int

const (
	tEOF    tokKind = iota
	tChunk          // bare text between separators
	tQuote          // quoted text; text is the content
	tLParen         // (
	tRParen         // )
	tMinus          // a "-" glued to what follows
	tAnd            // AND
	tOr             // OR
	tNot            // NOT
	tNear           // NEAR/n or ONEAR/n
	tField          // name: ; text is the lower-case name
)

// token is one lexical unit, with its byte span in the query as given.
type token struct {
	kind     tokKind
	pos, end int
	text     string
	dist     int  // tNear
	ordered  bool // tNear: ONEAR
	glued    bool // no space between the previous token and this one
}

// fieldKinds maps each field name to whether it restricts text matching
// (title, text, author) rather than filtering metadata.
var fieldKinds = map[string]bool{
	FieldTitle: true, FieldText: true, FieldSource: false, FieldLang: false, FieldURL: false,
	FieldRule: false, FieldSeverity: false, FieldAuthor: true, FieldPlatform: false,
}

// isQuote reports whether r opens or closes a quoted phrase: straight
// double quotes and the typographic ones phones and word processors insert.
func isQuote(r rune) bool { return r == '"' || r == '“' || r == '”' }

// breaksChunk reports whether r ends a bare chunk of text.
func breaksChunk(r rune) bool {
	return unicode.IsSpace(r) || r == '(' || r == ')' || isQuote(r)
}

// lexer splits a query into tokens.
type lexer struct {
	q    string
	i    int
	toks []token
}

// lex returns the tokens of q, ending with tEOF at len(q).
func lex(q string) ([]token, error) {
	l := &lexer{q: q}
	for {
		l.skipSpace()
		if l.i >= len(q) {
			l.emit(token{kind: tEOF, pos: len(q), end: len(q)})
			return l.toks, nil
		}
		if err := l.next(); err != nil {
			return nil, err
		}
	}
}

// emit appends t, marking whether it touches the previous token.
func (l *lexer) emit(t token) {
	if n := len(l.toks); n > 0 && l.toks[n-1].end == t.pos {
		t.glued = true
	}
	l.toks = append(l.toks, t)
	l.i = t.end
}

// skipSpace advances over white space.
func (l *lexer) skipSpace() {
	for l.i < len(l.q) {
		r, size := utf8.DecodeRuneInString(l.q[l.i:])
		if !unicode.IsSpace(r) {
			return
		}
		l.i += size
	}
}

// peekRune returns the rune at byte offset i, or -1 at the end.
func (l *lexer) peekRune(i int) (rune, int) {
	if i >= len(l.q) {
		return -1, 0
	}
	return utf8.DecodeRuneInString(l.q[i:])
}

// next lexes one token at l.i, which is not white space.
func (l *lexer) next() error {
	r, size := l.peekRune(l.i)
	switch {
	case r == '(':
		l.emit(token{kind: tLParen, pos: l.i, end: l.i + 1})
	case r == ')':
		l.emit(token{kind: tRParen, pos: l.i, end: l.i + 1})
	case isQuote(r):
		return l.quote(size)
	case r == '-':
		if n, _ := l.peekRune(l.i + 1); n < 0 || n == ')' || unicode.IsSpace(n) {
			return errAt(l.q, l.i, CodeTermAfterMinus)
		}
		l.emit(token{kind: tMinus, pos: l.i, end: l.i + 1})
	default:
		return l.chunk()
	}
	return nil
}

// quote lexes a quoted string whose opening quote is size bytes long.
func (l *lexer) quote(size int) error {
	start := l.i + size
	for j := start; j < len(l.q); {
		r, n := utf8.DecodeRuneInString(l.q[j:])
		if isQuote(r) {
			l.emit(token{kind: tQuote, pos: l.i, end: j + n, text: l.q[start:j]})
			return nil
		}
		j += n
	}
	return errAt(l.q, l.i, CodeUnclosedQuote)
}

// chunk lexes bare text up to the next separator: an operator, a field
// prefix, or text for the parser to turn into words.
func (l *lexer) chunk() error {
	end := l.i
	for end < len(l.q) {
		r, n := utf8.DecodeRuneInString(l.q[end:])
		if breaksChunk(r) {
			break
		}
		end += n
	}
	text := l.q[l.i:end]
	switch text {
	case "AND":
		l.emit(token{kind: tAnd, pos: l.i, end: end, text: text})
		return nil
	case "OR":
		l.emit(token{kind: tOr, pos: l.i, end: end, text: text})
		return nil
	case "NOT":
		l.emit(token{kind: tNot, pos: l.i, end: end, text: text})
		return nil
	}
	if t, ok, err := l.near(text, end); ok || err != nil {
		if err == nil {
			l.emit(t)
		}
		return err
	}
	if name, rest, ok := cutField(text); ok {
		return l.field(name, rest, end)
	}
	if strings.HasSuffix(text, ":") && end < len(l.q) {
		if r, _ := l.peekRune(end); r == '(' || isQuote(r) {
			return unknownField(l.q, l.i, text[:len(text)-1])
		}
	}
	if name, rest, ok := strings.Cut(text, ":"); ok && looksLikeField(name, rest) {
		return unknownField(l.q, l.i, name)
	}
	l.emit(token{kind: tChunk, pos: l.i, end: end, text: text})
	return nil
}

// near recognises NEAR/n and ONEAR/n. ok is false for other text,
// including words that merely start with NEAR ("NEARBY").
func (l *lexer) near(text string, end int) (token, bool, error) {
	op, ordered := "NEAR", false
	if strings.HasPrefix(text, "ONEAR") {
		op, ordered = "ONEAR", true
	}
	rest, found := strings.CutPrefix(text, op)
	if !found || rest != "" && rest[0] != '/' {
		return token{}, false, nil
	}
	n, err := strconv.Atoi(strings.TrimPrefix(rest, "/"))
	if rest == "" || err != nil || n < 1 || n > MaxDistance || !isDigits(rest[1:]) {
		return token{}, false, errAt(l.q, l.i, CodeNearDistance, op, MaxDistance, op)
	}
	return token{kind: tNear, pos: l.i, end: end, text: text, dist: n, ordered: ordered}, true, nil
}

// isDigits reports whether s is one or more ASCII digits.
func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// cutField splits "name:rest" when name is a known field (any case).
func cutField(text string) (name, rest string, ok bool) {
	name, rest, found := strings.Cut(text, ":")
	if !found {
		return "", "", false
	}
	name = strings.ToLower(name)
	if _, known := fieldKinds[name]; !known {
		return "", "", false
	}
	return name, rest, true
}

// field emits a field token and the value glued to it, if any. A value
// is never an operator; for text fields it may not start a negation or
// another field, which would silently mean something else.
func (l *lexer) field(name, rest string, end int) error {
	start := l.i
	valuePos := end - len(rest)
	l.emit(token{kind: tField, pos: start, end: valuePos, text: name})
	if rest == "" {
		if r, _ := l.peekRune(end); r != '(' && !isQuote(r) {
			return errAt(l.q, end, CodeFieldValue, name)
		}
		return nil
	}
	if fieldKinds[name] {
		if strings.HasPrefix(rest, "-") {
			return errAt(l.q, start, CodeMinusField, name)
		}
		if _, _, nested := cutField(rest); nested {
			return errAt(l.q, valuePos, CodeFieldsNest)
		}
	}
	l.emit(token{kind: tChunk, pos: valuePos, end: end, text: rest})
	return nil
}
