package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	"github.com/pb33f/libopenapi-validator/paths"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"

	"mediawatch"
	"mediawatch/store"
)

// The real store is what the API is written against.
var _ Store = (*store.DB)(nil)

// fixture is a Server over a real store in t.TempDir, with one key per role
// and one item that has two versions.
type fixture struct {
	db     *store.DB
	s      *Server
	srv    *httptest.Server
	logs   *syncBuffer
	tokens map[mediawatch.Role]string
	item   int64
}

func newFixture(t testing.TB, opts Options) *fixture {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "mediawatch.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := &fixture{db: db, logs: &syncBuffer{}, tokens: map[mediawatch.Role]string{}}
	for _, role := range []mediawatch.Role{mediawatch.RoleViewer, mediawatch.RoleEditor, mediawatch.RoleAdmin} {
		token, _, err := db.CreateKey(ctx, string(role)+"-key", role)
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[role] = token
	}
	f.item = saveItem(t, db, "https://baosonla.vn/lu-quet", "Lũ quét ở Sơn La", "Bản đầu tiên.")
	saveItem(t, db, "https://baosonla.vn/lu-quet", "Lũ quét ở Sơn La", "Bản đã sửa <b>đậm</b>.")
	logger := slog.New(slog.NewJSONHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	f.s = New(Deps{Store: db, Logger: logger}, opts)
	f.srv = newTestServer(t, f.s, f.s.Handler())
	return f
}

func saveItem(t testing.TB, db *store.DB, url, title, text string) int64 {
	t.Helper()
	res, err := db.SaveItem(context.Background(), mediawatch.Item{
		Source: "baosonla", URL: url, CanonicalURL: url, Title: title, Text: text, Lang: "vi",
		ContentHash: text, FirstSeen: time.Date(2025, 3, 1, 2, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	return res.ItemID
}

// get requests path from the test server with token as the bearer key
// ("" sends none).
func (f *fixture) get(t testing.TB, path, token string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, f.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return do(t, f.srv.Client(), req)
}

func do(t testing.TB, c *http.Client, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// problemBody is RFC 9457's members plus huma's errors list.
type problemBody struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Errors []struct {
		Message  string `json:"message"`
		Location string `json:"location"`
		Value    any    `json:"value"`
	} `json:"errors"`
}

// checkProblem fails unless the response is a problem+json with status.
func checkProblem(t testing.TB, status int, h http.Header, gotStatus int, body []byte) problemBody {
	t.Helper()
	if gotStatus != status {
		t.Errorf("status %d, want %d; body %s", gotStatus, status, body)
	}
	if ct := h.Get("Content-Type"); ct != problemMediaType {
		t.Errorf("Content-Type %q, want %q", ct, problemMediaType)
	}
	var p problemBody
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("problem body %q: %v", body, err)
	}
	if p.Type == "" || p.Title == "" || p.Status != status || p.Detail == "" {
		t.Errorf("problem %+v: want type, title, status %d and detail", p, status)
	}
	return p
}

// syncBuffer is a bytes.Buffer the server's goroutines may log into. It
// keeps the first logCap bytes, so a fuzz run's logs do not fill memory.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.b.Len() < logCap {
		b.b.Write(p)
	}
	return len(p), nil
}

const logCap = 1 << 20

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func contains(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

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
