package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"mediawatch"
)

// fetchTestState is an in-memory State for tests of the fetcher and the
// scheduler; the real one is SQLite.
type fetchTestState struct {
	mu     sync.Mutex
	fetch  map[string]mediawatch.FetchState
	health map[string]mediawatch.SourceHealth
	puts   int
}

func newFetchTestState() *fetchTestState {
	return &fetchTestState{fetch: map[string]mediawatch.FetchState{}, health: map[string]mediawatch.SourceHealth{}}
}

func (s *fetchTestState) FetchState(_ context.Context, url string) (mediawatch.FetchState, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.fetch[url]
	if !ok {
		return st, fmt.Errorf("fetch state %q: %w", url, mediawatch.ErrNotFound)
	}
	return st, nil
}

func (s *fetchTestState) PutFetchState(_ context.Context, st mediawatch.FetchState) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fetch[st.URL] = st
	return nil
}

func (s *fetchTestState) SourceHealth(_ context.Context, source string) (mediawatch.SourceHealth, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.health[source]
	if !ok {
		return h, fmt.Errorf("source health %q: %w", source, mediawatch.ErrNotFound)
	}
	return h, nil
}

func (s *fetchTestState) PutSourceHealth(_ context.Context, h mediawatch.SourceHealth) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.health[h.Source] = h
	s.puts++
	return nil
}

func (s *fetchTestState) AppendCrawlLog(context.Context, mediawatch.CrawlLogEntry) error { return nil }

var _ State = (*fetchTestState)(nil)

// crawlCounter is a fake CrawlFunc that counts calls per source and fails
// while fail is set.
type crawlCounter struct {
	mu    sync.Mutex
	calls map[string]int
	fail  atomic.Bool
	each  chan string // optional: told of every call
}

func (c *crawlCounter) crawl(_ context.Context, src mediawatch.Source) (Stats, error) {
	c.mu.Lock()
	if c.calls == nil {
		c.calls = map[string]int{}
	}
	c.calls[src.Name]++
	c.mu.Unlock()
	if c.each != nil {
		select {
		case c.each <- src.Name:
		default:
		}
	}
	if c.fail.Load() {
		return Stats{}, errors.New("feed unreachable")
	}
	return Stats{}, nil
}

func (c *crawlCounter) count(name string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.calls[name]
}

func newTestScheduler(state State, crawl CrawlFunc, opts ScheduleOptions) *Scheduler {
	return NewScheduler(state, crawl, opts, slog.New(slog.DiscardHandler))
}

func TestSchedulerBackoffAndReset(t *testing.T) {
	state := newFetchTestState()
	clock := newTestClock(time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC))
	var cc crawlCounter
	s := newTestScheduler(state, cc.crawl, ScheduleOptions{Now: clock.Now, MaxBackoff: time.Hour})
	s.jitter = func(n int64) int64 { return n - 1 } // the top of each range
	src := mediawatch.Source{Name: "baoson la", Interval: 10 * time.Minute, Enabled: true}
	off := mediawatch.Source{Name: "off", Interval: time.Minute}
	sources := []mediawatch.Source{src, off}

	cc.fail.Store(true)
	for i, want := range []time.Duration{20 * time.Minute, 40 * time.Minute, time.Hour, time.Hour} {
		err := s.RunOnce(t.Context(), sources)
		if err == nil || !strings.Contains(err.Error(), src.Name) {
			t.Fatalf("attempt %d: RunOnce error = %v, want the source's failure", i+1, err)
		}
		h, _ := state.SourceHealth(t.Context(), src.Name)
		if h.ConsecutiveFailures != i+1 || h.LastError == "" || !h.LastErrorAt.Equal(clock.Now()) {
			t.Errorf("attempt %d: health = %+v", i+1, h)
		}
		if got := h.NextAttempt.Sub(clock.Now()); got != want {
			t.Errorf("attempt %d: backoff %s, want %s", i+1, got, want)
		}
		clock.Advance(time.Minute)
	}

	cc.fail.Store(false)
	if err := s.RunOnce(t.Context(), sources); err != nil {
		t.Fatal(err)
	}
	h, _ := state.SourceHealth(t.Context(), src.Name)
	if h.ConsecutiveFailures != 0 || !h.LastSuccess.Equal(clock.Now()) || !h.NextAttempt.Equal(clock.Now().Add(src.Interval)) {
		t.Errorf("after success: health = %+v", h)
	}
	if h.LastError == "" {
		t.Error("last error forgotten after a success; it is history worth showing")
	}
	if cc.count(off.Name) != 0 {
		t.Error("disabled source crawled")
	}
}

func TestSchedulerBackoffBounds(t *testing.T) {
	s := newTestScheduler(newFetchTestState(), nil, ScheduleOptions{MaxBackoff: 6 * time.Hour})
	const interval = 15 * time.Minute
	for failures := 1; failures <= 8; failures++ {
		low := min(interval<<(failures-1), 6*time.Hour/2)
		high := min(interval<<failures, 6*time.Hour)
		for range 50 {
			if d := s.backoff(interval, failures); d < low || d > high {
				t.Fatalf("backoff(%d failures) = %s, want within [%s, %s]", failures, d, low, high)
			}
		}
	}
	if d := s.backoff(12*time.Hour, 3); d > 12*time.Hour {
		t.Errorf("an interval longer than MaxBackoff backs off to %s", d)
	}
}

func TestSchedulerRunCrawlsAndPersists(t *testing.T) {
	state := newFetchTestState()
	cc := crawlCounter{each: make(chan string, 16)}
	s := newTestScheduler(state, cc.crawl, ScheduleOptions{Tick: 5 * time.Millisecond})
	src := mediawatch.Source{Name: "vnexpress", Interval: 20 * time.Millisecond, Enabled: true}
	ctx, cancel := context.WithCancel(t.Context())
	errc := make(chan error, 1)
	go func() { errc <- s.Run(ctx, []mediawatch.Source{src}) }()
	for range 3 {
		<-cc.each
	}
	cancel()
	if err := <-errc; err != nil {
		t.Errorf("Run = %v, want nil after cancel", err)
	}
	h, err := state.SourceHealth(t.Context(), src.Name)
	if err != nil || h.LastSuccess.IsZero() || h.ConsecutiveFailures != 0 || h.NextAttempt.IsZero() {
		t.Errorf("health = %+v, %v", h, err)
	}
}

func TestSchedulerRunResumesBackoff(t *testing.T) {
	state := newFetchTestState()
	state.PutSourceHealth(t.Context(), mediawatch.SourceHealth{
		Source: "resting", ConsecutiveFailures: 3, NextAttempt: time.Now().Add(time.Hour),
	})
	cc := crawlCounter{each: make(chan string, 16)}
	s := newTestScheduler(state, cc.crawl, ScheduleOptions{Tick: 5 * time.Millisecond})
	sources := []mediawatch.Source{
		{Name: "resting", Interval: 10 * time.Millisecond, Enabled: true},
		{Name: "fresh", Interval: 10 * time.Millisecond, Enabled: true},
	}
	ctx, cancel := context.WithCancel(t.Context())
	errc := make(chan error, 1)
	go func() { errc <- s.Run(ctx, sources) }()
	for cc.count("fresh") < 3 {
		<-cc.each
	}
	cancel()
	<-errc
	if n := cc.count("resting"); n != 0 {
		t.Errorf("a source in stored backoff was crawled %d times", n)
	}
}

func TestSchedulerRunBacksOffFailingSource(t *testing.T) {
	state := newFetchTestState()
	var cc crawlCounter
	cc.fail.Store(true)
	s := newTestScheduler(state, cc.crawl, ScheduleOptions{Tick: time.Millisecond, MaxBackoff: time.Hour})
	s.jitter = func(n int64) int64 { return n - 1 }
	src := mediawatch.Source{Name: "down", Interval: 15 * time.Millisecond, Enabled: true}
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	if err := s.Run(ctx, []mediawatch.Source{src}); err != nil {
		t.Fatal(err)
	}
	// Without backoff 300ms would hold ~20 attempts; with it, waits of 30, 60,
	// 120, 240ms leave room for 4 (the fifth falls well after the deadline).
	if n := cc.count(src.Name); n < 1 || n > 5 {
		t.Errorf("failing source crawled %d times in 300ms, want 1..5", n)
	}
	h, _ := state.SourceHealth(t.Context(), src.Name)
	if h.ConsecutiveFailures != cc.count(src.Name) {
		t.Errorf("stored failures %d, crawls %d", h.ConsecutiveFailures, cc.count(src.Name))
	}
}

func TestSchedulerRunWaitsForCrawlsOnCancel(t *testing.T) {
	state := newFetchTestState()
	started := make(chan struct{})
	var finished atomic.Bool
	crawl := func(ctx context.Context, _ mediawatch.Source) (Stats, error) {
		close(started)
		<-ctx.Done()
		time.Sleep(50 * time.Millisecond) // a crawl that takes a moment to wind down
		finished.Store(true)
		return Stats{}, ctx.Err()
	}
	s := newTestScheduler(state, crawl, ScheduleOptions{Tick: 5 * time.Millisecond})
	ctx, cancel := context.WithCancel(t.Context())
	errc := make(chan error, 1)
	go func() {
		errc <- s.Run(ctx, []mediawatch.Source{{Name: "slow", Interval: time.Hour, Enabled: true}})
	}()
	<-started
	cancel()
	if err := <-errc; err != nil {
		t.Errorf("Run = %v", err)
	}
	if !finished.Load() {
		t.Error("Run returned before the crawl it started")
	}
	if _, err := state.SourceHealth(t.Context(), "slow"); !errors.Is(err, mediawatch.ErrNotFound) {
		t.Errorf("a crawl cut by shutdown was recorded as the source's failure: %v", err)
	}
}
