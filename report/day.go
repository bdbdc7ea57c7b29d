package report

import (
	"fmt"
	"time"

	"mediawatch"
)

// DateLayout is how report dates are written: the local day, YYYY-MM-DD.
const DateLayout = "2006-01-02"

// DefaultZone is the zone a report day is in unless configured otherwise.
const DefaultZone = "Asia/Ho_Chi_Minh"

// FirstDay and LastDay bound the days a report can be made for: the dates
// mediawatch handles (mediawatch.EarliestDate to LatestDate). Past them a
// day's end, its 30 days of volume or its JSON could not even be written
// (9999-12-31 ends in year 10000 east of UTC), and nothing is dated there.
var (
	FirstDay = mediawatch.EarliestDate.Format(DateLayout)
	LastDay  = mediawatch.LatestDate.AddDate(0, 0, -1).Format(DateLayout)
)

// ErrDayOutOfRange means a well-formed date outside FirstDay–LastDay. It
// wraps mediawatch.ErrInvalid.
var ErrDayOutOfRange = fmt.Errorf("%w: report day out of range", mediawatch.ErrInvalid)

// Day returns the local day date in loc as the half-open interval
// [start, end) in UTC. The day is decided by loc's midnights, never by
// UTC's: in Asia/Ho_Chi_Minh it runs from 17:00 UTC the day before, and on
// a daylight-saving change it is 23 or 25 hours long. A malformed date
// or a nil loc is refused with mediawatch.ErrInvalid, a day outside
// FirstDay–LastDay with ErrDayOutOfRange.
func Day(date string, loc *time.Location) (start, end time.Time, err error) {
	if loc == nil {
		return time.Time{}, time.Time{}, fmt.Errorf("report day %q: no time zone: %w", date, mediawatch.ErrInvalid)
	}
	d, err := parseDate(date)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	if date < FirstDay || date > LastDay {
		return time.Time{}, time.Time{}, fmt.Errorf("report date %q: %w: reports cover %s to %s", date, ErrDayOutOfRange, FirstDay, LastDay)
	}
	start, end = dayBounds(d, loc)
	return start, end, nil
}

// dayBounds is Day for a parsed date d, unchecked: the volume chart's
// first days may lie before FirstDay.
func dayBounds(d time.Time, loc *time.Location) (start, end time.Time) {
	y, m, dd := d.Date()
	start = time.Date(y, m, dd, 0, 0, 0, 0, loc)
	end = time.Date(y, m, dd+1, 0, 0, 0, 0, loc)
	return start.UTC(), end.UTC()
}

// parseDate reads a YYYY-MM-DD date strictly: exactly that shape, a real
// calendar day, years 1 to 9999.
func parseDate(date string) (time.Time, error) {
	if len(date) != len(DateLayout) {
		return time.Time{}, fmt.Errorf("report date %q: want YYYY-MM-DD: %w", date, mediawatch.ErrInvalid)
	}
	d, err := time.Parse(DateLayout, date)
	if err != nil || d.Year() < 1 {
		return time.Time{}, fmt.Errorf("report date %q: want YYYY-MM-DD: %w", date, mediawatch.ErrInvalid)
	}
	return d, nil
}

// addDays returns the date n days after date (before, for negative n).
// date must already be valid.
func addDays(date string, n int) string {
	d, err := time.Parse(DateLayout, date)
	if err != nil {
		return date
	}
	return d.AddDate(0, 0, n).Format(DateLayout)
}

// localDate is the local day t falls on in loc.
func localDate(t time.Time, loc *time.Location) string {
	return t.In(loc).Format(DateLayout)
}
