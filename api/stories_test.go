package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/store"
)

// storyNow is the story fixture's clock: 10:00 in Hà Nội.
var storyNow = time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC)

// storyFixture is a server with the story and queue routes mounted the way
// routes() mounts authenticated operations, over a real store, with keys
// viewer-key, editor-key, editor2-key and admin-key.
type storyFixture struct {
	db     *store.DB
	srv    *httptest.Server
	h      http.Handler
	tokens map[string]string
}

func newStoryFixture(t testing.TB) *storyFixture {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "mediawatch.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := &storyFixture{db: db, tokens: map[string]string{}}
	for name, role := range map[string]mediawatch.Role{"viewer-key": mediawatch.RoleViewer,
		"editor-key": mediawatch.RoleEditor, "editor2-key": mediawatch.RoleEditor, "admin-key": mediawatch.RoleAdmin} {
		token, _, err := db.CreateKey(ctx, name, role)
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[name] = token
	}
	s := New(Deps{Store: db}, Options{RatePerSecond: -1, Now: func() time.Time { return storyNow }})
	f.h = validated(t, s, s.Handler())
	f.srv = httptest.NewServer(f.h)
	t.Cleanup(f.srv.Close)
	return f
}

// add stores an article from source, first seen ago before storyNow, in
// story (0: its own), flagged by rules of sev, and returns its story.
func (f *storyFixture) add(t testing.TB, story int64, source, url string, ago time.Duration, sev mediawatch.Severity, rules ...string) int64 {
	t.Helper()
	var flags []mediawatch.Flag
	for _, r := range rules {
		flags = append(flags, mediawatch.Flag{RuleID: r, RuleVersion: "v1", Severity: sev, Snippet: r})
	}
	res, err := f.db.SaveGrouped(context.Background(), mediawatch.Item{Source: source, URL: url, CanonicalURL: url,
		Title: "Tin đồn " + url, Text: url, Lang: "vi", ContentHash: url, FirstSeen: storyNow.Add(-ago), StoryID: story},
		store.Signature{Words: 100}, flags...)
	if err != nil {
		t.Fatal(err)
	}
	return res.StoryID
}

// call sends method path with key's token and, when body is not nil, a
// JSON body; headers are pairs.
func (f *storyFixture) call(t testing.TB, method, path, key string, body any, headers ...string) (*http.Response, []byte) {
	t.Helper()
	var rd *bytes.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, err := http.NewRequest(method, f.srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+f.tokens[key])
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return do(t, f.srv.Client(), req)
}

// storyJSON is what the tests read of a story.
type storyJSON struct {
	ID          int64    `json:"id"`
	Status      string   `json:"status"`
	Assignee    string   `json:"assignee"`
	Version     int      `json:"version"`
	ResponseURL string   `json:"response_url"`
	ResponseSec *int64   `json:"response_seconds"`
	Raised      bool     `json:"raised"`
	Items       int      `json:"items"`
	Outlets     []string `json:"outlets"`
	Severity    string   `json:"severity"`
	FirstSeen   string   `json:"first_seen"`
	History     []struct {
		Who, Action, From, To, Assignee, Note, URL string
	} `json:"history"`
	ItemList []struct{ Source string }         `json:"item_list"`
	FlagList []struct{ RuleID, Status string } `json:"flag_list"`
}

func decode[T any](t testing.TB, body []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return v
}

func TestStoryRoles(t *testing.T) {
	f := newStoryFixture(t)
	id := f.add(t, 0, "baosonla", "https://baosonla.vn/1", time.Hour, mediawatch.SeverityHigh, "vo-dap")
	path := fmt.Sprint("/api/v1/stories/", id)
	change := map[string]any{"version": 1, "note": "xem"}
	for _, tc := range []struct {
		name, method, path, key string
		body                    any
		status                  int
	}{
		{"viewer lists", http.MethodGet, "/api/v1/stories", "viewer-key", nil, http.StatusOK},
		{"viewer reads", http.MethodGet, path, "viewer-key", nil, http.StatusOK},
		{"viewer reads the queue", http.MethodGet, "/api/v1/queue", "viewer-key", nil, http.StatusOK},
		{"viewer may not change", http.MethodPatch, path, "viewer-key", change, http.StatusForbidden},
		{"no key may not read", http.MethodGet, path, "", nil, http.StatusUnauthorized},
		{"no key may not change", http.MethodPatch, path, "", change, http.StatusUnauthorized},
		{"editor changes", http.MethodPatch, path, "editor-key", change, http.StatusOK},
		{"admin changes", http.MethodPatch, path, "admin-key", map[string]any{"version": 2, "note": "ok"}, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := f.call(t, tc.method, tc.path, tc.key, tc.body)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, body)
			}
			if tc.status >= 400 && resp.Header.Get("Content-Type") != problemMediaType {
				t.Errorf("Content-Type %q", resp.Header.Get("Content-Type"))
			}
		})
	}
}

func TestStoryReviewThroughTheAPI(t *testing.T) {
	f := newStoryFixture(t)
	id := f.add(t, 0, "baosonla", "https://baosonla.vn/1", 5*time.Hour, mediawatch.SeverityCritical, "vo-dap")
	f.add(t, id, "vnexpress", "https://vnexpress.net/1", 4*time.Hour, mediawatch.SeverityHigh, "vo-dap")
	path := fmt.Sprint("/api/v1/stories/", id)

	resp, body := f.call(t, http.MethodGet, path, "viewer-key", nil)
	got := decode[storyJSON](t, body)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") != `"1"` || got.Items != 2 ||
		fmt.Sprint(got.Outlets) != "[baosonla vnexpress]" || got.Severity != "critical" || len(got.ItemList) != 2 ||
		len(got.FlagList) != 2 || got.FirstSeen != "2026-03-02T05:00:00+07:00" {
		t.Fatalf("GET: %d ETag %q %s", resp.StatusCode, resp.Header.Get("ETag"), body)
	}
	resp, body = f.call(t, http.MethodPatch, path, "editor-key", map[string]any{"status": "in_review", "assignee": "Lan"},
		"If-Match", `"1"`)
	if got := decode[storyJSON](t, body); resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") != `"2"` ||
		got.Status != "in_review" || got.Assignee != "Lan" || got.Version != 2 {
		t.Fatalf("PATCH in_review: %d %s", resp.StatusCode, body)
	}
	resp, body = f.call(t, http.MethodPatch, path, "editor2-key", map[string]any{"version": 2, "status": "responded",
		"response_url": "https://sonla.gov.vn/dinh-chinh", "note": "Sở đã đăng đính chính"})
	if got := decode[storyJSON](t, body); resp.StatusCode != http.StatusOK || got.Status != "responded" ||
		got.ResponseURL != "https://sonla.gov.vn/dinh-chinh" || got.ResponseSec == nil || *got.ResponseSec != 5*3600 {
		t.Fatalf("PATCH responded: %d %s", resp.StatusCode, body)
	}
	_, body = f.call(t, http.MethodGet, path, "viewer-key", nil)
	got = decode[storyJSON](t, body)
	if len(got.History) != 2 || got.History[0].Who != "editor-key" || got.History[0].To != "in_review" ||
		got.History[1].Who != "editor2-key" || got.History[1].URL != "https://sonla.gov.vn/dinh-chinh" ||
		got.History[1].Note != "Sở đã đăng đính chính" {
		t.Errorf("history = %+v", got.History)
	}
	for _, fl := range got.FlagList {
		if fl.Status != "responded" {
			t.Errorf("flag of %s is %s, want responded with its story", fl.RuleID, fl.Status)
		}
	}
}

// conflictJSON is a refused change: a problem with the current story.
type conflictJSON struct {
	problemBody
	Story *storyJSON `json:"story"`
}

func TestStoryConflicts(t *testing.T) {
	f := newStoryFixture(t)
	id := f.add(t, 0, "baosonla", "https://baosonla.vn/1", time.Hour, mediawatch.SeverityHigh, "vo-dap")
	path := fmt.Sprint("/api/v1/stories/", id)
	// Editor 1 and editor 2 both read version 1; editor 1 writes first.
	resp, body := f.call(t, http.MethodPatch, path, "editor-key", map[string]any{"status": "in_review", "assignee": "Lan"},
		"If-Match", `"1"`)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("first change: %d %s", resp.StatusCode, body)
	}
	withStory := func(t *testing.T, status int, resp *http.Response, body []byte) {
		t.Helper()
		c := decode[conflictJSON](t, body)
		checkProblem(t, status, resp.Header, resp.StatusCode, body)
		if c.Story == nil || c.Story.Version != 2 || c.Story.Status != "in_review" || c.Story.Assignee != "Lan" ||
			resp.Header.Get("ETag") != `"2"` {
			t.Errorf("the refusal does not carry the current story: ETag %q %s", resp.Header.Get("ETag"), body)
		}
	}
	for _, tc := range []struct {
		name    string
		body    map[string]any
		headers []string
		status  int
		story   bool // the current story is in the answer
	}{
		{"stale If-Match", map[string]any{"status": "dismissed", "assignee": "Minh"}, []string{"If-Match", `"1"`}, http.StatusPreconditionFailed, true},
		{"stale version", map[string]any{"version": 1, "status": "dismissed"}, nil, http.StatusConflict, true},
		{"no version at all", map[string]any{"status": "dismissed"}, nil, http.StatusPreconditionRequired, false},
		{"If-Match any", map[string]any{"status": "dismissed"}, []string{"If-Match", "*"}, http.StatusPreconditionRequired, false},
		{"weak ETag", map[string]any{"status": "dismissed"}, []string{"If-Match", `W/"2"`}, http.StatusBadRequest, false},
		{"If-Match and version disagree", map[string]any{"version": 1, "status": "dismissed"}, []string{"If-Match", `"2"`}, http.StatusBadRequest, false},
		{"unknown status", map[string]any{"version": 2, "status": "closed"}, nil, http.StatusBadRequest, false},
		{"unknown field", map[string]any{"version": 2, "stauts": "dismissed"}, nil, http.StatusBadRequest, false},
		{"a response URL without responding", map[string]any{"version": 2, "status": "new", "response_url": "https://x.vn/"}, nil, http.StatusBadRequest, false},
		{"responded without a URL", map[string]any{"version": 2, "status": "responded"}, nil, http.StatusBadRequest, false},
		{"responded with a script URL", map[string]any{"version": 2, "status": "responded", "response_url": "javascript:alert(1)"}, nil, http.StatusBadRequest, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := f.call(t, http.MethodPatch, path, "editor2-key", tc.body, tc.headers...)
			if tc.story {
				withStory(t, tc.status, resp, body)
				return
			}
			if resp.StatusCode != tc.status {
				t.Errorf("status %d, want %d: %s", resp.StatusCode, tc.status, body)
			}
		})
	}
	if s, _ := f.db.Story(context.Background(), id); s.Version != 2 || s.Assignee != "Lan" {
		t.Fatalf("a refused change was written: %+v", s)
	}
	// A move the workflow forbids, against the current version: 409 with the story.
	resp, body = f.call(t, http.MethodPatch, path, "editor2-key", map[string]any{"version": 2, "status": "new"})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("back to new: %d %s", resp.StatusCode, body)
	}
	resp, body = f.call(t, http.MethodPatch, path, "editor2-key", map[string]any{"status": "responded",
		"response_url": "https://sonla.gov.vn/1"}, "If-Match", `"3"`)
	c := decode[conflictJSON](t, body)
	checkProblem(t, http.StatusConflict, resp.Header, resp.StatusCode, body)
	if c.Story == nil || c.Story.Status != "new" || c.Story.Version != 3 || resp.Header.Get("ETag") != `"3"` {
		t.Errorf("new → responded: ETag %q %s", resp.Header.Get("ETag"), body)
	}
	resp, body = f.call(t, http.MethodPatch, "/api/v1/stories/999", "editor-key", map[string]any{"version": 1, "note": "x"})
	checkProblem(t, http.StatusNotFound, resp.Header, resp.StatusCode, body)
}

func TestListStories(t *testing.T) {
	f := newStoryFixture(t)
	old := f.add(t, 0, "a", "https://a.vn/old", 30*time.Hour, mediawatch.SeverityLow, "r") // 1 March, local
	quiet := f.add(t, 0, "a", "https://a.vn/quiet", 2*time.Hour, "")
	flagged := f.add(t, 0, "a", "https://a.vn/flagged", time.Hour, mediawatch.SeverityHigh, "r")
	if _, err := f.db.UpdateStory(context.Background(), old, store.StoryChange{Version: 1, Who: "e", At: storyNow,
		Status: mediawatch.FlagDismissed}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		query string
		want  []int64
	}{
		{"", []int64{flagged, quiet, old}},
		{"?flagged=true", []int64{flagged, old}},
		{"?status=new", []int64{flagged, quiet}},
		{"?status=dismissed,in_review", []int64{old}},
		{"?from=2026-03-02", []int64{flagged, quiet}},
		{"?to=2026-03-01", []int64{old}},
		{"?size=1&page=2", []int64{quiet}},
	} {
		t.Run(tc.query, func(t *testing.T) {
			resp, body := f.call(t, http.MethodGet, "/api/v1/stories"+tc.query, "viewer-key", nil)
			got := decode[struct {
				Total   int         `json:"total"`
				Stories []storyJSON `json:"stories"`
			}](t, body)
			var ids []int64
			for _, s := range got.Stories {
				ids = append(ids, s.ID)
			}
			if resp.StatusCode != http.StatusOK || fmt.Sprint(ids) != fmt.Sprint(tc.want) {
				t.Errorf("%d: stories %v, want %v: %s", resp.StatusCode, ids, tc.want, body)
			}
		})
	}
	for _, bad := range []string{"?status=closed", "?from=yesterday", "?page=0"} {
		resp, body := f.call(t, http.MethodGet, "/api/v1/stories"+bad, "viewer-key", nil)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: status %d: %s", bad, resp.StatusCode, body)
		}
	}
}

// TestStoriesInOpenAPI checks, with the story operations registered by
// routes() beside the others, the document and docs page are built, with
// the answers a client must handle.
func TestStoriesInOpenAPI(t *testing.T) {
	f := newStoryFixture(t)
	s := New(Deps{Store: f.db}, Options{})
	doc := s.api.OpenAPI()
	if len(renderDocs(doc)) == 0 {
		t.Fatal("empty docs page")
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Paths map[string]map[string]struct {
			Responses map[string]any `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatal(err)
	}
	for path, methods := range map[string][]string{"/api/v1/stories": {"get"}, "/api/v1/stories/{id}": {"get", "patch"},
		"/api/v1/queue": {"get"}} {
		for _, m := range methods {
			if _, ok := spec.Paths[path][m]; !ok {
				t.Errorf("%s %s missing from the OpenAPI document", m, path)
			}
		}
	}
	for _, code := range []string{"403", "409", "412", "428"} {
		if _, ok := spec.Paths["/api/v1/stories/{id}"]["patch"].Responses[code]; !ok {
			t.Errorf("PATCH /api/v1/stories/{id} does not document %s", code)
		}
	}
}

// TestConcurrentEditorsNeverOverwrite sends the same stale-or-not change
// from several editors at once: exactly one wins, every other one is told
// 412 with the winner's state.
func TestConcurrentEditorsNeverOverwrite(t *testing.T) {
	f := newStoryFixture(t)
	id := f.add(t, 0, "baosonla", "https://baosonla.vn/1", time.Hour, mediawatch.SeverityHigh, "vo-dap")
	path := fmt.Sprint("/api/v1/stories/", id)
	const n = 6
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			// Not f.call: t.Fatal may only be called from the test's goroutine.
			body := fmt.Sprintf(`{"status":"in_review","assignee":"editor %d"}`, i)
			req, _ := http.NewRequest(http.MethodPatch, f.srv.URL+path, strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+f.tokens[[]string{"editor-key", "editor2-key"}[i%2]])
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("If-Match", `"1"`)
			resp, err := f.srv.Client().Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			statuses[i] = resp.StatusCode
		})
	}
	wg.Wait()
	won := 0
	for _, st := range statuses {
		switch st {
		case http.StatusOK:
			won++
		case http.StatusPreconditionFailed:
		default:
			t.Errorf("status %d, want 200 or 412", st)
		}
	}
	s, err := f.db.Story(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if won != 1 || s.Version != 2 {
		t.Errorf("%d changes won against version 1 (statuses %v); story at version %d", won, statuses, s.Version)
	}
}
