package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"mediawatch"
)

func TestUnauthorized(t *testing.T) {
	f := newFixture(t, Options{})
	revoked, _, err := f.db.CreateKey(context.Background(), "gone", mediawatch.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.RevokeKey(context.Background(), "gone"); err != nil {
		t.Fatal(err)
	}
	viewer := f.tokens[mediawatch.RoleViewer]
	for _, tc := range []struct {
		name, header string
		invalid      bool // the challenge says error="invalid_token"
		detail       string
	}{
		{"no header", "", false, "Authorization"},
		{"basic scheme", "Basic dXNlcjpwYXNz", false, "Authorization"},
		{"bearer without key", "Bearer ", false, "Authorization"},
		{"key without scheme", viewer, false, "Authorization"},
		{"unknown key", "Bearer mw_" + strings.Repeat("A", 43), true, "not known"},
		{"key with a changed letter", "Bearer " + viewer[:len(viewer)-2] + "..", true, "not known"},
		{"garbage", "Bearer ☃\té", true, "not known"},
		{"huge", "Bearer " + strings.Repeat("x", 8000), true, "not known"},
		{"revoked key", "Bearer " + revoked, true, "revoked"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, f.srv.URL+"/api/v1/me", nil)
			if tc.header != "" {
				req.Header.Set("Authorization", tc.header)
			}
			resp, body := do(t, f.srv.Client(), req)
			p := checkProblem(t, http.StatusUnauthorized, resp.Header, resp.StatusCode, body)
			ch := resp.Header.Get("WWW-Authenticate")
			if !strings.HasPrefix(ch, "Bearer ") || strings.Contains(ch, "invalid_token") != tc.invalid {
				t.Errorf("WWW-Authenticate %q", ch)
			}
			if !strings.Contains(p.Detail, tc.detail) {
				t.Errorf("detail %q, want it to mention %q", p.Detail, tc.detail)
			}
		})
	}
	// The scheme is case-insensitive.
	req, _ := http.NewRequest(http.MethodGet, f.srv.URL+"/api/v1/me", nil)
	req.Header.Set("Authorization", "bearer "+viewer)
	if resp, body := do(t, f.srv.Client(), req); resp.StatusCode != http.StatusOK {
		t.Errorf("lower-case scheme: %d %s", resp.StatusCode, body)
	}
}

// TestRoleBoundaries checks requireRole at every boundary on a throwaway
// router: no route needs more than viewer yet.
func TestRoleBoundaries(t *testing.T) {
	f := newFixture(t, Options{})
	r := chi.NewRouter()
	r.Use(f.s.requestID, f.s.authenticate)
	ok := func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }
	roles := []mediawatch.Role{mediawatch.RoleViewer, mediawatch.RoleEditor, mediawatch.RoleAdmin}
	for _, min := range roles {
		r.With(f.s.requireRole(min)).Get("/needs/"+string(min), ok)
	}
	srv := httptest.NewServer(r)
	defer srv.Close()
	for i, have := range roles {
		for j, min := range roles {
			t.Run(string(have)+" on "+string(min), func(t *testing.T) {
				req, _ := http.NewRequest(http.MethodGet, srv.URL+"/needs/"+string(min), nil)
				req.Header.Set("Authorization", "Bearer "+f.tokens[have])
				resp, body := do(t, srv.Client(), req)
				if i >= j {
					if resp.StatusCode != http.StatusNoContent {
						t.Errorf("status %d, want 204: %s", resp.StatusCode, body)
					}
					return
				}
				p := checkProblem(t, http.StatusForbidden, resp.Header, resp.StatusCode, body)
				if !contains(p.Detail, string(min), string(have)) {
					t.Errorf("detail %q should name both roles", p.Detail)
				}
			})
		}
	}
}

func TestRequireRoleWithoutAuthenticateFailsClosed(t *testing.T) {
	f := newFixture(t, Options{})
	h := f.s.requireRole(mediawatch.RoleViewer)(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		t.Error("handler reached without a key")
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	checkProblem(t, http.StatusUnauthorized, rec.Header(), rec.Code, rec.Body.Bytes())
}

func TestRateLimit(t *testing.T) {
	now := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now } // frozen: no refill unless moved
	f := newFixture(t, Options{RatePerSecond: 0.5, RateBurst: 2, Now: clock})
	viewer, admin := f.tokens[mediawatch.RoleViewer], f.tokens[mediawatch.RoleAdmin]
	for i := range 2 {
		if resp, body := f.get(t, "/api/v1/me", viewer); resp.StatusCode != http.StatusOK {
			t.Fatalf("request %d: %d %s", i, resp.StatusCode, body)
		}
	}
	resp, body := f.get(t, "/api/v1/me", viewer)
	checkProblem(t, http.StatusTooManyRequests, resp.Header, resp.StatusCode, body)
	if ra := resp.Header.Get("Retry-After"); ra != "2" {
		t.Errorf("Retry-After %q, want 2 (one token at 0.5/s)", ra)
	}
	// Another key has its own bucket.
	if resp, _ := f.get(t, "/api/v1/me", admin); resp.StatusCode != http.StatusOK {
		t.Errorf("other key: status %d, want 200", resp.StatusCode)
	}
	// Open routes are not limited.
	if resp, _ := f.get(t, "/healthz", viewer); resp.StatusCode != http.StatusOK {
		t.Errorf("/healthz: status %d", resp.StatusCode)
	}
}

func TestLimiterRefills(t *testing.T) {
	l := newLimiter(2, 1)
	t0 := time.Unix(0, 0)
	if w := l.take(1, t0); w != 0 {
		t.Fatalf("first take waits %v", w)
	}
	if w := l.take(1, t0); w != 500*time.Millisecond {
		t.Errorf("empty bucket waits %v, want 500ms", w)
	}
	if w := l.take(1, t0.Add(500*time.Millisecond)); w != 0 {
		t.Errorf("after refill waits %v", w)
	}
	if w := newLimiter(-1, 0).take(1, t0); w != 0 {
		t.Errorf("disabled limiter waits %v", w)
	}
}

func TestTouchKeyThrottled(t *testing.T) {
	now := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	f := newFixture(t, Options{Now: func() time.Time { return now }, TouchEvery: time.Minute})
	lastUsed := func() time.Time {
		keys, err := f.db.ListKeys(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			if k.Role == mediawatch.RoleViewer {
				return k.LastUsedAt
			}
		}
		t.Fatal("no viewer key")
		return time.Time{}
	}
	f.get(t, "/api/v1/me", f.tokens[mediawatch.RoleViewer])
	if got := lastUsed(); !got.Equal(now) {
		t.Fatalf("last used %v, want %v", got, now)
	}
	first := now
	now = now.Add(30 * time.Second)
	f.get(t, "/api/v1/me", f.tokens[mediawatch.RoleViewer])
	if got := lastUsed(); !got.Equal(first) {
		t.Errorf("touched again within a minute: %v", got)
	}
	now = now.Add(time.Minute)
	f.get(t, "/api/v1/me", f.tokens[mediawatch.RoleViewer])
	if got := lastUsed(); !got.Equal(now) {
		t.Errorf("last used %v, want %v", got, now)
	}
}
