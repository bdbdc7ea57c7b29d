package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"mediawatch"
)

// Format is one of the report's file formats.
type Format string

// The report formats.
const (
	FormatHTML     Format = "html"
	FormatMarkdown Format = "md"
	FormatCSV      Format = "csv"
	FormatJSON     Format = "json"
)

// Formats lists every format, in the order files are written.
var Formats = []Format{FormatHTML, FormatMarkdown, FormatCSV, FormatJSON}

// ParseFormat reads a format name: html, md (or markdown), csv or json,
// in any case. Anything else is refused with mediawatch.ErrInvalid.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case FormatHTML, FormatMarkdown, FormatCSV, FormatJSON:
		return f, nil
	case "markdown":
		return FormatMarkdown, nil
	}
	return "", fmt.Errorf("report format %q: want html, md, csv or json: %w", s, mediawatch.ErrInvalid)
}

// ContentType is the format's media type, for HTTP and e-mail.
func (f Format) ContentType() string {
	switch f {
	case FormatHTML:
		return "text/html; charset=utf-8"
	case FormatMarkdown:
		return "text/markdown; charset=utf-8"
	case FormatCSV:
		return "text/csv; charset=utf-8"
	default:
		return "application/json"
	}
}

// Write writes d in format f.
func Write(w io.Writer, d *Daily, f Format) error {
	switch f {
	case FormatHTML:
		return WriteHTML(w, d)
	case FormatMarkdown:
		return WriteMarkdown(w, d)
	case FormatCSV:
		return WriteCSV(w, d)
	case FormatJSON:
		return WriteJSON(w, d)
	}
	return fmt.Errorf("write report %s: format %q: %w", d.Date, f, mediawatch.ErrInvalid)
}

// WriteJSON writes d as indented JSON: the Daily struct itself, so that
// totals.flagged_items equals the CSV's row count.
func WriteJSON(w io.Writer, d *Daily) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		return fmt.Errorf("write json report %s: %w", d.Date, err)
	}
	return nil
}

// CSVHeader names the CSV's columns: stable snake_case names, the same in
// both languages, so that scripts reading the file need not know it.
var CSVHeader = []string{"date", "item_id", "story_id", "severity", "rules", "status", "flagged_at", "first_seen",
	"published", "source", "lang", "title", "url", "matched_terms", "snippet"}

// WriteCSV writes one row per flagged item of the day (d.Flagged), with a
// header row, as UTF-8 with a byte-order mark so that spreadsheet programs
// show Vietnamese correctly. Times are RFC 3339 in the report's zone;
// lists are joined with "; ". A crawled cell that starts with = + - @ or a
// control character is prefixed with ' so that a spreadsheet does not run
// it as a formula.
func WriteCSV(w io.Writer, d *Daily) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return fmt.Errorf("write csv report %s: %w", d.Date, err)
	}
	cw := csv.NewWriter(w)
	rows := make([][]string, 0, len(d.Flagged)+1)
	rows = append(rows, CSVHeader)
	for _, r := range d.Flagged {
		rows = append(rows, []string{d.Date, strconv.FormatInt(r.ID, 10), strconv.FormatInt(r.StoryID, 10),
			string(r.Severity), cell(strings.Join(r.Rules, "; ")), string(r.Status), stamp(r.FlaggedAt),
			stamp(r.FirstSeen), stamp(r.Published), cell(r.Source), cell(r.Lang), cell(r.Title), cell(r.URL),
			cell(strings.Join(r.MatchedTerms, "; ")), cell(r.Snippet)})
	}
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("write csv report %s: %w", d.Date, err)
	}
	return nil
}

// cell defuses a spreadsheet formula at the start of an untrusted cell.
func cell(s string) string {
	if s != "" && (strings.ContainsRune("=+-@", rune(s[0])) || s[0] < 0x20) {
		return "'" + s
	}
	return s
}

// stamp writes a time as RFC 3339, or "" for the zero time.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}
