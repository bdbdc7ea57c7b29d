package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"mediawatch"
)

func TestHealthAndReady(t *testing.T) {
	f := newFixture(t, Options{})
	resp, body := f.get(t, "/healthz", "")
	if resp.StatusCode != http.StatusOK || string(body) != "ok\n" {
		t.Errorf("/healthz = %d %q", resp.StatusCode, body)
	}
	resp, body = f.get(t, "/readyz", "")
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"items":1`) {
		t.Errorf("/readyz = %d %s", resp.StatusCode, body)
	}
	f.db.Close()
	resp, body = f.get(t, "/readyz", "")
	checkProblem(t, http.StatusServiceUnavailable, resp.Header, resp.StatusCode, body)
	if !strings.Contains(f.logs.String(), "not ready") {
		t.Error("the store's failure was not logged")
	}
}

func TestMetricsLoopbackOnly(t *testing.T) {
	for _, tc := range []struct {
		name, remote string
		public       bool
		want         int
	}{
		{"ipv4 loopback", "127.0.0.1:40000", false, http.StatusOK},
		{"other loopback", "127.8.9.10:40000", false, http.StatusOK},
		{"ipv6 loopback", "[::1]:40000", false, http.StatusOK},
		{"mapped loopback", "[::ffff:127.0.0.1]:40000", false, http.StatusOK},
		{"public", "203.0.113.7:40000", false, http.StatusForbidden},
		{"private", "10.0.0.2:40000", false, http.StatusForbidden},
		{"garbage", "not an address", false, http.StatusForbidden},
		{"empty", "", false, http.StatusForbidden},
		{"public allowed", "203.0.113.7:40000", true, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, Options{MetricsPublic: tc.public})
			// One API request first, so its series exist.
			f.get(t, "/api/v1/items/1", f.tokens[mediawatch.RoleViewer])
			req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
			req.RemoteAddr = tc.remote
			rec := httptest.NewRecorder()
			f.s.Handler().ServeHTTP(rec, req)
			if tc.want != http.StatusOK {
				checkProblem(t, tc.want, rec.Header(), rec.Code, rec.Body.Bytes())
				return
			}
			body := rec.Body.String()
			if rec.Code != http.StatusOK || !contains(body,
				`mediawatch_http_requests_total{method="GET",route="/api/v1/items/{id}",status="200"} 1`,
				`mediawatch_http_request_duration_seconds_bucket{method="GET",route="/api/v1/items/{id}"`) {
				t.Errorf("/metrics = %d:\n%s", rec.Code, body)
			}
		})
	}
}

func TestOpenAPI(t *testing.T) {
	f := newFixture(t, Options{Version: "1.2.3"})
	resp, body := f.get(t, "/api/v1/openapi.json", "")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	var spec struct {
		OpenAPI string                     `json:"openapi"`
		Info    struct{ Version string }   `json:"info"`
		Paths   map[string]json.RawMessage `json:"paths"`
		Comp    struct {
			SecuritySchemes map[string]any `json:"securitySchemes"`
		} `json:"components"`
	}
	if err := json.Unmarshal(body, &spec); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(spec.OpenAPI, "3.1.") || spec.Info.Version != "1.2.3" {
		t.Errorf("openapi %q, version %q", spec.OpenAPI, spec.Info.Version)
	}
	for _, p := range []string{"/api/v1/items/{id}", "/api/v1/me"} {
		if _, ok := spec.Paths[p]; !ok {
			t.Errorf("path %s missing", p)
		}
	}
	if _, ok := spec.Comp.SecuritySchemes["bearer"]; !ok {
		t.Error("no bearer security scheme")
	}
}

func TestDocsPageOffline(t *testing.T) {
	f := newFixture(t, Options{})
	resp, body := f.get(t, "/api/v1/docs", "")
	page := string(body)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("status %d, Content-Type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if !contains(page, "/api/v1/items/{id}", "/api/v1/me", "role viewer", "/api/v1/openapi.json") {
		t.Errorf("docs page lacks the operations:\n%s", page)
	}
	for _, bad := range []string{"<script", "http://", "https://", "<link"} {
		if strings.Contains(page, bad) {
			t.Errorf("docs page contains %q: it must work offline", bad)
		}
	}
}

func TestDocsEscapesSpecText(t *testing.T) {
	spec := newFixture(t, Options{}).s.api.OpenAPI()
	spec.Info.Description = `<img src=x onerror=alert(1)>`
	if page := string(renderDocs(spec)); strings.Contains(page, "<img") {
		t.Error("spec text is not escaped")
	}
}

// TestNoRoutePanicsOnGarbage sends nasty paths, methods and headers
// through the whole handler: never a 5xx, and every error a problem.
func TestNoRoutePanicsOnGarbage(t *testing.T) {
	f := newFixture(t, Options{RateBurst: 1000})
	viewer := "Bearer " + f.tokens[mediawatch.RoleViewer]
	long := strings.Repeat("9", 5000)
	for _, tc := range []struct {
		name, method, target string
		header               map[string]string
	}{
		{"nul in id", "GET", "/api/v1/items/%00", nil},
		{"dot segments", "GET", "/api/v1/items/..%2f..%2fetc%2fpasswd", nil},
		{"long id", "GET", "/api/v1/items/" + long, nil},
		{"bad escape in query", "GET", "/api/v1/items/1?x=%zz&y", nil},
		{"double slash", "GET", "/api/v1//items/1", nil},
		{"trailing slash", "GET", "/api/v1/items/", nil},
		{"unknown route", "GET", "/api/v1/nothing", nil},
		{"made-up method", "FROB", "/api/v1/me", nil},
		{"post to get route", "POST", "/api/v1/items/1", nil},
		{"xml accepted only", "GET", "/api/v1/items/1", map[string]string{"Accept": "application/xml"}},
		{"broken accept", "GET", "/api/v1/items/abc", map[string]string{"Accept": "*/*;q=oops,,;"}},
		{"control chars in key", "GET", "/api/v1/me", map[string]string{"Authorization": "Bearer mw_\x00\x01"}},
		{"bad request id", "GET", "/api/v1/me", map[string]string{"X-Request-Id": "\x00<script>" + long}},
		{"body on get", "GET", "/api/v1/me", map[string]string{"Content-Type": "application/json"}},
		{"unicode path", "GET", "/api/v1/items/S%C6%A1n%20La", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.target, strings.NewReader(`{"x":`))
			req.Header.Set("Authorization", viewer)
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			validated(t, f.s, f.s.Handler()).ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			if rec.Code >= 400 {
				checkProblem(t, rec.Code, rec.Header(), rec.Code, rec.Body.Bytes())
			}
		})
	}
}

func TestPanicBecomesProblem(t *testing.T) {
	f := newFixture(t, Options{})
	r := chi.NewRouter()
	r.Use(f.s.requestID, f.s.observe, f.s.recoverer)
	r.Get("/boom", func(http.ResponseWriter, *http.Request) { panic("boom") })
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/boom", nil))
	p := checkProblem(t, http.StatusInternalServerError, rec.Header(), rec.Code, rec.Body.Bytes())
	id := rec.Header().Get(requestIDHeader)
	if id == "" || !strings.Contains(p.Detail, id) {
		t.Errorf("detail %q should carry the request id %q", p.Detail, id)
	}
	if logs := f.logs.String(); !contains(logs, "panic serving request", "boom", id) {
		t.Errorf("panic not logged:\n%s", logs)
	}
}

func TestRequestIDAndAccessLog(t *testing.T) {
	f := newFixture(t, Options{})
	token := f.tokens[mediawatch.RoleViewer]
	req, _ := http.NewRequest(http.MethodGet, f.srv.URL+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set(requestIDHeader, "trace-42")
	resp, _ := do(t, f.srv.Client(), req)
	if got := resp.Header.Get(requestIDHeader); got != "trace-42" {
		t.Errorf("request id %q, want the client's", got)
	}
	req.Header.Set(requestIDHeader, "two words")
	resp, _ = do(t, f.srv.Client(), req)
	if got := resp.Header.Get(requestIDHeader); got == "" || got == "two words" {
		t.Errorf("request id %q, want a fresh one", got)
	}
	logs := f.logs.String()
	if !contains(logs, `"request_id":"trace-42"`, `"route":"/api/v1/me"`, `"key":"viewer-key"`, `"status":200`) {
		t.Errorf("access log lacks fields:\n%s", logs)
	}
	if strings.Contains(logs, token[len("mw_"):]) {
		t.Error("the access log contains the key")
	}
}
