package api

import (
	"strings"
	"time"
)

// Dates in parameters must fall in a span any calendar question of the
// office can need; a date outside it (9999-12-31, year 1) is a typo or a
// probe, refused with 400 naming the parameter, never passed on to an
// index or store that cannot represent it.
const (
	minParamDate = "1900-01-01"
	maxParamDate = "2200-12-31"
)

// dateParam reads the parameter at where: a local date (its first instant,
// or its last when endOfDay) or an RFC 3339 time; "" is unbounded. A
// refusal is a *FieldError naming where.
func dateParam(loc *time.Location, where, v string, endOfDay bool) (time.Time, error) {
	t, err := parseDate(v, loc, endOfDay)
	if err != nil {
		return time.Time{}, &FieldError{Location: where, Value: v, Key: msgWantDate}
	}
	if t.IsZero() {
		return t, nil
	}
	lo, _ := time.ParseInLocation(time.DateOnly, minParamDate, loc)
	hi, _ := time.ParseInLocation(time.DateOnly, maxParamDate, loc)
	if t.Before(lo) || !t.Before(hi.AddDate(0, 0, 1)) {
		return time.Time{}, &FieldError{Location: where, Value: v, Key: msgDateRange, Args: []any{minParamDate, maxParamDate}}
	}
	return t, nil
}

// dateRange reads a from and a to parameter (in query) and checks that
// to is not before from.
func dateRange(loc *time.Location, from, to string) (time.Time, time.Time, error) {
	f, err := dateParam(loc, "query.from", from, false)
	if err != nil {
		return f, f, err
	}
	t, err := dateParam(loc, "query.to", to, true)
	if err != nil {
		return f, t, err
	}
	if !f.IsZero() && !t.IsZero() && t.Before(f) {
		return f, t, &FieldError{Location: "query.to", Value: to, Key: msgBeforeFrom}
	}
	return f, t, nil
}

// parseDate reads a local date (the day's first or last instant) or an
// RFC 3339 time; "" is unbounded.
func parseDate(s string, loc *time.Location, endOfDay bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if d, err := time.ParseInLocation(time.DateOnly, s, loc); err == nil {
		if endOfDay {
			return d.AddDate(0, 0, 1).Add(-time.Nanosecond), nil
		}
		return d, nil
	}
	return time.Parse(time.RFC3339, s)
}
