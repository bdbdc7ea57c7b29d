package ingest

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"mediawatch"
)

// severityNames are the severities in words.
var severityNames = map[mediawatch.Severity]mediawatch.Names{
	mediawatch.SeverityLow:      {VI: "thấp", EN: "low"},
	mediawatch.SeverityMedium:   {VI: "trung bình", EN: "medium"},
	mediawatch.SeverityHigh:     {VI: "cao", EN: "high"},
	mediawatch.SeverityCritical: {VI: "nghiêm trọng", EN: "critical"},
}

// maxRulesNamed is how many rules a reason names before "and N more".
const maxRulesNamed = 3

// Reasons says in words, in Vietnamese and English, why a story stands
// where it does in the queue: its highest severity and the rules that
// flagged it, how many outlets carried it and their reach, how long ago it
// was first seen and last copied, whether it was raised again after an
// answer, and who is reviewing it. For example "critical: rule vo-dap",
// "5 outlets", "first seen 3 h ago".
func Reasons(s mediawatch.Story, now time.Time) []mediawatch.Names {
	var out []mediawatch.Names
	if s.Severity.Valid() {
		out = append(out, ruleReason(s))
	}
	n := len(s.Outlets)
	out = append(out, mediawatch.Names{VI: fmt.Sprintf("%d nguồn đăng", n), EN: count(n, "outlet", "outlets")})
	if s.Reach != 1 && s.Reach > 0 {
		r := strconv.FormatFloat(s.Reach, 'g', 3, 64)
		out = append(out, mediawatch.Names{VI: "độ phủ lớn nhất ×" + r, EN: "widest reach ×" + r})
	}
	ago := agoWords(now.Sub(s.FirstSeen))
	out = append(out, mediawatch.Names{VI: "xuất hiện lần đầu " + ago.VI, EN: "first seen " + ago.EN})
	if s.LastSeen.Sub(s.FirstSeen) >= time.Minute {
		ago := agoWords(now.Sub(s.LastSeen))
		out = append(out, mediawatch.Names{VI: "bản mới nhất " + ago.VI, EN: "newest copy " + ago.EN})
	}
	if !s.RaisedAt.IsZero() {
		out = append(out, raisedReason(s))
	}
	if s.Status == mediawatch.FlagInReview {
		r := mediawatch.Names{VI: "đang xem xét", EN: "in review"}
		if s.Assignee != "" {
			r = mediawatch.Names{VI: "đang được " + s.Assignee + " xem xét", EN: "in review by " + s.Assignee}
		}
		out = append(out, r)
	}
	return out
}

// ruleReason names the highest severity and the rules, highest first.
func ruleReason(s mediawatch.Story) mediawatch.Names {
	sev := severityNames[s.Severity]
	rules := s.RuleIDs
	more := len(rules) - maxRulesNamed
	if more > 0 {
		rules = rules[:maxRulesNamed]
	}
	list := strings.Join(rules, ", ")
	r := mediawatch.Names{VI: sev.VI + ": quy tắc " + list, EN: sev.EN + ": rule " + list}
	if len(s.RuleIDs) > 1 {
		r = mediawatch.Names{VI: sev.VI + ": các quy tắc " + list, EN: sev.EN + ": rules " + list}
	}
	if more > 0 {
		r.VI += fmt.Sprintf(" và %d quy tắc khác", more)
		r.EN += fmt.Sprintf(" and %d more", more)
	}
	return r
}

// raisedReason says that the story kept spreading after its answer.
func raisedReason(s mediawatch.Story) mediawatch.Names {
	after := mediawatch.Names{VI: "sau khi đã phản hồi", EN: "since it was answered"}
	if s.Status == mediawatch.FlagDismissed {
		after = mediawatch.Names{VI: "sau khi đã bỏ qua", EN: "since it was dismissed"}
	}
	return mediawatch.Names{
		VI: fmt.Sprintf("nêu lại: %d bài mới từ %d nguồn %s", s.NewItems, s.NewOutlets, after.VI),
		EN: fmt.Sprintf("raised again: %s from %s %s", count(s.NewItems, "new item", "new items"),
			count(s.NewOutlets, "outlet", "outlets"), after.EN),
	}
}

// count writes n with the singular or plural noun.
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// agoWords writes a past duration the way an editor says it: minutes under
// an hour, hours under two days, days after that.
func agoWords(d time.Duration) mediawatch.Names {
	switch {
	case d < time.Minute:
		return mediawatch.Names{VI: "vừa xong", EN: "just now"}
	case d < time.Hour:
		m := int(d / time.Minute)
		return mediawatch.Names{VI: fmt.Sprintf("%d phút trước", m), EN: fmt.Sprintf("%d min ago", m)}
	case d < 48*time.Hour:
		h := int(d / time.Hour)
		return mediawatch.Names{VI: fmt.Sprintf("%d giờ trước", h), EN: fmt.Sprintf("%d h ago", h)}
	}
	days := int(d / (24 * time.Hour))
	return mediawatch.Names{VI: fmt.Sprintf("%d ngày trước", days), EN: fmt.Sprintf("%d days ago", days)}
}
