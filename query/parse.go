package query

// Limits that keep every query cheap to parse and to evaluate.
const (
	MaxLength   = 4096 // bytes of query text
	MaxClauses  = 256  // words, phrases, prefixes and filters
	MaxDepth    = 32   // nested groups, negations and fields
	MaxDistance = 100  // the largest n of NEAR/n and ONEAR/n
)

// Parse parses q into an AST. Words are NFC-normalised (textnorm.Normalize);
// errors are *Error. See the package doc for the language.
func Parse(q string) (Node, error) {
	if len(q) > MaxLength {
		return nil, errAt(q, 0, CodeTooLong, len(q), MaxLength)
	}
	toks, err := lex(q)
	if err != nil {
		return nil, err
	}
	p := &parser{q: q, toks: toks}
	if p.peek().kind == tEOF {
		return nil, errAt(q, 0, CodeEmpty)
	}
	n, err := p.parseOr(scope{})
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, p.unexpected(t)
	}
	if !positive(n) {
		return nil, errAt(q, 0, CodeNoPositive)
	}
	return n, nil
}

// MustParse is Parse for queries known to be valid, such as test fixtures;
// it panics on an error.
func MustParse(q string) Node {
	n, err := Parse(q)
	if err != nil {
		panic("query.MustParse(" + q + "): " + err.Error())
	}
	return n
}

// scope is what encloses the part being parsed: a field, if any.
type scope struct {
	field string // "" outside a field group
	meta  bool   // the field filters metadata: leaves are *Filter
}

// parser is a recursive-descent parser over the tokens of one query.
type parser struct {
	q       string
	toks    []token
	i       int
	depth   int
	clauses int
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) advance() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

// startsTerm reports whether t can begin an operand, which is also what
// makes two adjacent operands an implicit AND.
func startsTerm(t token) bool {
	switch t.kind {
	case tChunk, tQuote, tLParen, tMinus, tNot, tField:
		return true
	}
	return false
}

// parseOr parses operands separated by OR.
func (p *parser) parseOr(s scope) (Node, error) {
	var nodes []Node
	for {
		n, err := p.parseAnd(s)
		if err != nil {
			return nil, err
		}
		nodes = appendFlat(nodes, n, true)
		if p.peek().kind != tOr {
			break
		}
		if err := p.operandAfter(p.advance()); err != nil {
			return nil, err
		}
	}
	if len(nodes) == 1 {
		return nodes[0], nil
	}
	return &Or{Nodes: nodes}, nil
}

// parseAnd parses operands joined by AND or by juxtaposition.
func (p *parser) parseAnd(s scope) (Node, error) {
	var nodes []Node
	for {
		n, err := p.parseNear(s)
		if err != nil {
			return nil, err
		}
		nodes = appendFlat(nodes, n, false)
		if t := p.peek(); t.kind == tAnd {
			if err := p.operandAfter(p.advance()); err != nil {
				return nil, err
			}
		} else if !startsTerm(t) {
			break
		}
	}
	if len(nodes) == 1 {
		return nodes[0], nil
	}
	return &And{Nodes: nodes}, nil
}

// appendFlat appends n to nodes, splicing in the children of an And (or,
// if or is set, an Or) so that a AND (b AND c) is one And of three.
func appendFlat(nodes []Node, n Node, or bool) []Node {
	if a, ok := n.(*And); ok && !or {
		return append(nodes, a.Nodes...)
	}
	if o, ok := n.(*Or); ok && or {
		return append(nodes, o.Nodes...)
	}
	return append(nodes, n)
}

// operandAfter checks that an operand follows the operator op.
func (p *parser) operandAfter(op token) error {
	if t := p.peek(); !startsTerm(t) {
		return p.errExpected(t, sentence{wantTermAfter, []any{op.text}})
	}
	return nil
}

// parseNear parses an operand, optionally joined to a second by NEAR/n.
func (p *parser) parseNear(s scope) (Node, error) {
	startA := p.peek()
	a, err := p.parseUnary(s)
	if err != nil {
		return nil, err
	}
	op := p.peek()
	if op.kind != tNear {
		return a, nil
	}
	p.advance()
	startB := p.peek()
	if !startsTerm(startB) {
		return nil, p.errExpected(startB, sentence{wantWordAfter, []any{op.text}})
	}
	b, err := p.parseUnary(s)
	if err != nil {
		return nil, err
	}
	if s.meta {
		return nil, errAt(p.q, op.pos, CodeNearFilters, op.text, s.field)
	}
	if !nearOperand(a) {
		return nil, errAt(p.q, startA.pos, CodeNearBefore, op.text)
	}
	if !nearOperand(b) {
		return nil, errAt(p.q, startB.pos, CodeNearAfter, op.text)
	}
	if next := p.peek(); next.kind == tNear {
		return nil, errAt(p.q, next.pos, CodeNearChain, next.text)
	}
	return &Near{A: a, B: b, Dist: op.dist, Ordered: op.ordered}, nil
}

// nearOperand reports whether n may be an operand of NEAR.
func nearOperand(n Node) bool {
	switch n.(type) {
	case *Term, *Phrase:
		return true
	}
	return false
}

// parseUnary parses NOT or "-" applied to an operand, or a primary.
func (p *parser) parseUnary(s scope) (Node, error) {
	t := p.peek()
	if t.kind != tNot && t.kind != tMinus {
		return p.parsePrimary(s)
	}
	p.advance()
	if err := p.enter(t); err != nil {
		return nil, err
	}
	defer p.leave()
	if err := p.operandAfter(t); err != nil {
		return nil, err
	}
	n, err := p.parseUnary(s)
	if err != nil {
		return nil, err
	}
	return &Not{Node: n}, nil
}

// enter counts one more level of nesting at t, failing past MaxDepth.
func (p *parser) enter(t token) error {
	p.depth++
	if p.depth > MaxDepth {
		return errAt(p.q, t.pos, CodeTooDeep, MaxDepth)
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

// parsePrimary parses a group, a field, a phrase or bare text.
func (p *parser) parsePrimary(s scope) (Node, error) {
	t := p.peek()
	switch t.kind {
	case tLParen:
		return p.parseGroup(s)
	case tField:
		return p.parseField(s)
	case tQuote, tChunk:
		p.advance()
		return p.leaf(s, t)
	}
	return nil, p.unexpected(t)
}

// parseGroup parses "(" query ")".
func (p *parser) parseGroup(s scope) (Node, error) {
	open := p.advance()
	if err := p.enter(open); err != nil {
		return nil, err
	}
	defer p.leave()
	switch p.peek().kind {
	case tRParen:
		return nil, errAt(p.q, open.pos, CodeEmptyParens)
	case tEOF:
		return nil, errAt(p.q, open.pos, CodeUnclosedParen)
	}
	n, err := p.parseOr(s)
	if err != nil {
		return nil, err
	}
	if p.peek().kind != tRParen {
		if t := p.peek(); t.kind != tEOF {
			return nil, p.unexpected(t)
		}
		return nil, errAt(p.q, open.pos, CodeUnclosedParen)
	}
	p.advance()
	return n, nil
}

// unexpected describes a token that cannot come where it is.
func (p *parser) unexpected(t token) error {
	switch t.kind {
	case tRParen:
		return errAt(p.q, t.pos, CodeUnopenedParen)
	case tEOF:
		return errAt(p.q, t.pos, CodeExpectedTerm)
	case tAnd, tOr, tNear:
		return errAt(p.q, t.pos, CodeTermBefore, t.text)
	}
	return errAt(p.q, t.pos, CodeUnexpected, p.q[t.pos:t.end])
}

// errExpected reports that what was wanted is missing at t.
func (p *parser) errExpected(t token, want sentence) error {
	if t.kind == tEOF {
		return errAt(p.q, t.pos, CodeExpectedEnd, want)
	}
	return errAt(p.q, t.pos, CodeExpectedFound, want, p.q[t.pos:t.end])
}

// parseField parses name: followed by a value, a phrase or a group.
func (p *parser) parseField(s scope) (Node, error) {
	f := p.advance()
	if s.field != "" {
		return nil, errAt(p.q, f.pos, CodeFieldsNestIn, f.text, s.field)
	}
	if err := p.enter(f); err != nil {
		return nil, err
	}
	defer p.leave()
	inner := scope{field: f.text, meta: !fieldKinds[f.text]}
	var n Node
	var err error
	if t := p.peek(); t.kind == tLParen && t.glued {
		n, err = p.parseGroup(inner)
	} else if t.glued && (t.kind == tQuote || t.kind == tChunk) {
		p.advance()
		n, err = p.leaf(inner, t)
	} else {
		return nil, p.errExpected(t, sentence{wantFieldValue, []any{f.text}})
	}
	if err != nil || inner.meta {
		return n, err
	}
	return &Field{Name: f.text, Node: n}, nil
}
