package api

import (
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"mediawatch/desk"
)

type exportInput struct {
	Q      string   `query:"q" required:"true" maxLength:"4096" doc:"The query, in mediawatch's query language: words, \"phrases\", AND OR NOT -, NEAR/n, ONEAR/n, prefix*, title: text: source: lang: url: rule: severity:." example:"\"Sơn La\" AND (lũ OR \"sạt lở\")"`
	From   string   `query:"from" doc:"Published on or after: a local date YYYY-MM-DD or an RFC 3339 time." example:"2026-11-01"`
	To     string   `query:"to" doc:"Published on or before: a local date YYYY-MM-DD (the whole day) or an RFC 3339 time." example:"2026-11-30"`
	Source []string `query:"source" doc:"Only these sources (repeat the parameter or separate with commas)."`
	Lang   []string `query:"lang" doc:"Only these languages: vi, en, other, … (repeat or separate with commas)."`
	Format string   `query:"format" enum:"csv,jsonl" default:"csv" doc:"csv (a header row, then one row per match) or jsonl (one JSON object per line)." example:"csv"`
	BOM    bool     `query:"bom" default:"true" doc:"Start a CSV with a UTF-8 byte order mark, so that Excel on Windows reads Vietnamese right; false leaves it out."`
}

// exportRow is one exported match with its source metadata.
type exportRow struct {
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

var exportHeader = []string{"id", "title", "url", "source", "lang", "published", "first_seen", "version", "feed_only", "author"}

func (r exportRow) record() []string {
	return []string{strconv.FormatInt(r.ID, 10), csvSafe(r.Title), r.URL, r.Source, r.Lang, stamp(r.Published), stamp(r.FirstSeen),
		strconv.Itoa(r.Version), strconv.FormatBool(r.FeedOnly), csvSafe(r.Author)}
}

// exportPage is how many hits export reads from the index at a time.
var exportPage = desk.ExportPage // a variable so tests can page through few items

// utf8BOM starts a CSV export unless the client asks for none: without
// it Excel on Windows reads UTF-8 as the local code page and garbles
// Vietnamese.
const utf8BOM = "\ufeff"

// startDownload sends the headers of a streamed export in format (csv or
// jsonl) as the file name.format, and the byte order mark of a CSV when
// bom is set.
func startDownload(hc huma.Context, format, name string, bom bool) {
	ct := "text/csv; charset=utf-8"
	if format == "jsonl" {
		ct = "application/x-ndjson; charset=utf-8"
	}
	hc.SetHeader("Content-Type", ct)
	hc.SetHeader("Content-Disposition", `attachment; filename="`+name+`.`+format+`"`)
	hc.SetStatus(http.StatusOK)
	if format == "csv" && bom {
		_, _ = io.WriteString(hc.BodyWriter(), utf8BOM)
	}
}

// csvSafe keeps a crawled cell from being run as a formula by the
// spreadsheet that opens the export: a leading =, +, -, @, tab or CR gets
// an apostrophe before it (OWASP's advice for CSV injection).
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// export answers GET /api/v1/export: every match, newest first, streamed
// page by page through the index's cursor — not capped at a page. The query
// is checked before the first byte, so a bad one is still a 400 problem.
func (s *Server) export(ctx context.Context, in *exportInput) (*huma.StreamResponse, error) {
	q, req, err := s.parseFilters(searchFilters{Q: in.Q, From: in.From, To: in.To, Source: in.Source, Lang: in.Lang})
	if err != nil {
		return nil, s.problem(ctx, err)
	}
	req.Size = exportPage
	k, _ := keyFrom(ctx) // the role check let the request in, so there is a key
	exp, err := s.desk.StartExport(ctx, s.actor(ctx, k), desk.SearchRequest{Query: q, Request: req})
	if err != nil {
		return nil, s.problem(ctx, err)
	}
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		startDownload(hc, in.Format, "mediawatch-export", in.BOM)
		if err := s.streamExport(hc.Context(), exp, in.Format, hc.BodyWriter()); err != nil {
			// The status is sent; all that is left is to stop and say so in the log.
			s.log.Warn("export cut short", "err", err)
		}
	}}, nil
}

// streamExport writes every row of exp in format.
func (s *Server) streamExport(ctx context.Context, exp *desk.Export, format string, w io.Writer) error {
	cw := csv.NewWriter(w)
	enc := json.NewEncoder(w)
	if format == "csv" {
		if err := cw.Write(exportHeader); err != nil {
			return err
		}
	}
	_, err := exp.Rows(ctx, func(r desk.ExportRow) error {
		row := exportRow{ID: r.ID, Title: r.Title, URL: r.URL, Source: r.Source, Lang: r.Lang, Published: s.atOrNil(r.Published),
			FirstSeen: s.atOrNil(r.FirstSeen), Version: r.Version, FeedOnly: r.FeedOnly, Author: r.Author}
		if format == "csv" {
			return cw.Write(row.record())
		}
		return enc.Encode(row)
	})
	cw.Flush()
	return cmp.Or(err, cw.Error())
}

// stamp is a CSV cell for t, already in the API's zone to the second; an
// empty cell for unknown.
func stamp(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.RFC3339)
}
