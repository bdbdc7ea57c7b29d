package api

import (
	"context"
	"io"
	"net/http"

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

// exportRow is one exported match with its source metadata; desk writes
// it, so the search page's "export all" is the same file.
type exportRow = desk.ExportRecord

// exportPage is how many hits export reads from the index at a time.
var exportPage = desk.ExportPage // a variable so tests can page through few items

// utf8BOM starts a CSV export unless the client asks for none.
const utf8BOM = desk.UTF8BOM

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

// streamExport writes every row of exp in format, the byte order mark
// already sent by startDownload.
func (s *Server) streamExport(ctx context.Context, exp *desk.Export, format string, w io.Writer) error {
	_, err := exp.Write(ctx, w, desk.ExportFormat{Format: format, Loc: s.opts.Location})
	return err
}
