package api

import (
	"errors"
	"time"

	"mediawatch/desk"
)

// dateParam reads the parameter at where: a local date (its first instant,
// or its last when endOfDay) or an RFC 3339 time; "" is unbounded. A
// refusal is a *FieldError naming where.
func dateParam(loc *time.Location, where, v string, endOfDay bool) (time.Time, error) {
	t, err := desk.ParseDate(v, loc, endOfDay)
	switch {
	case errors.Is(err, desk.ErrDateRange):
		return time.Time{}, &FieldError{Location: where, Value: v, Key: msgDateRange, Args: []any{desk.MinDate, desk.MaxDate}}
	case err != nil:
		return time.Time{}, &FieldError{Location: where, Value: v, Key: msgWantDate}
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
