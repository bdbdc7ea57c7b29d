package alert

import (
	"strings"
	"testing"
	"time"

	"mediawatch"
)

// A silence alert says the rule's figures in the reader's language, not the
// health check's English.
func TestDescribeSilenceInLanguage(t *testing.T) {
	none := mediawatch.Alert{Kind: mediawatch.AlertSourceSilent, Source: &mediawatch.SourceAlert{
		Source: "mocchau", Label: "Bản Tin Mộc Châu", To: mediawatch.StateSilent,
		Why:     "no item in 7 days, against a 28-day mean of 1.5 a day",
		Silence: &mediawatch.SilenceFigures{RecentDays: 7, BaselineDays: 28, Sigma: 1.5, BaselineMean: 1.5, BaselineSD: 0.9}}}
	low := none
	low.Source = &mediawatch.SourceAlert{Source: "x", Label: "X", To: mediawatch.StateSilent,
		Silence: &mediawatch.SilenceFigures{RecentDays: 7, BaselineDays: 28, Sigma: 1.5, RecentMean: 0.43, BaselineMean: 5.2, BaselineSD: 1.1}}
	for _, c := range []struct {
		lang string
		a    mediawatch.Alert
		want string
	}{
		{"vi", none, "Nguồn “Bản Tin Mộc Châu” gần như ngừng đăng bài: không có bài nào trong 7 ngày, trong khi trung bình 28 ngày là 1,5 bài mỗi ngày"},
		{"en", none, "Source “Bản Tin Mộc Châu” has gone silent: no item in 7 days, against a 28-day mean of 1.5 a day"},
		{"vi", low, "trung bình 7 ngày chỉ 0,43 bài mỗi ngày, thấp hơn mức trung bình 28 ngày 5,2 − 1,5 × độ lệch chuẩn 1,1"},
		{"en", low, "7-day mean of 0.43 items a day, below the 28-day mean 5.2 − 1.5 × σ 1.1"},
	} {
		got := Describe(c.lang, c.a, nil)
		if !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want it to contain %q", c.lang, got, c.want)
		}
		if c.lang == "vi" && strings.Contains(got, "against") {
			t.Errorf("vi alert has English in it: %q", got)
		}
	}
}

// A mail says a failing source's stored error in its reader's language
// when it has the words; the alert itself keeps it as stored.
func TestMailExplainsFailingError(t *testing.T) {
	a := mediawatch.Alert{ID: "source-failing-x", Kind: mediawatch.AlertSourceFailing, Source: &mediawatch.SourceAlert{
		Source: "vtv", Label: "VTV", To: mediawatch.StateFailing, Why: "fetch https://vtv.vn/rss: status 503"}}
	m := mailer{lang: "vi", loc: time.UTC, explain: func(lang, stored string) string { return "trang trả về mã 503: https://vtv.vn/rss" }}
	_, text := m.compose([]mediawatch.Alert{a})
	if !strings.Contains(text, "Nguồn “VTV” không tải được (chi tiết: trang trả về mã 503") || strings.Contains(text, "status 503") {
		t.Errorf("vi mail:\n%s", text)
	}
	if a.Source.Why != "fetch https://vtv.vn/rss: status 503" {
		t.Errorf("the alert itself was changed: %q", a.Source.Why)
	}
}
