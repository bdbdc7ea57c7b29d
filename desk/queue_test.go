package desk

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"mediawatch"
)

// now is the queue tests' clock.
var now = time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC)

// open is an open story with the given severity, outlets, reach and age of
// its newest item.
func open(id int64, sev mediawatch.Severity, outlets int, reach float64, age time.Duration) mediawatch.Story {
	s := mediawatch.Story{ID: id, Status: mediawatch.FlagNew, Severity: sev, Reach: reach,
		FirstSeen: now.Add(-age - time.Hour), LastSeen: now.Add(-age), RuleIDs: []string{"r"}}
	for i := range outlets {
		s.Outlets = append(s.Outlets, fmt.Sprint("o", i))
	}
	return s
}

func TestPriority(t *testing.T) {
	w := DefaultQueueWeights()
	for _, tc := range []struct {
		name string
		s    mediawatch.Story
		want float64
	}{
		{"critical, one outlet, just now", open(1, mediawatch.SeverityCritical, 1, 1, 0), 8},
		{"low, one outlet", open(1, mediawatch.SeverityLow, 1, 1, 0), 1},
		{"three outlets", open(1, mediawatch.SeverityHigh, 3, 1, 0), 4 * (1 + math.Log(3))},
		{"reach 2.5", open(1, mediawatch.SeverityMedium, 1, 2.5, 0), 5},
		{"one half-life old", open(1, mediawatch.SeverityCritical, 1, 1, 24*time.Hour), 4},
		{"three half-lives old", open(1, mediawatch.SeverityCritical, 1, 1, 72*time.Hour), 1},
		{"newest item in the future", open(1, mediawatch.SeverityCritical, 1, 1, -time.Hour), 8},
		{"no flags", open(1, "", 5, 3, 0), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Priority(w, tc.s, now); math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("priority = %v, want %v", got, tc.want)
			}
		})
	}
	noDecay := w
	noDecay.HalfLife = 0
	if got := Priority(noDecay, open(1, mediawatch.SeverityHigh, 1, 1, 500*time.Hour), now); got != 4 {
		t.Errorf("priority without decay = %v, want 4", got)
	}
}

func TestRankOrder(t *testing.T) {
	w := DefaultQueueWeights()
	stories := []mediawatch.Story{
		open(1, mediawatch.SeverityLow, 1, 1, 0),                 // 1
		open(2, mediawatch.SeverityCritical, 1, 1, 48*time.Hour), // 2: critical but two days quiet
		open(3, mediawatch.SeverityHigh, 4, 1, time.Hour),        // 4 × 2.39 × 0.97 ≈ 9.3
		open(4, mediawatch.SeverityMedium, 1, 3, 0),              // 6: a wide-reach outlet
		open(5, mediawatch.SeverityCritical, 1, 1, 0),            // 8
		open(6, mediawatch.SeverityCritical, 1, 1, 0),            // 8, same as 5: lower id first
		open(7, mediawatch.SeverityMedium, 1, 1, 30*time.Minute), // ≈ 1.97
		open(8, mediawatch.SeverityMedium, 1, 1, 30*time.Minute), // same as 7
	}
	stories[6].LastSeen = stories[6].LastSeen.Add(-time.Minute)
	stories[7].LastSeen = stories[6].LastSeen.Add(time.Minute) // 8 is slightly fresher than 7
	var got []int64
	for _, e := range Rank(w, stories, now) {
		got = append(got, e.Story.ID)
	}
	if want := "[3 5 6 4 2 8 7 1]"; fmt.Sprint(got) != want {
		t.Errorf("queue order %v, want %s", got, want)
	}
}

func TestReasons(t *testing.T) {
	raised := open(9, mediawatch.SeverityCritical, 5, 3, 20*time.Minute)
	raised.FirstSeen = now.Add(-3 * time.Hour)
	raised.RuleIDs = []string{"vo-dap", "tin-gia", "kich-dong", "xuyen-tac", "lua-dao"}
	raised.Status, raised.RaisedAt, raised.NewItems, raised.NewOutlets = mediawatch.FlagResponded, now, 2, 1
	review := open(3, mediawatch.SeverityLow, 1, 1, 0)
	review.FirstSeen, review.LastSeen = now.Add(-40*time.Second), now.Add(-40*time.Second)
	review.Status, review.Assignee = mediawatch.FlagInReview, "Lan"
	dismissed := open(4, mediawatch.SeverityHigh, 2, 1, 0)
	dismissed.FirstSeen, dismissed.LastSeen = now.Add(-50*time.Hour), now.Add(-50*time.Hour)
	dismissed.Status, dismissed.RaisedAt, dismissed.NewItems, dismissed.NewOutlets = mediawatch.FlagDismissed, now, 1, 1
	for _, tc := range []struct {
		name   string
		s      mediawatch.Story
		en, vi []string
	}{
		{"raised after an answer", raised,
			[]string{"critical: rules vo-dap, tin-gia, kich-dong and 2 more", "5 outlets", "widest reach ×3",
				"first seen 3 h ago", "newest copy 20 min ago", "raised again: 2 new items from 1 outlet since it was answered"},
			[]string{"nghiêm trọng: các quy tắc vo-dap, tin-gia, kich-dong và 2 quy tắc khác", "5 nguồn đăng",
				"độ phủ lớn nhất ×3", "xuất hiện lần đầu 3 giờ trước", "bản mới nhất 20 phút trước",
				"nêu lại: 2 bài mới từ 1 nguồn sau khi đã phản hồi"}},
		{"in review", review,
			[]string{"low: rule r", "1 outlet", "first seen just now", "in review by Lan"},
			[]string{"thấp: quy tắc r", "1 nguồn đăng", "xuất hiện lần đầu vừa xong", "đang được Lan xem xét"}},
		{"raised after dismissal", dismissed,
			[]string{"high: rule r", "2 outlets", "first seen 2 days ago", "raised again: 1 new item from 1 outlet since it was dismissed"},
			[]string{"cao: quy tắc r", "2 nguồn đăng", "xuất hiện lần đầu 2 ngày trước", "nêu lại: 1 bài mới từ 1 nguồn sau khi đã bỏ qua"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var en, vi []string
			for _, r := range Reasons(tc.s, now, nil) {
				en, vi = append(en, r.EN), append(vi, r.VI)
			}
			if fmt.Sprintf("%q", en) != fmt.Sprintf("%q", tc.en) {
				t.Errorf("en:\n%q\nwant\n%q", en, tc.en)
			}
			if fmt.Sprintf("%q", vi) != fmt.Sprintf("%q", tc.vi) {
				t.Errorf("vi:\n%q\nwant\n%q", vi, tc.vi)
			}
		})
	}
}

// TestReasonsNameRulesAndNumbers: with the rule set's names a reason calls
// each rule by its name in the reader's language (by its id when the set
// does not know it), and writes the reach with the language's decimal
// mark.
func TestReasonsNameRulesAndNumbers(t *testing.T) {
	s := open(1, mediawatch.SeverityCritical, 2, 1.5, 0)
	s.FirstSeen = now.Add(-2 * time.Hour)
	s.RuleIDs = []string{"vo-dap", "gone"}
	names := map[string]mediawatch.Names{"vo-dap": {VI: "Tin đồn vỡ đập", EN: "Dam-burst rumour"},
		"only-vi": {VI: "Chỉ tiếng Việt"}}
	got := Reasons(s, now, names)
	want := []mediawatch.Names{
		{VI: "nghiêm trọng: các quy tắc “Tin đồn vỡ đập”, gone", EN: "critical: rules “Dam-burst rumour”, gone"},
		{VI: "2 nguồn đăng", EN: "2 outlets"},
		{VI: "độ phủ lớn nhất ×1,5", EN: "widest reach ×1.5"},
		{VI: "xuất hiện lần đầu 2 giờ trước", EN: "first seen 2 h ago"},
		{VI: "bản mới nhất vừa xong", EN: "newest copy just now"},
	}
	if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
		t.Errorf("reasons:\n%q\nwant\n%q", got, want)
	}
	if got := ruleName("en", "only-vi", names); got != "“Chỉ tiếng Việt”" {
		t.Errorf("a rule named only in Vietnamese is called %q in English", got)
	}
	for _, tc := range []struct {
		f      float64
		vi, en string
	}{{1.5, "1,5", "1.5"}, {3, "3", "3"}, {0.25, "0,25", "0.25"}, {12.345, "12,3", "12.3"}} {
		if vi, en := formatNumber("vi", tc.f), formatNumber("en", tc.f); vi != tc.vi || en != tc.en {
			t.Errorf("formatNumber(%v) = %q, %q; want %q, %q", tc.f, vi, en, tc.vi, tc.en)
		}
	}
}

// TestRankNamesRules: Rank asks the weights' namer for the rule names.
func TestRankNamesRules(t *testing.T) {
	s := open(1, mediawatch.SeverityHigh, 1, 1, 0)
	s.RuleIDs = []string{"r"}
	w := DefaultQueueWeights()
	w.Names = namer{"r": {VI: "Quy tắc R", EN: "Rule R"}}
	q := Rank(w, []mediawatch.Story{s}, now)
	if r := q[0].Reasons[0]; r.VI != "cao: quy tắc “Quy tắc R”" || r.EN != "high: rule “Rule R”" {
		t.Errorf("first reason = %+v", r)
	}
}

type namer map[string]mediawatch.Names

func (n namer) RuleNames() map[string]mediawatch.Names { return n }

// TestReasonTextsComplete: every phrase of the queue's catalogue exists,
// non-empty, in every language, with the same verbs in the same order.
func TestReasonTextsComplete(t *testing.T) {
	en := reasonTexts["en"]
	for _, lang := range reasonLangs {
		if len(reasonTexts[lang]) != len(en) {
			t.Errorf("%s has %d phrases, en %d", lang, len(reasonTexts[lang]), len(en))
		}
		for k, s := range en {
			got := reasonTexts[lang][k]
			if strings.TrimSpace(got) == "" {
				t.Errorf("phrase %d has no %s text", k, lang)
			}
			if verbs(got) != verbs(s) {
				t.Errorf("phrase %d: %s %q and en %q take different arguments", k, lang, got, s)
			}
		}
	}
	for k := reasonRule; k <= reasonSeverityCritical; k++ {
		if _, ok := en[k]; !ok {
			t.Errorf("phrase %d is missing", k)
		}
	}
}

func verbs(s string) string {
	var out []string
	for i := 0; i < len(s)-1; i++ {
		if s[i] == '%' {
			out = append(out, s[i:i+2])
			i++
		}
	}
	return strings.Join(out, " ")
}
