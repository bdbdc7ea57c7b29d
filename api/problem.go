package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"mediawatch"
)

// problemMediaType is RFC 9457's media type for problem details.
const problemMediaType = "application/problem+json"

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
// Message become one entry of the problem's errors list (huma's
// ErrorDetail), the same shape huma uses for its own validation errors.
type FieldError struct {
	Location string // where: "path.id", "query.q"
	Value    any    // what was sent
	Message  string // what is wrong, e.g. with a parse position
}

func (e *FieldError) Error() string { return fmt.Sprintf("%s: %s", e.Location, e.Message) }

// Unwrap makes a FieldError an ErrInvalid.
func (e *FieldError) Unwrap() error { return mediawatch.ErrInvalid }

// problem turns err into a problem for the client. Server-side errors are
// logged here, at the boundary, with the request id, and the client sees
// only that id: their text may name files or SQL.
func (s *Server) problem(ctx context.Context, err error) *huma.ErrorModel {
	status := statusOf(err)
	if status >= http.StatusInternalServerError {
		id := requestIDFrom(ctx)
		s.log.ErrorContext(ctx, "request failed", "request_id", id, "status", status, "err", err)
		return newProblem(status, "the server could not answer; request id "+id)
	}
	p := newProblem(status, err.Error())
	var fe *FieldError
	if errors.As(err, &fe) {
		p.Detail = "validation failed"
		p.Errors = []*huma.ErrorDetail{{Location: fe.Location, Value: fe.Value, Message: fe.Message}}
	}
	return p
}

// newProblem is a problem with the generic type: RFC 9457's "about:blank",
// whose title is the status text.
func newProblem(status int, detail string) *huma.ErrorModel {
	return &huma.ErrorModel{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail}
}

// problemType gives problems huma makes itself (validation, negotiation)
// the type member it leaves empty.
func problemType(_ huma.Context, _ string, v any) (any, error) {
	if p, ok := v.(*huma.ErrorModel); ok && p.Type == "" {
		p.Type = "about:blank"
	}
	return v, nil
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
	writeProblem(w, newProblem(http.StatusNotFound, "no such route"))
}

func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	writeProblem(w, newProblem(http.StatusMethodNotAllowed, "method "+r.Method+" is not allowed here"))
}
