package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	"github.com/pb33f/libopenapi-validator/paths"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
)

// The API suite checks every response it receives against the OpenAPI
// document the server serves: status codes, media types and, for JSON,
// the schema. The check lives only here, in test code: the production
// handler (Server.Handler) has no validator in its path.

// specValidator is one parsed OpenAPI document, shared by every fixture
// built from the same document (parsing one takes a while).
type specValidator struct {
	mu sync.Mutex // the validator's caches are not documented as safe for concurrent use
	v  validator.Validator
	// model finds paths the way the validator does, to skip routes the
	// document does not describe (health, metrics, test-only routes).
	model *v3.Document
}

var (
	validatorsMu sync.Mutex
	validators   = map[[32]byte]*specValidator{}
)

// validatorFor parses spec once per distinct document.
func validatorFor(tb testing.TB, spec []byte) *specValidator {
	tb.Helper()
	key := sha256.Sum256(spec)
	validatorsMu.Lock()
	defer validatorsMu.Unlock()
	if sv, ok := validators[key]; ok {
		return sv
	}
	doc, err := libopenapi.NewDocument(spec)
	if err != nil {
		tb.Fatalf("parse the OpenAPI document: %v", err)
	}
	v, errs := validator.NewValidator(doc, config.WithFormatAssertions())
	if len(errs) > 0 {
		tb.Fatalf("build the OpenAPI validator: %v", errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		tb.Fatalf("the OpenAPI document is not valid: %v", verrs)
	}
	m, err := doc.BuildV3Model()
	if err != nil {
		tb.Fatalf("build the OpenAPI model: %v", err)
	}
	sv := &specValidator{v: v, model: &m.Model}
	validators[key] = sv
	return sv
}

// check validates one exchange; it returns what is wrong, or "".
func (sv *specValidator) check(req *http.Request, resp *http.Response) string {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	if item, errs, _ := paths.FindPath(req, sv.model, config.NewValidationOptions()); item == nil || len(errs) > 0 {
		return "" // not an operation of the document
	}
	ok, errs := sv.v.ValidateHttpResponse(req, resp)
	if ok {
		return ""
	}
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&b, "%s; ", e.Error())
	}
	return b.String()
}

// checkNDJSON checks that every line of body is one JSON object (the
// document cannot say so: OpenAPI 3.1 has no schema for a sequence).
func checkNDJSON(body []byte) string {
	for i, line := range bytes.Split(bytes.TrimSuffix(body, []byte("\n")), []byte("\n")) {
		if len(body) == 0 {
			break
		}
		var v map[string]any
		if err := json.Unmarshal(line, &v); err != nil {
			return fmt.Sprintf("line %d is not a JSON object: %v", i+1, err)
		}
	}
	return ""
}

// specOf is the OpenAPI document of s as it stands (fixtures that mount
// only some operations register them after New).
func specOf(tb testing.TB, s *Server) []byte {
	tb.Helper()
	b, err := json.Marshal(s.api.OpenAPI())
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// validated wraps h so that every response is checked against the OpenAPI
// document of s. A response that breaks the document is replaced by a 599
// whose body says why: every test, including fuzz targets that only look
// at the status, then fails on it.
func validated(tb testing.TB, s *Server, h http.Handler) http.Handler {
	tb.Helper()
	sv := validatorFor(tb, specOf(tb, s))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var reqBody []byte
		if r.Body != nil {
			reqBody, _ = io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(reqBody))
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		resp := rec.Result()
		check := r.Clone(r.Context())
		check.Body = io.NopCloser(bytes.NewReader(reqBody))
		problem := sv.check(check, resp)
		if problem == "" && strings.HasPrefix(rec.Header().Get("Content-Type"), "application/x-ndjson") {
			problem = checkNDJSON(rec.Body.Bytes())
		}
		if problem != "" {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(599)
			fmt.Fprintf(w, "response breaks the OpenAPI document: %s\nstatus %d, Content-Type %q, body: %.2000s",
				problem, rec.Code, rec.Header().Get("Content-Type"), rec.Body.Bytes())
			return
		}
		for k, vs := range rec.Header() {
			w.Header()[k] = vs
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	})
}

// newTestServer serves h, validated against the document of s, on a
// loopback test server closed at the end of the test.
func newTestServer(tb testing.TB, s *Server, h http.Handler) *httptest.Server {
	tb.Helper()
	srv := httptest.NewServer(validated(tb, s, h))
	tb.Cleanup(srv.Close)
	return srv
}
