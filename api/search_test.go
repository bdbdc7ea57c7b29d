package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/index"
	"mediawatch/ingest"
	"mediawatch/store"
)

var _ Searcher = (*index.Index)(nil)

// searchFixture is a Server over a real store and a real index holding n
// generated items plus a few hand-written ones.
func searchFixture(t testing.TB, n int) (*httptest.Server, string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	db, err := store.Open(ctx, filepath.Join(dir, "mw.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	idx, err := index.Open(filepath.Join(dir, "index"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	base := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	save := func(url, title, text, lang string, at time.Time) {
		_, err := db.SaveItem(ctx, mediawatch.Item{Source: "bao", URL: url, CanonicalURL: url, Title: title, Text: text,
			Lang: lang, Published: at, ContentHash: url, FirstSeen: at})
		if err != nil {
			t.Fatal(err)
		}
	}
	save("https://bao.example/a", "Lũ ở Sơn La", "Mưa lớn gây lũ ở tỉnh Sơn La. <script>alert(1)</script> Người dân sơ tán.", "vi", base)
	save("https://bao.example/b", "Lạng Sơn là điểm đến", "Lạng Sơn là tỉnh biên giới.", "vi", base.Add(time.Hour))
	for i := range n {
		save(fmt.Sprintf("https://bao.example/m/%d", i), fmt.Sprintf("Mận Sơn La số %d", i), "Mận hậu Sơn La vào vụ.", "vi", base.Add(time.Duration(i)*time.Minute))
	}
	if _, err := ingest.Reconcile(ctx, db, idx, nil); err != nil {
		t.Fatal(err)
	}
	token, _, err := db.CreateKey(ctx, "viewer", mediawatch.RoleViewer)
	if err != nil {
		t.Fatal(err)
	}
	s := New(Deps{Store: db, Index: idx}, Options{RatePerSecond: -1})
	return newTestServer(t, s, s.Handler()), token
}

func getWith(t *testing.T, url, token string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	return resp, b.Bytes()
}

func TestSearchHitsSnippetsAndFacets(t *testing.T) {
	srv, token := searchFixture(t, 3)
	resp, body := getWith(t, srv.URL+`/api/v1/search?q=%22S%C6%A1n+La%22+AND+l%C5%A9`, token)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	var got searchBody
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if got.Total != 1 || len(got.Hits) != 1 {
		t.Fatalf("total %d hits %d, want 1 (the Lạng Sơn item must not match): %s", got.Total, len(got.Hits), body)
	}
	h := got.Hits[0]
	if !strings.Contains(h.Snippet, "<mark>Sơn La</mark>") || !strings.Contains(h.Snippet, "<mark>lũ</mark>") {
		t.Errorf("snippet lacks marks: %q", h.Snippet)
	}
	if strings.Contains(h.Snippet, "<script>") || !strings.Contains(h.Snippet, "&lt;script&gt;") {
		t.Errorf("crawled markup not escaped: %q", h.Snippet)
	}
	if h.TitleHTML != "<mark>Lũ</mark> ở <mark>Sơn La</mark>" {
		t.Errorf("title_html = %q", h.TitleHTML)
	}
	if len(got.Facets.Sources) != 1 || got.Facets.Sources[0] != (facetCount{"bao", 1}) || len(got.Facets.Days) != 1 || got.Facets.Days[0].Value != "2026-11-20" {
		t.Errorf("facets = %+v", got.Facets)
	}
}

func TestSearchBadInputIsAProblem(t *testing.T) {
	srv, token := searchFixture(t, 0)
	for _, tc := range []struct{ path, want string }{
		{`/api/v1/search?q=%22unclosed`, "query.q"},
		{`/api/v1/search?q=a+NEAR%2F5`, "col"},
		{`/api/v1/search?q=a&from=yesterday`, "query.from"},
		{`/api/v1/search?q=a&from=2026-11-20&to=2026-11-01`, "query.to"},
		{`/api/v1/search?q=a&size=1000`, "size"},
		{`/api/v1/search`, "q"},
		{`/api/v1/export?q=%28&format=csv`, "query.q"},
	} {
		resp, body := getWith(t, srv.URL+tc.path, token)
		if resp.StatusCode < 400 || resp.StatusCode >= 500 || !strings.Contains(resp.Header.Get("Content-Type"), "problem+json") || !strings.Contains(string(body), tc.want) {
			t.Errorf("GET %s = %d %s %s; want a 4xx problem naming %q", tc.path, resp.StatusCode, resp.Header.Get("Content-Type"), body, tc.want)
		}
	}
}

func TestSearchCursorPagingIsComplete(t *testing.T) {
	srv, token := searchFixture(t, 23)
	seen := map[int64]bool{}
	cursor := ""
	for range 10 {
		resp, body := getWith(t, srv.URL+"/api/v1/search?q=m%E1%BA%ADn&sort=newest&size=5&cursor="+cursor, token)
		if resp.StatusCode != 200 {
			t.Fatalf("status %d: %s", resp.StatusCode, body)
		}
		var page searchBody
		json.Unmarshal(body, &page)
		for _, h := range page.Hits {
			if seen[h.ID] {
				t.Fatalf("item %d on two pages", h.ID)
			}
			seen[h.ID] = true
		}
		if cursor = page.Next; cursor == "" {
			break
		}
	}
	if len(seen) != 23 {
		t.Errorf("paged through %d items, want 23", len(seen))
	}
}

func TestExportIsNotCappedAtAPage(t *testing.T) {
	old := exportPage
	exportPage = 7
	defer func() { exportPage = old }()
	srv, token := searchFixture(t, 30)
	resp, body := getWith(t, srv.URL+"/api/v1/export?q=m%E1%BA%ADn&format=csv", token)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("status %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	csvBody, bom := bytes.CutPrefix(body, []byte(utf8BOM))
	if !bom {
		t.Errorf("csv export does not start with a UTF-8 BOM: %q", body[:min(len(body), 8)])
	}
	rows, err := csv.NewReader(bytes.NewReader(csvBody)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 31 || rows[0][0] != "id" {
		t.Errorf("csv has %d rows (want header + 30)", len(rows))
	}
	resp, body = getWith(t, srv.URL+"/api/v1/export?q=%22S%C6%A1n+La%22&format=jsonl", token)
	if resp.StatusCode != 200 {
		t.Fatalf("jsonl status %d", resp.StatusCode)
	}
	lines := strings.Split(strings.TrimSpace(string(body)), "\n")
	if len(lines) != 31 {
		t.Errorf("jsonl has %d lines, want 31", len(lines))
	}
	var row exportRow
	if err := json.Unmarshal([]byte(lines[0]), &row); err != nil || row.Source != "bao" || row.FirstSeen == nil {
		t.Errorf("first row %+v, %v", row, err)
	}
}

// FuzzSearchQuery sends arbitrary query text and parameters to search and
// export over a real index: never a 5xx, never a panic, and a 200 always
// carries JSON or CSV.
func FuzzSearchQuery(f *testing.F) {
	for _, s := range []string{`"Sơn La" AND lũ`, `son NEAR/2 la`, `(((`, `title:"`, `-a`, `mộc* OR url:bao.example/m`, "\xff\xfe", `lang:vi source:bao`} {
		f.Add(s, "newest", "2026-11-20")
	}
	srv, token := searchFixture(f, 5)
	f.Fuzz(func(t *testing.T, q, sort, from string) {
		for _, path := range []string{"/api/v1/search", "/api/v1/export"} {
			u := srv.URL + path + "?q=" + url.QueryEscape(q) + "&sort=" + url.QueryEscape(sort) + "&from=" + url.QueryEscape(from)
			req, _ := http.NewRequest(http.MethodGet, u, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode >= 500 {
				t.Fatalf("GET %s = %d", u, resp.StatusCode)
			}
		}
	})
}
