package crawler

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"mediawatch"
)

// Options configures a Fetcher; zero fields take the defaults noted.
type Options struct {
	UserAgent      string           // required; names mediawatch and a contact URL
	HostDelay      time.Duration    // minimum gap between the end of one request to a host and the start of the next (default 2s; negative: none); robots Crawl-delay raises it for that host
	Concurrency    int              // global bound on requests in flight (default 4)
	ConnectTimeout time.Duration    // dial + TLS handshake (default 10s)
	Timeout        time.Duration    // total per request, body included (default 30s)
	MaxBodyBytes   int64            // default 10 MiB; counts decompressed bytes
	MaxRedirects   int              // default 10; negative follows none (a redirect is then an error)
	RobotsTTL      time.Duration    // how long a robots.txt is trusted (default 24h)
	MaxRetries     int              // retries of one request on 429/503/5xx/network errors (default 2); negative retries none
	MaxRetryWait   time.Duration    // the longest wait honoured inline (Retry-After or backoff); default 2m
	Now            func() time.Time // default time.Now
	// RedditUserAgent is sent to Reddit instead of UserAgent, in the form
	// Reddit's API rules ask of every client: "<platform>:<app ID>:<version>
	// (by /u/<username>)". Empty derives one from UserAgent (redditAgent).
	RedditUserAgent string
	// Hosts, when set, spaces requests to a host across every process that
	// shares it (the nodes of one store), on top of this Fetcher's own
	// gates: see HostSlots.
	Hosts HostSlots
}

const (
	defaultHostDelay    = 2 * time.Second
	defaultConcurrency  = 4
	defaultConnect      = 10 * time.Second
	defaultTimeout      = 30 * time.Second
	defaultMaxBody      = 10 << 20
	defaultMaxRedirects = 10
	defaultRobotsTTL    = 24 * time.Hour
	defaultMaxRetries   = 2
	defaultMaxRetryWait = 2 * time.Minute
	defaultBackoffBase  = 500 * time.Millisecond
)

// withDefaults fills zero fields and checks the User-Agent, which is how a
// webmaster finds out who is knocking.
func (o Options) withDefaults() (Options, error) {
	ua := strings.ToLower(o.UserAgent)
	if !strings.Contains(ua, robotsToken) || !strings.Contains(ua, "http") {
		return o, fmt.Errorf("options: user agent %q must name %s and a contact URL: %w", o.UserAgent, robotsToken, mediawatch.ErrInvalid)
	}
	if strings.TrimSpace(o.RedditUserAgent) == "" {
		o.RedditUserAgent = redditAgent(o.UserAgent)
	}
	setDefault(&o.HostDelay, defaultHostDelay)
	o.HostDelay = max(o.HostDelay, 0)
	setDefault(&o.Concurrency, defaultConcurrency)
	setDefault(&o.ConnectTimeout, defaultConnect)
	setDefault(&o.Timeout, defaultTimeout)
	setDefault(&o.MaxBodyBytes, defaultMaxBody)
	setDefault(&o.MaxRedirects, defaultMaxRedirects)
	setDefault(&o.RobotsTTL, defaultRobotsTTL)
	setDefault(&o.MaxRetries, defaultMaxRetries)
	setDefault(&o.MaxRetryWait, defaultMaxRetryWait)
	if o.Concurrency < 0 || o.MaxBodyBytes < 0 {
		return o, fmt.Errorf("options: concurrency and max body bytes must not be negative: %w", mediawatch.ErrInvalid)
	}
	o.MaxRedirects = max(o.MaxRedirects, 0)
	o.MaxRetries = max(o.MaxRetries, 0)
	if o.Now == nil {
		o.Now = time.Now
	}
	return o, nil
}

func setDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}

// Fetcher gets URLs the way a webmaster would want a robot to: robots.txt
// obeyed, one request at a time per host with a gap between them, validators
// sent, busy signals honoured, and every response bounded in time and size.
// It is safe for concurrent use.
type Fetcher struct {
	opts   Options
	state  State
	log    *slog.Logger
	polite *politeness
	robots robotsCache

	guard      *addrGuard // the strict transport's; tests may set exempt
	strictT    *http.Transport
	permissive *http.Transport
	strict     *http.Client
	open       *http.Client

	backoffBase time.Duration
	jitter      func(n int64) int64 // uniform in [0, n)

	life   context.Context
	stop   context.CancelFunc
	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

// NewFetcher returns a Fetcher. state may be nil, in which case conditional
// requests send no validators and store none.
func NewFetcher(opts Options, state State, logger *slog.Logger) (*Fetcher, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	guard := &addrGuard{}
	strictT := newFetchTransport(opts.ConnectTimeout, guard)
	permissive := newFetchTransport(opts.ConnectTimeout, nil)
	life, stop := context.WithCancel(context.Background())
	return &Fetcher{
		opts:        opts,
		state:       state,
		log:         logger.With("component", "fetcher"),
		polite:      newPoliteness(opts.Now, opts.HostDelay, opts.Concurrency).sharedBy(opts.Hosts, opts.Timeout),
		guard:       guard,
		strictT:     strictT,
		permissive:  permissive,
		strict:      newNoRedirectClient(strictT),
		open:        newNoRedirectClient(permissive),
		backoffBase: defaultBackoffBase,
		jitter:      randInt63n,
		life:        life,
		stop:        stop,
	}, nil
}

// newNoRedirectClient returns a client that hands redirects back to us: each
// hop must pass the scheme check, robots.txt and the host's politeness gate.
func newNoRedirectClient(t http.RoundTripper) *http.Client {
	return &http.Client{
		Transport:     t,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Request is one URL to fetch and how.
type Request struct {
	URL string
	// AllowPrivate lets the source's own host be on a private, loopback or
	// link-local address. Only that host: links and redirects elsewhere are
	// refused as for any source (see privateScope).
	AllowPrivate bool
	// Home is the source's own URL, whose host AllowPrivate covers; empty
	// means URL's own host.
	Home        string
	Conditional bool // send If-None-Match / If-Modified-Since from State, store validators after a 200
	// Deferred keeps the new validators in the Response instead of storing
	// them: the caller stores them with Commit once it has done what the
	// body stands for, so a crawl interrupted in between fetches it again
	// rather than being told 304 for work it never finished.
	Deferred bool
	Accept   string // the Accept header; empty sends none
	// UserAgent, when set, is sent instead of Options.UserAgent (see
	// UserAgentFor); robots.txt is still asked for as Options.UserAgent,
	// whose product token its rules name.
	UserAgent string
}

// Response is what a fetch brought back.
type Response struct {
	URL         string // final URL after redirects
	Status      int
	Header      http.Header
	ContentType string
	Body        []byte // nil when NotModified
	NotModified bool   // 304: nothing to parse

	validators *mediawatch.FetchState // set for a Deferred conditional fetch
}

// Commit stores the validators of a Deferred conditional fetch. It does
// nothing for other responses.
func (f *Fetcher) Commit(ctx context.Context, resp *Response) {
	if resp == nil || resp.validators == nil || f.state == nil {
		return
	}
	if err := f.state.PutFetchState(ctx, *resp.validators); err != nil {
		f.log.Warn("store validators", "url", resp.validators.URL, "error", err)
	}
}

// Fetch gets req.URL, following redirects. It returns an error wrapping
// mediawatch.ErrDisallowed, ErrPrivateAddress, ErrTooLarge or
// ErrRedirectLimit when those rules refuse it, and a *StatusError for an
// unwanted final status.
func (f *Fetcher) Fetch(ctx context.Context, req Request) (*Response, error) {
	if err := f.begin(); err != nil {
		return nil, fmt.Errorf("fetch %s: %w", req.URL, err)
	}
	defer f.wg.Done()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(f.life, cancel)()

	u, err := parseFetchURL(nil, req.URL)
	if err != nil {
		return nil, err
	}
	scope, err := requestScope(req)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", req.URL, err)
	}
	for hops := 0; ; hops++ {
		res, err := f.fetchHop(ctx, u, req, scope)
		if err != nil {
			return nil, explainPrivate(err, req, u, scope)
		}
		if !isRedirect(res.status) {
			return f.finish(ctx, u, req, res)
		}
		next, err := redirectTarget(u, res.header)
		if err != nil {
			return nil, err
		}
		if hops >= f.opts.MaxRedirects {
			return nil, fmt.Errorf("fetch %s: %w: status %d to %s not followed (at most %d)",
				req.URL, ErrRedirectLimit, res.status, next.Redacted(), f.opts.MaxRedirects)
		}
		u = next
	}
}

// begin registers a Fetch so that Close can wait for it.
func (f *Fetcher) begin() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return net.ErrClosed
	}
	f.wg.Add(1)
	return nil
}

// Close cancels fetches in progress, waits for them to return and closes idle
// connections. Later Fetches fail.
func (f *Fetcher) Close() error {
	f.mu.Lock()
	f.closed = true
	f.mu.Unlock()
	f.stop()
	f.wg.Wait()
	f.strictT.CloseIdleConnections()
	f.permissive.CloseIdleConnections()
	return nil
}

func (f *Fetcher) now() time.Time { return f.opts.Now() }

// finish turns the last hop into a Response and keeps the validators.
func (f *Fetcher) finish(ctx context.Context, u *url.URL, req Request, res *hopResult) (*Response, error) {
	out := &Response{
		URL:         u.String(),
		Status:      res.status,
		Header:      res.header,
		ContentType: res.header.Get("Content-Type"),
	}
	switch {
	case res.status == http.StatusNotModified:
		out.NotModified = true
	case res.status >= 200 && res.status < 300:
		out.Body = res.body
	default:
		return nil, &StatusError{URL: u.String(), Status: res.status}
	}
	if req.Conditional && f.state != nil {
		st := f.validators(u.String(), res)
		if req.Deferred {
			out.validators = &st
		} else if err := f.state.PutFetchState(ctx, st); err != nil {
			f.log.Warn("store validators", "url", st.URL, "error", err)
		}
	}
	return out, nil
}

// validators is what makes the next request to url conditional. A 304
// keeps the validators we sent unless it brings fresh ones.
func (f *Fetcher) validators(url string, res *hopResult) mediawatch.FetchState {
	st := mediawatch.FetchState{
		URL:          url,
		ETag:         res.header.Get("ETag"),
		LastModified: res.header.Get("Last-Modified"),
		Status:       res.status,
		FetchedAt:    f.now(),
	}
	if res.status == http.StatusNotModified {
		st.ETag = orElse(st.ETag, res.sentETag)
		st.LastModified = orElse(st.LastModified, res.sentLastModified)
	}
	return st
}

// orElse returns a unless it is empty, else b.
func orElse(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// conditionalHeaders returns the request headers for one hop.
func (f *Fetcher) conditionalHeaders(ctx context.Context, u *url.URL, req Request) http.Header {
	h := http.Header{}
	if req.Accept != "" {
		h.Set("Accept", req.Accept)
	}
	if req.UserAgent != "" {
		h.Set("User-Agent", req.UserAgent)
	}
	if !req.Conditional || f.state == nil {
		return h
	}
	st, err := f.state.FetchState(ctx, u.String())
	switch {
	case errors.Is(err, mediawatch.ErrNotFound):
	case err != nil:
		f.log.Warn("read validators, fetching unconditionally", "url", u.Redacted(), "error", err)
	default:
		if st.ETag != "" {
			h.Set("If-None-Match", st.ETag)
		}
		if st.LastModified != "" {
			h.Set("If-Modified-Since", st.LastModified)
		}
	}
	return h
}

// hopResult is one HTTP exchange's outcome.
type hopResult struct {
	status           int
	header           http.Header
	body             []byte
	sentETag         string
	sentLastModified string
}

// exchange makes one request to u inside the host's politeness gate and
// reads at most limit bytes of a 2xx body (truncating when truncate is set,
// failing with ErrTooLarge otherwise). Per-request Timeout starts once the
// gate opens, so waiting for one's turn does not eat into it.
func (f *Fetcher) exchange(ctx context.Context, u *url.URL, h http.Header, client *http.Client, limit int64, truncate bool) (*hopResult, error) {
	release, err := f.polite.acquire(ctx, hostKey(u))
	if err != nil {
		return nil, err
	}
	var notBefore time.Time
	defer func() { release(notBefore) }()

	ctx, cancel := context.WithTimeout(ctx, f.opts.Timeout)
	defer cancel()
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", u.Redacted(), err)
	}
	for k, v := range h {
		hreq.Header[k] = v
	}
	if hreq.Header.Get("User-Agent") == "" {
		hreq.Header.Set("User-Agent", f.opts.UserAgent)
	}
	resp, err := client.Do(hreq)
	if err != nil {
		return nil, err // *url.Error already names the URL
	}
	defer resp.Body.Close()

	res := &hopResult{
		status:           resp.StatusCode,
		header:           resp.Header,
		sentETag:         h.Get("If-None-Match"),
		sentLastModified: h.Get("If-Modified-Since"),
	}
	if ra, ok := parseRetryAfter(resp.Header, f.now()); ok && isBusyStatus(resp.StatusCode) {
		if ra > f.opts.MaxRetryWait {
			f.polite.markBusy(hostKey(u), f.now().Add(ra), resp.StatusCode)
		} else {
			notBefore = f.now().Add(ra)
		}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		_, _ = io.CopyN(io.Discard, resp.Body, 4<<10) // lets the connection be reused
		return res, nil
	}
	res.body, err = readLimited(resp, limit, truncate)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", u.Redacted(), err)
	}
	f.log.Debug("fetched", "url", u.Redacted(), "status", resp.StatusCode, "bytes", len(res.body))
	return res, nil
}

// readLimited reads a body of at most limit bytes after decompression.
func readLimited(resp *http.Response, limit int64, truncate bool) ([]byte, error) {
	if !truncate && resp.ContentLength > limit {
		return nil, fmt.Errorf("content length %d over %d: %w", resp.ContentLength, limit, mediawatch.ErrTooLarge)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	if int64(len(body)) <= limit {
		return body, nil
	}
	if !truncate {
		return nil, fmt.Errorf("body over %d bytes: %w", limit, mediawatch.ErrTooLarge)
	}
	body = body[:limit]
	if i := bytes.LastIndexByte(body, '\n'); i >= 0 {
		body = body[:i+1] // a cut line could turn into a different rule
	}
	return body, nil
}
