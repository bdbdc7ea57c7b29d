package crawler

import (
	"context"
	"net/http/httptest"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"mediawatch"
)

// memSlots is HostSlots in memory, as store.DB keeps them in PostgreSQL,
// for fetchers in one test process standing for several nodes.
type memSlots struct {
	mu    sync.Mutex
	slots map[string]*memSlot
}

type memSlot struct {
	held       bool
	heldUntil  time.Time
	next       time.Time
	takenTimes int
}

func (m *memSlots) TakeHost(_ context.Context, host string, now time.Time, hold time.Duration) (time.Duration, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.slots == nil {
		m.slots = map[string]*memSlot{}
	}
	s := m.slots[host]
	if s == nil {
		s = &memSlot{}
		m.slots[host] = s
	}
	switch {
	case s.held && s.heldUntil.After(now):
		return min(s.heldUntil.Sub(now), 10*time.Millisecond), nil
	case s.next.After(now):
		return s.next.Sub(now), nil
	}
	s.held, s.heldUntil = true, now.Add(hold)
	s.takenTimes++
	return 0, nil
}

func (m *memSlots) ReleaseHost(_ context.Context, host string, next time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := m.slots[host]
	s.held, s.next = false, next
	return nil
}

// TestHostDelayAcrossNodes: two fetchers — two nodes — sharing host
// slots ask one host one request at a time, never closer than the delay,
// as one fetcher does on its own.
func TestHostDelayAcrossNodes(t *testing.T) {
	const (
		delay     = 100 * time.Millisecond
		tolerance = 20 * time.Millisecond
		perNode   = 4
	)
	var global, maxGlobal atomic.Int32
	rec := &arrivals{global: &global, maxGlobal: &maxGlobal}
	srv := httptest.NewServer(rec.handler(30 * time.Millisecond))
	t.Cleanup(srv.Close)
	slots := &memSlots{}
	nodes := []*Fetcher{
		newTestFetcher(t, Options{HostDelay: delay, Hosts: slots}, nil),
		newTestFetcher(t, Options{HostDelay: delay, Hosts: slots}, nil),
	}
	var wg sync.WaitGroup
	for _, f := range nodes {
		for range perNode {
			wg.Go(func() {
				if _, err := f.Fetch(t.Context(), Request{URL: srv.URL + "/page", AllowPrivate: true}); err != nil {
					t.Error(err)
				}
			})
		}
	}
	wg.Wait()
	if want := 2*perNode + 2; len(rec.starts) != want { // the pages and each node's robots.txt
		t.Fatalf("host saw %d requests, want %d", len(rec.starts), want)
	}
	if rec.maxFlight != 1 {
		t.Errorf("the host had %d requests in flight at once from two nodes, want 1", rec.maxFlight)
	}
	sort.Slice(rec.starts, func(x, y int) bool { return rec.starts[x].Before(rec.starts[y]) })
	for j := 1; j < len(rec.starts); j++ {
		// Start to start: the handler's 30 ms plus the delay from its end.
		if gap := rec.starts[j].Sub(rec.starts[j-1]); gap < delay-tolerance {
			t.Errorf("gap %d is %s across two nodes, want at least %s", j, gap, delay)
		}
	}
}

// memLeases is Leases in memory over a fetchTestState's health, as
// store.DB keeps them, for schedulers in one process standing for nodes.
type memLeases struct {
	state  *fetchTestState
	mu     sync.Mutex
	holder map[string]*Scheduler
	until  map[string]time.Time
	renew  func(name string) bool // nil: a holder always renews
}

// nodeLeases is the Leases one node's scheduler sees.
type nodeLeases struct {
	m    *memLeases
	node *Scheduler
}

func (l nodeLeases) LeaseSources(_ context.Context, names []string, n int, now time.Time, ttl time.Duration) ([]mediawatch.SourceHealth, error) {
	m := l.m
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []mediawatch.SourceHealth
	for _, name := range names {
		if len(out) == n {
			break
		}
		if m.until[name].After(now) {
			continue
		}
		h, err := m.state.SourceHealth(context.Background(), name)
		if err != nil {
			h = mediawatch.SourceHealth{Source: name}
		}
		if h.NextAttempt.After(now) {
			continue
		}
		m.holder[name], m.until[name] = l.node, now.Add(ttl)
		out = append(out, h)
	}
	return out, nil
}

func (l nodeLeases) RenewSourceLease(_ context.Context, name string, now time.Time, ttl time.Duration) (bool, error) {
	m := l.m
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.holder[name] != l.node || (m.renew != nil && !m.renew(name)) {
		return false, nil
	}
	m.until[name] = now.Add(ttl)
	return true, nil
}

func (l nodeLeases) ReleaseSourceLease(_ context.Context, name string) error {
	m := l.m
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.holder[name] == l.node {
		delete(m.until, name)
	}
	return nil
}

func newMemLeases(state *fetchTestState) *memLeases {
	return &memLeases{state: state, holder: map[string]*Scheduler{}, until: map[string]time.Time{}}
}

// leasedScheduler is a scheduler of one node sharing m.
func leasedScheduler(m *memLeases, crawl CrawlFunc, ttl time.Duration) *Scheduler {
	s := newTestScheduler(m.state, crawl, ScheduleOptions{Tick: 5 * time.Millisecond, LeaseTTL: ttl})
	s.opts.Leases = nodeLeases{m: m, node: s}
	return s
}

// TestSchedulersShareSources: two nodes' schedulers sharing leases crawl
// each due source once between them, both take part, and a source is
// not crawled again before its interval.
func TestSchedulersShareSources(t *testing.T) {
	state := newFetchTestState()
	m := newMemLeases(state)
	var mu sync.Mutex
	byNode := map[int][]string{}
	var sources []mediawatch.Source
	for _, name := range []string{"baosonla", "vnexpress", "tuoitre", "thanhnien", "dantri", "vov"} {
		sources = append(sources, mediawatch.Source{Name: name, Interval: time.Hour, Enabled: true})
	}
	ctx, cancel := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	for node := range 2 {
		s := leasedScheduler(m, func(ctx context.Context, src mediawatch.Source) (Stats, error) {
			mu.Lock()
			byNode[node] = append(byNode[node], src.Name)
			mu.Unlock()
			time.Sleep(20 * time.Millisecond)
			return Stats{}, nil
		}, time.Minute)
		wg.Go(func() {
			if err := s.Run(ctx, sources); err != nil {
				t.Error(err)
			}
		})
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		state.mu.Lock()
		n := len(state.health)
		state.mu.Unlock()
		if n == len(sources) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // twenty more ticks each: nothing is due
	cancel()
	wg.Wait()
	var all []string
	for node := range 2 {
		if len(byNode[node]) == 0 {
			t.Errorf("node %d crawled nothing: %v", node, byNode)
		}
		all = append(all, byNode[node]...)
	}
	slices.Sort(all)
	if len(all) != len(sources) || len(slices.Compact(slices.Clone(all))) != len(sources) {
		t.Errorf("crawls across both nodes: %v, want each of the %d sources once", all, len(sources))
	}
}

// TestSchedulerStopsCrawlOnLostLease: a node that can no longer renew its
// lease (another took the source) stops that crawl, records nothing for
// it, and gives back nothing that is not its own.
func TestSchedulerStopsCrawlOnLostLease(t *testing.T) {
	state := newFetchTestState()
	m := newMemLeases(state)
	var renewals atomic.Int32
	m.renew = func(string) bool { return renewals.Add(1) < 2 }
	stopped := make(chan error, 1)
	s := leasedScheduler(m, func(ctx context.Context, src mediawatch.Source) (Stats, error) {
		<-ctx.Done()
		select {
		case stopped <- ctx.Err():
		default:
		}
		return Stats{}, ctx.Err()
	}, 30*time.Millisecond)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go s.Run(ctx, []mediawatch.Source{{Name: "baosonla", Interval: time.Hour, Enabled: true}})
	select {
	case err := <-stopped:
		if err == nil {
			t.Fatal("crawl ended without its context ending")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the crawl went on after its lease was lost")
	}
	if renewals.Load() < 2 {
		t.Errorf("stopped after %d renewals, want the first kept and the second refused", renewals.Load())
	}
	cancel()
	time.Sleep(20 * time.Millisecond)
	state.mu.Lock()
	defer state.mu.Unlock()
	if state.puts != 0 {
		t.Errorf("a crawl stopped for a lost lease recorded health %d times", state.puts)
	}
}
