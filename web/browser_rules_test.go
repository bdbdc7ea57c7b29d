package web

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// moreDamItems are a month of coverage for the test page's chart: a few
// items a day mention the dam rumour, one in three of them a drill.
func moreDamItems() string {
	places := []string{"Mường La", "Bắc Yên", "Quỳnh Nhai", "Mộc Châu", "Sông Mã"}
	var b strings.Builder
	for day := 1; day <= 28; day++ {
		for k := 0; k < (day*7)%5; k++ {
			place := places[(day+k)%len(places)]
			title := fmt.Sprintf("Người dân %s hoang mang vì tin vỡ đập thủy điện", place)
			text := fmt.Sprintf("Sáng %d/11, tin vỡ đập ở %s, Sơn La lan truyền trên mạng xã hội (lần %d); chính quyền khẳng định công trình an toàn.", day, place, k+1)
			if (day+k)%3 == 0 {
				title = fmt.Sprintf("Sơn La diễn tập phương án vỡ đập ở %s", place)
				text = fmt.Sprintf("Ngày %d/11, diễn tập ứng phó sự cố vỡ đập tại %s, Sơn La (đợt %d).", day, place, k+1)
			}
			line, _ := json.Marshal(map[string]string{"url": fmt.Sprintf("https://baosonla.example/thang-11/%d-%d", day, k),
				"title": title, "text": text, "source": []string{"baosonla", "tinmoi", "nhandan"}[k%3], "lang": "vi",
				"published": fmt.Sprintf("2026-11-%02dT%02d:15:00+07:00", day, 7+k*3)})
			b.Write(line)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// officeRules are rules as an office would write them, for the screenshots.
const officeRules = `- id: dam
  name: {vi: Tin đồn vỡ đập thủy điện, en: Dam burst rumour}
  query: '"vỡ đập" -"diễn tập"'
  severity: critical
  category: tin đồn
  response_hint: "Sở Công Thương: các hồ đập trên địa bàn tỉnh vận hành an toàn — https://soct.sonla.example/thong-bao"
  owner: Phòng Thông tin – Báo chí

- id: land-seizure
  name: {vi: Tin sai về thu hồi đất, en: False land-seizure claims}
  query: '("thu hồi đất" OR "cưỡng chế") AND ("Mộc Châu" OR "Sông Mã")'
  severity: high
  category: xuyên tạc
  languages: [vi]
  response_hint: "Sở Tài nguyên và Môi trường: quyết định thu hồi đất công khai tại UBND huyện."
  owner: Phòng Thông tin – Báo chí

- id: scam
  name: {vi: Lừa đảo mạo danh cơ quan tỉnh, en: Scams in the province's name}
  query: '"lừa đảo" AND ("Sơn La" OR "son la")'
  severity: medium
  category: lừa đảo
  enabled: false
  owner: Công an tỉnh
`

// axeAnd360 checks the page with axe, then at 360 px for sideways
// scrolling, and goes back to the desktop size.
func rulesAxeAnd360(t *testing.T, ctx context.Context) {
	t.Helper()
	checkAxe(t, ctx)
	setViewport360(t, ctx)
	assertNoSidewaysScroll(t, ctx)
	run(t, ctx, chromedp.EmulateViewport(1280, 900))
}

func TestBrowserRules(t *testing.T) {
	ctx := newBrowser(t)
	rs := newRulesSiteWith(t, true, officeRules, moreDamItems())
	base := rs.srv.URL

	// An editor (in English) tests a rule: the count and the samples.
	signInBrowser(t, ctx, base, "minh", "editor-pass")
	visit(t, ctx, base+"/rules")
	waitText(t, ctx, "h1", "Alert rules")
	if n := eval[int](t, ctx, `document.querySelectorAll("[data-action=edit], [data-action=new-rule], form[data-form=disable]").length`); n != 0 {
		t.Fatalf("an editor sees %d edit buttons", n)
	}
	rulesAxeAnd360(t, ctx)
	visit(t, ctx, base+"/rules/dam")
	waitText(t, ctx, "[data-query]", `"vỡ đập"`)
	rulesAxeAnd360(t, ctx)
	visit(t, ctx, base+"/rules/test")
	rulesAxeAnd360(t, ctx)
	run(t, ctx, chromedp.SetValue(chromedp.CSS("#q"), `"vỡ đập" -"diễn tập"`), chromedp.SetValue(chromedp.CSS("#lang"), "vi"))
	clickAndWaitLoad(t, ctx, `form[data-form="rule-test"] button[type="submit"]`)
	total := eval[string](t, ctx, `document.querySelector("[data-total]").dataset.total`)
	samples := eval[int](t, ctx, `document.querySelectorAll("li.sample").length`)
	if total == "" || total == "0" || samples == 0 || samples > 20 {
		t.Fatalf("test result: total %q, %d samples", total, samples)
	}
	if marks := eval[int](t, ctx, `document.querySelectorAll("li.sample .flag-title mark, li.sample .snippet mark").length`); marks < samples {
		t.Fatalf("%d highlights for %d samples", marks, samples)
	}
	if q := eval[string](t, ctx, "new URLSearchParams(location.search).get('q')"); q != `"vỡ đập" -"diễn tập"` {
		t.Fatalf("the test is not in its address: %q", q)
	}
	rulesAxeAnd360(t, ctx)
	screenshot(t, ctx, "rule-test")
	// A broken query is shown at its column.
	visit(t, ctx, base+"/rules/test?q=%22v%E1%BB%A1+%C4%91%E1%BA%ADp%22+AND")
	waitText(t, ctx, "#q-err", "col 13")
	checkAxe(t, ctx)

	// An admin (in Vietnamese) edits a rule and sees the set reload.
	admin := secondBrowser(t, ctx)
	signInBrowser(t, admin, base, "admin", "admin-pass")
	visit(t, admin, base+"/rules")
	waitText(t, admin, "h1", "Quy tắc cảnh báo")
	before := eval[string](t, admin, `document.querySelector("[data-version]").textContent`)
	rulesAxeAnd360(t, admin)
	screenshot(t, admin, "rules")
	clickAndWaitLoad(t, admin, `[data-rule-id="dam"] [data-action="edit"]`)
	waitText(t, admin, "h1", "Sửa quy tắc")
	rulesAxeAnd360(t, admin)
	// A broken query first: refused on the form, at its column, input kept.
	run(t, admin, chromedp.SetValue(chromedp.CSS("#query"), `"vỡ đập" OR`))
	clickAndWaitLoad(t, admin, `form[data-form="rule"] button[type="submit"]`)
	waitText(t, admin, "#query-err", "cột 12")
	if v := eval[string](t, admin, `document.querySelector("#query").value`); v != `"vỡ đập" OR` {
		t.Fatalf("query field %q", v)
	}
	checkAxe(t, admin)
	run(t, admin, chromedp.SetValue(chromedp.CSS("#query"), `"vỡ đập" OR "nứt đập"`))
	clickAndWaitLoad(t, admin, `form[data-form="rule"] button[type="submit"]`)
	waitText(t, admin, ".flash", "Đã lưu quy tắc")
	waitText(t, admin, "[data-query]", `"vỡ đập" OR "nứt đập"`)
	visit(t, admin, base+"/rules")
	after := eval[string](t, admin, `document.querySelector("[data-version]").textContent`)
	if after == before || after == "" {
		t.Fatalf("the set's version on /rules stayed %q", after)
	}
	visit(t, admin, base+"/rules/dam")
	rulesAxeAnd360(t, admin)
	visit(t, admin, base+"/rules/test?q=%22n%E1%BB%A9t+%C4%91%E1%BA%ADp%22")
	waitText(t, admin, "h1", "Thử truy vấn")
	rulesAxeAnd360(t, admin)
}
