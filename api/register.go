package api

import (
	"context"
	"net/http"
	"reflect"
	"strconv"

	"github.com/danielgtaylor/huma/v2"
)

// What an operation may answer besides its own statuses: the document
// lists every status the server can send, so that a client (and the test
// suite, which validates every response against the document) is never
// surprised.
var (
	// everyOperation: authentication, the rate limit, the router's own 404
	// for a near-miss path, content negotiation, and the server's failures.
	everyOperation = []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound,
		http.StatusNotAcceptable, http.StatusTooManyRequests, http.StatusInternalServerError,
		http.StatusRequestHeaderFieldsTooLarge, http.StatusServiceUnavailable}
	// withBody: a request body can be too large, of another type, or bad.
	withBody = []int{http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType}
)

// keep422Key is operation metadata: the operation answers 422 itself (a
// refused rule set is not bad input), so huma's 422 is not turned into 400.
const keep422Key = "keep_422"

// docs is what register adds to an operation's documented responses: the
// 200 response's media types and example, and problems with more members.
type docs struct {
	// ok replaces the 200 response's content when set (streams and the
	// report, whose bodies huma cannot describe from a Go type).
	ok map[string]*huma.MediaType
	// example is the 200 response's example, when ok is not set.
	example any
	// problems maps a status to the Go type of its problem body.
	problems map[int]any
}

// register registers h as op on api and then makes the document say what
// the operation really answers: 400 rather than huma's 422 for bad input,
// every status of everyOperation, the media types and example of d.
func register[I, O any](api huma.API, op huma.Operation, d docs, h func(context.Context, *I) (*O, error)) {
	huma.Register(api, op, h)
	item := api.OpenAPI().Paths[op.Path]
	var doc *huma.Operation
	switch op.Method {
	case http.MethodGet:
		doc = item.Get
	case http.MethodPost:
		doc = item.Post
	case http.MethodPatch:
		doc = item.Patch
	case http.MethodPut:
		doc = item.Put
	case http.MethodDelete:
		doc = item.Delete
	}
	if doc == nil {
		panic("api: operation " + op.OperationID + " not found in the document after registering it")
	}
	statuses := append([]int(nil), everyOperation...)
	if len(doc.Parameters) > 0 {
		statuses = append(statuses, http.StatusBadRequest)
	}
	if doc.RequestBody != nil {
		statuses = append(statuses, withBody...)
	}
	problem := api.OpenAPI().Components.Schemas.Schema(reflect.TypeFor[huma.ErrorModel](), true, "ErrorModel")
	if keep, _ := doc.Metadata[keep422Key].(bool); !keep {
		delete(doc.Responses, strconv.Itoa(http.StatusUnprocessableEntity))
	}
	for _, st := range statuses {
		key := strconv.Itoa(st)
		if doc.Responses[key] == nil {
			doc.Responses[key] = &huma.Response{Description: http.StatusText(st),
				Content: map[string]*huma.MediaType{problemMediaType: {Schema: problem}}}
		}
	}
	delete(doc.Responses, "default")
	for st, v := range d.problems {
		s := api.OpenAPI().Components.Schemas.Schema(reflect.TypeOf(v), true, "")
		doc.Responses[strconv.Itoa(st)] = &huma.Response{Description: http.StatusText(st),
			Content: map[string]*huma.MediaType{problemMediaType: {Schema: s}}}
	}
	ok := doc.Responses[strconv.Itoa(http.StatusOK)]
	if ok == nil {
		ok = &huma.Response{Description: http.StatusText(http.StatusOK)}
		doc.Responses[strconv.Itoa(http.StatusOK)] = ok
	}
	if d.ok != nil {
		ok.Content = d.ok
	} else if d.example != nil {
		for _, mt := range ok.Content {
			mt.Example = d.example
		}
	}
}

// stringSchema is the schema of a text body.
func stringSchema(desc string) *huma.Schema {
	return &huma.Schema{Type: huma.TypeString, Description: desc}
}
