package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"mediawatch/desk"
	"mediawatch/index"
	"mediawatch/query"
	"mediawatch/store"
)

// apiTotal is what desk.Search — the API's call — answers for q.
func apiTotal(t *testing.T, d *desk.Desk, q string) uint64 {
	t.Helper()
	n, err := query.Parse(q)
	if err != nil {
		t.Fatal(err)
	}
	res, err := d.Search(context.Background(), desk.SearchRequest{Query: n, Request: index.Request{Facets: true}})
	if err != nil {
		t.Fatal(err)
	}
	return res.Total
}

func TestSearchPage(t *testing.T) {
	ss := newSearchSite(t, 3)
	b := ss.browser(t)
	// Anonymous: to sign in.
	a := b.get("/search?q=l%C5%A9")
	wantStatus(t, a, http.StatusSeeOther)
	if loc := a.Header.Get("Location"); !strings.HasPrefix(loc, "/login?next=") {
		t.Fatalf("anonymous sent to %q", loc)
	}
	b.signIn("lan", "mật-khẩu-đúng")

	// The empty form with its help.
	a = b.get("/search")
	wantStatus(t, a, http.StatusOK)
	wantBody(t, a, `<details class="card search-help"`, "Có dấu hay không dấu", `name="q"`)

	for _, q := range []string{`"Sơn La"`, `son la`, `lũ quét`} {
		a = b.get("/search?" + url.Values{"q": {q}}.Encode())
		wantStatus(t, a, http.StatusOK)
		wantBody(t, a, fmt.Sprintf(`data-total="%d"`, apiTotal(t, ss.desk, q)))
	}
	// Every matched term marked in the snippet; the hostile title and
	// text stay text; the outlet by its display name; links to crawled
	// URLs only when http(s).
	a = b.get("/search?" + url.Values{"q": {`lũ "Sơn La"`}}.Encode())
	wantBody(t, a, "<mark>lũ</mark>", "<mark>Sơn La</mark>", "&lt;script&gt;alert(1)&lt;/script&gt;",
		"Báo Sơn La", fmt.Sprintf(`data-item-id="%d"`, ss.flood), `rel="noopener noreferrer"`,
		"&lt;b&gt;", "&#34;&gt;&lt;img", "<svg", `role="img"`, `data-facet="baosonla"`, "20/11/2026 15:00")
	for _, bad := range []string{"<script>alert", "javascript:alert", "<img src=x", "<b>Sơn"} {
		if strings.Contains(a.body, bad) {
			t.Errorf("search page carries %q unescaped", bad)
		}
	}
	// A facet filters: the link adds the parameter, the total follows.
	a = b.get("/search?" + url.Values{"q": {`"Sơn La"`}, "source": {"vnexpress"}}.Encode())
	wantBody(t, a, `data-total="1"`, `aria-current="true"`)
	a = b.get("/search?" + url.Values{"q": {`"Sơn La"`}, "lang": {"en"}}.Encode())
	wantBody(t, a, `data-total="0"`) // "Son La" in English has no diacritics; the phrase with them asks for them
	a = b.get("/search?" + url.Values{"q": {`son la`}, "lang": {"en"}}.Encode())
	wantBody(t, a, `data-total="1"`)
	// Rule and severity filters are the rule: and severity: fields.
	a = b.get("/search?" + url.Values{"q": {`"Sơn La"`}, "rule": {"lu-lut"}, "severity": {"high"}}.Encode())
	wantBody(t, a, `data-total="1"`, fmt.Sprintf(`data-item-id="%d"`, ss.flood), `<option value="lu-lut" selected>Lũ lụt</option>`)
	// Dates: a day filter, and a refused date says which.
	a = b.get("/search?" + url.Values{"q": {`"Sơn La"`}, "from": {"2026-11-21"}, "to": {"2026-11-21"}}.Encode())
	wantBody(t, a, `data-total="2"`)
	a = b.get("/search?" + url.Values{"q": {`lũ`}, "from": {"2026-13-45"}}.Encode())
	wantStatus(t, a, http.StatusBadRequest)
	wantBody(t, a, "YYYY-MM-DD", `id="from" name="from" type="date" value="2026-13-45" aria-invalid="true"`)
	// Sort and cursor paging.
	a = b.get("/search?" + url.Values{"q": {`"Sơn La"`}, "sort": {"newest"}}.Encode())
	wantBody(t, a, `<option value="newest" selected>`)
	a = b.get("/search?q=%22S%C6%A1n+La%22&cursor=garbage")
	wantStatus(t, a, http.StatusBadRequest)
}

func TestSearchPageQueryErrors(t *testing.T) {
	ss := newSearchSite(t, 0)
	b := ss.browser(t)
	b.signIn("lan", "mật-khẩu-đúng")
	a := b.get("/search?" + url.Values{"q": {"lũ sourse:baosonla"}}.Encode())
	wantStatus(t, a, http.StatusBadRequest)
	wantBody(t, a, `cột 4`, `<mark class="qerr-at">s</mark>ourse:baosonla`, "\n   ^</code>",
		`href="/search?q=l%C5%A9&#43;source%3Abaosonla"`, `>source:</a>`, `aria-invalid="true"`)
	// The hostile query is echoed as text.
	a = b.get("/search?" + url.Values{"q": {`"<script>alert(1)</script>`}}.Encode())
	if strings.Contains(a.body, "<script>alert(1)") {
		t.Fatal("query echoed unescaped")
	}
}

func TestSavedSearchesPage(t *testing.T) {
	ss := newSearchSite(t, 0)
	b := ss.browser(t)
	csrf := b.signIn("lan", "mật-khẩu-đúng")
	params := url.Values{"q": {`"Sơn La"`}, "lang": {"vi"}}.Encode()
	// Without the token: refused.
	wantStatus(t, b.post("/search/saved", url.Values{"name": {"x"}, "params": {params}}), http.StatusForbidden)
	a := b.post("/search/saved", url.Values{"csrf": {csrf}, "name": {"Sơn La <b>tiếng Việt</b>"}, "params": {params}})
	wantStatus(t, a, http.StatusSeeOther)
	a = b.get(a.Header.Get("Location"))
	wantBody(t, a, "Đã lưu tìm kiếm.", "Sơn La &lt;b&gt;tiếng Việt&lt;/b&gt;", `href="/search?lang=vi&amp;q=%22S%C6%A1n&#43;La%22"`)
	// Another person neither sees nor deletes it.
	other := ss.browser(t)
	ocsrf := other.signIn("minh", "editor-pass")
	if a := other.get("/search"); strings.Contains(a.body, "tiếng Việt&lt;/b&gt;") {
		t.Fatal("minh sees lan's saved search")
	}
	saved, _ := ss.desk.SavedSearches(context.Background(), 1)
	if len(saved) != 1 {
		t.Fatalf("saved %+v", saved)
	}
	del := fmt.Sprintf("/search/saved/%d/delete", saved[0].ID)
	wantStatus(t, other.post(del, url.Values{"csrf": {ocsrf}}), http.StatusNotFound)
	wantStatus(t, b.post(del, url.Values{"csrf": {csrf}, "back": {"/search"}}), http.StatusSeeOther)
	if saved, _ := ss.desk.SavedSearches(context.Background(), 1); len(saved) != 0 {
		t.Fatalf("after delete %+v", saved)
	}
	// A nameless save is refused in words.
	a = b.post("/search/saved", url.Values{"csrf": {csrf}, "name": {"  "}, "params": {params}})
	wantStatus(t, a, http.StatusSeeOther)
	wantBody(t, b.get(a.Header.Get("Location")), "cần một tên")
}

func TestSearchExport(t *testing.T) {
	ss := newSearchSite(t, 2)
	b := ss.browser(t)
	wantStatus(t, b.get("/search/export?q=l%C5%A9"), http.StatusSeeOther)
	b.signIn("lan", "mật-khẩu-đúng")
	a := b.get("/search/export?" + url.Values{"q": {`"Sơn La"`}, "format": {"csv"}}.Encode())
	wantStatus(t, a, http.StatusOK)
	if !strings.HasPrefix(a.body, desk.UTF8BOM+"id,title,url,source") {
		t.Fatalf("csv starts %q", a.body[:min(60, len(a.body))])
	}
	if n := strings.Count(a.body, "\n"); n != int(apiTotal(t, ss.desk, `"Sơn La"`))+1 {
		t.Fatalf("csv has %d lines: %s", n, a.body)
	}
	if !strings.Contains(a.body, `<script>alert(1)</script> Sơn La`) { // text in a CSV, as the API exports it
		t.Fatalf("csv lacks the hostile title as text")
	}
	a = b.get("/search/export?" + url.Values{"q": {`"Sơn La"`}, "format": {"jsonl"}}.Encode())
	if a.Header.Get("Content-Type") != "application/x-ndjson; charset=utf-8" || strings.HasPrefix(a.body, desk.UTF8BOM) {
		t.Fatalf("jsonl %v %q", a.Header, a.body[:20])
	}
	wantStatus(t, b.get("/search/export?q=sourse%3Ax"), http.StatusBadRequest)
	// Each export is in the audit log under the person's name, with its rows.
	entries, err := ss.db.Audit(context.Background(), store.AuditFilter{Action: "export", Actor: "lan"})
	if err != nil {
		t.Fatal(err)
	}
	var exports []string
	for _, e := range entries {
		if e.Action == "export" && e.Actor == "lan" {
			exports = append(exports, e.Detail)
		}
	}
	if len(exports) != 2 || !strings.Contains(exports[0], fmt.Sprintf("%d rows", apiTotal(t, ss.desk, `"Sơn La"`))) {
		t.Fatalf("audit entries of exports: %q", exports)
	}
}

func TestItemPage(t *testing.T) {
	ss := newSearchSite(t, 0)
	b := ss.browser(t)
	path := fmt.Sprintf("/items/%d", ss.flood)
	wantStatus(t, b.get(path), http.StatusSeeOther)
	b.signIn("minh", "editor-pass")
	a := b.get(path + "?" + url.Values{"q": {"lũ thủy điện"}}.Encode())
	wantStatus(t, a, http.StatusOK)
	wantBody(t, a, `<mark>lũ</mark> quét`, "<mark>thủy</mark> <mark>điện</mark>", "Báo Sơn La", "Floods", "High", "Matched:",
		"<del>bác bỏ tin đồn vỡ</del>", "<ins>xác nhận sự cố tràn</ins>", `data-diff-from="1" data-diff-to="2"`,
		fmt.Sprintf(`href="/items/%d"`, ss.copy), `href="/stories/`, `class="sev sev-high"`, "Sơn La: lũ quét, dân sơ tán", "20 Nov 2026, 15:00", "Back to the search results")
	// The same version twice: no change.
	wantBody(t, b.get(path+"?from=2&to=2"), "The two versions are the same.")
	// Hostile content stays text, and a javascript: URL is no link.
	a = b.get(fmt.Sprintf("/items/%d", ss.hostile))
	wantStatus(t, a, http.StatusOK)
	wantBody(t, a, "&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;Sơn La&lt;/b&gt;")
	for _, bad := range []string{"<script>alert", `href="javascript:`, "<img src=x", "<b>Sơn"} {
		if strings.Contains(a.body, bad) {
			t.Errorf("item page carries %q", bad)
		}
	}
	wantStatus(t, b.get("/items/999999"), http.StatusNotFound)
	// A viewer reads it too.
	v := ss.browser(t)
	v.signIn("lan", "mật-khẩu-đúng")
	wantBody(t, v.get(path), "Lũ lụt", "Cao")
	wantStatus(t, b.get("/items/abc"), http.StatusNotFound)
}

func TestSearchHelpExamplesParse(t *testing.T) {
	for _, e := range searchHelpExamples {
		if _, err := query.Parse(e.Code); err != nil {
			t.Errorf("help example %s: %v", e.Code, err)
		}
	}
}

// TestSearchAndItemPageWeight keeps each page — its HTML without data, the
// stylesheet and the script — under 100 KB (BENCHMARKS.md, "Search page").
func TestSearchAndItemPageWeight(t *testing.T) {
	ss := newSearchSite(t, 0)
	b := ss.browser(t)
	b.signIn("lan", "mật-khẩu-đúng")
	static := 0
	for _, name := range []string{"style.css", "app.js"} {
		a := b.get(ss.staticURL(t, name))
		wantStatus(t, a, http.StatusOK)
		static += len(a.body)
	}
	for _, p := range []string{"/search", fmt.Sprintf("/items/%d", ss.copy)} {
		a := b.get(p)
		wantStatus(t, a, http.StatusOK)
		total := len(a.body) + static
		t.Logf("%s: HTML %d bytes + CSS and JS %d bytes = %d bytes", p, len(a.body), static, total)
		if total > 100*1024 {
			t.Errorf("%s weighs %d bytes, over 100 KB", p, total)
		}
	}
}

// staticURL is the hashed URL of a static file, as pages link it.
func (ts *testSite) staticURL(t *testing.T, name string) string {
	t.Helper()
	a := ts.browser(t).get("/login")
	i := strings.Index(a.body, "/"+name+`"`)
	if i < 0 {
		t.Fatalf("no link to %s", name)
	}
	j := strings.LastIndex(a.body[:i], `"/static/`)
	return a.body[j+1 : i+len(name)+1]
}

func TestSearchWithoutIndex(t *testing.T) {
	ss := newSearchSite(t, 0)
	s := New(Deps{Accounts: ss.acc, Desk: desk.New(desk.Deps{Store: ss.db}, desk.Options{})}, Options{})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	b := (&testSite{srv: srv, acc: ss.acc}).browser(t)
	b.signIn("lan", "mật-khẩu-đúng")
	a := b.get("/search?q=l%C5%A9")
	wantStatus(t, a, http.StatusServiceUnavailable)
	wantBody(t, a, "không có chỉ mục tìm kiếm")
}
