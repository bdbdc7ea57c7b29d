package query

import (
	"fmt"
	"unicode/utf8"

	"mediawatch"
)

// Error is a query the parser refused, with where and why, so that a user
// interface can point at the spot. It wraps mediawatch.ErrInvalid.
//
// Code and Args say why in a form any language can render: Error() is
// English (logs, the CLI's English face), Message("vi") Vietnamese. An
// argument that is itself a sentence is rendered in the same language.
type Error struct {
	Pos  int    // byte offset in the query as given, 0 ≤ Pos ≤ len(query)
	Col  int    // 1-based rune column of Pos
	Msg  string // what was expected or what is wrong, in English
	Code Code   // what kind of problem, stable across releases
	Args []any  // the values Code's sentence names
	// Suggest is the field or field:value the user probably meant when the
	// query names an unknown one ("did you mean"), else "".
	Suggest string
}

// sentence is part of a message: a Code and its Args, rendered inside the
// message of an Error in the Error's language.
type sentence struct {
	Code Code
	Args []any
}

// Error formats the column and the message, e.g.
// `col 12: expected a word or phrase after NEAR/5`.
func (e *Error) Error() string { return fmt.Sprintf("col %d: %s", e.Col, e.Msg) }

// Message formats the column and the message in lang, "vi" or "en"
// (any other language is English), e.g. `cột 12: …`.
func (e *Error) Message(lang string) string {
	if lang != "vi" {
		return e.Error()
	}
	return fmt.Sprintf(catalogue["vi"][codeColumn], e.Col, render("vi", e.Code, e.Args))
}

// Unwrap lets callers treat every parse error as invalid input.
func (e *Error) Unwrap() error { return mediawatch.ErrInvalid }

// errAt builds an Error of code at byte offset pos of q.
func errAt(q string, pos int, code Code, args ...any) *Error {
	pos = max(0, min(pos, len(q)))
	return &Error{Pos: pos, Col: utf8.RuneCountInString(q[:pos]) + 1, Code: code, Args: args, Msg: render("en", code, args)}
}

// render writes code's sentence in lang with args, rendering sentence
// arguments in the same language.
func render(lang string, code Code, args []any) string {
	out := make([]any, len(args))
	for i, a := range args {
		if p, ok := a.(sentence); ok {
			out[i] = render(lang, p.Code, p.Args)
		} else {
			out[i] = a
		}
	}
	format, ok := catalogue[lang][code]
	if !ok {
		format = catalogue["en"][code]
	}
	return fmt.Sprintf(format, out...)
}
