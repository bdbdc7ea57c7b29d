package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/report"
	"mediawatch/store"
)

// The tests here hold the API to issue 11's contract: the document says
// what is returned, bad input is 400 with a problem that names the field
// and repeats little of it, in the client's language, and times, nulls
// and big integers are what a client can read.

// TestServedDocumentIsTheOneValidated: the suite validates against the
// document the server serves, not a copy of its own.
func TestServedDocumentIsTheOneValidated(t *testing.T) {
	f := newRulesFixture(t, 0)
	resp, body := f.call(t, http.MethodGet, "/api/v1/openapi.json", mediawatch.RoleViewer, "")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("openapi.json: %d", resp.StatusCode)
	}
	if !bytes.Equal(body, specOf(t, f.s)) {
		t.Error("the served document differs from the one responses are validated against")
	}
}

// openAPIDoc is the part of the document these tests read.
type openAPIDoc struct {
	Paths map[string]map[string]struct {
		OperationID string `json:"operationId"`
		Responses   map[string]struct {
			Content map[string]struct {
				Example any `json:"example"`
			} `json:"content"`
		} `json:"responses"`
	} `json:"paths"`
}

func TestEveryOperationDocumentsAnExampleAnd400(t *testing.T) {
	f := newRulesFixture(t, 0)
	// The report operation is not in the rules fixture.
	withReports := New(Deps{Store: f.s.store, Reports: Reports{Builder: &report.Builder{}}}, Options{})
	var ops int
	for _, spec := range [][]byte{specOf(t, f.s), fetch(t, httptest.NewServer(withReports.Handler()), "/api/v1/openapi.json")} {
		var doc openAPIDoc
		if err := json.Unmarshal(spec, &doc); err != nil {
			t.Fatal(err)
		}
		for path, item := range doc.Paths {
			for method, op := range item {
				ops++
				ok := op.Responses["200"]
				if len(ok.Content) == 0 {
					t.Errorf("%s %s: no 200 content", method, path)
				}
				for mt, c := range ok.Content {
					if c.Example == nil {
						t.Errorf("%s %s: no example for %s", method, path, mt)
					}
				}
				_, has422 := op.Responses["422"]
				if has422 != (op.OperationID == "reload-rules") {
					t.Errorf("%s %s (%s): 422 documented: %v", method, path, op.OperationID, has422)
				}
				for _, st := range []string{"401", "404", "429", "431", "500"} {
					if _, ok := op.Responses[st]; !ok {
						t.Errorf("%s %s: %s not documented", method, path, st)
					}
				}
			}
		}
	}
	if ops < 15 {
		t.Errorf("%d operations, want every one of the 15", ops)
	}
}

// fetch GETs path from srv, then closes it; the spec route needs no key.
func fetch(t *testing.T, srv *httptest.Server, path string) []byte {
	t.Helper()
	defer srv.Close()
	resp, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	return b.Bytes()
}

func TestBadInputIs400EverywhereNaming(t *testing.T) {
	f := newRulesFixture(t, 0)
	for _, tc := range []struct{ method, path, body, location string }{
		{"GET", "/api/v1/search?q=l%C5%A9&page=0", "", "query.page"},          // huma's own validation (was 422)
		{"GET", "/api/v1/search?q=l%C5%A9&size=abc", "", "query.size"},        // huma's own parsing
		{"GET", "/api/v1/flags/abc", "", "path.id"},                           // huma's int64 path parameter
		{"GET", "/api/v1/flags?severity=urgent", "", "query.severity"},        // ours
		{"GET", "/api/v1/stories?page=0", "", "query.page"},                   // huma's
		{"POST", "/api/v1/rules/test", `{"query":"a","x":1}`, "body.x"},       // an unknown member
		{"POST", "/api/v1/rules/test", `{}`, "body.query"},                    // a missing member
		{"PATCH", "/api/v1/stories/1", `{"status":"closed"}`, "body.status"},  // an enum
		{"GET", "/api/v1/search?q=sourse%3Abaosonla", "", "query.q"},          // an unknown field
		{"GET", "/api/v1/search?q=l%C5%A9&to=9999-12-31", "", "query.to"},     // out of range (was 500)
		{"GET", "/api/v1/search?q=l%C5%A9&from=0001-01-01", "", "query.from"}, // out of range
		{"GET", "/api/v1/export?q=l%C5%A9&to=2201-01-01", "", "query.to"},
		{"GET", "/api/v1/flags?from=1899-12-31", "", "query.from"},
		{"GET", "/api/v1/flags/export?to=9999-12-31T00:00:00Z", "", "query.to"},
		{"GET", "/api/v1/stories?to=2999-01-01", "", "query.to"},
		{"POST", "/api/v1/rules/test", `{"query":"lũ","since":"0001-01-01"}`, "body.since"},
		{"PATCH", "/api/v1/stories/1", `{"version":1,"responded_at":"9999-12-31"}`, "body.responded_at"},
	} {
		t.Run(tc.method+" "+tc.path+" "+tc.body, func(t *testing.T) {
			resp, body := f.call(t, tc.method, tc.path, mediawatch.RoleAdmin, tc.body)
			p := checkProblem(t, http.StatusBadRequest, resp.Header, resp.StatusCode, body)
			if len(p.Errors) == 0 || p.Errors[0].Location != tc.location {
				t.Errorf("errors %+v, want one at %s", p.Errors, tc.location)
			}
		})
	}
}

func TestReportDateOutOfRangeIs400(t *testing.T) {
	srv, token := newReportServer(t)
	for _, date := range []string{"9999-12-31", "0001-01-01", "1899-12-31"} {
		resp, body := getReport(t, srv, "/api/v1/reports/daily/"+date+"?format=json", token)
		p := checkProblem(t, http.StatusBadRequest, resp.Header, resp.StatusCode, body)
		if len(p.Errors) != 1 || p.Errors[0].Location != "path.date" || !strings.Contains(p.Errors[0].Message, "1900-01-01") {
			t.Errorf("%s: %+v", date, p)
		}
	}
}

// TestProblemsEchoLittle: a 600 kB note comes back as a short problem.
func TestProblemsEchoLittle(t *testing.T) {
	f := newStoryFixture(t)
	id := f.add(t, 0, "baosonla", "https://baosonla.vn/1", time.Hour, mediawatch.SeverityHigh, "vo-dap")
	note := strings.Repeat("ghi chú ", 600<<10/len("ghi chú "))
	resp, body := f.call(t, http.MethodPatch, fmt.Sprint("/api/v1/stories/", id), "editor-key",
		map[string]any{"version": 1, "note": note})
	p := checkProblem(t, http.StatusBadRequest, resp.Header, resp.StatusCode, body)
	if len(body) > 2000 {
		t.Errorf("problem is %d bytes", len(body))
	}
	if len(p.Errors) != 1 || p.Errors[0].Location != "body.note" {
		t.Fatalf("errors %+v", p.Errors)
	}
	if v, _ := p.Errors[0].Value.(string); len(v) > maxEcho+len("…") {
		t.Errorf("value echoed: %d bytes", len(v))
	}
	long := strings.Repeat("lũ ", 3000)
	resp, body = f.call(t, http.MethodGet, "/api/v1/stories?assignee="+url.QueryEscape(long), "viewer-key", nil)
	checkProblem(t, http.StatusBadRequest, resp.Header, resp.StatusCode, body)
	if len(body) > 2000 {
		t.Errorf("problem for a long parameter is %d bytes", len(body))
	}
}

var secondsInZone = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$`)

// TestTimesNullsAndBigIDs: RFC 3339 in the zone to the second, "never" is
// null, and a fingerprint above 2^53 is a string.
func TestTimesNullsAndBigIDs(t *testing.T) {
	f := newFixture(t, Options{})
	const fp = uint64(1)<<63 + 12345
	res, err := f.db.SaveGrouped(context.Background(), mediawatch.Item{Source: "baosonla", URL: "https://baosonla.vn/fp",
		CanonicalURL: "https://baosonla.vn/fp", Title: "Dấu vân", Text: "x", Lang: "vi", ContentHash: "fp", Fingerprint: fp,
		FirstSeen: time.Date(2025, 3, 1, 2, 0, 0, 123456789, time.UTC)}, store.Signature{Words: 1})
	if err != nil {
		t.Fatal(err)
	}
	resp, body := f.get(t, fmt.Sprint("/api/v1/items/", res.ItemID), f.tokens[mediawatch.RoleViewer])
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	var it map[string]any
	if err := json.Unmarshal(body, &it); err != nil {
		t.Fatal(err)
	}
	if it["fingerprint"] != fmt.Sprint(fp) {
		t.Errorf("fingerprint %#v, want the string %d", it["fingerprint"], fp)
	}
	if v, ok := it["published"]; !ok || v != nil {
		t.Errorf("published %#v, want null", v)
	}
	for _, k := range []string{"first_seen", "updated_at"} {
		if s, _ := it[k].(string); !secondsInZone.MatchString(s) {
			t.Errorf("%s %q: want RFC 3339 in +07:00 to the second", k, s)
		}
	}
	if s := it["versions"].([]any)[0].(map[string]any)["seen_at"].(string); !secondsInZone.MatchString(s) {
		t.Errorf("seen_at %q", s)
	}
}

func TestRulesTimesAndNulls(t *testing.T) {
	f := newRulesFixture(t, 0)
	resp, body := f.call(t, http.MethodGet, "/api/v1/rules", mediawatch.RoleViewer, "")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	var rb struct {
		LoadedAt string          `json:"loaded_at"`
		Refused  json.RawMessage `json:"refused"`
		Rules    []struct {
			Flags struct {
				LastFlagged *string `json:"last_flagged"`
			} `json:"flags"`
		} `json:"rules"`
	}
	if err := json.Unmarshal(body, &rb); err != nil {
		t.Fatal(err)
	}
	if !secondsInZone.MatchString(rb.LoadedAt) || string(rb.Refused) != "null" {
		t.Errorf("loaded_at %q refused %s", rb.LoadedAt, rb.Refused)
	}
	for _, r := range rb.Rules {
		if r.Flags.LastFlagged != nil && !secondsInZone.MatchString(*r.Flags.LastFlagged) {
			t.Errorf("last_flagged %q", *r.Flags.LastFlagged)
		}
	}
}

func TestCSVExportsStartWithABOMUnlessAsked(t *testing.T) {
	f := newRulesFixture(t, 0)
	for _, path := range []string{"/api/v1/flags/export", "/api/v1/export?q=l%E1%BB%ABa+%C4%91%E1%BA%A3o"} {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		_, with := f.call(t, http.MethodGet, path, mediawatch.RoleViewer, "")
		_, without := f.call(t, http.MethodGet, path+sep+"bom=false", mediawatch.RoleViewer, "")
		if !bytes.HasPrefix(with, []byte(utf8BOM+"id,")) || !bytes.HasPrefix(without, []byte("id,")) {
			t.Errorf("%s: with %q, without %q", path, with[:min(8, len(with))], without[:min(8, len(without))])
		}
		_, jsonl := f.call(t, http.MethodGet, path+sep+"format=jsonl", mediawatch.RoleViewer, "")
		if bytes.HasPrefix(jsonl, []byte(utf8BOM)) {
			t.Errorf("%s: JSON lines with a BOM", path)
		}
	}
}

func TestOversizedHeaderIsAProblem(t *testing.T) {
	f := newFixture(t, Options{})
	srv := httptest.NewUnstartedServer(validated(t, f.s, f.s.Handler()))
	ConfigureServer(srv.Config)
	srv.Start()
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+f.tokens[mediawatch.RoleViewer])
	req.Header.Set("X-Padding", strings.Repeat("a", MaxHeaderBytes))
	req.Header.Set("Accept-Language", "vi")
	resp, body := do(t, srv.Client(), req)
	p := checkProblem(t, http.StatusRequestHeaderFieldsTooLarge, resp.Header, resp.StatusCode, body)
	if p.Title != "Tiêu đề yêu cầu quá lớn" {
		t.Errorf("%+v", p)
	}
}

// TestNoValidatorInProduction: the OpenAPI validator is imported by test
// files only, so the production handler never runs it.
func TestNoValidatorInProduction(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			if strings.Contains(imp.Path.Value, "pb33f") {
				t.Errorf("%s imports %s", name, imp.Path.Value)
			}
		}
	}
}

// BenchmarkGetItem measures one GET /api/v1/items/{id} through the
// production handler (plain) and through the test suite's validating
// wrapper (validated): the difference is what validation costs the tests,
// and nothing of it is in production (TestNoValidatorInProduction).
func BenchmarkGetItem(b *testing.B) {
	f := newFixture(b, Options{RatePerSecond: -1})
	path := fmt.Sprint("/api/v1/items/", f.item)
	for _, tc := range []struct {
		name string
		h    http.Handler
	}{{"plain", f.s.Handler()}, {"validated", validated(b, f.s, f.s.Handler())}} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, path, nil)
				req.Header.Set("Authorization", "Bearer "+f.tokens[mediawatch.RoleViewer])
				rec := httptest.NewRecorder()
				tc.h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d: %s", rec.Code, rec.Body)
				}
			}
		})
	}
}

// TestExamplesMatchTheDocument validates every operation's JSON example as
// if the server had answered it.
func TestExamplesMatchTheDocument(t *testing.T) {
	f := newRulesFixture(t, 0)
	withReports := New(Deps{Store: f.s.store, Reports: Reports{Builder: &report.Builder{}}}, Options{})
	checked := 0
	defer func() {
		if checked < 15 {
			t.Errorf("%d JSON examples checked, want at least 15", checked)
		}
	}()
	for _, s := range []*Server{f.s, withReports} {
		spec := specOf(t, s)
		sv := validatorFor(t, spec)
		var doc openAPIDoc
		if err := json.Unmarshal(spec, &doc); err != nil {
			t.Fatal(err)
		}
		for path, item := range doc.Paths {
			for method, op := range item {
				for mt, c := range op.Responses["200"].Content {
					if !strings.Contains(mt, "json") || mt == "application/x-ndjson" {
						continue
					}
					body, err := json.Marshal(c.Example)
					if err != nil {
						t.Fatal(err)
					}
					target := strings.NewReplacer("{id}", "1", "{date}", "2026-03-14").Replace(path)
					req := httptest.NewRequest(strings.ToUpper(method), target, nil)
					rec := httptest.NewRecorder()
					rec.Header().Set("Content-Type", mt)
					rec.WriteHeader(http.StatusOK)
					_, _ = rec.Write(body)
					checked++
					if problem := sv.check(req, rec.Result()); problem != "" {
						t.Errorf("%s %s example: %s", method, path, problem)
					}
				}
			}
		}
	}
}
