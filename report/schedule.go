package report

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"mediawatch"
)

// MaxCatchUp is how many missed report days a restart makes up, newest
// last: a service down for a month mails the last week, not thirty
// reports.
const MaxCatchUp = 7

// ParseAt reads a local time of day, "HH:MM" on a 24-hour clock.
func ParseAt(at string) (hour, minute int, err error) {
	t, perr := time.Parse("15:04", at)
	if perr != nil || len(at) != len("15:04") {
		return 0, 0, fmt.Errorf("report time %q: want HH:MM, 00:00 to 23:59: %w", at, mediawatch.ErrInvalid)
	}
	return t.Hour(), t.Minute(), nil
}

// Due says which report date, if any, should be made at now. The report
// for a day is due once the local time at has passed on the day after;
// lastDone is the newest date already made ("" for none). It returns the
// oldest date not yet made, so that a run missed while the service was
// down is made at start, but never one older than MaxCatchUp days before
// the newest due date; with no lastDone, only the newest due date. An
// invalid at, a nil loc or a time outside years 1–9999 makes nothing due;
// a malformed lastDone counts as none.
func Due(now time.Time, at string, loc *time.Location, lastDone string) (date string, ok bool) {
	h, m, err := ParseAt(at)
	if err != nil || loc == nil {
		return "", false
	}
	local := now.In(loc)
	y, mo, d := local.Date()
	latest := time.Date(y, mo, d-1, 0, 0, 0, 0, time.UTC)
	if local.Before(time.Date(y, mo, d, h, m, 0, 0, loc)) {
		latest = latest.AddDate(0, 0, -1)
	}
	if latest.Year() < 1 || latest.Year() > 9999 {
		return "", false
	}
	newest := latest.Format(DateLayout)
	if _, err := parseDate(lastDone); err != nil {
		return newest, true
	}
	if lastDone >= newest {
		return "", false
	}
	next := addDays(lastDone, 1)
	if earliest := latest.AddDate(0, 0, 1-MaxCatchUp).Format(DateLayout); next < earliest {
		next = earliest
	}
	return next, true
}

// Scheduler makes each day's report once its time has come, and on start
// any report missed while the service was down (see Due).
type Scheduler struct {
	At       string           // local time of day, HH:MM; "07:00" when empty
	Loc      *time.Location   // the zone of At and of report days
	Now      func() time.Time // the clock
	Produce  func(ctx context.Context, date string) error
	LastDone string        // the newest date made before Run ("" for none); Run keeps its own record after
	Every    time.Duration // how often the clock is read; a minute when 0
	// RetryWait is how long a date whose Produce failed waits before it
	// is tried again; 15 minutes when 0.
	RetryWait time.Duration
	Logger    *slog.Logger // nil: no logging
}

// Run checks at once and then every Every, producing whatever is due, in
// date order, until ctx ends; it returns nil then. A failed date is tried
// again after RetryWait and holds back later dates, so reports are never
// made out of order. Run refuses a bad At, a nil Loc, Now or Produce.
func (s *Scheduler) Run(ctx context.Context) error {
	at := s.At
	if at == "" {
		at = "07:00"
	}
	if _, _, err := ParseAt(at); err != nil {
		return err
	}
	if s.Loc == nil || s.Now == nil || s.Produce == nil {
		return fmt.Errorf("report scheduler: zone, clock and producer are required: %w", mediawatch.ErrInvalid)
	}
	every, wait := cmpOr(s.Every, time.Minute), cmpOr(s.RetryWait, 15*time.Minute)
	log := slog.New(slog.DiscardHandler)
	if s.Logger != nil {
		log = s.Logger // the caller names the component: a second key would repeat it
	}
	st := &schedState{last: s.LastDone}
	ticker := time.NewTicker(every)
	defer ticker.Stop()
	for {
		s.step(ctx, at, wait, st, log)
		select {
		case <-ctx.Done():
			return nil
		case <-ticker.C:
		}
	}
}

// schedState is what Run remembers between ticks.
type schedState struct {
	last    string    // the newest date made
	failed  string    // the date whose Produce last failed
	retryAt time.Time // not before this time is failed tried again
}

// step produces every date due now, oldest first, stopping at a failure.
func (s *Scheduler) step(ctx context.Context, at string, wait time.Duration, st *schedState, log *slog.Logger) {
	for ctx.Err() == nil {
		now := s.Now()
		date, ok := Due(now, at, s.Loc, st.last)
		if !ok || (date == st.failed && now.Before(st.retryAt)) {
			return
		}
		if err := s.Produce(ctx, date); err != nil {
			st.failed, st.retryAt = date, now.Add(wait)
			log.Error("daily report failed", "date", date, "retry_at", st.retryAt, "err", err)
			return
		}
		st.last, st.failed = date, ""
		log.Info("daily report made", "date", date)
	}
}

func cmpOr(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}
