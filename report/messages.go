package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"mediawatch"
)

// ValidLang reports whether lang is a language reports are written in:
// "vi" or "en".
func ValidLang(lang string) bool { return lang == "vi" || lang == "en" }

// messages is one language's labels and number, date and duration style.
type messages struct {
	Title, Subject, Generated, Zone, Overview, Day, Average, Change          string
	Items, FlaggedItems, Stories, FlaggedStories                             string
	Volume, ChartTitle, ChartDesc, Legend, LegendFlagged, NoData             string
	NewStories, NoNewStories, Severity, Rules, Outlets, Status, FirstSeen    string
	FirstFlagged, Published, MatchedTerms, Source, Language, ItemTitle, Link string
	Response, Answered, Median, StillOpen, OldestOpen, OpenFor, None         string
	Breakdown, BySource, ByLang, ByRule, BySeverity, FlaggedBySource, Count  string
	AllFlagged, NoFlagged, Footer, Story, Unknown                            string
	Heading, Province, Hint, SummaryHeading, Date, ChartTable, ChartAlt      string

	severities map[mediawatch.Severity]string
	statuses   map[mediawatch.FlagStatus]string
	langs      map[string]string
	units      [3]string // day, hour, minute
	unitSep    string    // between a number and its unit
	lessThan   string    // "less than a minute"
	thousands  string
	decimal    string
	dateLayout string
	dayLayout  string // a date without its year, for the chart's axis
}

var vi = messages{
	Title: "Báo cáo ngày %s", Subject: "Báo cáo ngày %s: %s tin bị gắn cờ",
	Generated: "Lập lúc", Zone: "Múi giờ", Overview: "Số liệu trong ngày", Day: "Trong ngày",
	Average: "Trung bình 7 ngày trước", Change: "Thay đổi",
	Items: "Tin mới", FlaggedItems: "Tin bị gắn cờ", Stories: "Câu chuyện", FlaggedStories: "Câu chuyện bị gắn cờ",
	Volume: "Số tin trong 30 ngày qua", ChartTitle: "Số tin mỗi ngày trong 30 ngày, đến hết ngày %s",
	ChartDesc: "Cột xanh: tin mới; cột đỏ: tin bị gắn cờ. Ngày nhiều nhất: %s tin.",
	Legend:    "Tin mới", LegendFlagged: "Tin bị gắn cờ", NoData: "Chưa có dữ liệu",
	NewStories: "Câu chuyện mới bị gắn cờ", NoNewStories: "Không có câu chuyện mới nào bị gắn cờ.",
	Severity: "Mức độ", Rules: "Quy tắc", Outlets: "Nơi đăng", Status: "Trạng thái", FirstSeen: "Phát hiện lúc",
	FirstFlagged: "Gắn cờ lúc", Published: "Ngày đăng", MatchedTerms: "Từ khóa khớp", Source: "Nguồn",
	Language: "Ngôn ngữ", ItemTitle: "Tiêu đề", Link: "Liên kết",
	Response: "Tình hình phản hồi", Answered: "Đã phản hồi trong ngày", Median: "Thời gian phản hồi (trung vị)",
	StillOpen: "Còn chờ xử lý", OldestOpen: "Câu chuyện chờ lâu nhất", OpenFor: "đã chờ %s", None: "—",
	Breakdown: "Số liệu chi tiết", BySource: "Tin mới theo nguồn", ByLang: "Tin mới theo ngôn ngữ",
	ByRule: "Tin bị gắn cờ theo quy tắc", BySeverity: "Tin bị gắn cờ theo mức độ",
	FlaggedBySource: "Tin bị gắn cờ theo nguồn", Count: "Số tin",
	AllFlagged: "Danh sách tin bị gắn cờ trong ngày", NoFlagged: "Không có tin nào bị gắn cờ trong ngày.",
	Footer: "Báo cáo do hệ thống mediawatch lập tự động. Số liệu tính theo giờ %s; mỗi tin được tính vào ngày hệ thống phát hiện, không phải ngày đăng.",
	Story:  "Câu chuyện", Unknown: "không rõ",
	Heading: "Báo cáo theo dõi thông tin hằng ngày", Province: "Địa bàn: tỉnh %s", Hint: "Hướng xử lý", SummaryHeading: "Tóm tắt", Date: "Ngày",
	ChartTable: "Số liệu của biểu đồ", ChartAlt: "Biểu đồ số tin mỗi ngày",
	severities: map[mediawatch.Severity]string{mediawatch.SeverityLow: "thấp", mediawatch.SeverityMedium: "trung bình",
		mediawatch.SeverityHigh: "cao", mediawatch.SeverityCritical: "nghiêm trọng"},
	statuses: map[mediawatch.FlagStatus]string{mediawatch.FlagNew: "mới", mediawatch.FlagInReview: "đang xem xét",
		mediawatch.FlagResponded: "đã phản hồi", mediawatch.FlagDismissed: "đã bỏ qua", mediawatch.FlagFalsePositive: "gắn cờ nhầm"},
	langs: map[string]string{"vi": "tiếng Việt", "en": "tiếng Anh"},
	units: [3]string{"ngày", "giờ", "phút"}, unitSep: " ", lessThan: "dưới 1 phút",
	thousands: ".", decimal: ",", dateLayout: "02/01/2006", dayLayout: "02/01",
}

var en = messages{
	Title: "Daily report %s", Subject: "Daily report %s: %s flagged items",
	Generated: "Generated", Zone: "Time zone", Overview: "The day in figures", Day: "This day",
	Average: "Average of the 7 days before", Change: "Change",
	Items: "New items", FlaggedItems: "Flagged items", Stories: "Stories", FlaggedStories: "Flagged stories",
	Volume: "30-day volume", ChartTitle: "Items per day, 30 days to %s",
	ChartDesc: "Blue bars: new items; red bars: flagged items. Highest: %s items.",
	Legend:    "New items", LegendFlagged: "Flagged items", NoData: "No data yet",
	NewStories: "New flagged stories", NoNewStories: "No new flagged stories.",
	Severity: "Severity", Rules: "Rules", Outlets: "Outlets", Status: "Status", FirstSeen: "First seen",
	FirstFlagged: "First flagged", Published: "Published", MatchedTerms: "Matched terms", Source: "Source",
	Language: "Language", ItemTitle: "Title", Link: "Link",
	Response: "Response", Answered: "Answered this day", Median: "Median time to answer",
	StillOpen: "Still open", OldestOpen: "Oldest open", OpenFor: "open for %s", None: "—",
	Breakdown: "Breakdown", BySource: "New items by source", ByLang: "New items by language",
	ByRule: "Flagged items by rule", BySeverity: "Flagged items by severity",
	FlaggedBySource: "Flagged items by source", Count: "Items",
	AllFlagged: "Every flagged item of the day", NoFlagged: "No item was flagged this day.",
	Footer: "Produced automatically by mediawatch. Every figure uses days and times in %s; an item belongs to the day it was found, not the day it was published.",
	Story:  "Story", Unknown: "unknown",
	Heading: "Daily report on media coverage", Province: "Province: %s", Hint: "Suggested response", SummaryHeading: "Summary", Date: "Date",
	ChartTable: "The chart's figures", ChartAlt: "Chart of items per day",
	severities: map[mediawatch.Severity]string{mediawatch.SeverityLow: "low", mediawatch.SeverityMedium: "medium",
		mediawatch.SeverityHigh: "high", mediawatch.SeverityCritical: "critical"},
	statuses: map[mediawatch.FlagStatus]string{mediawatch.FlagNew: "new", mediawatch.FlagInReview: "in review",
		mediawatch.FlagResponded: "responded", mediawatch.FlagDismissed: "dismissed", mediawatch.FlagFalsePositive: "false positive"},
	langs: map[string]string{"vi": "Vietnamese", "en": "English"},
	units: [3]string{"d", "h", "m"}, unitSep: "", lessThan: "under 1m",
	thousands: ",", decimal: ".", dateLayout: "2006-01-02", dayLayout: "Jan 2",
}

// catalog returns the messages of lang, English for anything but "vi".
func catalog(lang string) *messages {
	if lang == "vi" {
		return &vi
	}
	return &en
}

func (m *messages) severity(s mediawatch.Severity) string {
	if l, ok := m.severities[s]; ok {
		return l
	}
	return string(s)
}

func (m *messages) status(s mediawatch.FlagStatus) string {
	if l, ok := m.statuses[s]; ok {
		return l
	}
	if s == "" {
		return m.statuses[mediawatch.FlagNew]
	}
	return string(s)
}

func (m *messages) langName(code string) string {
	if l, ok := m.langs[code]; ok {
		return l
	}
	if code == "" {
		return m.Unknown
	}
	return code
}

// elapsed writes a length of time with its two largest units: "2 ngày 3
// giờ", "3h 20m".
func (m *messages) elapsed(d time.Duration) string {
	mins := int64(d / time.Minute)
	parts := []int64{mins / (24 * 60), mins / 60 % 24, mins % 60}
	for i, n := range parts {
		if n == 0 {
			continue
		}
		out := strconv.FormatInt(n, 10) + m.unitSep + m.units[i]
		if i < 2 && parts[i+1] != 0 {
			out += " " + strconv.FormatInt(parts[i+1], 10) + m.unitSep + m.units[i+1]
		}
		return out
	}
	return m.lessThan
}

// num writes an integer with the language's thousands separator.
func (m *messages) num(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(m.thousands)
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// dec writes a number with the given decimals and the language's decimal
// mark.
func (m *messages) dec(f float64, decimals int) string {
	return strings.Replace(strconv.FormatFloat(f, 'f', decimals, 64), ".", m.decimal, 1)
}

// pct writes a change in percent with its sign; None when there is none.
func (m *messages) pct(p *float64) string {
	if p == nil {
		return m.None
	}
	sign := ""
	if *p > 0 {
		sign = "+"
	}
	return sign + m.dec(*p, 1) + "%"
}

// date writes a report date (YYYY-MM-DD) in the language's style.
func (m *messages) date(date string) string {
	d, err := time.Parse(DateLayout, date)
	if err != nil {
		return date
	}
	return d.Format(m.dateLayout)
}

// when writes a time of day with its date; None for the zero time.
func (m *messages) when(t time.Time) string {
	if t.IsZero() {
		return m.None
	}
	return t.Format(m.dateLayout + " 15:04")
}

// subject is the e-mail subject of a report.
func (m *messages) subject(d *Daily) string {
	return fmt.Sprintf(m.Subject, m.date(d.Date), m.num(d.Totals.FlaggedItems))
}
