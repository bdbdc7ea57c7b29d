package web

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestAlertsPage: the alerts of the last day, newest first, each in the
// reader's language with the pages it is about; a crawled label stays
// text; the kind filter narrows the list; strangers sign in first.
func TestAlertsPage(t *testing.T) {
	site := newAdminSite(t)
	a := site.browser(t).get("/alerts")
	wantStatus(t, a, http.StatusSeeOther)

	vi := site.browser(t)
	vi.signIn(viewerName, viewerPass)
	a = vi.get("/alerts")
	wantStatus(t, a, http.StatusOK)
	wantOrder(t, a.body, `data-alert-id="source-fixture-silent"`, `data-alert-id="spike-term-fixture"`,
		`data-alert-id="spike-rule-dam-rumour-1h-fixture"`, `data-alert-id="flag-fixture"`)
	wantBody(t, a, `data-total="4"`, "Tăng đột biến: quy tắc “Tin đồn thảm họa bịa đặt” có 12 bài trong giờ qua, bình thường 1,5",
		"Tăng đột biến: từ khóa “vỡ đập” có 30 bài trong ngày qua, bình thường 4", "Cờ mới, mức nghiêm trọng",
		`href="/sources">Tình trạng các nguồn</a>`, `href="/rules/dam-rumour">Quy tắc</a>`, "Câu chuyện #",
		`href="/search?q=%22v%E1%BB%A1&#43;%C4%91%E1%BA%ADp%22">Tìm các bài</a>`, `aria-current="page"`,
		"&lt;img src=x onerror=alert(1)&gt;")
	// Each story link says which story: its number, as the queue and the
	// story page name it.
	if !regexp.MustCompile(`href="/stories/(\d+)">Câu chuyện #(\d+)</a>`).MatchString(a.body) {
		t.Error("a spike's story links do not name their stories")
	}
	if strings.Contains(a.body, "<img src=x") {
		t.Fatal("a crawled label was not escaped")
	}
	a = vi.get("/alerts?kind=spike&hours=168")
	wantStatus(t, a, http.StatusOK)
	wantBody(t, a, `data-total="2"`, `<option value="spike" selected>`, `<option value="168" selected>`)
	if strings.Contains(a.body, `data-alert-id="flag-fixture"`) {
		t.Error("kind=spike lists a flag")
	}
	a = vi.get("/alerts?kind=nonsense&hours=5")
	wantStatus(t, a, http.StatusOK)
	wantBody(t, a, `data-total="4"`)

	en := site.browser(t)
	en.signIn(editorName, editorPass)
	a = en.get("/alerts")
	wantBody(t, a, "Spike: rule “", "had 12 items in the last hour, usually 1.5", "New flag, critical",
		"Source silent", `href="/sources">Sources&#39; health</a>`)
}
