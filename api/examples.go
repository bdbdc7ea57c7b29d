package api

import (
	"reflect"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"mediawatch"
	"mediawatch/report"
)

// Every operation's 200 response carries an example in the OpenAPI
// document. The examples are values of the very types the handlers return,
// so they cannot drift from the schemas huma derives from those types.

// exampleAt is the moment the examples speak of, in Asia/Ho_Chi_Minh.
var exampleAt = time.Date(2026, 11, 20, 8, 30, 0, 0, time.FixedZone("+07", 7*3600))

func examplePtr(t time.Time) *time.Time { return &t }

var exampleItem = itemBody{
	ItemView: ItemView{ID: 42, Source: "baosonla", URL: "https://baosonla.vn/lu-quet-42", CanonicalURL: "https://baosonla.vn/lu-quet-42",
		Title: "Lũ quét ở Mường La", Text: "Mưa lớn gây lũ quét ở huyện Mường La…", Published: examplePtr(exampleAt.Add(-2 * time.Hour)),
		Lang: "vi", ContentHash: "9f2c1a", Version: 2, FirstSeen: exampleAt.Add(-time.Hour), UpdatedAt: exampleAt,
		RuleIDs: []string{"dam-rumour"}, Severity: mediawatch.SeverityHigh, StoryID: 7, Fingerprint: "14695981039346656037",
		Platform: "news"},
	Versions: []versionView{
		{Version: 1, Title: "Lũ quét ở Mường La", Text: "Mưa lớn gây lũ…", ContentHash: "51ab07", SeenAt: exampleAt.Add(-time.Hour)},
		{Version: 2, Title: "Lũ quét ở Mường La", Text: "Mưa lớn gây lũ quét ở huyện Mường La…", ContentHash: "9f2c1a", SeenAt: exampleAt},
	},
}

var exampleMe = map[string]any{"name": "office-laptop", "role": "editor", "prefix": "mw_3fA9"}

var exampleSearch = searchBody{Total: 1, TookMS: 3.2, Next: "WzE3NjM2MDIyMDAwMDAsNDJd",
	Hits: []searchHit{{ID: 42, Title: "Lũ quét ở Mường La", TitleHTML: "<mark>Lũ</mark> quét ở Mường La",
		URL: "https://baosonla.vn/lu-quet-42", Source: "baosonla", Published: examplePtr(exampleAt), Lang: "vi",
		Snippet: "Mưa lớn gây <mark>lũ</mark> quét ở huyện Mường La…", Platform: "news"}},
	Facets: searchFacets{Sources: []facetCount{{"baosonla", 1}}, Languages: []facetCount{{"vi", 1}}, Platforms: []facetCount{{"news", 1}},
		Days: []facetCount{{"2026-11-20", 1}}}}

var exampleStory = StoryView{ID: 7, Title: "Tin đồn vỡ đập thủy điện Sơn La", FirstItemID: 42, FirstSeen: exampleAt.Add(-3 * time.Hour),
	LastSeen: exampleAt, Status: mediawatch.FlagInReview, StatusAt: exampleAt.Add(-time.Hour), Assignee: "Lan",
	Version: 3, UpdatedAt: exampleAt.Add(-time.Hour), Items: 4, Outlets: []string{"baosonla", "vnexpress"}, Reach: 2,
	Flags: 4, RuleIDs: []string{"dam-rumour"}, Severity: mediawatch.SeverityCritical}

var exampleStories = map[string]any{"total": 1, "stories": []StoryView{exampleStory}}

var exampleStoryDetail = storyDetail{StoryView: exampleStory,
	ItemList: []storyItem{{ID: 42, Title: exampleStory.Title, URL: "https://baosonla.vn/vo-dap", Source: "baosonla", Lang: "vi",
		Published: examplePtr(exampleAt.Add(-4 * time.Hour)), FirstSeen: exampleStory.FirstSeen, Version: 1,
		RuleIDs: []string{"dam-rumour"}, Severity: mediawatch.SeverityCritical}},
	FlagList: []storyFlagView{{ID: 9, ItemID: 42, ItemVersion: 1, RuleID: "dam-rumour", RuleVersion: "3e4faec020a5fab7",
		Severity: mediawatch.SeverityCritical, Matches: []mediawatch.TermMatch{{Term: "vỡ đập", Field: "title", Start: 8, End: 19, Text: "vỡ đập"}},
		Snippet: "Tin đồn vỡ đập thủy điện Sơn La", Status: mediawatch.FlagInReview, CreatedAt: exampleStory.FirstSeen}},
	History: []eventView{{ID: 1, At: exampleAt.Add(-time.Hour), Who: "editor-key", Action: "status", From: mediawatch.FlagNew,
		To: mediawatch.FlagInReview, Assignee: "Lan"}},
}

var exampleQueue = map[string]any{"total": 1, "lang": "vi", "stories": []queueStory{{StoryView: exampleStory, Priority: 7.5,
	Reasons: []string{"nghiêm trọng: Tin đồn vỡ đập", "2 nguồn đăng", "xuất hiện lần đầu 3 giờ trước"}}}}

var exampleRules = rulesBody{Dir: "/var/lib/mediawatch/rules", Version: "96ddedb2375c1a8e", LoadedAt: examplePtr(exampleAt),
	Rules: []ruleView{{Rule: mediawatch.Rule{ID: "dam-rumour", Name: mediawatch.Names{VI: "Tin đồn vỡ đập", EN: "Dam burst rumour"},
		Query: `"vỡ đập" -"diễn tập"`, Severity: mediawatch.SeverityCritical, Category: "rumour", Enabled: true,
		Version: "3e4faec020a5fab7", File: "/var/lib/mediawatch/rules/pack.yaml", Line: 1},
		Flags: ruleCountsView{Total: 4, ByStatus: map[mediawatch.FlagStatus]int{mediawatch.FlagInReview: 4},
			LastFlagged: examplePtr(exampleAt)},
		Precision: &rulePrecision{}}}}

var exampleRuleTest = ruleTestBody{Matched: 1, Candidates: 2, PerDay: []mediawatch.DayCount{{Day: "2026-11-20", N: 1}}, TookMS: 12.5,
	Samples: []ruleTestSample{{ID: 42, Title: "Tin đồn vỡ đập", TitleHTML: "Tin đồn <mark>vỡ đập</mark>", URL: "https://baosonla.vn/vo-dap",
		Source: "baosonla", Lang: "vi", Published: examplePtr(exampleAt), Snippet: "…lan truyền tin <mark>vỡ đập</mark>…",
		Terms: []string{"vỡ đập"}}}}

var exampleFlag = flagView{ID: 9, ItemID: 42, ItemVersion: 1, CurrentVersion: 2, RuleID: "dam-rumour", RuleVersion: "3e4faec020a5fab7",
	Severity: mediawatch.SeverityCritical, Status: mediawatch.FlagNew, CreatedAt: exampleAt,
	Matches: []mediawatch.TermMatch{{Term: "vỡ đập", Field: "title", Start: 8, End: 19, Text: "vỡ đập"}},
	Snippet: "Tin đồn vỡ đập thủy điện Sơn La", Title: "Tin đồn vỡ đập thủy điện Sơn La", URL: "https://baosonla.vn/vo-dap",
	Source: "baosonla", Lang: "vi", Published: examplePtr(exampleAt.Add(-time.Hour))}

var exampleFlags = flagsBody{Total: 1, Flags: []flagView{exampleFlag}}

const (
	exportExampleCSV = "\ufeffid,title,url,source,lang,published,first_seen,version,feed_only,author\r\n" +
		"42,Lũ quét ở Mường La,https://baosonla.vn/lu-quet-42,baosonla,vi,2026-11-20T06:30:00+07:00,2026-11-20T07:30:00+07:00,2,false,\r\n"
	exportExampleJSONL = `{"id":42,"title":"Lũ quét ở Mường La","url":"https://baosonla.vn/lu-quet-42","source":"baosonla",` +
		`"lang":"vi","published":"2026-11-20T06:30:00+07:00","first_seen":"2026-11-20T07:30:00+07:00","version":2,"feed_only":false,"author":""}` + "\n"
	flagExportExampleCSV = "\ufeffid,created_at,rule_id,rule_version,severity,status,item_id,item_version,title,url,source,lang,published,terms,snippet\r\n" +
		"9,2026-11-20T08:30:00+07:00,dam-rumour,3e4faec020a5fab7,critical,new,42,1,Tin đồn vỡ đập,https://baosonla.vn/vo-dap,baosonla,vi,2026-11-20T07:30:00+07:00,vỡ đập,Tin đồn vỡ đập thủy điện Sơn La\r\n"
	flagExportExampleJSONL = `{"id":9,"item_id":42,"item_version":1,"current_version":2,"rule_id":"dam-rumour","rule_version":"3e4faec020a5fab7",` +
		`"severity":"critical","status":"new","created_at":"2026-11-20T08:30:00+07:00","matches":[],"snippet":"Tin đồn vỡ đập",` +
		`"title":"Tin đồn vỡ đập","url":"https://baosonla.vn/vo-dap","source":"baosonla","lang":"vi","published":null}` + "\n"
)

// exampleDaily is a quiet day's report.
var exampleDaily = report.Daily{Date: "2026-03-14", Zone: "Asia/Ho_Chi_Minh", Lang: "vi",
	GeneratedAt: time.Date(2026, 3, 15, 7, 0, 0, 0, exampleAt.Location()),
	Start:       time.Date(2026, 3, 14, 0, 0, 0, 0, exampleAt.Location()),
	End:         time.Date(2026, 3, 15, 0, 0, 0, 0, exampleAt.Location()),
	Totals: report.Totals{Items: 12, BySource: []report.Count{{Key: "baosonla", Count: 12}},
		ByLang: []report.Count{{Key: "vi", Label: "tiếng Việt", Count: 12}}, FlaggedBySource: []report.Count{},
		ByRule: []report.Count{}, BySeverity: []report.Count{}},
	NewStories: []report.StoryEntry{}, Volume: []report.DayVolume{}, Flagged: []report.FlaggedRow{}}

// exportDocs documents a streamed export: CSV or JSON lines.
func exportDocs(csvExample, jsonlExample string) docs {
	return docs{ok: map[string]*huma.MediaType{
		"text/csv": {Schema: stringSchema("A header row, then one row per record (RFC 4180, CRLF line ends), " +
			"after a UTF-8 byte order mark unless bom=false."), Example: csvExample},
		// No schema: OpenAPI 3.1 cannot describe a sequence of JSON
		// values (each line is an object of the JSON export's row).
		"application/x-ndjson": {Example: jsonlExample},
	}}
}

// reportDocs documents the daily report in its four formats; the JSON
// one is described by report.Daily, the type report.Write encodes.
func reportDocs(api huma.API) docs {
	reg := api.OpenAPI().Components.Schemas
	daily := reg.Schema(reflect.TypeFor[report.Daily](), true, "DailyReport")
	// report.Response's two pointers are null when there is nothing to
	// say; huma cannot mark an object nullable from the Go type.
	if resp := reg.SchemaFromRef(reg.SchemaFromRef(daily.Ref).Properties["response"].Ref); resp != nil {
		for _, name := range []string{"median_time_to_answer", "oldest_open"} {
			if p := resp.Properties[name]; p != nil && p.Ref != "" {
				resp.Properties[name] = &huma.Schema{OneOf: []*huma.Schema{{Ref: p.Ref}, {Type: "null"}}}
			}
		}
	}
	return docs{ok: map[string]*huma.MediaType{
		"text/html": {Schema: stringSchema("One self-contained page: inline CSS and SVG, no script."),
			Example: "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Báo cáo ngày 2026-03-14</title>…"},
		"text/markdown":    {Schema: stringSchema("The report as Markdown."), Example: "# Báo cáo ngày 2026-03-14\n\n…"},
		"text/csv":         {Schema: stringSchema("One row per flagged item of the day."), Example: "date,severity,rule_ids,…\r\n"},
		"application/json": {Schema: daily, Example: exampleDaily},
	}}
}
