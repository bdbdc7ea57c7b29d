package desk

import (
	"context"
	"fmt"

	"mediawatch/report"
)

// Report computes one local day's daily report from the store now, in
// lang ("vi" or "en"; "" is the configured report language).
func (d *Desk) Report(ctx context.Context, date, lang string) (*report.Daily, error) {
	if d.reports == nil {
		return nil, fmt.Errorf("report: %w", ErrUnavailable)
	}
	return BuildReport(ctx, d.reports, date, lang)
}

// BuildReport computes one day's report with b in lang ("" keeps b's):
// a copy of b with the language changed, so that one builder serves every
// reader's language at once.
func BuildReport(ctx context.Context, b *report.Builder, date, lang string) (*report.Daily, error) {
	c := *b
	if lang != "" {
		c.Lang = lang
	}
	return c.Build(ctx, date)
}
