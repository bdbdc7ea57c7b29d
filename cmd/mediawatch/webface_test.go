package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"mediawatch/api"
	"mediawatch/config"
)

// TestFacesRoutes checks the split of one listener between the API and the
// pages.
func TestFacesRoutes(t *testing.T) {
	a := &app{cfg: config.Default(), log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	apiH := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "api") })
	h := a.faces(apiH, nil)
	for path, want := range map[string]string{
		"/api/v1/search": "api", "/healthz": "api", "/readyz": "api", "/metrics": "api",
		"/login": "Chức năng đăng nhập chưa được cấu hình", "/nowhere": "Không tìm thấy trang",
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("%s: %d %.200s, want %q", path, rec.Code, rec.Body.String(), want)
		}
	}
}

// TestCookiesSecureBehindProxy: behind a TLS-terminating proxy the service
// trusts (api.trusted_proxies), the pages' cookies are Secure; the same
// header from anyone else changes nothing.
func TestCookiesSecureBehindProxy(t *testing.T) {
	a := &app{cfg: config.Default(), log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	apiH := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
	h := api.TrustProxies([]netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}, a.faces(apiH, nil))
	for peer, secure := range map[string]bool{"10.1.2.3:4567": true, "203.0.113.9:4567": false} {
		req := httptest.NewRequest(http.MethodGet, "/login", nil)
		req.RemoteAddr = peer
		req.Header.Set("X-Forwarded-Proto", "https")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		cookies := rec.Result().Cookies()
		if len(cookies) == 0 {
			t.Fatalf("%s: no cookie set by /login", peer)
		}
		for _, c := range cookies {
			if c.Secure != secure {
				t.Errorf("from %s: cookie %s Secure=%v, want %v", peer, c.Name, c.Secure, secure)
			}
		}
	}
}
