package crawler

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"mediawatch"
)

// hostGate serialises requests to one host:port and spaces their starts. Its
// lock is a one-slot channel so that waiting for it respects ctx.
type hostGate struct {
	lock chan struct{}

	mu         sync.Mutex
	delay      time.Duration // minimum gap between starts: max(HostDelay, Crawl-delay)
	last       time.Time     // end of the latest request
	next       time.Time     // earliest start of the next request
	busyUntil  time.Time     // the host asked us to stay away until then
	busyStatus int           // the status that asked it
}

// politeness holds every host's gate and the global bound on requests in
// flight.
type politeness struct {
	now       func() time.Time
	sleep     func(ctx context.Context, d time.Duration) error
	baseDelay time.Duration
	global    chan struct{}

	mu    sync.Mutex
	gates map[string]*hostGate

	shared HostSlots     // nil: this process is the only one asking
	hold   time.Duration // how long a shared slot is held at most: a request's timeout
}

// HostSlots is a host's turn shared by several processes — the nodes of
// one store (store.DB implements it). TakeHost takes host's slot for one
// request, held at most until now+hold, or says how long to wait before
// asking again; ReleaseHost gives it back with the time from which the
// host may be asked again. With it, the host delay and a host's
// Retry-After hold across processes, not only within one.
type HostSlots interface {
	TakeHost(ctx context.Context, host string, now time.Time, hold time.Duration) (time.Duration, error)
	ReleaseHost(ctx context.Context, host string, next time.Time) error
}

// sharedBy makes p take each request's turn in slots too; hold is the
// request timeout, past which a slot whose holder died is free again.
func (p *politeness) sharedBy(slots HostSlots, timeout time.Duration) *politeness {
	p.shared = slots
	p.hold = timeout + 5*time.Second
	return p
}

// takeShared waits for key's turn among the processes sharing slots.
func (p *politeness) takeShared(ctx context.Context, key string) error {
	for {
		wait, err := p.shared.TakeHost(ctx, key, p.now(), p.hold)
		if err != nil || wait <= 0 {
			return err
		}
		if err := p.sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// releaseShared gives key's slot back, the host free again at next. It
// runs after the request, whatever ended it, so it does not take the
// request's context; a slot not given back frees itself after p.hold.
func (p *politeness) releaseShared(key string, next time.Time) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = p.shared.ReleaseHost(ctx, key, next)
}

func newPoliteness(now func() time.Time, baseDelay time.Duration, concurrency int) *politeness {
	return &politeness{
		now:       now,
		sleep:     mediawatch.Sleep,
		baseDelay: baseDelay,
		global:    make(chan struct{}, concurrency),
		gates:     make(map[string]*hostGate),
	}
}

// hostKey returns the host:port a URL's requests are spaced by, with the
// scheme's default port filled in and the host lower-cased.
func hostKey(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	return net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// gate returns the gate for key, creating it on first use.
func (p *politeness) gate(key string) *hostGate {
	p.mu.Lock()
	defer p.mu.Unlock()
	g := p.gates[key]
	if g == nil {
		g = &hostGate{lock: make(chan struct{}, 1), delay: p.baseDelay}
		p.gates[key] = g
	}
	return g
}

// raiseDelay makes the gap for key at least d (robots.txt Crawl-delay); it
// never lowers it below the configured HostDelay. The gap applies from the
// end of the latest request, which is usually the robots.txt that brought d.
func (p *politeness) raiseDelay(key string, d time.Duration) {
	g := p.gate(key)
	g.mu.Lock()
	g.delay = max(p.baseDelay, d)
	if next := g.last.Add(g.delay); !g.last.IsZero() && next.After(g.next) {
		g.next = next
	}
	g.mu.Unlock()
}

// busy reports whether the host asked to be left alone until a later time,
// and which status asked it.
func (p *politeness) busy(key string) (until time.Time, status int, ok bool) {
	g := p.gate(key)
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.busyUntil.IsZero() || !p.now().Before(g.busyUntil) {
		return time.Time{}, 0, false
	}
	return g.busyUntil, g.busyStatus, true
}

// markBusy remembers that the host is not to be asked again before until.
func (p *politeness) markBusy(key string, until time.Time, status int) {
	g := p.gate(key)
	g.mu.Lock()
	if until.After(g.busyUntil) {
		g.busyUntil, g.busyStatus = until, status
	}
	g.mu.Unlock()
}

// acquire waits for the host's turn — its lock, then the gap since the end
// of the last request, then a global slot — and returns the function that
// gives them back. The gap runs from the end, not the start, so that the
// server, whatever the network's jitter, never sees two requests closer
// than the delay: the next one leaves after the last answer arrived.
// release takes the earliest time the host may be asked again (zero for
// "after the usual gap"), so a Retry-After pushes back every caller, not just
// the one that saw it.
func (p *politeness) acquire(ctx context.Context, key string) (release func(notBefore time.Time), err error) {
	g := p.gate(key)
	select {
	case g.lock <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	g.mu.Lock()
	wait := g.next.Sub(p.now())
	busy := g.busyUntil.After(p.now())
	busyErr := &hostBusyError{until: g.busyUntil, status: g.busyStatus}
	g.mu.Unlock()
	if busy {
		// Callers queued here while another was told to stay away.
		<-g.lock
		return nil, busyErr
	}
	// The wait is computed once: with a frozen test clock, re-checking would
	// never see time pass.
	if err := p.sleep(ctx, wait); err != nil {
		<-g.lock
		return nil, err
	}
	if p.shared != nil {
		if err := p.takeShared(ctx, key); err != nil {
			<-g.lock
			return nil, err
		}
	}
	select {
	case p.global <- struct{}{}:
	case <-ctx.Done():
		if p.shared != nil {
			p.releaseShared(key, p.now())
		}
		<-g.lock
		return nil, ctx.Err()
	}
	return func(notBefore time.Time) {
		<-p.global
		g.mu.Lock()
		g.last = p.now()
		g.next = g.last.Add(g.delay)
		if notBefore.After(g.next) {
			g.next = notBefore
		}
		next := g.next
		g.mu.Unlock()
		if p.shared != nil {
			p.releaseShared(key, next)
		}
		<-g.lock
	}, nil
}

// StatusError is returned for a final status that is neither 2xx nor 304.
// RetryAfter is set when the server said when to come back.
type StatusError struct {
	URL        string
	Status     int
	RetryAfter time.Duration
}

// Error describes the status and, when known, how long to stay away.
func (e *StatusError) Error() string {
	if e.RetryAfter > 0 {
		return fmt.Sprintf("fetch %s: status %d, retry after %s", e.URL, e.Status, e.RetryAfter.Round(time.Second))
	}
	return fmt.Sprintf("fetch %s: status %d", e.URL, e.Status)
}

// hostBusyError says a host asked us (by a long Retry-After) to stay away.
type hostBusyError struct {
	until  time.Time
	status int
}

func (e *hostBusyError) Error() string {
	return fmt.Sprintf("host busy until %s (status %d)", e.until.Format(time.RFC3339), e.status)
}

// fetchHop fetches one URL without following redirects: it fails fast for a
// host that asked to be left alone, asks robots.txt, and retries 429, 5xx and
// network errors — after Retry-After when the server names a wait it is
// reasonable to honour, else after exponential backoff with full jitter.
func (f *Fetcher) fetchHop(ctx context.Context, u *url.URL, req Request, scope privateScope) (*hopResult, error) {
	key := hostKey(u)
	if until, status, ok := f.polite.busy(key); ok {
		return nil, &StatusError{URL: u.String(), Status: status, RetryAfter: until.Sub(f.now())}
	}
	client := f.clientFor(scope, u)
	if err := f.checkRobots(ctx, u, scope); err != nil {
		return nil, f.busyAsStatus(u, err)
	}
	h := f.conditionalHeaders(ctx, u, req)
	for attempt := 0; ; attempt++ {
		res, err := f.exchange(ctx, u, h, client, f.opts.MaxBodyBytes, false)
		if err != nil {
			if attempt >= f.opts.MaxRetries || !retryableErr(ctx, err) {
				return nil, f.busyAsStatus(u, err)
			}
		} else if !retryableStatus(res.status) {
			return res, nil
		} else if ra, ok := parseRetryAfter(res.header, f.now()); ok && isBusyStatus(res.status) {
			if ra > f.opts.MaxRetryWait || attempt >= f.opts.MaxRetries {
				return nil, &StatusError{URL: u.String(), Status: res.status, RetryAfter: ra}
			}
			// The gate already holds the host until the Retry-After time.
			f.log.Debug("retrying after Retry-After", "url", u.Redacted(), "status", res.status, "wait", ra)
			continue
		} else if attempt >= f.opts.MaxRetries {
			return nil, &StatusError{URL: u.String(), Status: res.status}
		}
		wait := f.backoff(attempt)
		f.log.Debug("retrying after backoff", "url", u.Redacted(), "attempt", attempt+1, "wait", wait, "error", err)
		if err := f.polite.sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// busyAsStatus reports a host that asked to be left alone the same way
// whichever path noticed it.
func (f *Fetcher) busyAsStatus(u *url.URL, err error) error {
	var be *hostBusyError
	if errors.As(err, &be) {
		return &StatusError{URL: u.String(), Status: be.status, RetryAfter: be.until.Sub(f.now())}
	}
	return err
}

// backoff returns a wait drawn uniformly from [0, base·2^attempt] ("full
// jitter"), so that retries from many callers spread out, never over
// MaxRetryWait.
func (f *Fetcher) backoff(attempt int) time.Duration {
	ceiling := f.backoffBase
	for range attempt {
		if ceiling >= f.opts.MaxRetryWait {
			break
		}
		ceiling *= 2
	}
	ceiling = min(ceiling, f.opts.MaxRetryWait)
	return time.Duration(f.jitter(int64(ceiling) + 1))
}

func randInt63n(n int64) int64 { return rand.Int64N(n) }

func isBusyStatus(status int) bool {
	return status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable
}

func retryableStatus(status int) bool {
	return status == http.StatusTooManyRequests || (status >= 500 && status <= 599)
}

// retryableErr reports whether err might go away on its own. Refusals by our
// own rules, a missing host and a bad certificate will not.
func retryableErr(ctx context.Context, err error) bool {
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var busyErr *hostBusyError
	switch {
	case ctx.Err() != nil,
		errors.Is(err, mediawatch.ErrPrivateAddress),
		errors.Is(err, mediawatch.ErrTooLarge),
		errors.As(err, &busyErr),
		errors.As(err, &certErr),
		errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return false
	}
	return true
}

// parseRetryAfter reads Retry-After as seconds or an HTTP date.
func parseRetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, true
		}
		return time.Duration(min(secs, math.MaxInt64/int64(time.Second))) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}
