package ingest

import (
	"fmt"
	"math"
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
			for _, r := range Reasons(tc.s, now) {
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
