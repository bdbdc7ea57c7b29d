package web

import (
	"strings"
	"testing"
	"time"

	"mediawatch/desk"
	"mediawatch/report"
)

// FuzzReportParams feeds arbitrary dates and formats through the decoding
// of the reports pages' path and ?date= (parseReportDate,
// parseReportFormat): what is accepted is a real day reports cover, and a
// format the links write, exactly.
func FuzzReportParams(f *testing.F) {
	f.Add("2026-12-05", "csv")
	f.Add(" 2026-02-30 ", "CSV")
	f.Add("0001-01-01", "markdown")
	f.Add("2261-12-31", "md")
	f.Add("９９９９-12-31", "html\x00")
	d := desk.New(desk.Deps{Store: nilStore{}}, desk.Options{})
	f.Fuzz(func(t *testing.T, date, format string) {
		if got, ok := parseReportDate(d, date); ok {
			day, err := time.Parse(time.DateOnly, got)
			if err != nil || got != strings.TrimSpace(date) || got < report.FirstDay || got > report.LastDay ||
				day.Format(time.DateOnly) != got {
				t.Fatalf("parseReportDate(%q) = %q", date, got)
			}
		} else if got != "" {
			t.Fatalf("refused %q but gave %q", date, got)
		}
		if f, ok := parseReportFormat(format); ok {
			if string(f) != format || (f != report.FormatCSV && f != report.FormatJSON && f != report.FormatMarkdown && f != report.FormatHTML) {
				t.Fatalf("parseReportFormat(%q) = %q", format, f)
			}
		}
	})
}

// nilStore is a desk.Store for decoding tests, which never read it.
type nilStore struct{ desk.Store }
