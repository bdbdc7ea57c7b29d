package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/desk"
	"mediawatch/report"
	"mediawatch/store"
)

// reportNow is the report fixture's clock: 07:00 on 15 March in Hà Nội.
var reportNow = time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)

// newReportServer serves the report route over a real store holding a
// flagged item first seen at 00:01 on 14 March (ICT), one at 23:59 on the
// 13th and an unflagged one on the 14th, with a viewer key.
func newReportServer(t testing.TB) (*httptest.Server, string) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "mediawatch.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ict := desk.DefaultLocation()
	for _, it := range []struct {
		url, title string
		seen       time.Time
		flagged    bool
	}{
		{"https://a.vn/1", "<script>alert(1)</script> Tin đồn vỡ đập Sơn La", time.Date(2026, 3, 14, 0, 1, 0, 0, ict), true},
		{"https://a.vn/2", "Tin hôm trước", time.Date(2026, 3, 13, 23, 59, 0, 0, ict), true},
		{"https://a.vn/3", "Mùa hoa ban", time.Date(2026, 3, 14, 9, 0, 0, 0, ict), false},
	} {
		var flags []mediawatch.Flag
		if it.flagged {
			flags = append(flags, mediawatch.Flag{RuleID: "dam-rumour", RuleVersion: "v1",
				Severity: mediawatch.SeverityCritical, Snippet: "vỡ đập"})
		}
		_, err := db.SaveGrouped(ctx, mediawatch.Item{Source: "baosonla", URL: it.url, CanonicalURL: it.url, Title: it.title,
			Text: "x", Lang: "vi", ContentHash: it.url, FirstSeen: it.seen.UTC()}, store.Signature{Words: 10}, flags...)
		if err != nil {
			t.Fatal(err)
		}
	}
	token, _, err := db.CreateKey(ctx, "viewer", mediawatch.RoleViewer)
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return reportNow }
	b := &report.Builder{Source: db, Loc: ict, Lang: "vi", Now: now}
	s := New(Deps{Store: db, Reports: Reports{Builder: b}}, Options{RatePerSecond: -1, Now: now})
	return newTestServer(t, s, s.Handler()), token
}

func getReport(t testing.TB, srv *httptest.Server, path, token string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return do(t, srv.Client(), req)
}

func TestDailyReportRoute(t *testing.T) {
	srv, token := newReportServer(t)
	cases := []struct {
		name, path, contentType, lang string
		contains                      []string
		lacks                         []string
	}{
		{"html by default, escaped", "/api/v1/reports/daily/2026-03-14", "text/html; charset=utf-8", "vi",
			[]string{"<!DOCTYPE html>", "&lt;script&gt;alert(1)&lt;/script&gt;", "14/03/2026"}, []string{"<script>"}},
		{"markdown in English", "/api/v1/reports/daily/2026-03-14?format=md&lang=en", "text/markdown; charset=utf-8", "en",
			// The 23:59 story is not new on the 14th, but is still open.
			[]string{"Daily report", "Tin đồn vỡ đập Sơn La", "Tin hôm trước"}, []string{"Báo cáo"}},
		{"csv", "/api/v1/reports/daily/2026-03-14?format=csv", "text/csv; charset=utf-8", "vi",
			[]string{"item_id", "dam-rumour"}, []string{"Tin hôm trước"}},
		{"json", "/api/v1/reports/daily/2026-03-14?format=json", "application/json", "vi",
			[]string{`"date": "2026-03-14"`, `"flagged_items": 1`, `"items": 2`}, nil},
		{"the day before holds the 23:59 item", "/api/v1/reports/daily/2026-03-13?format=csv", "text/csv; charset=utf-8", "vi",
			[]string{"Tin hôm trước"}, []string{"Sơn La"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := getReport(t, srv, tc.path, token)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			if ct := resp.Header.Get("Content-Type"); ct != tc.contentType {
				t.Errorf("Content-Type %q, want %q", ct, tc.contentType)
			}
			if l := resp.Header.Get("Content-Language"); l != tc.lang {
				t.Errorf("Content-Language %q, want %q", l, tc.lang)
			}
			for _, s := range tc.contains {
				if !strings.Contains(string(body), s) {
					t.Errorf("body lacks %q", s)
				}
			}
			for _, s := range tc.lacks {
				if strings.Contains(string(body), s) {
					t.Errorf("body holds %q", s)
				}
			}
		})
	}
}

// TestDailyReportJSONMatchesCSV: totals.flagged_items is the CSV's row
// count, through the route.
func TestDailyReportJSONMatchesCSV(t *testing.T) {
	srv, token := newReportServer(t)
	_, js := getReport(t, srv, "/api/v1/reports/daily/2026-03-14?format=json", token)
	var d report.Daily
	if err := json.Unmarshal(js, &d); err != nil {
		t.Fatal(err)
	}
	_, cs := getReport(t, srv, "/api/v1/reports/daily/2026-03-14?format=csv", token)
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(cs, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if d.Totals.FlaggedItems != len(rows)-1 || d.Totals.FlaggedItems != 1 {
		t.Errorf("flagged_items %d, CSV rows %d (want 1 each)", d.Totals.FlaggedItems, len(rows)-1)
	}
}

func TestDailyReportRefusals(t *testing.T) {
	srv, token := newReportServer(t)
	cases := []struct {
		name, path, token string
		status            int
		location          string
	}{
		{"not a date", "/api/v1/reports/daily/yesterday", token, http.StatusBadRequest, "path.date"},
		{"no such day", "/api/v1/reports/daily/2026-02-30", token, http.StatusBadRequest, "path.date"},
		{"short date", "/api/v1/reports/daily/2026-3-14", token, http.StatusBadRequest, "path.date"},
		{"bad format", "/api/v1/reports/daily/2026-03-14?format=pdf", token, http.StatusBadRequest, "query.format"},
		{"bad language", "/api/v1/reports/daily/2026-03-14?lang=fr", token, http.StatusBadRequest, "query.lang"},
		{"no key", "/api/v1/reports/daily/2026-03-14", "", http.StatusUnauthorized, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := getReport(t, srv, tc.path, tc.token)
			p := checkProblem(t, tc.status, resp.Header, resp.StatusCode, body)
			if tc.location != "" && (len(p.Errors) != 1 || p.Errors[0].Location != tc.location) {
				t.Errorf("errors %+v, want one at %s", p.Errors, tc.location)
			}
		})
	}
}

// FuzzDailyReport: whatever date, format and language a client sends, the
// route answers 200 or a 400 problem, never a server error.
func FuzzDailyReport(f *testing.F) {
	for _, seed := range [][3]string{{"2026-03-14", "json", "vi"}, {"2026-02-30", "csv", ""}, {"0000-01-01", "md", "en"},
		{"9999-12-31", "html", "vi"}, {"yesterday", "pdf", "fr"}, {"2026-03-14%00", "JSON", "EN"}} {
		f.Add(seed[0], seed[1], seed[2])
	}
	srv, token := newReportServer(f)
	f.Fuzz(func(t *testing.T, date, format, lang string) {
		u := "/api/v1/reports/daily/" + url.PathEscape(date) + "?" + url.Values{"format": {format}, "lang": {lang}}.Encode()
		req, err := http.NewRequest(http.MethodGet, srv.URL+u, nil)
		if err != nil {
			return
		}
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusBadRequest && resp.StatusCode != http.StatusNotFound {
			t.Errorf("%q %q %q: status %d", date, format, lang, resp.StatusCode)
		}
	})
}
