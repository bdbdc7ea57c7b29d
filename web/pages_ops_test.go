package web

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"mediawatch/desk"
)

// order finds each part in body in turn and fails when one is missing or
// comes before the one named before it.
func wantOrder(t *testing.T, body string, parts ...string) {
	t.Helper()
	at := 0
	for _, p := range parts {
		i := strings.Index(body[at:], p)
		if i < 0 {
			t.Fatalf("%q missing or out of order (after byte %d)", p, at)
		}
		at += i + len(p)
	}
}

func TestSourcesPage(t *testing.T) {
	site := newOpsSite(t, false, hostile)
	// Strangers sign in first.
	a := site.browser(t).get("/sources")
	wantStatus(t, a, http.StatusSeeOther)
	if a.Header.Get("Location") != "/login?next=%2Fsources" {
		t.Fatalf("stranger sent to %q", a.Header.Get("Location"))
	}
	b := site.browser(t)
	b.signIn("lan", "mật-khẩu-đúng") // a viewer, in Vietnamese
	a = b.get("/sources")
	wantStatus(t, a, http.StatusOK)
	// Failing first, then silent, recovered, ok, disabled.
	wantOrder(t, a.body, `data-source="baotaybac" data-state="failing"`, `data-source="dienbien" data-state="silent"`,
		`data-source="moclan" data-state="recovered"`, `data-source="baosonla" data-state="ok"`,
		`data-source="laichau" data-state="disabled"`)
	wantBody(t, a, `data-total="5"`, "5 nguồn: 1 đang lỗi, 1 im lặng, 1 đã hồi phục, 1 ổn định, 1 đã tắt.",
		"Lỗi 4 lần liên tiếp", "Báo Sơn La", "Lưu ý: danh sách bị cắt: chỉ lấy 1000 trong 1400 liên kết",
		"Không có tin nào trong 7 ngày qua, trong khi trung bình 28 ngày là 0,04 tin mỗi ngày.",
		"Đọc lại bình thường từ 06/12/2026 07:05.", "trừ 1,5 độ lệch chuẩn",
		`href="https://baosonla.example/rss" rel="noopener noreferrer" target="_blank"`, `aria-current="page"`)
	// The hostile error stays text (no recognised form: shown as stored),
	// and a javascript: URL is no link.
	if strings.Contains(a.body, hostile) || strings.Contains(a.body, `href="javascript:`) {
		t.Fatal("hostile error or URL not escaped")
	}
	wantBody(t, a, "&lt;script&gt;alert(1)&lt;/script&gt;")
	// Items a day over 7 and 28 days, and the 28 days drawn: baosonla's
	// two items came yesterday (5 December).
	if !regexp.MustCompile(`data-source="baosonla"[\s\S]*?data-means="0.29/0.07"[\s\S]*?data-days="28"[\s\S]*?<title>05/12/2026: 2 tin</title>`).MatchString(a.body) {
		t.Error("baosonla's counts are wrong")
	}
	// English for an English reader.
	e := site.browser(t)
	e.signIn("minh", "editor-pass")
	wantBody(t, e.get("/sources"), "5 sources: 1 failing, 1 silent, 1 recovered, 1 ok, 1 disabled.", "Failed 4 times in a row",
		"Note: listing cut: 1000 of 1400 links taken", "No item in the last 7 days, against 28 days&#39; mean of 0.04 a day.", "Back to normal since")
}

func TestReportsList(t *testing.T) {
	site := newOpsSite(t, true, hostile)
	b := site.browser(t)
	b.signIn("lan", "mật-khẩu-đúng")
	a := b.get("/reports")
	wantStatus(t, a, http.StatusOK)
	wantBody(t, a, "Chưa có báo cáo nào được lưu", `value="2026-12-05"`) // yesterday in Hanoi
	if strings.Contains(a.body, "/send") {
		t.Fatal("a viewer is offered send again")
	}
	// The box opens a day; a bad date says so in the reader's language.
	a = b.get("/reports?date=2026-12-05")
	wantStatus(t, a, http.StatusSeeOther)
	if a.Header.Get("Location") != "/reports/2026-12-05" {
		t.Fatalf("box goes to %q", a.Header.Get("Location"))
	}
	a = b.get("/reports?date=" + url.QueryEscape("5/12/2026"))
	wantStatus(t, a, http.StatusBadRequest)
	wantBody(t, a, "Ngày không hợp lệ.")
	// Once the day's job has run, the list shows it, newest first.
	if err := site.desk.ProduceReport(t.Context(), "2026-12-04"); err != nil {
		t.Fatal(err)
	}
	if err := site.desk.ProduceReport(t.Context(), "2026-12-05"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(site.dir, "notes.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	a = b.get("/reports")
	wantBody(t, a, `data-total="2"`, "Báo cáo ngày 05/12/2026", "Đã lập và gửi thư.",
		`href="/reports/2026-12-05/csv"`, `href="/reports/2026-12-05/json"`, `href="/reports/2026-12-05/md"`)
	wantOrder(t, a.body, `data-date="2026-12-05"`, `data-date="2026-12-04"`)
}

func TestReportPage(t *testing.T) {
	site := newOpsSite(t, true, hostile)
	b := site.browser(t)
	b.signIn("lan", "mật-khẩu-đúng")
	a := b.get("/reports/2026-12-05")
	wantStatus(t, a, http.StatusOK)
	wantBody(t, a, `data-report-date="2026-12-05">05/12/2026 · lập lúc 06/12/2026 07:05`, `data-items="2"`, `data-flagged="1"`,
		"nghiêm trọng", "&lt;script&gt;alert(1)&lt;/script&gt; Tin đồn vỡ đập thủy điện Sơn La", `href="/reports/2026-12-05/csv"`,
		"Ngày này chưa có bản lưu")
	if strings.Contains(a.body, hostile) {
		t.Fatal("hostile title not escaped")
	}
	if strings.Contains(a.body, `action="/reports/2026-12-05/send"`) {
		t.Fatal("a viewer sees send again")
	}
	// A day with nothing says so plainly; a bad date is a 400 page.
	wantBody(t, b.get("/reports/2026-11-01"), "không có tin nào được thu thập")
	for _, bad := range []string{"/reports/2026-02-30", "/reports/yesterday", "/reports/0001-01-01", "/reports/2026-12-05x/csv"} {
		a = b.get(bad)
		wantStatus(t, a, http.StatusBadRequest)
		wantBody(t, a, "Ngày không hợp lệ.")
	}
	wantStatus(t, b.get("/reports/2026-12-05/pdf"), http.StatusNotFound)
	wantStatus(t, b.get("/reports/2026-12-05/CSV"), http.StatusNotFound)
	// In English for an English reader.
	e := site.browser(t)
	e.signIn("minh", "editor-pass")
	wantBody(t, e.get("/reports/2026-12-05"), ">5 Dec 2026 · made at 6 Dec 2026, 07:05", "critical", `data-story-id=`)
}

func TestReportDownloads(t *testing.T) {
	site := newOpsSite(t, false, hostile)
	b := site.browser(t)
	b.signIn("minh", "editor-pass")
	for _, tc := range []struct{ format, ctype, start string }{
		{"csv", "text/csv; charset=utf-8", "\ufeffdate,item_id"},
		{"json", "application/json", "{"},
		{"md", "text/markdown; charset=utf-8", "#"},
		{"html", "text/html; charset=utf-8", "<!"},
	} {
		a := b.get("/reports/2026-12-05/" + tc.format)
		wantStatus(t, a, http.StatusOK)
		if a.Header.Get("Content-Type") != tc.ctype {
			t.Errorf("%s: content type %q", tc.format, a.Header.Get("Content-Type"))
		}
		if cd := a.Header.Get("Content-Disposition"); cd != `attachment; filename="mediawatch-report-2026-12-05.`+tc.format+`"` {
			t.Errorf("%s: disposition %q", tc.format, cd)
		}
		if !strings.HasPrefix(a.body, tc.start) {
			t.Errorf("%s starts %.40q", tc.format, a.body)
		}
		if a.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", tc.format)
		}
	}
	// Made now, in the reader's language (English); the archive's copy
	// once kept (the configured language, Vietnamese).
	wantBody(t, b.get("/reports/2026-12-05/md"), "Daily report")
	if err := site.desk.ProduceReport(t.Context(), "2026-12-05"); err != nil {
		t.Fatal(err)
	}
	wantBody(t, b.get("/reports/2026-12-05/md"), "Báo cáo")
	wantBody(t, b.get("/reports"), "Made and kept (report e-mail is not configured).") // no mailer here
}

func TestReportResend(t *testing.T) {
	site := newOpsSite(t, true, hostile)
	// A viewer and an editor cannot send; the form is not there for them.
	for _, who := range [][2]string{{"lan", "mật-khẩu-đúng"}, {"minh", "editor-pass"}} {
		b := site.browser(t)
		csrf := b.signIn(who[0], who[1])
		wantStatus(t, b.post("/reports/2026-12-05/send", url.Values{"csrf": {csrf}}), http.StatusForbidden)
	}
	admin := site.browser(t)
	csrf := admin.signIn("admin", "admin-pass")
	a := admin.get("/reports/2026-12-05")
	wantBody(t, a, `action="/reports/2026-12-05/send"`, `data-confirm="Gửi lại báo cáo ngày 05/12/2026`)
	// Without the CSRF token: refused, nothing sent.
	wantStatus(t, admin.post("/reports/2026-12-05/send", url.Values{}), http.StatusForbidden)
	if len(site.sink.Messages()) != 0 {
		t.Fatal("sent without a CSRF token")
	}
	a = admin.post("/reports/2026-12-05/send", url.Values{"csrf": {csrf}})
	wantStatus(t, a, http.StatusSeeOther)
	if a.Header.Get("Location") != "/reports/2026-12-05" || len(site.sink.Messages()) != 1 {
		t.Fatalf("resend: to %q, %d messages", a.Header.Get("Location"), len(site.sink.Messages()))
	}
	wantBody(t, admin.get("/reports/2026-12-05"), "Đã gửi lại báo cáo", "Các tệp tải về là bản đã lưu")
	wantStatus(t, admin.post("/reports/2026-99-05/send", url.Values{"csrf": {csrf}}), http.StatusBadRequest)
	wantBody(t, admin.get("/reports"), `data-date="2026-12-05"`, "Đã lập và gửi thư.")
}

func TestReportResendNoMailer(t *testing.T) {
	site := newOpsSite(t, false, hostile)
	admin := site.browser(t)
	csrf := admin.signIn("admin", "admin-pass")
	if strings.Contains(admin.get("/reports/2026-12-05").body, "/send") {
		t.Fatal("send again offered without a mailer")
	}
	a := admin.post("/reports/2026-12-05/send", url.Values{"csrf": {csrf}})
	wantStatus(t, a, http.StatusBadGateway)
	wantBody(t, a, "Chưa cấu hình gửi thư báo cáo")
}

func TestOpsPagesNeedADesk(t *testing.T) {
	site := newTestSite(t) // no Desk: the pages are not there, nor in the menu
	b := site.browser(t)
	b.signIn("lan", "mật-khẩu-đúng")
	wantStatus(t, b.get("/sources"), http.StatusNotFound)
	wantStatus(t, b.get("/reports"), http.StatusNotFound)
	ops := newOpsSite(t, false, hostile).browser(t)
	ops.signIn("lan", "mật-khẩu-đúng")
	wantBody(t, ops.get("/account"), `href="/sources"`, `href="/reports"`)
}

// TestOpsTexts checks the texts the sources page builds its keys for:
// every state, every problem form desk recognises, and the ages, in both
// languages.
func TestOpsTexts(t *testing.T) {
	keys := []string{"age.day", "age.day.one", "age.hour", "age.hour.one", "age.minute", "age.minute.one"}
	for _, st := range []string{"ok", "failing", "silent", "recovered", "disabled"} {
		keys = append(keys, "sources.state."+st)
	}
	for _, stored := range []string{
		"listing cut: 2 of 4 links taken (crawler.max_links is 2)", "the feed has no items",
		`the selector "a" matched no links on the page`, "the sitemap lists no pages",
		"3 of the index's sitemaps could not be read (see the crawl log)",
		"20 of the index's 31 sitemaps read (at most 20, and crawler.max_links is 1000)",
		"2 of 9 links refused: a private address outside the source's own host (first: http://10.1.2.3/tin)",
	} {
		p := desk.ExplainWarning(stored)[0]
		if p.Form == "" {
			t.Errorf("warning %q not recognised", stored)
		}
		keys = append(keys, "sources.problem."+p.Form)
		if got := problemText("vi", p); got == stored || strings.Contains(got, "%!") {
			t.Errorf("%q in Vietnamese: %q", stored, got)
		}
	}
	for _, stored := range []string{
		"fetch https://b.vn/rss: status 503, retry after 2m0s", "fetch https://b.vn/rss: status 404",
		"fetch https://b.vn/rss: redirect limit reached: status 302 to https://b.vn/x not followed (at most 5)",
		"fetch http://10.0.0.5/rss: dial tcp 10.0.0.5:80: private address refused",
		"fetch https://b.vn/rss: disallowed by robots.txt", "fetch https://b.vn/robots.txt: robots.txt unavailable (status 500)",
		"fetch https://b.vn/rss: host busy until 2026-12-06T09:00:00+07:00 (status 429)",
		"fetch https://b.vn/rss: response body too large", "fetch https://b.vn/rss: i/o timeout",
		"fetch https://b.vn/rss: connection refused", "fetch https://b.vn/rss: no such host",
		"fetch https://b.vn/rss: x509: certificate signed by unknown authority",
		"fetch https://b.vn/rss: not a feed", "fetch https://b.vn/sitemap.xml: not a sitemap",
		"this channel has no public web preview (t.me/s/kenhkin shows no posts)",
	} {
		p, ok := desk.ExplainError(stored)
		if !ok {
			t.Errorf("error %q not recognised", stored)
			continue
		}
		keys = append(keys, "sources.problem."+p.Form)
		for _, lang := range []string{"vi", "en"} {
			got := problemText(lang, p)
			if got == stored || strings.Contains(got, "%!") || (p.NamesURL && !strings.Contains(got, "://")) {
				t.Errorf("%q in %s: %q", stored, lang, got)
			}
		}
	}
	// A listing that parsed to nothing is an error whose English is the
	// stored text itself.
	for _, stored := range []string{"the feed has no items", "the channel's web preview shows no posts with text", "the listing gave no links",
		"the video feed lists no videos (a channel or playlist with none, or one taken down)", "the Reddit feed has no posts",
		"the Mastodon feed has no posts (a tag nobody used lately, or an account that posts nothing public)",
		"the Bluesky profile's feed has no posts"} {
		p, ok := desk.ExplainError(stored)
		if !ok {
			t.Errorf("error %q not recognised", stored)
			continue
		}
		keys = append(keys, "sources.problem."+p.Form)
		if got := problemText("vi", p); got == stored || strings.Contains(got, "%!") {
			t.Errorf("%q in Vietnamese: %q", stored, got)
		}
		if got := problemText("en", p); got != stored {
			t.Errorf("%q in English: %q", stored, got)
		}
	}
	for _, k := range keys {
		m, ok := messages[k]
		if !ok || m.vi == "" || m.en == "" {
			t.Errorf("text %s missing", k)
		}
	}
	if got := ageText("en", 25*time.Hour); got != "25 hours" {
		t.Errorf("25 h = %q", got)
	}
	if got := ageText("vi", 72*time.Hour); got != "3 ngày" {
		t.Errorf("72 h = %q", got)
	}
	if got := ageText("en", time.Minute); got != "1 minute" {
		t.Errorf("1 min = %q", got)
	}
}
