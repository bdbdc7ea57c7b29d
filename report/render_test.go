package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"mediawatch"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestGolden renders the fixture in every format and language and holds
// the output to testdata/daily.LANG.EXT; run with -update to rewrite
// them after a deliberate change, and read the diff.
func TestGolden(t *testing.T) {
	for _, lang := range []string{"vi", "en"} {
		d := fixtureDaily(t, lang)
		for _, f := range Formats {
			t.Run(lang+"."+string(f), func(t *testing.T) {
				var buf bytes.Buffer
				if err := Write(&buf, d, f); err != nil {
					t.Fatal(err)
				}
				path := filepath.Join("testdata", "daily."+lang+"."+string(f))
				if *update {
					if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test -run TestGolden -update to create it)", err)
				}
				if !bytes.Equal(buf.Bytes(), want) {
					t.Errorf("%s differs from the golden file; got:\n%s", path, firstDiff(buf.String(), string(want)))
				}
			})
		}
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + itoa(i+1) + ":\n got: " + gl + "\nwant: " + wl
		}
	}
	return "(no line differs)"
}

func itoa(n int) string { return catalog("en").num(n) }

// TestHTMLSelfContained reads the HTML as a browser would: no script, no
// event handler, nothing fetched from elsewhere, the chart inline, and the
// hostile title and URL of the fixture's item 103 made harmless.
func TestHTMLSelfContained(t *testing.T) {
	for _, lang := range []string{"vi", "en"} {
		t.Run(lang, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteHTML(&buf, fixtureDaily(t, lang)); err != nil {
				t.Fatal(err)
			}
			page := buf.String()
			tags, hrefs := htmlTags(t, page)
			for _, bad := range []string{"script", "link", "img", "iframe", "object", "embed", "base", "form"} {
				if tags[bad] > 0 {
					t.Errorf("page has %d <%s> elements", tags[bad], bad)
				}
			}
			if tags["svg"] != 1 || tags["rect"] < 60 || tags["title"] < 2 {
				t.Errorf("want one inline <svg> with its bars and <title>s, got %v", tags)
			}
			for _, h := range hrefs {
				if !strings.HasPrefix(h, "https://") {
					t.Errorf("link to %q: only the crawled https URLs may be links", h)
				}
			}
			if !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt; Đất đai &amp; &#34;thu hồi&#34;") {
				t.Errorf("the hostile title is not shown escaped")
			}
			if strings.Contains(page, "javascript:") || strings.Contains(page, "ZgotmplZ") {
				t.Errorf("a javascript: URL reached the page")
			}
		})
	}
}

// htmlTags counts the start tags of a page and lists its href values; an
// on* attribute fails the test.
func htmlTags(t *testing.T, page string) (map[string]int, []string) {
	t.Helper()
	tags := map[string]int{}
	var hrefs []string
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return tags, hrefs
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			tags[tok.Data]++
			for _, a := range tok.Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") {
					t.Errorf("<%s %s=%q>: event handler attribute", tok.Data, a.Key, a.Val)
				}
				if a.Key == "href" || a.Key == "src" || a.Key == "xlink:href" {
					hrefs = append(hrefs, a.Val)
				}
			}
		}
	}
}

func TestMarkdownEscapes(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, fixtureDaily(t, "en")); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, want := range []string{
		`\<script\>alert\(1\)\</script\> Đất đai \& "thu hồi" \| \*bí mật\* \[x\]\(y\)`,
		"[Tin đồn vỡ đập thủy điện ở Sơn La gây hoang mang](<https://baosonla.vn/tin-don-vo-dap-101.html>)",
		"**vỡ đập**",
		"| New items | 5 | 4.3 | +16.7% |",
		"Asia/Ho_Chi_Minh",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	if strings.Contains(md, "javascript:") || strings.Contains(md, "<script>") {
		t.Errorf("markdown links a javascript: URL or carries raw markup")
	}
}

func TestMdLink(t *testing.T) {
	for _, tc := range []struct{ title, url, want string }{
		{"a", "https://x.vn/a b", "[a](<https://x.vn/a%20b>)"},
		{"a", "https://x.vn/?q=<b>", "[a](<https://x.vn/?q=%3Cb%3E>)"},
		{"a]b", "http://x.vn/", `[a\]b](<http://x.vn/>)`},
		{"_a_ b_c *d*", "http://x.vn/", `[\_a\_ b_c \*d\*](<http://x.vn/>)`},
		{"a", "javascript:alert(1)", "a"},
		{"a", "ftp://x.vn/", "a"},
		{"a", "/relative", "a"},
	} {
		if got := mdLink(tc.title, tc.url); got != tc.want {
			t.Errorf("mdLink(%q, %q) = %q, want %q", tc.title, tc.url, got, tc.want)
		}
	}
}

// TestCSVMatchesJSON checks the promise between the two machine formats:
// one CSV row per flagged item, totals.flagged_items rows.
func TestCSVMatchesJSON(t *testing.T) {
	d := fixtureDaily(t, "vi")
	var c, j bytes.Buffer
	if err := WriteCSV(&c, d); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&j, d); err != nil {
		t.Fatal(err)
	}
	body, ok := bytes.CutPrefix(c.Bytes(), []byte("\ufeff"))
	if !ok {
		t.Fatal("CSV lacks its byte-order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var decoded struct {
		Totals struct {
			FlaggedItems int `json:"flagged_items"`
		} `json:"totals"`
		Flagged []json.RawMessage `json:"flagged"`
	}
	if err := json.Unmarshal(j.Bytes(), &decoded); err != nil {
		t.Fatal(err)
	}
	if len(rows)-1 != decoded.Totals.FlaggedItems || len(decoded.Flagged) != decoded.Totals.FlaggedItems || decoded.Totals.FlaggedItems != 5 {
		t.Fatalf("CSV has %d rows, JSON says %d flagged items and lists %d", len(rows)-1, decoded.Totals.FlaggedItems, len(decoded.Flagged))
	}
	if strings.Join(rows[0], ",") != strings.Join(CSVHeader, ",") {
		t.Errorf("header = %v", rows[0])
	}
	col := func(name string) int {
		for i, h := range CSVHeader {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s", name)
		return -1
	}
	row103 := rows[4]
	if row103[col("item_id")] != "103" || !strings.HasPrefix(row103[col("snippet")], "'=HYPERLINK") {
		t.Errorf("row for 103 = %q: the formula in the snippet must be defused", row103)
	}
	if rows[1][col("flagged_at")] != "2025-03-14T08:16:00+07:00" || rows[5][col("published")] != "2025-01-02T07:00:00+07:00" {
		t.Errorf("times must be RFC 3339 in the report's zone: %q, %q", rows[1][col("flagged_at")], rows[5][col("published")])
	}
}

func TestJSONRoundTrip(t *testing.T) {
	var first bytes.Buffer
	if err := WriteJSON(&first, fixtureDaily(t, "en")); err != nil {
		t.Fatal(err)
	}
	var d Daily
	if err := json.Unmarshal(first.Bytes(), &d); err != nil {
		t.Fatal(err)
	}
	var second bytes.Buffer
	if err := WriteJSON(&second, &d); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Errorf("JSON does not survive a round trip:\n%s", firstDiff(second.String(), first.String()))
	}
	// A report read back from JSON renders like the original.
	var a, b bytes.Buffer
	if err := WriteHTML(&a, fixtureDaily(t, "en")); err != nil {
		t.Fatal(err)
	}
	if err := WriteHTML(&b, &d); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Errorf("HTML from decoded JSON differs:\n%s", firstDiff(b.String(), a.String()))
	}
}

func TestParseFormat(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Format
		ok   bool
	}{
		{"html", FormatHTML, true}, {"HTML", FormatHTML, true}, {"md", FormatMarkdown, true},
		{"markdown", FormatMarkdown, true}, {" csv ", FormatCSV, true}, {"json", FormatJSON, true},
		{"pdf", "", false}, {"", "", false},
	} {
		got, err := ParseFormat(tc.in)
		if got != tc.want || (err == nil) != tc.ok || (err != nil && !errors.Is(err, mediawatch.ErrInvalid)) {
			t.Errorf("ParseFormat(%q) = %q, %v", tc.in, got, err)
		}
	}
	if err := Write(&bytes.Buffer{}, fixtureDaily(t, "en"), "pdf"); !errors.Is(err, mediawatch.ErrInvalid) {
		t.Errorf("Write in an unknown format = %v, want ErrInvalid", err)
	}
}

func TestEmptyDay(t *testing.T) {
	in := fixture(t, "vi")
	in.Entries, in.Stories = nil, nil
	d, err := Compute(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range Formats {
		var buf bytes.Buffer
		if err := Write(&buf, d, f); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if f == FormatHTML && !strings.Contains(buf.String(), "Không có câu chuyện mới nào bị gắn cờ.") {
			t.Errorf("an empty day's page does not say so")
		}
		if f == FormatJSON && !strings.Contains(buf.String(), `"new_stories": []`) {
			t.Errorf("an empty day's JSON must list no stories as [], not null")
		}
	}
}
