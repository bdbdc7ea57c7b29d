package report

import (
	"fmt"
	"testing"
	"time"
	_ "time/tzdata" // the tests need Asia/Ho_Chi_Minh and Europe/Berlin on any machine

	"mediawatch"
)

// mustZone loads a time zone or fails the test.
func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load zone %s: %v", name, err)
	}
	return loc
}

// ict is Asia/Ho_Chi_Minh, the default report zone (UTC+7, no DST).
func ict(t testing.TB) *time.Location { return mustZone(t, DefaultZone) }

// at is a local time in loc.
func at(loc *time.Location, date, clock string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", date+" "+clock, loc)
	if err != nil {
		panic(err)
	}
	return t
}

func mkFlag(id, item int64, rule string, sev mediawatch.Severity, status mediawatch.FlagStatus, created time.Time,
	snippet string, terms ...string) mediawatch.Flag {
	f := mediawatch.Flag{ID: id, ItemID: item, ItemVersion: 1, RuleID: rule, Severity: sev, Status: status,
		CreatedAt: created, Snippet: snippet}
	for i, term := range terms {
		f.Matches = append(f.Matches, mediawatch.TermMatch{Term: term, Field: "text", Start: i * 10, End: i*10 + len(term), Text: term})
	}
	return f
}

func item(id int64, source, lang, title, url string, published, firstSeen time.Time) mediawatch.Item {
	return mediawatch.Item{ID: id, Source: source, Lang: lang, Title: title, URL: url, Published: published, FirstSeen: firstSeen}
}

// fixture is the report input for 2025-03-14 in Asia/Ho_Chi_Minh that the
// golden files and the counting tests share. What it holds, and what the
// report must make of it:
//
//   - 101, 102: two copies of story 11 (critical, dam-rumour), first
//     flagged that day: a new story carried by three outlets.
//   - 103: first seen and flagged at 23:59 ICT (16:59 UTC), story 12, with
//     hostile markup in its title and a javascript: URL.
//   - 104: first seen at 00:01 ICT the next day (17:01 UTC, the same UTC
//     day as 103): not in the report.
//   - 105: an unflagged English item.
//   - 106: an article published in January, found that day, in no story,
//     flagged medium: counted on the day it was found, a story of its own.
//   - 107: found on 03-10 (story 15, answered that day), flagged again on
//     the 14th after an edit: flagged that day, but not a new story.
//   - 108: found at 23:59:59 ICT on the 13th; 109: found before the 30-day
//     window.
//   - 200+: the seven days before, k+1 items on the k-th day, one flagged.
func fixture(t testing.TB, lang string) Input {
	loc := ict(t)
	day := "2025-03-14"
	dam := "Tin đồn vỡ đập thủy điện ở Sơn La gây hoang mang"
	entries := []mediawatch.ReportEntry{
		{Item: item(101, "baosonla", "vi", dam, "https://baosonla.vn/tin-don-vo-dap-101.html",
			at(loc, day, "08:00:00"), at(loc, day, "08:15:00")), Story: 11,
			Flags: []mediawatch.Flag{mkFlag(1, 101, "dam-rumour", mediawatch.SeverityCritical, mediawatch.FlagNew,
				at(loc, day, "08:16:00"), "người dân lo ngại tin vỡ đập ở Sơn La lan trên mạng", "vỡ đập", "Sơn La")}},
		{Item: item(102, "vnexpress", "vi", dam, "https://vnexpress.net/tin-don-vo-dap-102.html",
			at(loc, day, "09:20:00"), at(loc, day, "09:30:00")), Story: 11,
			Flags: []mediawatch.Flag{mkFlag(2, 102, "dam-rumour", mediawatch.SeverityCritical, mediawatch.FlagNew,
				at(loc, day, "09:31:00"), "tin vỡ đập chưa được xác minh", "vỡ đập")}},
		{Item: item(103, "tuoitre", "vi", `<script>alert(1)</script> Đất đai & "thu hồi" | *bí mật* [x](y)`,
			"javascript:alert(1)", time.Time{}, at(loc, day, "23:59:00")), Story: 12,
			Flags: []mediawatch.Flag{mkFlag(3, 103, "land-seizure", mediawatch.SeverityHigh, mediawatch.FlagInReview,
				at(loc, day, "23:59:30"), "=HYPERLINK(\"x\") thu hồi đất <b>trái phép</b>", "thu hồi đất")}},
		{Item: item(104, "baosonla", "en", "Son La flood warning", "https://baosonla.vn/en/flood-104",
			at(loc, "2025-03-15", "00:00:00"), at(loc, "2025-03-15", "00:01:00")), Story: 13,
			Flags: []mediawatch.Flag{mkFlag(4, 104, "dam-rumour", mediawatch.SeverityHigh, mediawatch.FlagNew,
				at(loc, "2025-03-15", "00:02:00"), "flood warning for Son La", "Son La")}},
		{Item: item(105, "vietnamnews", "en", "Son La tourism grows", "https://vietnamnews.vn/son-la-105",
			at(loc, day, "11:00:00"), at(loc, day, "12:00:00")), Story: 14},
		{Item: item(106, "dantri", "vi", "Cảnh báo lừa đảo mượn danh tỉnh Sơn La", "https://dantri.com.vn/lua-dao-106.htm",
			at(loc, "2025-01-02", "07:00:00"), at(loc, day, "14:00:00")),
			Flags: []mediawatch.Flag{mkFlag(6, 106, "scam-province", mediawatch.SeverityMedium, mediawatch.FlagNew,
				at(loc, day, "14:05:00"), "mượn danh UBND tỉnh Sơn La để lừa đảo", "lừa đảo", "Sơn La")}},
		{Item: item(107, "baomoi", "vi", "Thu hồi đất ở Mộc Châu", "https://baomoi.com/thu-hoi-dat-107.epi",
			at(loc, "2025-03-10", "08:00:00"), at(loc, "2025-03-10", "08:30:00")), Story: 15,
			Flags: []mediawatch.Flag{
				mkFlag(7, 107, "land-seizure", mediawatch.SeverityMedium, mediawatch.FlagResponded,
					at(loc, "2025-03-10", "09:00:00"), "thu hồi đất ở Mộc Châu", "thu hồi đất"),
				mkFlag(8, 107, "land-seizure", mediawatch.SeverityHigh, mediawatch.FlagResponded,
					at(loc, day, "10:00:00"), "cưỡng chế thu hồi đất ở Mộc Châu", "cưỡng chế", "thu hồi đất"),
			}},
		{Item: item(108, "baomoi", "vi", "Tin cuối ngày", "https://baomoi.com/108.epi",
			time.Time{}, at(loc, "2025-03-13", "23:59:59"))},
		{Item: item(109, "baomoi", "vi", "Tin cũ", "https://baomoi.com/109.epi",
			time.Time{}, at(loc, "2025-02-12", "12:00:00"))},
	}
	for k := range 7 {
		date := addDays("2025-03-07", k)
		for j := range k + 1 {
			id := int64(200 + k*10 + j)
			e := mediawatch.ReportEntry{Item: item(id, "baomoi", "vi", fmt.Sprintf("Tin %d", id), fmt.Sprintf("https://baomoi.com/%d.epi", id),
				time.Time{}, at(loc, date, fmt.Sprintf("10:%02d:00", j))), Story: 300 + id}
			if j == 0 {
				e.Flags = []mediawatch.Flag{mkFlag(id, id, "land-seizure", mediawatch.SeverityLow, mediawatch.FlagDismissed,
					at(loc, date, "11:00:00"), "đất", "đất")}
			}
			entries = append(entries, e)
		}
	}
	stories := []mediawatch.ReportStory{
		{ID: 11, Title: dam, FirstSeen: at(loc, day, "08:15:00"), FirstFlagged: at(loc, day, "08:16:00"),
			Status: mediawatch.FlagNew, Outlets: []string{"baosonla", "vnexpress", "baomoi"}},
		{ID: 12, Title: entries[2].Item.Title, FirstSeen: at(loc, day, "23:59:00"), FirstFlagged: at(loc, day, "23:59:30"),
			Status: mediawatch.FlagInReview, Outlets: []string{"tuoitre"}},
		{ID: 13, Title: "Son La flood warning", FirstSeen: at(loc, "2025-03-15", "00:01:00"),
			FirstFlagged: at(loc, "2025-03-15", "00:02:00"), Status: mediawatch.FlagNew, Outlets: []string{"baosonla"}},
		{ID: 15, Title: "Thu hồi đất ở Mộc Châu", FirstSeen: at(loc, "2025-03-10", "08:30:00"),
			FirstFlagged: at(loc, "2025-03-10", "09:00:00"), Status: mediawatch.FlagResponded,
			RespondedAt: at(loc, day, "11:00:00"), Outlets: []string{"baomoi"}},
		{ID: 16, Title: "Tin đồn cũ đã được trả lời", FirstSeen: at(loc, "2025-03-13", "19:00:00"),
			FirstFlagged: at(loc, "2025-03-13", "20:00:00"), Status: mediawatch.FlagResponded,
			RespondedAt: at(loc, day, "01:30:00"), Outlets: []string{"vtv"}},
		{ID: 17, Title: "Câu chuyện chờ lâu", FirstSeen: at(loc, "2025-03-01", "07:00:00"),
			FirstFlagged: at(loc, "2025-03-01", "08:00:00"), Status: mediawatch.FlagNew, Outlets: []string{"thanhnien"}},
	}
	return Input{
		Date: day, Loc: loc, Lang: lang, GeneratedAt: at(loc, "2025-03-15", "07:00:00"),
		Entries: entries, Stories: stories,
		Office: Office{Name: "Sở Thông tin và Truyền thông tỉnh Sơn La", Province: "Sơn La"},
		SourceHealth: []SourceHealth{
			{Source: "baosonla", State: mediawatch.StateOK, Since: at(loc, "2025-03-01", "07:00:00"), LastSuccess: at(loc, "2025-03-15", "06:50:00")},
			{Source: "vtv", State: mediawatch.StateFailing, Since: at(loc, "2025-03-14", "22:10:00"), Failures: 3,
				LastSuccess: at(loc, "2025-03-14", "21:40:00"), LastError: "fetch https://vtv.vn/rss: status 503"},
			{Source: "dantri", State: mediawatch.StateSilent, Since: at(loc, "2025-03-13", "00:00:00"), LastSuccess: at(loc, "2025-03-15", "06:55:00"),
				RecentDays: 7, BaselineDays: 28, RecentMean: 0.3, BaselineMean: 4.1, BaselineSD: 2, Sigma: 1.5},
			{Source: "thanhnien", State: mediawatch.StateSilent, Since: at(loc, "2025-03-12", "00:00:00"), LastSuccess: at(loc, "2025-03-15", "06:55:00"),
				RecentDays: 7, BaselineDays: 28, RecentMean: 0, BaselineMean: 1.25, BaselineSD: 3, Sigma: 1.5},
			{Source: "moi", State: mediawatch.StateFailing, Since: at(loc, "2025-03-15", "06:00:00"), NeverCrawled: true},
			{Source: "baomoi", State: mediawatch.StateRecovered, Since: at(loc, "2025-03-15", "05:00:00")},
			{Source: "laodong", State: mediawatch.StateDisabled},
		},
		SourceNames: map[string]string{"baosonla": "Báo Sơn La", "vnexpress": "VnExpress", "tuoitre": "Tuổi Trẻ",
			"dantri": "Dân trí", "baomoi": "Báo Mới", "vietnamnews": "Việt Nam News"},
		RuleHints: map[string]string{
			"dam-rumour":   "Dẫn thông cáo của Công ty Thủy điện Sơn La: đập an toàn; đề nghị gỡ bài, báo cáo Ban Chỉ đạo.",
			"land-seizure": "Đối chiếu quyết định thu hồi đất của UBND huyện; trả lời bằng văn bản trong 24 giờ.",
		},
		RuleNames: map[string]mediawatch.Names{
			"dam-rumour":    {VI: "Tin đồn vỡ đập", EN: "Dam-burst rumour"},
			"land-seizure":  {VI: "Thu hồi đất sai sự thật", EN: "False land-seizure claims"},
			"scam-province": {VI: "Lừa đảo mượn danh tỉnh", EN: "Scams using the province's name"},
		},
	}
}

// fixtureDaily computes the fixture or fails the test.
func fixtureDaily(t testing.TB, lang string) *Daily {
	t.Helper()
	d, err := Compute(fixture(t, lang))
	if err != nil {
		t.Fatalf("Compute(fixture %s): %v", lang, err)
	}
	return d
}
