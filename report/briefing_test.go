package report

import (
	"bytes"
	"image/png"
	"regexp"
	"strings"
	"testing"

	"mediawatch"
)

func TestLongDate(t *testing.T) {
	for _, tc := range []struct{ lang, date, want string }{
		{"vi", "2026-12-07", "Thứ Hai, 07/12/2026"},
		{"en", "2026-12-07", "Monday, 7 December 2026"},
		{"vi", "2026-12-06", "Chủ Nhật, 06/12/2026"},
		{"en", "2025-03-14", "Friday, 14 March 2025"},
	} {
		if got := catalog(tc.lang).longDate(tc.date); got != tc.want {
			t.Errorf("longDate(%s, %s) = %q, want %q", tc.lang, tc.date, got, tc.want)
		}
	}
}

// sevCounts is a StoriesBySeverity list: critical, high, medium, low.
func sevCounts(m *messages, c, h, md, l int) []Count {
	out := []Count{}
	for i, s := range []mediawatch.Severity{mediawatch.SeverityCritical, mediawatch.SeverityHigh,
		mediawatch.SeverityMedium, mediawatch.SeverityLow} {
		out = append(out, Count{Key: string(s), Label: m.severity(s), Count: []int{c, h, md, l}[i]})
	}
	return out
}

// TestSummaryCounts checks that the paragraph says none, one and many as
// people do, in both languages.
func TestSummaryCounts(t *testing.T) {
	day := func(lang string, items, flagged int, sev [4]int, answered, open int) *Daily {
		m := catalog(lang)
		return &Daily{Lang: lang, Totals: Totals{Items: items, FlaggedStories: flagged,
			StoriesBySeverity: sevCounts(m, sev[0], sev[1], sev[2], sev[3])},
			Response: Response{Answered: answered, StillOpen: open}}
	}
	for _, tc := range []struct {
		name string
		d    *Daily
		want string
	}{
		{"vi none", day("vi", 0, 0, [4]int{}, 0, 0), "Trong ngày, hệ thống không ghi nhận tin mới nào. Không có câu chuyện nào bị gắn cờ. " +
			"Chưa có câu chuyện nào được phản hồi trong ngày; không còn câu chuyện nào chờ xử lý."},
		{"vi one", day("vi", 1, 1, [4]int{0, 1, 0, 0}, 1, 1), "Trong ngày, hệ thống ghi nhận 1 tin mới. Có 1 câu chuyện bị gắn cờ, ở mức cao. " +
			"Đã phản hồi 1 câu chuyện trong ngày; còn 1 câu chuyện chờ xử lý."},
		{"vi many of one severity", day("vi", 1234, 3, [4]int{0, 0, 3, 0}, 2, 5), "Trong ngày, hệ thống ghi nhận 1.234 tin mới. " +
			"Có 3 câu chuyện bị gắn cờ, đều ở mức trung bình. Đã phản hồi 2 câu chuyện trong ngày; còn 5 câu chuyện chờ xử lý."},
		{"en none", day("en", 0, 0, [4]int{}, 0, 0), "No new item was found during the day. No story was flagged. " +
			"No story was answered during the day; no story is still open."},
		{"en one", day("en", 1, 1, [4]int{1, 0, 0, 0}, 1, 1), "1 new item was found during the day. 1 story was flagged, rated critical. " +
			"1 story was answered during the day; 1 story is still open."},
		{"en many", day("en", 45, 3, [4]int{1, 0, 2, 0}, 2, 3), "45 new items were found during the day. 3 stories were flagged: " +
			"1 critical and 2 medium. 2 stories were answered during the day; 3 stories are still open."},
		{"en many of one severity", day("en", 2, 2, [4]int{0, 2, 0, 0}, 0, 2), "2 new items were found during the day. " +
			"2 stories were flagged, all rated high. No story was answered during the day; 2 stories are still open."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := summary(catalog(tc.d.Lang), tc.d); got != tc.want {
				t.Errorf("summary =\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

// TestSummaryUrgent checks the most urgent story: its title, the outlet
// that carried it first and how many more.
func TestSummaryUrgent(t *testing.T) {
	d := fixtureDaily(t, "vi")
	if !strings.HasSuffix(d.Summary, "Cần chú ý nhất: “Tin đồn vỡ đập thủy điện ở Sơn La gây hoang mang” (Báo Sơn La và 2 nơi đăng khác, mức nghiêm trọng).") {
		t.Errorf("vi summary %q", d.Summary)
	}
	d.Lang = "en"
	d.NewStories[0].Outlets = d.NewStories[0].Outlets[:2]
	if got := summary(catalog("en"), d); !strings.HasSuffix(got, "(Báo Sơn La and 1 other outlet, critical).") {
		t.Errorf("en summary %q", got)
	}
}

// TestBriefingHeader checks the header and a story's hint and outlets.
func TestBriefingHeader(t *testing.T) {
	for lang, want := range map[string][]string{
		"vi": {"Sở Thông tin và Truyền thông tỉnh Sơn La", "Thứ Sáu, 14/03/2025", "Địa bàn: tỉnh Sơn La",
			"Lập lúc: 15/03/2025 07:00", "Hướng xử lý:</strong> Dẫn thông cáo", "Nơi đăng: Báo Mới, Báo Sơn La, VnExpress",
			"Mức độ: nghiêm trọng"},
		"en": {"Sở Thông tin và Truyền thông tỉnh Sơn La", "Friday, 14 March 2025", "Province: Sơn La",
			"Generated: 2025-03-15 07:00", "Suggested response:</strong> Dẫn thông cáo", "Severity: critical"},
	} {
		var b bytes.Buffer
		if err := RenderBody(&b, fixtureDaily(t, lang), ForWeb); err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("%s body lacks %q", lang, w)
			}
		}
	}
}

// TestRenderBodyForWeb checks the body the web UI embeds: one element,
// no document around it, no script, no style attribute (the UI's CSP is
// style-src 'self'), and every class it uses defined by CSS().
func TestRenderBodyForWeb(t *testing.T) {
	var b bytes.Buffer
	if err := RenderBody(&b, fixtureDaily(t, "vi"), ForWeb); err != nil {
		t.Fatal(err)
	}
	body := b.String()
	for _, bad := range []string{"<html", "<head", "<body", "<script", "<style", " style=", "cid:"} {
		if strings.Contains(body, bad) {
			t.Errorf("web body holds %q", bad)
		}
	}
	if !strings.HasPrefix(body, "<article") || !strings.HasSuffix(strings.TrimSpace(body), "</article>") {
		t.Errorf("web body is not one <article>")
	}
	if !strings.Contains(body, "<svg") || !strings.Contains(body, `data-story-id="11"`) || !strings.Contains(body, `data-item-id="101"`) {
		t.Errorf("web body lacks the inline chart or its test hooks")
	}
	css := CSS()
	for _, m := range regexp.MustCompile(`class="([^"]+)"`).FindAllStringSubmatch(body, -1) {
		for _, c := range strings.Fields(m[1]) {
			if !strings.Contains(css, "."+c+"{") {
				t.Errorf("class %s has no rule in CSS()", c)
			}
		}
	}
	if !strings.Contains(body, `rel="noopener noreferrer"`) || strings.Contains(body, `href="javascript:`) {
		t.Errorf("crawled links must be http(s) with rel=noopener noreferrer")
	}
}

// TestStylesComplete checks that every style name the templates ask for
// exists: an unknown one would leave a mail element unstyled.
func TestStylesComplete(t *testing.T) {
	names := map[string]bool{}
	for _, m := range regexp.MustCompile(`A "([^"]+)"(?: "([^"]+)")?`).FindAllStringSubmatch(htmlSource, -1) {
		names[m[1]] = true
		if m[2] != "" {
			names[m[2]] = true
		}
	}
	for _, s := range []string{"sev-critical", "sev-high", "sev-medium", "sev-low", "edge-critical", "edge-high", "edge-medium", "edge-low"} {
		names[s] = true
	}
	for n := range names {
		if styleOf(n) == "" {
			t.Errorf("style %q is used but not defined", n)
		}
	}
}

func TestChartPNG(t *testing.T) {
	d := fixtureDaily(t, "vi")
	data, err := ChartPNG(d.Volume)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != chartW*pngScale || b.Dy() != chartH*pngScale {
		t.Errorf("PNG %v, want %dx%d", b, chartW*pngScale, chartH*pngScale)
	}
	// The last day's bars: 5 new items (blue) and 5 flagged (red) on an
	// axis to 10, so each reaches half the plot.
	slot := float64(chartW-chartLeft-chartRight) / float64(len(d.Volume))
	x := float64(chartLeft) + slot*float64(len(d.Volume)-1) + slot*0.1
	mid := (yOf(0, 10) + yOf(5, 10)) / 2
	if r, g, b, _ := img.At(px(x+1), px(mid)).RGBA(); r>>8 != 0x4a || g>>8 != 0x90 || b>>8 != 0xd9 {
		t.Errorf("no blue bar where the last day's new items stand")
	}
	above := (yOf(6, 10) + yOf(7, 10)) / 2 // between grid lines
	if r, g, b, _ := img.At(px(x+1), px(above)).RGBA(); r>>8 != 0xff || g>>8 != 0xff || b>>8 != 0xff {
		t.Errorf("the last day's bar reaches above 5")
	}
	empty, err := ChartPNG(nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(empty)); err != nil {
		t.Errorf("the empty chart is no PNG: %v", err)
	}
}

func TestHintIn(t *testing.T) {
	both := "VI: Dẫn thông cáo của Sở;\n  nhắc người dân.\nEN: Point to the statement;\n  remind readers.\n"
	for _, tc := range []struct{ lang, hint, want string }{
		{"vi", both, "Dẫn thông cáo của Sở; nhắc người dân."},
		{"en", both, "Point to the statement; remind readers."},
		{"en", "Chỉ một ngôn ngữ,\nhai dòng.", "Chỉ một ngôn ngữ, hai dòng."},
		{"vi", "EN: only English", "EN: only English"},
	} {
		if got := hintIn(tc.lang, tc.hint); got != tc.want {
			t.Errorf("hintIn(%s, %q) = %q, want %q", tc.lang, tc.hint, got, tc.want)
		}
	}
}
