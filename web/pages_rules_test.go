package web

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// noRaw fails when the body holds any of the raw (unescaped) strings.
func rulesNoRaw(t *testing.T, a answer, raws ...string) {
	t.Helper()
	for _, r := range raws {
		if strings.Contains(a.body, r) {
			t.Errorf("%s: raw %q in the page", a.Request.URL.Path, r)
		}
	}
}

func TestRulesPagesRoles(t *testing.T) {
	rs := newRulesSite(t, true)
	stranger := rs.browser(t)
	a := stranger.get("/rules")
	wantStatus(t, a, http.StatusSeeOther)
	if a.Header.Get("Location") != "/login?next=%2Frules" {
		t.Fatalf("stranger sent to %q", a.Header.Get("Location"))
	}

	viewer := rs.browser(t)
	viewer.signIn("lan", "mật-khẩu-đúng")
	a = viewer.get("/rules")
	wantStatus(t, a, http.StatusOK)
	st := rs.book.Status()
	wantBody(t, a, "Quy tắc cảnh báo", `data-rule-id="dam"`, "Tin đồn vỡ đập", "Khẩn cấp", "rumour",
		"Sở Công Thương: đập an toàn.", "ban-tuyen-giao", `<code data-version>`+st.Version[:12]+`</code>`,
		rs.dir, `href="/rules/dam"`, `data-flags="2"`, "mới 2", "chưa có đánh giá", `href="/rules"`)
	rulesNoRaw(t, a, hostileName, "<script>alert(2)", "<b>bold</b>", `href="/rules/new"`, "/edit", "/rules/test")
	wantBody(t, a, "&lt;img src=x onerror=alert(1)&gt;", "&lt;script&gt;alert(2)&lt;/script&gt;")

	a = viewer.get("/rules/dam")
	wantStatus(t, a, http.StatusOK)
	wantBody(t, a, `<pre class="query" data-query>&#34;vỡ đập&#34; -&#34;diễn tập&#34;</pre>`, "Khẩn cấp",
		"Cảnh báo gần nhất (2 trên tổng 2)", "&lt;script&gt;alert(1)&lt;/script&gt; vỡ đập ở Mường La", "tinmoi",
		"<mark>vỡ đập</mark>", "23/11/2026 09:00", "rules.yaml")
	rulesNoRaw(t, a, "<script>alert(1)", "/edit", "/disable", "/rules/test")
	wantStatus(t, viewer.get("/rules/nope"), http.StatusNotFound)
	a = viewer.get("/rules/hostile")
	wantStatus(t, a, http.StatusOK)
	rulesNoRaw(t, a, hostileName, "<script>alert(2)", "<b>bold</b>")

	// Testing is for editors, as the API's test-rule; editing for admins.
	wantStatus(t, viewer.get("/rules/test?q=x"), http.StatusForbidden)
	wantStatus(t, viewer.get("/rules/new"), http.StatusForbidden)

	editor := rs.browser(t)
	csrf := editor.signIn("minh", "editor-pass")
	a = editor.get("/rules")
	wantBody(t, a, "Alert rules", "Critical", `href="/rules/test"`, "new 2")
	rulesNoRaw(t, a, `href="/rules/new"`, `/edit"`, `data-form="reload"`)
	wantBody(t, editor.get("/rules/dam"), `data-action="test"`, `href="/rules/test?lang=`[:len(`href="/rules/test?`)])
	wantStatus(t, editor.get("/rules/new"), http.StatusForbidden)
	wantStatus(t, editor.get("/rules/dam/edit"), http.StatusForbidden)
	wantStatus(t, editor.post("/rules/dam/disable", url.Values{"csrf": {csrf}}), http.StatusForbidden)
	wantStatus(t, editor.post("/rules/new", url.Values{"csrf": {csrf}, "id": {"x"}}), http.StatusForbidden)
	wantStatus(t, editor.post("/rules/reload", url.Values{"csrf": {csrf}}), http.StatusForbidden)

	admin := rs.browser(t)
	admin.signIn("admin", "admin-pass")
	a = admin.get("/rules")
	wantBody(t, a, `href="/rules/new"`, `href="/rules/dam/edit"`, `data-form="reload"`)
	wantStatus(t, admin.get("/rules/new"), http.StatusOK)
	a = admin.get("/rules/dam/edit")
	wantStatus(t, a, http.StatusOK)
	wantBody(t, a, `value="dam"`, "readonly", `name="base" value="`+rulesVersion(rs, "dam")+`"`)
	wantStatus(t, admin.get("/rules/nope/edit"), http.StatusNotFound)
}

func rulesVersion(rs *rulesSite, id string) string {
	for _, r := range rs.book.Status().Rules {
		if r.ID == id {
			return r.Version
		}
	}
	return ""
}

func TestRuleTestPage(t *testing.T) {
	rs := newRulesSite(t, true)
	b := rs.browser(t)
	b.signIn("minh", "editor-pass")
	a := b.get("/rules/test")
	wantStatus(t, a, http.StatusOK)
	wantBody(t, a, `data-form="rule-test"`, `method="get"`)
	rulesNoRaw(t, a, "data-total")

	a = b.get("/rules/test?" + url.Values{"q": {`"vỡ đập" -"diễn tập"`}, "since": {"2026-11-01"}, "lang": {"vi"}}.Encode())
	wantStatus(t, a, http.StatusOK)
	wantBody(t, a, `data-total="2"`, "2 items matched (of 2 candidates found)", `<svg viewBox="0 0 480 220" role="img"`,
		`<title id="chart-t">Matched items per day</title>`, "20 Nov 2026", "23 Nov 2026",
		"&lt;script&gt;alert(1)&lt;/script&gt; <mark>vỡ đập</mark> ở Mường La", `data-item-id="`, "The 2 newest matches")
	rulesNoRaw(t, a, "<script>alert(1)", "javascript:alert")
	// Four days from the 20th to the 23rd, two of them empty; an axis of 0–1.
	if n := strings.Count(a.body, `class="chart-bar"`); n != 4 {
		t.Errorf("%d bars", n)
	}
	if !regexp.MustCompile(`text-anchor="end">1</text>`).MatchString(a.body) || strings.Contains(a.body, `text-anchor="end">2</text>`) {
		t.Error("the value axis does not end at 1")
	}
	// Sources filter: none of the matches is from elsewhere.
	wantBody(t, b.get("/rules/test?q=%22v%E1%BB%A1+%C4%91%E1%BA%ADp%22&source=tinmoi"), `data-total="1"`)

	// A query error is shown at its column, in the person's language.
	a = b.get("/rules/test?q=" + url.QueryEscape(`"vỡ đập" AND`))
	wantStatus(t, a, http.StatusUnprocessableEntity)
	wantBody(t, a, `<code class="query-at">&#34;vỡ đập&#34; AND<mark class="err-at">&nbsp;</mark></code>`, "col 13", `aria-invalid="true"`)
	a = b.get("/rules/test?q=" + url.QueryEscape(`rule:dam`))
	wantStatus(t, a, http.StatusUnprocessableEntity)
	wantBody(t, a, "A rule cannot use this query:")
	wantStatus(t, b.get("/rules/test?q=x&since=yesterday"), http.StatusUnprocessableEntity)
}

func TestRuleEditFromThePage(t *testing.T) {
	rs := newRulesSite(t, true)
	b := rs.browser(t)
	csrf := b.signIn("admin", "admin-pass")
	before := rs.book.Status().Version

	// Without the form's token: refused, nothing written.
	wantStatus(t, b.post("/rules/new", url.Values{"id": {"scam"}}), http.StatusForbidden)

	// A refused rule: every problem on the form, what was typed kept.
	bad := url.Values{"csrf": {csrf}, "id": {"Lừa Đảo"}, "name_vi": {"Lừa đảo <b>"}, "query": {`"lừa đảo" AND`},
		"severity": {"urgent"}, "languages": {"vn"}, "response_hint": {"dòng một\ndòng hai"}}
	a := b.post("/rules/new", bad)
	wantStatus(t, a, http.StatusUnprocessableEntity)
	wantBody(t, a, `value="Lừa Đảo"`, `value="Lừa đảo &lt;b&gt;"`, "dòng một\ndòng hai</textarea>", "is not a slug",
		"name needs both vi and en labels", "cột 14", `<mark class="err-at">&nbsp;</mark>`, "bad language", "severity must be",
		`id="id-err"`, `id="name_vi-err"`, `id="languages-err"`)
	if _, err := os.Stat(filepath.Join(rs.dir, "Lừa Đảo.yaml")); err == nil {
		t.Fatal("a refused rule was written")
	}
	a = b.post("/rules/new", url.Values{"csrf": {csrf}, "id": {"test"}, "name_vi": {"a"}, "name_en": {"a"}, "query": {"a"}, "severity": {"low"}})
	wantBody(t, a, "Mã này trùng tên một trang")

	// A good new rule: its own file, reloaded, shown.
	good := url.Values{"csrf": {csrf}, "id": {"scam"}, "name_vi": {"Lừa đảo mạo danh tỉnh"}, "name_en": {"Scam"},
		"query": {`"lừa đảo"`}, "severity": {"high"}, "category": {"scam"}, "languages": {"vi, en"}, "enabled": {"on"},
		"response_hint": {"Công an tỉnh: cảnh giác."}}
	a = b.post("/rules/new", good)
	wantStatus(t, a, http.StatusSeeOther)
	if a.Header.Get("Location") != "/rules/scam" {
		t.Fatalf("saved to %q", a.Header.Get("Location"))
	}
	wantBody(t, b.get("/rules/scam"), "Đã lưu quy tắc", "Lừa đảo mạo danh tỉnh", "vi, en", "Cao", "scam.yaml")
	if _, err := os.Stat(filepath.Join(rs.dir, "scam.yaml")); err != nil {
		t.Fatal(err)
	}
	if rs.book.Status().Version == before {
		t.Fatal("the set was not reloaded")
	}
	a = b.post("/rules/new", good)
	wantStatus(t, a, http.StatusUnprocessableEntity)
	wantBody(t, a, "Đã có quy tắc mang mã này.")

	// Edit the shared file's first rule; the other rule stays.
	base := rulesVersion(rs, "dam")
	edit := url.Values{"csrf": {csrf}, "base": {base}, "id": {"renamed"}, "name_vi": {"Tin đồn vỡ đập"}, "name_en": {"Dam rumour"},
		"query": {`"vỡ đập" OR "nứt đập"`}, "severity": {"critical"}, "category": {"rumour"}, "enabled": {"on"},
		"response_hint": {"Sở Công Thương: đập an toàn."}, "owner": {"ban-tuyen-giao"}}
	a = b.post("/rules/dam/edit", edit)
	wantStatus(t, a, http.StatusSeeOther)
	wantBody(t, b.get("/rules/dam"), `&#34;vỡ đập&#34; OR &#34;nứt đập&#34;`, "Dam rumour"[:0])
	data, _ := os.ReadFile(filepath.Join(rs.dir, "rules.yaml"))
	if !strings.Contains(string(data), "- id: hostile\n  name: {vi: \"<img src=x onerror=alert(1)>\"") ||
		!strings.HasPrefix(string(data), "# Rules of the test site.\n- id: dam\n") {
		t.Fatalf("the shared file lost something:\n%s", data)
	}
	if rulesVersion(rs, "renamed") != "" {
		t.Fatal("an edit renamed the rule")
	}
	// The same form again, on the old version: refused, input kept.
	a = b.post("/rules/dam/edit", edit)
	wantStatus(t, a, http.StatusUnprocessableEntity)
	wantBody(t, a, "đã được người khác sửa", `value="`+rulesVersion(rs, "dam")+`"`)

	// Disable from the rule's page.
	wantStatus(t, b.post("/rules/dam/disable", url.Values{"csrf": {csrf}, "base": {"stale"}}), http.StatusSeeOther)
	wantBody(t, b.get("/rules/dam"), "Quy tắc đã được người khác sửa; chưa tắt.")
	a = b.post("/rules/dam/disable", url.Values{"csrf": {csrf}, "base": {rulesVersion(rs, "dam")}})
	wantStatus(t, a, http.StatusSeeOther)
	wantBody(t, b.get("/rules"), "Đã tắt quy tắc", `data-disabled`)

	// A directory broken by hand: the reload shows every problem; an edit
	// is refused and its file put back.
	if err := os.WriteFile(filepath.Join(rs.dir, "broken.yaml"), []byte("- id: Bad\n  query: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, b.post("/rules/reload", url.Values{"csrf": {csrf}}), http.StatusSeeOther)
	a = b.get("/rules")
	wantBody(t, a, "Bộ quy tắc mới bị từ chối", "<code>broken.yaml:1:7</code>", "is not a slug")
	kept, _ := os.ReadFile(filepath.Join(rs.dir, "scam.yaml"))
	good.Set("base", rulesVersion(rs, "scam"))
	good.Set("owner", "someone")
	a = b.post("/rules/scam/edit", good)
	wantStatus(t, a, http.StatusUnprocessableEntity)
	wantBody(t, a, "tệp cũ đã được khôi phục", "broken.yaml:1:7: id &#34;Bad&#34; is not a slug", "broken.yaml:1:3: missing name", `value="someone"`)
	if now, _ := os.ReadFile(filepath.Join(rs.dir, "scam.yaml")); string(now) != string(kept) {
		t.Fatalf("scam.yaml not put back:\n%s", now)
	}
}

func TestRuleEditingOff(t *testing.T) {
	rs := newRulesSite(t, false)
	b := rs.browser(t)
	csrf := b.signIn("admin", "admin-pass")
	a := b.get("/rules")
	wantStatus(t, a, http.StatusOK)
	rulesNoRaw(t, a, `href="/rules/new"`, `/edit"`)
	wantBody(t, a, `data-form="reload"`)
	rulesNoRaw(t, b.get("/rules/dam"), "/edit", "/disable")
	wantStatus(t, b.get("/rules/dam/edit"), http.StatusNotFound)
	wantStatus(t, b.post("/rules/dam/disable", url.Values{"csrf": {csrf}}), http.StatusNotFound)
}
