package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"mediawatch"
)

// CrawlFunc crawls one source once. Its Stats' problems become the source's
// health warning.
type CrawlFunc func(ctx context.Context, src mediawatch.Source) (Stats, error)

// ScheduleOptions configures a Scheduler; zero fields take the defaults noted.
type ScheduleOptions struct {
	MaxBackoff time.Duration    // the longest a failing source is left alone (default 6h)
	Now        func() time.Time // default time.Now
	Tick       time.Duration    // how often Run looks for due sources (default 1s)
	// Leases, when set, shares the sources with the schedulers of other
	// processes (the nodes of one store): Run crawls a source only while
	// it holds its lease, which lasts LeaseTTL (default 1m) and is renewed
	// every third of it while the crawl runs.
	Leases   Leases
	LeaseTTL time.Duration
}

// Leases gives a scheduler the sources it may crawl when several share
// them (store.DB implements it). LeaseSources leases up to n of names
// that are due at now and held by nobody, for ttl, returning their stored
// health; RenewSourceLease keeps one for ttl more and reports false once
// another process has taken it; ReleaseSourceLease gives one back after
// its health (its next attempt) is stored.
type Leases interface {
	LeaseSources(ctx context.Context, names []string, n int, now time.Time, ttl time.Duration) ([]mediawatch.SourceHealth, error)
	RenewSourceLease(ctx context.Context, name string, now time.Time, ttl time.Duration) (bool, error)
	ReleaseSourceLease(ctx context.Context, name string) error
}

const (
	defaultMaxBackoff     = 6 * time.Hour
	defaultScheduleTick   = time.Second
	defaultLeaseTTL       = time.Minute
	defaultSourceInterval = 30 * time.Minute // for a source that names none
	scheduleWorkers       = 4                // sources crawled at once; the Fetcher bounds requests anyway
)

// Scheduler crawls sources on their intervals and keeps their health: a
// source that keeps failing is asked less and less often, and that memory is
// stored, so a restart does not reset the backoff.
type Scheduler struct {
	state  State
	crawl  CrawlFunc
	opts   ScheduleOptions
	log    *slog.Logger
	jitter func(n int64) int64 // uniform in [0, n)
}

// NewScheduler returns a Scheduler that crawls with crawl and keeps health in
// state.
func NewScheduler(state State, crawl CrawlFunc, opts ScheduleOptions, logger *slog.Logger) *Scheduler {
	setDefault(&opts.MaxBackoff, defaultMaxBackoff)
	setDefault(&opts.Tick, defaultScheduleTick)
	setDefault(&opts.LeaseTTL, defaultLeaseTTL)
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Scheduler{
		state:  state,
		crawl:  crawl,
		opts:   opts,
		log:    logger.With("component", "scheduler"),
		jitter: func(n int64) int64 { return rand.Int64N(n) },
	}
}

// RunOnce crawls every given enabled source once now, whatever its backoff,
// up to four at a time, recording health. It returns the sources' errors
// joined.
func (s *Scheduler) RunOnce(ctx context.Context, sources []mediawatch.Source) error {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
		sem  = make(chan struct{}, scheduleWorkers)
	)
	for _, src := range enabledSources(sources) {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			wg.Wait()
			return errors.Join(append(errs, ctx.Err())...)
		}
		wg.Go(func() {
			defer func() { <-sem }()
			if _, err := s.attempt(ctx, src, s.loadHealth(ctx, src.Name)); err != nil {
				mu.Lock()
				errs = append(errs, fmt.Errorf("source %q: %w", src.Name, err))
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// crawlDone is what a finished crawl tells Run's loop.
type crawlDone struct {
	name   string
	health mediawatch.SourceHealth
}

// Run crawls each enabled source every src.Interval until ctx is done. A
// failing source waits interval × 2^failures (with jitter, capped at
// MaxBackoff) before its next attempt. Health is read back at start and
// stored after every attempt. Run returns nil once ctx is done and every
// crawl it started has returned; crawl errors are logged and kept in health,
// not returned.
func (s *Scheduler) Run(ctx context.Context, sources []mediawatch.Source) error {
	srcs := enabledSources(sources)
	health := make(map[string]mediawatch.SourceHealth, len(srcs))
	for _, src := range srcs {
		health[src.Name] = s.loadHealth(ctx, src.Name)
	}
	running := make(map[string]bool, len(srcs))
	// Room for every source: a finished crawl never blocks on sending.
	done := make(chan crawlDone, len(srcs))
	var wg sync.WaitGroup
	var leaseErr time.Time // when a failed lease was last logged
	launch := func() {
		now := s.opts.Now()
		if s.opts.Leases != nil {
			s.launchLeased(ctx, srcs, running, now, &leaseErr, func(src mediawatch.Source, h mediawatch.SourceHealth) {
				running[src.Name] = true
				wg.Go(func() { done <- s.runLeased(ctx, src, h) })
			})
			return
		}
		for _, src := range srcs {
			if len(running) >= scheduleWorkers || ctx.Err() != nil {
				return
			}
			h := health[src.Name]
			if running[src.Name] || now.Before(h.NextAttempt) {
				continue
			}
			running[src.Name] = true
			wg.Go(func() { done <- s.runAttempt(ctx, src, h) })
		}
	}
	// Sharing sources, each look comes after a random half to one and a
	// half Tick: a source's next attempt is its lease time plus its
	// interval, so with even ticks the node that crawled it would always
	// look first when it is due again, and keep every source whose crawl
	// is quick.
	next := func() time.Duration { return s.opts.Tick }
	if s.opts.Leases != nil {
		next = func() time.Duration { return s.opts.Tick/2 + time.Duration(s.jitter(int64(s.opts.Tick)+1)) }
	}
	tick := time.NewTimer(next())
	defer tick.Stop()
	launch()
	for {
		select {
		case <-ctx.Done():
			wg.Wait()
			return nil
		case d := <-done:
			delete(running, d.name)
			health[d.name] = d.health
			launch()
		case <-tick.C:
			launch()
			tick.Reset(next())
		}
	}
}

// launchLeased leases, for as many free workers as there are, the due
// sources no process holds, and starts each with the health the store
// holds for it (another process may have crawled it since this one
// last did).
func (s *Scheduler) launchLeased(ctx context.Context, srcs []mediawatch.Source, running map[string]bool,
	now time.Time, logged *time.Time, start func(mediawatch.Source, mediawatch.SourceHealth)) {
	free := scheduleWorkers - len(running)
	if free <= 0 || ctx.Err() != nil {
		return
	}
	byName := make(map[string]mediawatch.Source, len(srcs))
	var want []string
	for _, src := range srcs {
		if !running[src.Name] {
			byName[src.Name] = src
			want = append(want, src.Name)
		}
	}
	got, err := s.opts.Leases.LeaseSources(ctx, want, free, now, s.opts.LeaseTTL)
	if err != nil {
		if ctx.Err() == nil && now.Sub(*logged) >= time.Minute {
			*logged = now
			s.log.Warn("leasing sources to crawl", "error", err)
		}
		return
	}
	for _, h := range got {
		if src, ok := byName[h.Source]; ok {
			start(src, h)
		}
	}
}

// runLeased is runAttempt for a leased source: it renews the lease while
// the crawl runs, stops the crawl when another process has taken the
// source (this one was too long away to renew), and gives the lease back
// once the next attempt is stored.
func (s *Scheduler) runLeased(ctx context.Context, src mediawatch.Source, prev mediawatch.SourceHealth) crawlDone {
	crawlCtx, cancel := context.WithCancel(ctx)
	renewed := make(chan struct{})
	go func() {
		defer close(renewed)
		tick := time.NewTicker(s.opts.LeaseTTL / 3)
		defer tick.Stop()
		for {
			select {
			case <-crawlCtx.Done():
				return
			case <-tick.C:
			}
			ok, err := s.opts.Leases.RenewSourceLease(crawlCtx, src.Name, s.opts.Now(), s.opts.LeaseTTL)
			if err == nil && !ok {
				s.log.Warn("lost the lease of a source mid-crawl: another node crawls it now", "source", src.Name)
				cancel()
				return
			}
		}
	}()
	d := s.runAttempt(crawlCtx, src, prev)
	cancel()
	<-renewed
	if err := s.opts.Leases.ReleaseSourceLease(context.WithoutCancel(ctx), src.Name); err != nil {
		s.log.Warn("giving back the lease of a source", "source", src.Name, "error", err)
	}
	return d
}

// runAttempt is one of Run's crawls; Run is the boundary where a source's
// failure is logged.
func (s *Scheduler) runAttempt(ctx context.Context, src mediawatch.Source, prev mediawatch.SourceHealth) crawlDone {
	h, err := s.attempt(ctx, src, prev)
	if err != nil && ctx.Err() == nil {
		s.log.Warn("crawl failed", "source", src.Name, "error", err,
			"consecutive_failures", h.ConsecutiveFailures, "next_attempt", h.NextAttempt)
	}
	return crawlDone{name: src.Name, health: h}
}

// attempt crawls src once and stores its new health. A crawl cut short by
// ctx is not the source's fault and is not recorded.
func (s *Scheduler) attempt(ctx context.Context, src mediawatch.Source, prev mediawatch.SourceHealth) (mediawatch.SourceHealth, error) {
	start := s.opts.Now()
	st, err := s.crawl(ctx, src)
	if err != nil && ctx.Err() != nil {
		return prev, err
	}
	h := s.nextHealth(prev, src, start, st, err)
	if err == nil && h.Warning != "" && h.Warning != prev.Warning {
		s.log.Warn("source has a problem", "source", src.Name, "warning", h.Warning)
	}
	// The attempt happened; its record should survive a cancel that came
	// just after it.
	if perr := s.state.PutSourceHealth(context.WithoutCancel(ctx), h); perr != nil {
		s.log.Warn("store source health", "source", src.Name, "error", perr)
	}
	return h, err
}

// nextHealth is prev updated by an attempt that started at start and ended
// now with st and err. A failed attempt or an unchanged listing leaves the
// warning as the last crawl that read the listing found it. Only a crawl
// whose listing parsed and gave links is a success: a listing that parsed
// to nothing comes back as an error (EmptyListingError), and a 304 after a
// failure changes nothing. The health check's fields (State, StateSince)
// are carried as read.
func (s *Scheduler) nextHealth(prev mediawatch.SourceHealth, src mediawatch.Source, start time.Time, st Stats, err error) mediawatch.SourceHealth {
	now := s.opts.Now()
	interval := sourceInterval(src)
	h := prev
	h.Source, h.LastAttempt = src.Name, start
	if err == nil && (!st.ListingUnchanged || len(st.Problems) > 0) {
		h.Warning = strings.Join(st.Problems, "; ")
	}
	if err == nil && st.ListingUnchanged && prev.ConsecutiveFailures > 0 {
		// A 304 after a failure says only that the listing is as it was:
		// nothing parsed, so the source stays failing (its error, its count
		// and its last success as they were) until a read of it parses and
		// gives items. It answered, so it is asked again on its interval.
		h.NextAttempt = later(start.Add(interval), now)
		return h
	}
	if err == nil {
		h.LastSuccess = now
		h.ConsecutiveFailures = 0
		h.NextAttempt = later(start.Add(interval), now)
		return h
	}
	h.LastError, h.LastErrorAt = err.Error(), now
	h.ConsecutiveFailures++
	h.NextAttempt = now.Add(s.backoff(interval, h.ConsecutiveFailures))
	return h
}

// later is the later of a and b.
func later(a, b time.Time) time.Time {
	if a.Before(b) {
		return b
	}
	return a
}

// backoff returns interval × 2^failures, jittered down by up to half so
// that sources failing together spread out, and capped at MaxBackoff (or at
// the interval itself, when that is longer).
func (s *Scheduler) backoff(interval time.Duration, failures int) time.Duration {
	ceiling := max(s.opts.MaxBackoff, interval)
	d := interval
	for range failures {
		if d >= ceiling {
			break
		}
		d *= 2
	}
	half := d / 2
	d = half + time.Duration(s.jitter(int64(d-half)+1))
	return min(d, ceiling)
}

// loadHealth reads what was remembered about a source; a source never tried
// (or unreadable health) is due now.
func (s *Scheduler) loadHealth(ctx context.Context, name string) mediawatch.SourceHealth {
	h, err := s.state.SourceHealth(ctx, name)
	if err != nil {
		if !errors.Is(err, mediawatch.ErrNotFound) {
			s.log.Warn("read source health, treating source as due", "source", name, "error", err)
		}
		return mediawatch.SourceHealth{Source: name}
	}
	return h
}

func sourceInterval(src mediawatch.Source) time.Duration {
	if src.Interval > 0 {
		return src.Interval
	}
	return defaultSourceInterval
}

func enabledSources(sources []mediawatch.Source) []mediawatch.Source {
	var out []mediawatch.Source
	for _, src := range sources {
		if src.Enabled {
			out = append(out, src)
		}
	}
	return out
}
