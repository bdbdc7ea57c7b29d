package api

import (
	"bytes"
	"context"
	"errors"

	"mediawatch"
	"mediawatch/desk"
	"mediawatch/report"
)

// ReportBuilder computes the daily report the report routes serve.
// Reports satisfies it over a *report.Builder.
type ReportBuilder interface {
	// Build computes the report of the local day date (YYYY-MM-DD) in
	// lang, "vi" or "en"; "" means the configured language. A malformed
	// date or language wraps mediawatch.ErrInvalid.
	Build(ctx context.Context, date, lang string) (*report.Daily, error)
}

// Reports is a ReportBuilder over one report.Builder, whose Lang is the
// default language.
type Reports struct {
	Builder *report.Builder
}

var _ ReportBuilder = Reports{}

// Build computes the report of date in lang, or in the builder's language
// when lang is empty.
func (r Reports) Build(ctx context.Context, date, lang string) (*report.Daily, error) {
	return desk.BuildReport(ctx, r.Builder, date, lang)
}

// reportInput names one day's report. The date, format and language are
// taken as text and checked here, so that a bad value is a 400 like every
// other bad input, not huma's 422.
type reportInput struct {
	Date   string `path:"date" doc:"The local day, YYYY-MM-DD, in the configured time zone (Asia/Ho_Chi_Minh unless configured)." example:"2026-03-14"`
	Format string `query:"format" default:"html" doc:"html (one self-contained page), md (Markdown), csv (one row per flagged item) or json (the report's data; totals.flagged_items is the CSV's row count)." example:"json"`
	Lang   string `query:"lang" doc:"vi or en; without it, the configured report language." example:"vi"`
}

// reportOutput is the report in its format's media type.
type reportOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	ContentLanguage    string `header:"Content-Language"`
	// ContentSecurityPolicy lets the HTML page be what it is — inline CSS
	// and SVG, no script, nothing fetched — and nothing more.
	ContentSecurityPolicy string `header:"Content-Security-Policy"`
	Body                  []byte
}

// reportCSP allows the report page's inline style and nothing else.
const reportCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

func (s *Server) dailyReport(ctx context.Context, b ReportBuilder, in *reportInput) (*reportOutput, error) {
	f, err := report.ParseFormat(in.Format)
	if err != nil {
		return nil, s.problem(ctx, &FieldError{Location: "query.format", Value: in.Format, Key: msgWantReportFormat})
	}
	if in.Lang != "" && !report.ValidLang(in.Lang) {
		return nil, s.problem(ctx, &FieldError{Location: "query.lang", Value: in.Lang, Key: msgWantLang})
	}
	if _, err := dateParam(s.opts.Location, "path.date", in.Date, false); err != nil {
		return nil, s.problem(ctx, err)
	}
	if _, _, err := report.Day(in.Date, s.opts.Location); err != nil {
		return nil, s.problem(ctx, &FieldError{Location: "path.date", Value: in.Date, Key: msgWantDay})
	}
	d, err := b.Build(ctx, in.Date, in.Lang)
	if errors.Is(err, mediawatch.ErrInvalid) {
		return nil, s.problem(ctx, &FieldError{Location: "path.date", Value: in.Date, Cause: err})
	}
	if err != nil {
		return nil, s.problem(ctx, err)
	}
	var buf bytes.Buffer
	if err := report.Write(&buf, d, f); err != nil {
		return nil, s.problem(ctx, err)
	}
	out := &reportOutput{ContentType: f.ContentType(), ContentLanguage: d.Lang, Body: buf.Bytes(),
		ContentDisposition: `inline; filename="mediawatch-` + d.Date + `.` + string(f) + `"`}
	if f == report.FormatHTML {
		out.ContentSecurityPolicy = reportCSP
	}
	return out, nil
}
