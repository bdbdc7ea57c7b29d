package web

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/chromedp"

	"mediawatch"
	"mediawatch/store"
)

// The screenshots' site reads as a real morning's queue.
const readableTitle = "Tin đồn vỡ đập thủy điện Nậm Chiến: chính quyền chưa hề xác nhận"

var readableOutlets = map[string]string{"baosonla": "Báo Sơn La", "tinmoi": "Tin Mới 24h"}

// TestBrowserReviewConflict: two editors open the same story at once; the
// first moves it to in review with a note; the second, still on the page
// read before, types a note and changes the status → sees the conflict
// with the first one's change and their own note still in the box;
// re-sends → saved, and the history names both.
func TestBrowserReviewConflict(t *testing.T) {
	ctx := newBrowser(t)
	other := secondBrowser(t, ctx)
	qs := buildQueueSite(t, readableTitle, readableOutlets)
	base := qs.srv.URL
	story := fmt.Sprintf("%s/stories/%d", base, qs.critical)
	signInBrowser(t, ctx, base, "minh", "editor-pass")
	signInBrowser(t, other, base, "hoa", "editor-pass")
	visit(t, ctx, story)
	visit(t, other, story)

	run(t, ctx, chromedp.SetValue(chromedp.CSS("#status"), "in_review"),
		chromedp.SendKeys(chromedp.CSS("#note"), "Đang xác minh với UBND huyện"))
	clickAndWaitLoad(t, ctx, `form[data-form="review"] button[type="submit"]`)
	waitText(t, ctx, ".flash", "Đã lưu thay đổi.")

	typed := "Tin cũ từ năm 2019, đề nghị bỏ qua"
	run(t, other, chromedp.SetValue(chromedp.CSS("#status"), "dismissed"),
		chromedp.SendKeys(chromedp.CSS("#note"), typed))
	clickAndWaitLoad(t, other, `form[data-form="review"] button[type="submit"]`)
	waitFor(t, other, `document.querySelector("[data-conflict]")`)
	waitText(t, other, ".errors", "vừa được người khác thay đổi")
	waitText(t, other, `[data-conflict] [data-who="minh"]`, "Đang xác minh với UBND huyện")
	if v := eval[string](t, other, `document.querySelector("#note").value`); v != typed {
		t.Fatalf("the typed note after the conflict: %q", v)
	}
	if v := eval[string](t, other, `document.querySelector("#status").value`); v != "dismissed" {
		t.Fatalf("the chosen status after the conflict: %q", v)
	}
	checkAxe(t, other)
	setViewport360(t, other)
	assertNoSidewaysScroll(t, other)
	screenshot(t, other, "story-conflict")

	clickAndWaitLoad(t, other, `form[data-form="review"] button[type="submit"]`)
	waitText(t, other, ".flash", "Đã lưu thay đổi.")
	waitText(t, other, "[data-history]", "minh")
	waitText(t, other, "[data-history]", "hoa")
	waitText(t, other, "[data-history]", typed)
	if st := eval[string](t, other, `document.querySelector("[data-story-id]").dataset.status`); st != "dismissed" {
		t.Fatalf("status after re-sending: %s", st)
	}
}

// TestBrowserQueueWorkflow takes a story new → in review → responded from
// the queue, the way an editor does in the morning.
func TestBrowserQueueWorkflow(t *testing.T) {
	ctx := newBrowser(t)
	qs := buildQueueSite(t, readableTitle, readableOutlets)
	base := qs.srv.URL
	signInBrowser(t, ctx, base, "minh", "editor-pass")
	visit(t, ctx, base+"/queue")
	waitFor(t, ctx, `document.querySelector("[data-total]").dataset.total === "3"`)
	screenshot(t, ctx, "queue")

	entry := fmt.Sprintf("#story-%d", qs.high)
	clickAndWaitLoad(t, ctx, entry+` form[data-form="assign-me"] button`)
	waitText(t, ctx, entry+" [data-assignee]", "minh")

	run(t, ctx, chromedp.Click(chromedp.CSS(entry+" summary")),
		chromedp.SetValue(chromedp.CSS(entry+" select[name=status]"), "in_review"),
		chromedp.SendKeys(chromedp.CSS(entry+" textarea[name=note]"), "Đã liên hệ phóng viên"))
	clickAndWaitLoad(t, ctx, entry+` form[data-form="review"] button[type="submit"]`)
	waitFor(t, ctx, fmt.Sprintf(`document.querySelector(%q).dataset.status === "in_review"`, entry))

	// Responded without the link is refused with the reason, then saved with it.
	run(t, ctx, chromedp.Click(chromedp.CSS(entry+" summary")),
		chromedp.SetValue(chromedp.CSS(entry+" select[name=status]"), "responded"))
	clickAndWaitLoad(t, ctx, entry+` form[data-form="review"] button[type="submit"]`)
	waitText(t, ctx, ".errors", "phải nhập đường dẫn bài phản hồi")
	run(t, ctx, chromedp.SendKeys(chromedp.CSS("#response_url"), "https://sotttt.sonla.gov.vn/cai-chinh-thu-hoi-dat"))
	clickAndWaitLoad(t, ctx, `form[data-form="review"] button[type="submit"]`)
	waitText(t, ctx, ".flash", "Đã lưu thay đổi.")
	visit(t, ctx, base+"/queue")
	waitFor(t, ctx, `document.querySelector("[data-total]").dataset.total === "2"`)

	visit(t, ctx, fmt.Sprintf("%s/stories/%d", base, qs.high))
	waitText(t, ctx, "[data-response]", "https://sotttt.sonla.gov.vn/cai-chinh-thu-hoi-dat")
	if rel := eval[string](t, ctx, `document.querySelector("[data-response] a").rel`); rel != "noopener noreferrer" {
		t.Errorf("answer link rel=%q", rel)
	}
	waitText(t, ctx, "[data-history]", "sang “Đã phản hồi”")
	// The story page as it reads mid-morning: taken, in review, a note.
	minh, hoa := mediawatch.Actor{Kind: mediawatch.ActorPerson, Name: "minh"}, "hoa"
	if _, err := qs.desk.ReviewStory(t.Context(), minh, qs.critical, store.StoryChange{Version: 1,
		Status: mediawatch.FlagInReview, Assignee: &hoa, Note: "Hoa gọi Ban Chỉ huy PCTT huyện Mường Lay để xác minh."}); err != nil {
		t.Fatal(err)
	}
	visit(t, ctx, fmt.Sprintf("%s/stories/%d", base, qs.critical))
	waitText(t, ctx, "[data-history]", "Mường Lay")
	screenshot(t, ctx, "story")
}

// TestBrowserQueueAccessible: axe finds nothing serious on the queue and
// story pages in Vietnamese and English; at 360 px nothing scrolls
// sideways; the hostile title stays text and opens no dialog.
func TestBrowserQueueAccessible(t *testing.T) {
	ctx := newBrowser(t)
	qs := newQueueSite(t)
	base := qs.srv.URL
	var dialogs atomic.Int32
	if err := chromedp.Listen(ctx, func(ev any) {
		if strings.Contains(fmt.Sprintf("%T", ev), "EventJavascriptDialogOpening") {
			dialogs.Add(1)
		}
	}); err != nil {
		t.Fatal(err)
	}
	story := fmt.Sprintf("%s/stories/%d", base, qs.critical)
	for _, who := range []struct{ name, lang string }{{"minh", "vi"}, {"mai", "en"}} {
		signInBrowser(t, ctx, base, who.name, "editor-pass")
		for _, u := range []string{base + "/queue", story} {
			visit(t, ctx, u)
			if lang := eval[string](t, ctx, "document.documentElement.lang"); lang != who.lang {
				t.Errorf("%s as %s: page language %q", u, who.name, lang)
			}
			if !strings.Contains(eval[string](t, ctx, `document.querySelector("main").innerText`), "<script>alert(1)</script>") {
				t.Errorf("%s: the hostile title is not shown as text", u)
			}
			checkAxe(t, ctx)
		}
		run(t, ctx, chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)))
		waitFor(t, ctx, `location.pathname === "/login"`)
	}
	signInBrowser(t, ctx, base, "minh", "editor-pass")
	setViewport360(t, ctx)
	for _, u := range []string{base + "/queue", story} {
		visit(t, ctx, u)
		run(t, ctx, chromedp.Click(chromedp.CSS("details.qchange summary, #status")))
		assertNoSidewaysScroll(t, ctx)
	}
	if n := dialogs.Load(); n != 0 {
		t.Errorf("%d dialogs opened", n)
	}
}
