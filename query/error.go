package query

import (
	"fmt"
	"unicode/utf8"

	"mediawatch"
)

// Error is a query the parser refused, with where and why, so that a user
// interface can point at the spot. It wraps mediawatch.ErrInvalid.
type Error struct {
	Pos int    // byte offset in the query as given, 0 ≤ Pos ≤ len(query)
	Col int    // 1-based rune column of Pos
	Msg string // what was expected or what is wrong
}

// Error formats the column and the message, e.g.
// `col 12: expected a word or phrase after NEAR/5`.
func (e *Error) Error() string { return fmt.Sprintf("col %d: %s", e.Col, e.Msg) }

// Unwrap lets callers treat every parse error as invalid input.
func (e *Error) Unwrap() error { return mediawatch.ErrInvalid }

// errAt builds an Error at byte offset pos of q.
func errAt(q string, pos int, format string, args ...any) *Error {
	pos = max(0, min(pos, len(q)))
	return &Error{Pos: pos, Col: utf8.RuneCountInString(q[:pos]) + 1, Msg: fmt.Sprintf(format, args...)}
}
