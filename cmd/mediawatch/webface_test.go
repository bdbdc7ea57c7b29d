package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

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
