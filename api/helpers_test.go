package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
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
