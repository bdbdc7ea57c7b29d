package people

import (
	"time"
)

// Throttle is the policy for failed sign-ins against one name or one
// client address. The zero value never delays or locks.
type Throttle struct {
	// MaxFailures failures within Window lock sign-in; zero turns the lock
	// off (the delay still grows).
	MaxFailures int
	// Window is how far back failures count; zero means Lock.
	Window time.Duration
	// Lock is how long sign-in stays locked after the failure that
	// reached MaxFailures (or any later one).
	Lock time.Duration
}

// maxDelay caps the growing delay.
const maxDelay = 8 * time.Second

// Decision is what Throttle says about a sign-in attempt.
type Decision struct {
	// Wait is how long to wait before checking the password.
	Wait time.Duration
	// LockedUntil is when the lock ends; zero when not locked.
	LockedUntil time.Time
}

// Locked reports whether the attempt must be refused.
func (d Decision) Locked() bool { return !d.LockedUntil.IsZero() }

// Decide returns what to do with an attempt at now, given the times of
// earlier failures (in any order; those outside the window are ignored).
// After n failures within the window the delay is 0, 1, 2, 4, 8, 8 …
// seconds. A failure that brings the count within its window to
// MaxFailures or more locks sign-in until that failure plus Lock; once
// that passes the lock ends, and while MaxFailures failures are still in
// the window the next one locks again.
func (t Throttle) Decide(failures []time.Time, now time.Time) Decision {
	window := t.Window
	if window <= 0 {
		window = t.Lock
	}
	// in counts the failures in (at-window, at].
	in := func(at time.Time) int {
		n := 0
		for _, f := range failures {
			if !f.After(at) && (window <= 0 || f.After(at.Add(-window))) {
				n++
			}
		}
		return n
	}
	if t.MaxFailures > 0 && t.Lock > 0 {
		var until time.Time
		for _, f := range failures {
			if f.After(now) || !now.Before(f.Add(t.Lock)) {
				continue // a failure whose lock would have ended cannot lock now
			}
			if u := f.Add(t.Lock); u.After(until) && in(f) >= t.MaxFailures {
				until = u
			}
		}
		if !until.IsZero() {
			return Decision{LockedUntil: until}
		}
	}
	return Decision{Wait: Delay(in(now))}
}

// Delay is the wait after n recent failures: 0, 1, 2, 4, 8 s, then 8 s.
func Delay(n int) time.Duration {
	if n <= 0 {
		return 0
	}
	if n > 4 {
		return maxDelay
	}
	return time.Second << (n - 1)
}

// Merge returns the stricter of two decisions: the later lock, the longer
// wait. Sign-in asks once per name and once per address.
func Merge(a, b Decision) Decision {
	if b.LockedUntil.After(a.LockedUntil) {
		a.LockedUntil = b.LockedUntil
	}
	a.Wait = max(a.Wait, b.Wait)
	if a.Locked() {
		a.Wait = 0
	}
	return a
}
