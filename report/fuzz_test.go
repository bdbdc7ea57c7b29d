package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"mediawatch"
)

// FuzzDay holds Day to its promises on any text: no panic; an accepted
// date is a real day that starts at its own local midnight and lasts
// 23 to 25 hours.
func FuzzDay(f *testing.F) {
	for _, s := range []string{"2025-03-14", "2025-02-29", "2024-02-29", "0001-01-01", "9999-12-31", "2025-3-1", "", "２０２５-03-14"} {
		f.Add(s)
	}
	zones := []*time.Location{ict(f), mustZone(f, "Europe/Berlin"), time.UTC}
	f.Fuzz(func(t *testing.T, date string) {
		for _, loc := range zones {
			start, end, err := Day(date, loc)
			if err != nil {
				continue
			}
			if h := end.Sub(start).Hours(); h < 23 || h > 25 {
				t.Fatalf("Day(%q, %v) lasts %v hours", date, loc, h)
			}
			if local := start.In(loc); local.Format(DateLayout) != date || local.Hour() != 0 || local.Minute() != 0 {
				t.Fatalf("Day(%q, %v) starts at %v", date, loc, local)
			}
		}
	})
}

// FuzzDue runs Due on arbitrary times of day, last dates and instants:
// no panic, and a due date is a real day after lastDone that has ended.
func FuzzDue(f *testing.F) {
	f.Add("07:00", "2025-03-13", int64(1742000000))
	f.Add("23:59", "", int64(0))
	f.Add("7:00", "yesterday", int64(-62135596800))
	f.Add("00:00", "9999-12-31", int64(253402300799))
	loc := ict(f)
	f.Fuzz(func(t *testing.T, at, lastDone string, unix int64) {
		now := time.Unix(unix, 0)
		date, ok := Due(now, at, loc, lastDone)
		if !ok {
			if date != "" {
				t.Fatalf("Due = %q with ok false", date)
			}
			return
		}
		_, end, err := Day(date, loc)
		if err != nil {
			t.Fatalf("Due(%v, %q, %q) = %q, not a day: %v", now, at, lastDone, date, err)
		}
		if end.After(now) {
			t.Fatalf("Due(%v, %q, %q) = %q, a day not yet over", now, at, lastDone, date)
		}
		if _, err := parseDate(lastDone); err == nil && date <= lastDone {
			t.Fatalf("Due(%v, %q, %q) = %q, already made", now, at, lastDone, date)
		}
	})
}

// linkDest matches a Markdown link destination as mdLink writes it.
var linkDest = regexp.MustCompile(`\]\(<[^<>\s]*>\)`)

// FuzzRender renders a report whose crawled strings are arbitrary: every
// format must be written; the HTML must carry no script, event handler or
// script URL; the Markdown no raw "<"; the CSV one row per flagged item;
// the JSON must be valid.
func FuzzRender(f *testing.F) {
	f.Add(`<script>alert(1)</script>`, `" onmouseover="x`, "javascript:alert(1)", "=cmd|' /C calc'!A0", "<b>")
	f.Add("Sơn La\n# heading", "a](javascript:x) [b", "https://x.vn/a b>c", "-2+3", "*")
	f.Add("\xff\xfe", "", "data:text/html,<script>", "@SUM(1)", "")
	loc := ict(f)
	f.Fuzz(func(t *testing.T, title, snippet, url, source, term string) {
		when := at(loc, "2025-03-14", "12:00:00")
		in := Input{Date: "2025-03-14", Loc: loc, Lang: "vi", GeneratedAt: when.Add(time.Hour), Entries: []mediawatch.ReportEntry{{
			Item: mediawatch.Item{ID: 1, Title: title, URL: url, Source: source, Lang: term, FirstSeen: when},
			Flags: []mediawatch.Flag{{ID: 1, RuleID: term, Severity: mediawatch.Severity(term), CreatedAt: when,
				Snippet: snippet, Matches: []mediawatch.TermMatch{{Term: term, Text: term}}}},
		}}, RuleNames: map[string]mediawatch.Names{term: {VI: title}},
			// Display names, hints and the office are configured, not
			// crawled, but are escaped all the same.
			SourceNames: map[string]string{source: snippet}, RuleHints: map[string]string{term: url},
			Office: Office{Name: title, Province: snippet}}
		d, err := Compute(in)
		if err != nil {
			t.Fatal(err)
		}
		out := map[Format]string{}
		for _, format := range Formats {
			var buf bytes.Buffer
			if err := Write(&buf, d, format); err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			out[format] = buf.String()
		}
		checkSafeHTML(t, out[FormatHTML])
		var mailPage bytes.Buffer
		if err := writeMailHTML(&mailPage, d); err != nil {
			t.Fatal(err)
		}
		checkSafeHTML(t, mailPage.String())
		md := linkDest.ReplaceAllString(out[FormatMarkdown], "]")
		for i := range len(md) {
			if md[i] == '<' && (i == 0 || md[i-1] != '\\') {
				t.Fatalf("unescaped < in Markdown at %d: %q", i, md[max(0, i-20):min(len(md), i+20)])
			}
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out[FormatCSV], "\ufeff"))).ReadAll()
		if err != nil || len(rows) != 2 || rows[1][1] != "1" {
			t.Fatalf("CSV rows %q, %v", rows, err)
		}
		if !json.Valid([]byte(out[FormatJSON])) {
			t.Fatal("invalid JSON")
		}
	})
}

// checkSafeHTML fails on a script element, an event handler attribute or
// a script URL anywhere in page.
func checkSafeHTML(t *testing.T, page string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if tok.Data == "script" || tok.Data == "iframe" || tok.Data == "object" || tok.Data == "embed" {
				t.Fatalf("page holds <%s>", tok.Data)
			}
			for _, a := range tok.Attr {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(strings.ToLower(a.Key), "on") || strings.HasPrefix(v, "javascript:") ||
					strings.HasPrefix(v, "data:") || strings.HasPrefix(v, "vbscript:") {
					t.Fatalf("<%s %s=%q>", tok.Data, a.Key, a.Val)
				}
			}
		}
	}
}
