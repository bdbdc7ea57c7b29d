package desk

import (
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"
)

// The one way an export is written, shared by the API's GET /api/v1/export
// and the search page's "export all", so that a spreadsheet made from
// either is the same file.

// UTF8BOM starts a CSV export unless asked not to: without it Excel on
// Windows reads UTF-8 as the local code page and garbles Vietnamese.
const UTF8BOM = "\ufeff"

// ExportHeader is the header row of a CSV export.
var ExportHeader = []string{"id", "title", "url", "source", "lang", "published", "first_seen", "version", "feed_only", "author"}

// ExportRecord is one exported row as written: times in the export's
// zone to the second, null (an empty cell) when unknown.
type ExportRecord struct {
	ID        int64      `json:"id"`
	Title     string     `json:"title"`
	URL       string     `json:"url"`
	Source    string     `json:"source"`
	Lang      string     `json:"lang"`
	Published *time.Time `json:"published"` // null when the outlet does not say
	FirstSeen *time.Time `json:"first_seen"`
	Version   int        `json:"version"`
	FeedOnly  bool       `json:"feed_only"`
	Author    string     `json:"author"`
}

// CSV is the record's CSV row, crawled cells made safe for spreadsheets.
func (r ExportRecord) CSV() []string {
	return []string{strconv.FormatInt(r.ID, 10), CSVSafe(r.Title), r.URL, r.Source, r.Lang, stampOf(r.Published), stampOf(r.FirstSeen),
		strconv.Itoa(r.Version), strconv.FormatBool(r.FeedOnly), CSVSafe(r.Author)}
}

// CSVSafe keeps a crawled cell from being run as a formula by the
// spreadsheet that opens the export: a leading =, +, -, @, tab or CR gets
// an apostrophe before it (OWASP's advice for CSV injection).
func CSVSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// ExportFormat is how an export is written: Format "csv" (a header row,
// then a row per match; BOM puts UTF8BOM first) or "jsonl" (a JSON object
// per line); times in Loc.
type ExportFormat struct {
	Format string
	BOM    bool
	Loc    *time.Location
}

// Write streams every row of e to w in f and returns how many rows it
// wrote.
func (e *Export) Write(ctx context.Context, w io.Writer, f ExportFormat) (int, error) {
	loc := cmp.Or(f.Loc, e.d.loc)
	cw := csv.NewWriter(w)
	enc := json.NewEncoder(w)
	if f.Format != "jsonl" {
		if f.BOM {
			if _, err := io.WriteString(w, UTF8BOM); err != nil {
				return 0, err
			}
		}
		if err := cw.Write(ExportHeader); err != nil {
			return 0, err
		}
	}
	n, err := e.Rows(ctx, func(r ExportRow) error {
		rec := ExportRecord{ID: r.ID, Title: r.Title, URL: r.URL, Source: r.Source, Lang: r.Lang,
			Published: atOrNil(r.Published, loc), FirstSeen: atOrNil(r.FirstSeen, loc), Version: r.Version,
			FeedOnly: r.FeedOnly, Author: r.Author}
		if f.Format == "jsonl" {
			return enc.Encode(rec)
		}
		return cw.Write(rec.CSV())
	})
	cw.Flush()
	return n, cmp.Or(err, cw.Error())
}

// atOrNil is t in loc to the second, or nil when t is zero ("never").
func atOrNil(t time.Time, loc *time.Location) *time.Time {
	if t.IsZero() {
		return nil
	}
	v := t.In(loc).Truncate(time.Second)
	return &v
}

// stampOf is a CSV cell for t; an empty cell for unknown.
func stampOf(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.RFC3339)
}
