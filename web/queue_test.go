package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"mediawatch"
)

// noScript fails when a crawled title reached the page as markup.
func noScript(t *testing.T, a answer) {
	t.Helper()
	if strings.Contains(a.body, "<script>alert") || strings.Contains(a.body, "<b>vỡ đập") {
		t.Errorf("%s: crawled markup reached the page unescaped", a.Request.URL.Path)
	}
}

func TestQueuePageRoles(t *testing.T) {
	qs := newQueueSite(t)

	anon := qs.browser(t)
	a := anon.get("/queue")
	wantStatus(t, a, http.StatusSeeOther)
	if loc := a.Header.Get("Location"); loc != "/login?next=%2Fqueue" {
		t.Errorf("stranger sent to %q", loc)
	}

	viewer := qs.browser(t)
	viewer.signIn("lan", "mật-khẩu-đúng")
	a = viewer.get("/queue")
	wantStatus(t, a, http.StatusOK)
	wantBody(t, a, `data-total="3"`, `data-open="3"`, fmt.Sprintf(`data-story-id="%d"`, qs.critical),
		"&lt;script&gt;alert(1)&lt;/script&gt;", "nghiêm trọng", "2 nguồn đăng", "Báo Sơn La, tinmoi", "nghiêm trọng: quy tắc “Tin đồn thảm họa bịa đặt”",
		`href="/queue"`, "06/12/2026")
	noScript(t, a)
	if strings.Contains(a.body, `data-form="review"`) || strings.Contains(a.body, `data-form="assign-me"`) {
		t.Error("a viewer is shown review forms")
	}
	// The most urgent first: critical, then high, then low.
	order := regexp.MustCompile(`data-story-id="(\d+)"`).FindAllStringSubmatch(a.body, -1)
	if len(order) != 3 || order[0][1] != fmt.Sprint(qs.critical) || order[2][1] != fmt.Sprint(qs.low) {
		t.Errorf("queue order %v", order)
	}

	editor := qs.browser(t)
	editor.signIn("minh", "editor-pass")
	a = editor.get("/queue")
	wantStatus(t, a, http.StatusOK)
	wantBody(t, a, `data-form="review"`, `data-form="assign-me"`, "Nhận xử lý", `name="version" value="1"`)
}

func TestQueueFilters(t *testing.T) {
	qs := newQueueSite(t)
	b := qs.browser(t)
	b.signIn("hoa", "editor-pass")
	for _, tc := range []struct {
		query string
		want  []int64
	}{
		{"?severity=critical", []int64{qs.critical}},
		{"?severity=high", []int64{qs.critical, qs.high}},
		{"?assignee=%40mine", []int64{qs.low}},
		{"?assignee=%40unassigned", []int64{qs.critical, qs.high}},
		{"?assignee=hoa&severity=low", []int64{qs.low}},
		{"?assignee=minh", nil},
	} {
		a := b.get("/queue" + tc.query)
		wantStatus(t, a, http.StatusOK)
		var got []int64
		for _, m := range regexp.MustCompile(`data-story-id="(\d+)"`).FindAllStringSubmatch(a.body, -1) {
			var id int64
			fmt.Sscan(m[1], &id)
			got = append(got, id)
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%s: stories %v, want %v", tc.query, got, tc.want)
		}
		wantBody(t, a, fmt.Sprintf(`data-total="%d"`, len(tc.want)), `data-open="3"`)
	}
	a := b.get("/queue?assignee=minh")
	wantBody(t, a, "Không có câu chuyện nào khớp bộ lọc này.", "Bỏ lọc")
	a = b.get("/queue?severity=urgent")
	wantStatus(t, a, http.StatusBadRequest)
	wantBody(t, a, "Mức độ trong bộ lọc không hợp lệ", `data-total="3"`)
	a = b.get("/queue?severity=high", "Accept-Language", "en")
	wantBody(t, a, "Chỉ nghiêm trọng") // hoa's own language wins over the browser's
}

func TestStoryPage(t *testing.T) {
	qs := newQueueSite(t)
	b := qs.browser(t)
	csrf := b.signIn("minh", "editor-pass")
	a := b.post(fmt.Sprintf("/stories/%d/review", qs.critical), url.Values{"csrf": {csrf}, "version": {"1"},
		"status": {"in_review"}, "note": {"Đang gọi <b>UBND</b> xã"}, "assignee": {"minh"}, "assignee_was": {""}})
	wantStatus(t, a, http.StatusSeeOther)
	a = b.post(fmt.Sprintf("/stories/%d/review", qs.critical), url.Values{"csrf": {csrf}, "version": {"2"},
		"status": {"responded"}, "response_url": {"https://sotttt.sonla.gov.vn/cai-chinh"}})
	wantStatus(t, a, http.StatusSeeOther)

	viewer := qs.browser(t)
	viewer.signIn("lan", "mật-khẩu-đúng")
	a = viewer.get(fmt.Sprintf("/stories/%d", qs.critical))
	wantStatus(t, a, http.StatusOK)
	wantBody(t, a, fmt.Sprintf(`data-story-id="%d"`, qs.critical), "&lt;script&gt;alert(1)&lt;/script&gt;",
		`href="/items/`, "Báo Sơn La", "tinmoi", "Tin đồn thảm họa bịa đặt", "Dẫn thông báo của Ban Chỉ huy PCTT", "&lt;b&gt;vỡ đập&lt;/b&gt;", "nghiêm trọng",
		`data-who="minh"`, "chuyển từ “Mới” sang “Đang xử lý”", "giao cho minh", "Đang gọi &lt;b&gt;UBND&lt;/b&gt; xã",
		`<a href="https://sotttt.sonla.gov.vn/cai-chinh" rel="noopener noreferrer" target="_blank">`,
		`href="https://baosonla.vn/a" rel="noopener noreferrer"`, "Đã phản hồi", "chỉ biên tập viên")
	noScript(t, a)
	if strings.Contains(a.body, `data-form="review"`) {
		t.Error("a viewer is shown the review form")
	}
	a = b.get(fmt.Sprintf("/stories/%d", qs.critical))
	wantBody(t, a, `data-form="review"`, `name="version" value="3"`)

	wantStatus(t, viewer.get("/stories/999"), http.StatusNotFound)
	wantStatus(t, viewer.get("/stories/abc"), http.StatusNotFound)
	wantStatus(t, viewer.get("/stories/0"), http.StatusNotFound)
}

func TestReviewRefusals(t *testing.T) {
	qs := newQueueSite(t)
	path := fmt.Sprintf("/stories/%d/review", qs.high)

	viewer := qs.browser(t)
	csrf := viewer.signIn("lan", "mật-khẩu-đúng")
	wantStatus(t, viewer.post(path, url.Values{"csrf": {csrf}, "version": {"1"}, "status": {"in_review"}}), http.StatusForbidden)

	editor := qs.browser(t)
	csrf = editor.signIn("minh", "editor-pass")
	wantStatus(t, editor.post(path, url.Values{"version": {"1"}, "status": {"in_review"}}), http.StatusForbidden)
	wantStatus(t, editor.post(path, url.Values{"csrf": {"0123"}, "version": {"1"}, "status": {"in_review"}}), http.StatusForbidden)
	if s := qs.story(t, qs.high); s.Version != 1 || s.Status != mediawatch.FlagNew {
		t.Fatalf("a refused post changed the story: %+v", s)
	}

	wantStatus(t, editor.post(path, url.Values{"csrf": {csrf}, "status": {"in_review"}}), http.StatusBadRequest)
	wantStatus(t, editor.post("/stories/999/review", url.Values{"csrf": {csrf}, "version": {"1"}, "note": {"x"}}), http.StatusNotFound)

	// A refused form is drawn again with what was typed.
	a := editor.post(path, url.Values{"csrf": {csrf}, "version": {"1"}, "status": {"responded"}, "note": {"đã đăng <i>cải chính</i>"}})
	wantStatus(t, a, http.StatusUnprocessableEntity)
	wantBody(t, a, "phải nhập đường dẫn bài phản hồi", "đã đăng &lt;i&gt;cải chính&lt;/i&gt;</textarea>",
		`<option value="responded" selected>`)
	a = editor.post(path, url.Values{"csrf": {csrf}, "version": {"1"}, "status": {"responded"}, "response_url": {"javascript:alert(1)"}})
	wantStatus(t, a, http.StatusUnprocessableEntity)
	wantBody(t, a, "http:// hoặc https://")
	a = editor.post(path, url.Values{"csrf": {csrf}, "version": {"1"}})
	wantStatus(t, a, http.StatusUnprocessableEntity)
	wantBody(t, a, "Chưa có gì để lưu")
	// A move the workflow forbids (new → responded needs in review first).
	a = editor.post(path, url.Values{"csrf": {csrf}, "version": {"1"}, "status": {"responded"}, "response_url": {"https://a.example/x"}})
	wantStatus(t, a, http.StatusConflict)
	wantBody(t, a, "không thể chuyển", `value="https://a.example/x"`)
	if s := qs.story(t, qs.high); s.Version != 1 {
		t.Fatalf("refused forms changed the story: %+v", s)
	}
}

func TestQueueAssignAndWorkflow(t *testing.T) {
	qs := newQueueSite(t)
	b := qs.browser(t)
	csrf := b.signIn("minh", "editor-pass")
	path := fmt.Sprintf("/stories/%d/review", qs.high)
	a := b.post(path, url.Values{"csrf": {csrf}, "version": {"1"}, "assignee": {"minh"}, "assignee_was": {""},
		"back": {"/queue?severity=high"}})
	wantStatus(t, a, http.StatusSeeOther)
	if loc := a.Header.Get("Location"); loc != "/queue?severity=high" {
		t.Errorf("after saving: sent to %q", loc)
	}
	wantBody(t, b.get("/queue?severity=high"), "Đã lưu thay đổi.", "Bạn đang phụ trách")
	a = b.post(path, url.Values{"csrf": {csrf}, "version": {"2"}, "status": {"in_review"}, "back": {"https://evil.example/"}})
	wantStatus(t, a, http.StatusSeeOther)
	if loc := a.Header.Get("Location"); loc != fmt.Sprintf("/stories/%d", qs.high) {
		t.Errorf("a foreign back= sent to %q", loc)
	}
	a = b.post(path, url.Values{"csrf": {csrf}, "version": {"3"}, "status": {"responded"}, "response_url": {"https://sotttt.example/tra-loi"}})
	wantStatus(t, a, http.StatusSeeOther)
	s := qs.story(t, qs.high)
	if s.Status != mediawatch.FlagResponded || s.Assignee != "minh" || s.ResponseURL != "https://sotttt.example/tra-loi" {
		t.Fatalf("story after the workflow: %+v", s)
	}
	events, _ := qs.db.StoryEvents(t.Context(), qs.high)
	for _, ev := range events {
		if ev.Who != "minh" {
			t.Errorf("event %+v not by minh", ev)
		}
	}
	wantBody(t, b.get("/queue"), `data-total="2"`) // answered, it leaves the queue
}

// TestReviewConflict is two editors on one story: the second, on the page
// read before the first one's change, sees what changed, keeps what they
// typed, and saves on re-sending.
func TestReviewConflict(t *testing.T) {
	qs := newQueueSite(t)
	path := fmt.Sprintf("/stories/%d/review", qs.critical)
	minh, hoa := qs.browser(t), qs.browser(t)
	c1, c2 := minh.signIn("minh", "editor-pass"), hoa.signIn("hoa", "editor-pass")
	wantStatus(t, minh.post(path, url.Values{"csrf": {c1}, "version": {"1"}, "status": {"in_review"}, "note": {"Tôi đang xác minh với huyện"}}), http.StatusSeeOther)

	a := hoa.post(path, url.Values{"csrf": {c2}, "version": {"1"}, "status": {"dismissed"}, "note": {"Tin cũ, bỏ qua"},
		"assignee": {"hoa"}, "assignee_was": {""}})
	wantStatus(t, a, http.StatusConflict)
	wantBody(t, a, "data-conflict", "vừa được người khác thay đổi", `data-who="minh"`, "Tôi đang xác minh với huyện",
		"chuyển từ “Mới” sang “Đang xử lý”", "Tin cũ, bỏ qua</textarea>", `name="version" value="2"`,
		`<option value="dismissed" selected>`, `name="assignee" type="text" value="hoa"`, "Câu chuyện hiện giờ: Đang xử lý, phiên bản 2.")
	if s := qs.story(t, qs.critical); s.Version != 2 || s.Status != mediawatch.FlagInReview {
		t.Fatalf("the stale change was applied: %+v", s)
	}
	wantStatus(t, hoa.post(path, url.Values{"csrf": {c2}, "version": {"2"}, "status": {"dismissed"}, "note": {"Tin cũ, bỏ qua"},
		"assignee": {"hoa"}, "assignee_was": {""}}), http.StatusSeeOther)
	s := qs.story(t, qs.critical)
	if s.Status != mediawatch.FlagDismissed || s.Assignee != "hoa" || s.Version != 3 {
		t.Fatalf("after re-sending: %+v", s)
	}
	wantBody(t, minh.get(fmt.Sprintf("/stories/%d", qs.critical)), `data-who="minh"`, `data-who="hoa"`)
}

// TestReviewConflictKeepsColleaguesAssignee: an assignee the editor did
// not touch follows the colleague's change instead of reverting it.
func TestReviewConflictKeepsColleaguesAssignee(t *testing.T) {
	f := reviewForm{Version: 1, Assignee: "", AssigneeWas: "", HasAssignee: true, Note: "x"}
	got := f.redrawn(mediawatch.Story{Version: 2, Assignee: "minh"})
	if got.Assignee != "minh" || got.AssigneeWas != "minh" || got.Version != 2 || got.assigns() {
		t.Errorf("untouched assignee after a conflict: %+v", got)
	}
	f.Assignee = "hoa"
	if got := f.redrawn(mediawatch.Story{Version: 2, Assignee: "minh"}); got.Assignee != "hoa" || !got.assigns() {
		t.Errorf("typed assignee after a conflict: %+v", got)
	}
}

func TestHintIn(t *testing.T) {
	h := "VI: Dẫn thông báo của tỉnh.\nĐăng cải chính.\nEN: Cite the province's notice."
	if got := hintIn("vi", h); got != "Dẫn thông báo của tỉnh.\nĐăng cải chính." {
		t.Errorf("vi: %q", got)
	}
	if got := hintIn("en", h); got != "Cite the province's notice." {
		t.Errorf("en: %q", got)
	}
	if got := hintIn("en", " Gọi cho phóng viên. "); got != "Gọi cho phóng viên." {
		t.Errorf("one language: %q", got)
	}
}

// TestQueueTakeOverAsks: taking a colleague's story asks first (with
// JavaScript; without it the button works as is).
func TestQueueTakeOverAsks(t *testing.T) {
	qs := newQueueSite(t)
	b := qs.browser(t)
	b.signIn("minh", "editor-pass")
	wantBody(t, b.get("/queue"), `data-confirm="hoa đang phụ trách câu chuyện này. Bạn nhận thay?"`)
}

func TestQueuePaging(t *testing.T) {
	qs := newQueueSite(t)
	for i := range queuePerPage {
		qs.add(t, 0, "baosonla", fmt.Sprintf("https://baosonla.vn/p%d", i), fmt.Sprintf("Tin thứ %d", i), 4*time.Hour,
			mediawatch.SeverityMedium, "land-claim")
	}
	b := qs.browser(t)
	b.signIn("lan", "mật-khẩu-đúng")
	ids := regexp.MustCompile(`data-story-id="(\d+)"`)
	a := b.get("/queue")
	wantBody(t, a, fmt.Sprintf(`data-total="%d"`, queuePerPage+3), `rel="next"`, "Trang 1 / 2")
	first := ids.FindAllStringSubmatch(a.body, -1)
	a = b.get("/queue?page=2")
	second := ids.FindAllStringSubmatch(a.body, -1)
	if len(first) != queuePerPage || len(second) != 3 || second[2][1] != fmt.Sprint(qs.low) {
		t.Errorf("pages of %d and %d stories; last %v", len(first), len(second), second)
	}
}

// TestQueueRaisedConfirm: a story answered that keeps spreading comes back
// to the queue saying so, and an editor confirms the answer without typing
// its link again.
func TestQueueRaisedConfirm(t *testing.T) {
	qs := newQueueSite(t)
	b := qs.browser(t)
	csrf := b.signIn("minh", "editor-pass")
	path := fmt.Sprintf("/stories/%d/review", qs.high)
	wantStatus(t, b.post(path, url.Values{"csrf": {csrf}, "version": {"1"}, "status": {"in_review"}}), http.StatusSeeOther)
	wantStatus(t, b.post(path, url.Values{"csrf": {csrf}, "version": {"2"}, "status": {"responded"},
		"response_url": {"https://sotttt.example/a"}}), http.StatusSeeOther)
	qs.add(t, qs.high, "baosonla", "https://baosonla.vn/lai", "Thu hồi đất trái phép ở Mộc Châu (đăng lại)", -time.Minute,
		mediawatch.SeverityHigh, "land-claim")
	s := qs.story(t, qs.high)
	if s.RaisedAt.IsZero() {
		t.Fatalf("not raised: %+v", s)
	}
	a := b.get("/queue")
	wantBody(t, a, "Tiếp tục lan truyền sau khi đã xử lý", `<option value="responded">Xác nhận “Đã phản hồi”</option>`)
	wantStatus(t, b.post(path, url.Values{"csrf": {csrf}, "version": {fmt.Sprint(s.Version)}, "status": {"responded"},
		"status_was": {"responded"}}), http.StatusSeeOther)
	if s := qs.story(t, qs.high); !s.RaisedAt.IsZero() || s.ResponseURL != "https://sotttt.example/a" {
		t.Fatalf("after confirming: %+v", s)
	}
}
