package report

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"mediawatch"
)

// rangeSource serves one flagged item whose outlet dated it 9999-12-31 in
// the evening (UTC): in Asia/Ho_Chi_Minh already year 10000.
type rangeSource struct{ day time.Time }

func (s rangeSource) ReportEntries(ctx context.Context, from, to time.Time) ([]mediawatch.ReportEntry, error) {
	it := item(1, "a", "vi", "Sơn La", "https://a.vn/1", time.Date(9999, 12, 31, 20, 0, 0, 0, time.UTC), from.Add(time.Hour))
	return []mediawatch.ReportEntry{{Item: it, Flags: []mediawatch.Flag{mkFlag(1, 1, "r", mediawatch.SeverityHigh, mediawatch.FlagNew, from.Add(time.Hour), "Sơn La")}}}, nil
}

func (rangeSource) ReportStories(context.Context, time.Time, time.Time) ([]mediawatch.ReportStory, error) {
	return nil, nil
}

func (rangeSource) ReportVolume(_ context.Context, bounds []time.Time) ([]mediawatch.DayVolume, error) {
	return make([]mediawatch.DayVolume, len(bounds)-1), nil
}

// TestReportDayRange: a day outside FirstDay–LastDay is ErrDayOutOfRange
// (an ErrInvalid: a 400, not a 500), the edges themselves are reported in
// every format, and an item's impossible publication date is left out
// rather than failing the report.
func TestReportDayRange(t *testing.T) {
	b := &Builder{Source: rangeSource{}, Loc: ict(t), Lang: "vi", Now: func() time.Time { return time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC) }}
	for _, date := range []string{"9999-12-31", "0001-01-01", "1899-12-31", "2262-01-01"} {
		if _, err := b.Build(context.Background(), date); !errors.Is(err, ErrDayOutOfRange) || !errors.Is(err, mediawatch.ErrInvalid) {
			t.Errorf("%s: %v, want ErrDayOutOfRange", date, err)
		}
	}
	for _, date := range []string{FirstDay, LastDay, "2026-03-14"} {
		d, err := b.Build(context.Background(), date)
		if err != nil {
			t.Fatalf("%s: %v", date, err)
		}
		for _, f := range Formats {
			var buf bytes.Buffer
			if err := Write(&buf, d, f); err != nil {
				t.Errorf("%s as %s: %v", date, f, err)
			}
			if strings.Contains(buf.String(), "9999") || strings.Contains(buf.String(), "10000") {
				t.Errorf("%s as %s shows the impossible publication date", date, f)
			}
		}
	}
}
