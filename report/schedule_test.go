package report

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"mediawatch"
)

func TestDue(t *testing.T) {
	hcm, utc := ict(t), time.UTC
	for _, tc := range []struct {
		name     string
		now      time.Time
		at       string
		loc      *time.Location
		lastDone string
		want     string // "" for nothing due
	}{
		{"a minute early", at(hcm, "2025-03-15", "06:59:00"), "07:00", hcm, "2025-03-13", ""},
		{"on time", at(hcm, "2025-03-15", "07:00:00"), "07:00", hcm, "2025-03-13", "2025-03-14"},
		{"already made", at(hcm, "2025-03-15", "07:00:00"), "07:00", hcm, "2025-03-14", ""},
		{"late in the evening", at(hcm, "2025-03-15", "23:59:00"), "07:00", hcm, "2025-03-13", "2025-03-14"},
		{"first start", at(hcm, "2025-03-15", "07:00:00"), "07:00", hcm, "", "2025-03-14"},
		{"first start, early", at(hcm, "2025-03-15", "06:00:00"), "07:00", hcm, "", "2025-03-13"},
		{"missed while down", at(hcm, "2025-03-15", "10:00:00"), "07:00", hcm, "2025-03-11", "2025-03-12"},
		{"missed before the morning run", at(hcm, "2025-03-15", "06:00:00"), "07:00", hcm, "2025-03-11", "2025-03-12"},
		{"down a month: a week at most", at(hcm, "2025-03-15", "10:00:00"), "07:00", hcm, "2025-02-01", "2025-03-08"},
		{"malformed last date counts as none", at(hcm, "2025-03-15", "10:00:00"), "07:00", hcm, "yesterday", "2025-03-14"},
		// 00:30 UTC is 07:30 in Ho Chi Minh City: the report is due there,
		// though in UTC it is not yet seven.
		{"zone decides, ICT", time.Date(2025, 3, 15, 0, 30, 0, 0, utc), "07:00", hcm, "2025-03-13", "2025-03-14"},
		{"zone decides, UTC", time.Date(2025, 3, 15, 0, 30, 0, 0, utc), "07:00", utc, "2025-03-13", ""},
		{"midnight run", at(hcm, "2025-03-15", "00:00:00"), "00:00", hcm, "2025-03-13", "2025-03-14"},
		{"bad time", at(hcm, "2025-03-15", "10:00:00"), "7:00", hcm, "", ""},
		{"hour 24", at(hcm, "2025-03-15", "10:00:00"), "24:00", hcm, "", ""},
		{"no zone", at(hcm, "2025-03-15", "10:00:00"), "07:00", nil, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := Due(tc.now, tc.at, tc.loc, tc.lastDone)
			if got != tc.want || ok != (tc.want != "") {
				t.Errorf("Due = %q, %v; want %q", got, ok, tc.want)
			}
		})
	}
}

// fakeClock is a clock the test moves; it counts its reads so the test
// can wait for the scheduler to have looked at it, without timing.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	reads atomic.Int64
}

func (c *fakeClock) Now() time.Time {
	c.reads.Add(1)
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// settle waits until the scheduler has read the clock n more times.
func (c *fakeClock) settle(t *testing.T, n int64) {
	t.Helper()
	target := c.reads.Load() + n
	deadline := time.Now().Add(10 * time.Second)
	for c.reads.Load() < target {
		if time.Now().After(deadline) {
			t.Fatal("the scheduler stopped reading the clock")
		}
		time.Sleep(time.Millisecond)
	}
}

// recv takes the next produced date, failing if none comes.
func recv(t *testing.T, ch <-chan string) string {
	t.Helper()
	select {
	case d := <-ch:
		return d
	case <-time.After(10 * time.Second):
		t.Fatal("no report was produced")
		return ""
	}
}

func noMore(t *testing.T, ch <-chan string) {
	t.Helper()
	select {
	case d := <-ch:
		t.Fatalf("unexpected report for %s", d)
	default:
	}
}

// startScheduler runs s until the test ends and checks Run returns nil.
func startScheduler(t *testing.T, s *Scheduler) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run = %v after cancel, want nil", err)
		}
	})
}

func TestSchedulerCatchesUpThenKeepsTime(t *testing.T) {
	loc := ict(t)
	clock := &fakeClock{now: at(loc, "2025-03-15", "10:00:00")}
	made := make(chan string, 10)
	startScheduler(t, &Scheduler{At: "07:00", Loc: loc, Now: clock.Now, LastDone: "2025-03-12", Every: time.Millisecond,
		Produce: func(_ context.Context, date string) error { made <- date; return nil }})

	// Down since the 12th's report: the 13th's and the 14th's are made at start, in order.
	for _, want := range []string{"2025-03-13", "2025-03-14"} {
		if got := recv(t, made); got != want {
			t.Fatalf("produced %s, want %s", got, want)
		}
	}
	clock.settle(t, 5)
	noMore(t, made)

	clock.Set(at(loc, "2025-03-16", "06:59:59"))
	clock.settle(t, 5)
	noMore(t, made)

	clock.Set(at(loc, "2025-03-16", "07:00:00"))
	if got := recv(t, made); got != "2025-03-15" {
		t.Fatalf("at 07:00 produced %s, want 2025-03-15", got)
	}
	clock.settle(t, 5)
	noMore(t, made)
}

func TestSchedulerRetriesAFailure(t *testing.T) {
	loc := ict(t)
	clock := &fakeClock{now: at(loc, "2025-03-15", "07:00:00")}
	made := make(chan string, 10)
	var calls atomic.Int64
	startScheduler(t, &Scheduler{At: "07:00", Loc: loc, Now: clock.Now, LastDone: "2025-03-13", Every: time.Millisecond,
		RetryWait: 10 * time.Minute,
		Produce: func(_ context.Context, date string) error {
			if calls.Add(1) == 1 {
				return errors.New("smtp down")
			}
			made <- date
			return nil
		}})

	clock.settle(t, 10)
	if n := calls.Load(); n != 1 {
		t.Fatalf("Produce called %d times before the retry wait passed, want 1", n)
	}
	clock.Set(at(loc, "2025-03-15", "07:09:59"))
	clock.settle(t, 5)
	if n := calls.Load(); n != 1 {
		t.Fatalf("Produce called %d times before the retry wait passed, want 1", n)
	}
	clock.Set(at(loc, "2025-03-15", "07:10:00"))
	if got := recv(t, made); got != "2025-03-14" {
		t.Fatalf("retry produced %s", got)
	}
	clock.settle(t, 5)
	if n := calls.Load(); n != 2 {
		t.Errorf("Produce called %d times, want 2", n)
	}
}

func TestSchedulerRefuses(t *testing.T) {
	ok := func(context.Context, string) error { return nil }
	loc := ict(t)
	for name, s := range map[string]*Scheduler{
		"bad time": {At: "7h", Loc: loc, Now: time.Now, Produce: ok},
		"no zone":  {Loc: nil, Now: time.Now, Produce: ok},
		"no clock": {Loc: loc, Produce: ok},
		"no job":   {Loc: loc, Now: time.Now},
	} {
		t.Run(name, func(t *testing.T) {
			if err := s.Run(context.Background()); !errors.Is(err, mediawatch.ErrInvalid) {
				t.Errorf("Run = %v, want ErrInvalid", err)
			}
		})
	}
}
