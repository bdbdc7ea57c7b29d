package report

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The header's date in words: "Thứ Sáu, 14/03/2025", "Friday, 14 March
// 2025". Go's time package knows only English names, so both languages
// name weekdays and months here.
var (
	viWeekdays = [7]string{"Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}
	enWeekdays = [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	enMonths   = [12]string{"January", "February", "March", "April", "May", "June", "July", "August",
		"September", "October", "November", "December"}
)

// longDate writes a report date (YYYY-MM-DD) with its weekday.
func (m *messages) longDate(date string) string {
	d, err := time.Parse(DateLayout, date)
	if err != nil {
		return date
	}
	if m == &vi {
		return viWeekdays[d.Weekday()] + ", " + d.Format("02/01/2006")
	}
	return fmt.Sprintf("%s, %d %s %d", enWeekdays[d.Weekday()], d.Day(), enMonths[d.Month()-1], d.Year())
}

// summary is the day in one paragraph of words: what a commission member
// reads before any table. Every number in it is one the tables show.
func summary(m *messages, d *Daily) string {
	if m == &vi {
		return viSummary(m, d)
	}
	return enSummary(m, d)
}

// severityParts lists the non-zero severities of counts, most severe
// first, as "n label" in m's words.
func severityParts(m *messages, counts []Count, format string) []string {
	var parts []string
	for _, c := range counts {
		if c.Count > 0 {
			parts = append(parts, fmt.Sprintf(format, m.num(c.Count), c.Label))
		}
	}
	return parts
}

// list joins items as people write them: "a, b và c", "a, b and c".
func list(items []string, and string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + and + " " + items[len(items)-1]
}

// upperFirst capitalises the first letter of a sentence.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// urgentOutlets names the outlets of the most urgent story: the one that
// carried it first and how many more.
func urgentOutlets(s StoryEntry, more string) string {
	first := s.Items[0].SourceName
	if len(s.Outlets) <= 1 {
		return first
	}
	return fmt.Sprintf(more, first, len(s.Outlets)-1)
}

func viSummary(m *messages, d *Daily) string {
	var s []string
	if d.Totals.Items == 0 {
		s = append(s, "Trong ngày, hệ thống không ghi nhận tin mới nào.")
	} else {
		s = append(s, fmt.Sprintf("Trong ngày, hệ thống ghi nhận %s tin mới.", m.num(d.Totals.Items)))
	}
	parts := severityParts(m, d.Totals.StoriesBySeverity, "%s ở mức %s")
	switch {
	case d.Totals.FlaggedStories == 0:
		s = append(s, "Không có câu chuyện nào bị gắn cờ.")
	case len(parts) == 1 && d.Totals.FlaggedStories == 1:
		s = append(s, fmt.Sprintf("Có 1 câu chuyện bị gắn cờ, %s.", strings.TrimPrefix(parts[0], "1 ")))
	case len(parts) == 1:
		s = append(s, fmt.Sprintf("Có %s câu chuyện bị gắn cờ, đều %s.", m.num(d.Totals.FlaggedStories),
			strings.SplitN(parts[0], " ", 2)[1]))
	default:
		s = append(s, fmt.Sprintf("Có %s câu chuyện bị gắn cờ: %s.", m.num(d.Totals.FlaggedStories), list(parts, "và")))
	}
	answered := "chưa có câu chuyện nào được phản hồi trong ngày"
	if n := d.Response.Answered; n > 0 {
		answered = fmt.Sprintf("đã phản hồi %s câu chuyện trong ngày", m.num(n))
	}
	open := "không còn câu chuyện nào chờ xử lý"
	if n := d.Response.StillOpen; n > 0 {
		open = fmt.Sprintf("còn %s câu chuyện chờ xử lý", m.num(n))
	}
	s = append(s, upperFirst(answered)+"; "+open+".")
	if len(d.NewStories) > 0 {
		u := d.NewStories[0]
		s = append(s, fmt.Sprintf("Cần chú ý nhất: “%s” (%s, mức %s).", u.Title,
			urgentOutlets(u, "%s và %d nơi đăng khác"), m.severity(u.Severity)))
	}
	return strings.Join(s, " ")
}

// enCount writes "1 story", "2 stories", "no story" as a sentence's
// subject.
func enCount(m *messages, n int, one, many string) string {
	switch n {
	case 0:
		return "no " + one
	case 1:
		return "1 " + one
	}
	return m.num(n) + " " + many
}

func enSummary(m *messages, d *Daily) string {
	var s []string
	if n := d.Totals.Items; n == 0 {
		s = append(s, "No new item was found during the day.")
	} else {
		s = append(s, fmt.Sprintf("%s found during the day.", map[bool]string{true: "1 new item was",
			false: m.num(n) + " new items were"}[n == 1]))
	}
	parts := severityParts(m, d.Totals.StoriesBySeverity, "%s %s")
	n := d.Totals.FlaggedStories
	switch {
	case n == 0:
		s = append(s, "No story was flagged.")
	case len(parts) == 1 && n == 1:
		s = append(s, fmt.Sprintf("1 story was flagged, rated %s.", strings.TrimPrefix(parts[0], "1 ")))
	case len(parts) == 1:
		s = append(s, fmt.Sprintf("%s stories were flagged, all rated %s.", m.num(n), strings.SplitN(parts[0], " ", 2)[1]))
	default:
		s = append(s, fmt.Sprintf("%s stories were flagged: %s.", m.num(n), list(parts, "and")))
	}
	was := map[bool]string{true: "was", false: "were"}
	is := map[bool]string{true: "is", false: "are"}
	a, o := d.Response.Answered, d.Response.StillOpen
	s = append(s, upperFirst(fmt.Sprintf("%s %s answered during the day; %s %s still open.",
		enCount(m, a, "story", "stories"), was[a <= 1], enCount(m, o, "story", "stories"), is[o <= 1])))
	if len(d.NewStories) > 0 {
		u := d.NewStories[0]
		more := "%s and %d other outlets"
		if len(u.Outlets) == 2 {
			more = "%s and %d other outlet"
		}
		s = append(s, fmt.Sprintf("Most urgent: “%s” (%s, %s).", u.Title, urgentOutlets(u, more), m.severity(u.Severity)))
	}
	return strings.Join(slices.Clip(s), " ")
}
