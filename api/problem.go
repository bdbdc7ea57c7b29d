package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/validation"

	"mediawatch"
	"mediawatch/store"
)

// problemMediaType is RFC 9457's media type for problem details.
const problemMediaType = "application/problem+json"

// maxEcho is how much of a rejected input a problem repeats: enough to
// recognise it, never the whole of a large body.
const maxEcho = 200

// statusOf is the one place an error becomes an HTTP status.
func statusOf(err error) int {
	switch {
	case errors.Is(err, mediawatch.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, mediawatch.ErrInvalid):
		return http.StatusBadRequest
	case errors.Is(err, mediawatch.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// FieldError is an input value refused by validation. It wraps
// mediawatch.ErrInvalid, so it becomes a 400, and its Location, Value and
// message become one entry of the problem's errors list (huma's
// ErrorDetail), the same shape huma uses for its own validation errors.
type FieldError struct {
	Location string // where: "path.id", "query.q"
	Value    any    // what was sent; a problem repeats at most maxEcho bytes of it
	Key      msgKey // what is wrong, from the catalogue …
	Args     []any
	// Cause, when set, says what is wrong instead of Key, in the client's
	// language if it can (a *query.Error can).
	Cause error
}

// localized is an error that can say itself in "vi" or "en".
type localized interface{ Message(lang string) string }

// Message says what is wrong in lang.
func (e *FieldError) Message(lang string) string {
	var l localized
	if errors.As(e.Cause, &l) {
		return l.Message(lang)
	}
	if e.Cause != nil {
		return clip(e.Cause.Error())
	}
	return tr(lang, e.Key, e.Args...)
}

func (e *FieldError) Error() string { return e.Location + ": " + e.Message("en") }

// Unwrap makes a FieldError an ErrInvalid.
func (e *FieldError) Unwrap() error { return mediawatch.ErrInvalid }

// clip keeps at most maxEcho bytes of s, cut at a rune boundary.
func clip(s string) string {
	if len(s) <= maxEcho {
		return s
	}
	n := maxEcho
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// clipValue clips an echoed value that is text.
func clipValue(v any) any {
	if s, ok := v.(string); ok {
		return clip(s)
	}
	return v
}

// problem turns err into a problem for the client, in the language of the
// request. Server-side errors are logged here, at the boundary, with the
// request id, and the client sees only that id: their text may name files
// or SQL.
func (s *Server) problem(ctx context.Context, err error) *huma.ErrorModel {
	lang := langFrom(ctx)
	status := statusOf(err)
	if status >= http.StatusInternalServerError {
		id := requestIDFrom(ctx)
		s.log.ErrorContext(ctx, "request failed", "request_id", id, "status", status, "err", err)
		return newProblem(lang, status, tr(lang, msgServerFailed, id))
	}
	var fe *FieldError
	if errors.As(err, &fe) {
		p := newProblem(lang, status, tr(lang, msgValidationFailed))
		p.Errors = []*huma.ErrorDetail{{Location: fe.Location, Value: clipValue(fe.Value), Message: fe.Message(lang)}}
		return p
	}
	return newProblem(lang, status, detailOf(lang, status, err))
}

// detailOf says what went wrong with err: in English the error's own
// words (clipped), in Vietnamese the catalogue's sentence for its kind.
func detailOf(lang string, status int, err error) string {
	var l localized
	if errors.As(err, &l) {
		return l.Message(lang)
	}
	if lang == "en" {
		return clip(err.Error())
	}
	switch {
	case errors.Is(err, store.ErrStaleVersion):
		return tr(lang, msgStale)
	case status == http.StatusNotFound:
		return tr(lang, msgNotFound)
	case status == http.StatusConflict:
		return tr(lang, msgConflict)
	}
	return tr(lang, msgBadRequest)
}

// newProblem is a problem with the generic type, RFC 9457's "about:blank",
// whose title is the status text in lang.
func newProblem(lang string, status int, detail string) *huma.ErrorModel {
	return &huma.ErrorModel{Type: "about:blank", Title: title(lang, status), Status: status, Detail: detail}
}

// writeProblemFor writes the problem of status with the catalogue's
// sentence key, in the language r asks for (middleware and plain chi
// handlers; huma's problems get the same headers from fixProblem).
func writeProblemFor(w http.ResponseWriter, r *http.Request, status int, key msgKey, args ...any) {
	lang := langFrom(r.Context())
	w.Header().Set("Content-Language", lang)
	w.Header().Add("Vary", "Accept-Language")
	writeProblem(w, newProblem(lang, status, tr(lang, key, args...)))
}

// fixProblem is a huma transformer for the problems huma makes itself
// (validation, negotiation, bodies it cannot read): the type member it
// leaves empty, 400 for its 422 (bad input is 400 everywhere), the title,
// detail and messages in the request's language, echoed values clipped.
func fixProblem(ctx huma.Context, _ string, v any) (any, error) {
	p, ok := v.(*huma.ErrorModel)
	if !ok {
		return v, nil
	}
	lang := problemLang(ctx.Header("Accept-Language"))
	ctx.SetHeader("Content-Language", lang)
	ctx.AppendHeader("Vary", "Accept-Language")
	if p.Type == "" {
		p.Type = "about:blank"
		if p.Status == http.StatusUnprocessableEntity && !keeps422(ctx.Operation()) {
			p.Status = http.StatusBadRequest
		}
		p.Title = title(lang, p.Status)
		if p.Detail == "validation failed" {
			p.Detail = tr(lang, msgValidationFailed)
		} else {
			p.Detail = clip(p.Detail)
		}
		for _, d := range p.Errors {
			if d == nil {
				continue
			}
			d.Location = fieldOf(d.Location, d.Message)
			d.Message = humaMessage(lang, clip(d.Message))
			d.Value = clipValue(d.Value)
		}
	}
	return p, nil
}

// requiredProperty reads the member huma's "required property" message
// names.
var requiredProperty = regexp.MustCompile("^" + strings.ReplaceAll(regexp.QuoteMeta(validation.MsgExpectedRequiredProperty),
	"%s", "(.+)") + "$")

// fieldOf is where a huma validation error is: huma puts a missing member
// at its object ("body"), the problem names the member ("body.query").
func fieldOf(location, msg string) string {
	if m := requiredProperty.FindStringSubmatch(msg); m != nil {
		return location + "." + m[1]
	}
	return location
}

// keeps422 reports whether op answers 422 itself (see keep422Key).
func keeps422(op *huma.Operation) bool {
	if op == nil {
		return false
	}
	keep, _ := op.Metadata[keep422Key].(bool)
	return keep
}

// writeProblem writes p as the response, outside huma (middleware and
// plain chi handlers).
func writeProblem(w http.ResponseWriter, p *huma.ErrorModel) {
	writeBody(w, problemMediaType, p.Status, p)
}

// writeError writes err as a problem.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	writeProblem(w, s.problem(r.Context(), err))
}

// writeJSON writes v as a JSON response with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	writeBody(w, "application/json", status, v)
}

func writeBody(w http.ResponseWriter, contentType string, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		// Only our own types reach here; a failure is a bug, answered plainly.
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	writeProblemFor(w, r, http.StatusNotFound, msgNoRoute)
}

func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	writeProblemFor(w, r, http.StatusMethodNotAllowed, msgMethodNotAllowed, clip(r.Method))
}
