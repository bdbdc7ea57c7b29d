package crawler

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/temoto/robotstxt"

	"mediawatch"
)

// ErrRobotsUnavailable means a host's robots.txt could not be read just now
// (a 5xx or 429 answer, or no answer at all). Until it can be, the host is
// treated as disallowing everything; the Fetcher asks again after a few
// minutes rather than after the full RobotsTTL.
var ErrRobotsUnavailable = errors.New("robots.txt unavailable")

const (
	// robotsToken is the product token our rules are looked up by; the
	// User-Agent header carries it plus a version and contact URL.
	robotsToken = "mediawatch"
	// robotsMaxBytes caps what is read of a robots.txt; like Google, we use
	// the first 512 KB and ignore the rest.
	robotsMaxBytes = 512 << 10
	// robotsRetryAfter is how long a failure to read robots.txt is
	// remembered before asking again.
	robotsRetryAfter = 5 * time.Minute
	// robotsMaxRedirects follows Google's limit; past it, no robots.txt.
	robotsMaxRedirects = 5
)

// robotsEntry is what is known of one scheme+host's robots.txt. Its lock is a
// one-slot channel so that one caller fetches while the others wait (with
// their ctx) and then read the result: the server sees one request.
type robotsEntry struct {
	lock    chan struct{}
	data    *robotstxt.RobotsData
	err     error
	expires time.Time
}

// robotsSweepMin is the cache size below which expired entries are kept.
const robotsSweepMin = 1024

// robotsCache holds robots.txt per scheme://host:port. Feeds link to any
// host they like, so expired entries are swept out as the cache grows:
// without that, every host ever linked would keep up to robotsMaxBytes of
// rules in memory for good.
type robotsCache struct {
	mu      sync.Mutex
	entries map[string]*robotsEntry
	sweepAt int // size at which the next sweep runs
}

func (c *robotsCache) entry(key string, now time.Time) *robotsEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = make(map[string]*robotsEntry)
	}
	e := c.entries[key]
	if e == nil {
		if len(c.entries) >= max(c.sweepAt, robotsSweepMin) {
			c.sweep(now)
			c.sweepAt = 2 * len(c.entries) // amortised: sweeps stay O(1) per entry
		}
		e = &robotsEntry{lock: make(chan struct{}, 1)}
		c.entries[key] = e
	}
	return e
}

// sweep drops the entries that have expired and that no caller holds. A
// caller that looked an entry up just before it was dropped still reads
// robots.txt through it; the worst case is the host asked twice, each
// request inside its politeness gate.
func (c *robotsCache) sweep(now time.Time) {
	for key, e := range c.entries {
		select {
		case e.lock <- struct{}{}:
			if !now.Before(e.expires) {
				delete(c.entries, key)
			}
			<-e.lock
		default: // in use
		}
	}
}

// checkRobots returns nil when robots.txt lets us fetch u, an error wrapping
// mediawatch.ErrDisallowed when it does not, and an error wrapping
// ErrRobotsUnavailable when it could not be read.
func (f *Fetcher) checkRobots(ctx context.Context, u *url.URL, scope privateScope) error {
	e := f.robots.entry(u.Scheme+"://"+hostKey(u), f.now())
	select {
	case e.lock <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-e.lock }()

	if !f.now().Before(e.expires) {
		data, ttl, err := f.fetchRobots(ctx, u, scope)
		var busy *hostBusyError
		if err != nil && (ctx.Err() != nil || errors.Is(err, mediawatch.ErrPrivateAddress) || errors.As(err, &busy)) {
			// Nothing was learnt about the host's robots.txt: do not remember it.
			return err
		}
		e.data, e.err, e.expires = data, err, f.now().Add(ttl)
		if data != nil {
			f.polite.raiseDelay(hostKey(u), data.FindGroup(robotsToken).CrawlDelay)
		}
	}
	if e.err != nil {
		return e.err
	}
	if !e.data.TestAgent(robotsPath(u), robotsToken) {
		return fmt.Errorf("fetch %s: %w", u.Redacted(), mediawatch.ErrDisallowed)
	}
	return nil
}

// robotsPath is the part of u that robots rules match: path and query.
func robotsPath(u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p
}

// fetchRobots reads the robots.txt governing u and says how long the answer
// holds. 4xx means no rules (allow all); 429, 5xx and network errors mean
// "not now" (an error, remembered briefly). Each hop is judged by scope on
// its own: a robots.txt on a source's private host that redirects to another
// private host is refused like any other redirect.
func (f *Fetcher) fetchRobots(ctx context.Context, u *url.URL, scope privateScope) (*robotstxt.RobotsData, time.Duration, error) {
	target := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	for range robotsMaxRedirects + 1 {
		res, err := f.exchange(ctx, target, nil, f.clientFor(scope, target), robotsMaxBytes, true)
		if err != nil {
			return nil, robotsRetryAfter, fmt.Errorf("fetch %s: %w: %w", target.Redacted(), ErrRobotsUnavailable, err)
		}
		switch {
		case res.status >= 200 && res.status < 300:
			return f.parseRobots(target, res.body), f.opts.RobotsTTL, nil
		case isRedirect(res.status):
			next, err := redirectTarget(target, res.header)
			if err != nil {
				return nil, robotsRetryAfter, fmt.Errorf("fetch %s: %w: %w", target.Redacted(), ErrRobotsUnavailable, err)
			}
			target = next
		case res.status == http.StatusTooManyRequests || res.status >= 500:
			return nil, robotsRetryAfter, fmt.Errorf("fetch %s: %w (status %d)", target.Redacted(), ErrRobotsUnavailable, res.status)
		default:
			// 4xx (401 and 403 included, as Google does): no rules.
			return allowAllRobots(), f.opts.RobotsTTL, nil
		}
	}
	// Too many redirects: as if there were no robots.txt.
	return allowAllRobots(), f.opts.RobotsTTL, nil
}

func allowAllRobots() *robotstxt.RobotsData {
	data, _ := robotstxt.FromStatusAndBytes(http.StatusNotFound, nil)
	return data
}

// parseRobots parses body. The library rejects a whole file over one bad
// line (a Disallow before any User-agent, a Crawl-delay that is not a
// number), which would throw away the rules the webmaster did write, so such
// lines are dropped and the rest parsed again. A file that still fails is
// taken as disallowing everything.
func (f *Fetcher) parseRobots(target *url.URL, body []byte) *robotstxt.RobotsData {
	data, err := robotstxt.FromBytes(body)
	if err == nil {
		return data
	}
	data, err2 := robotstxt.FromBytes(sanitizeRobots(body))
	if err2 == nil {
		f.log.Debug("robots.txt had lines we skipped", "url", target.Redacted(), "error", err)
		return data
	}
	f.log.Warn("robots.txt unparseable, treating host as disallowed", "url", target.Redacted(), "error", err2)
	disallow, _ := robotstxt.FromStatusAndBytes(http.StatusOK, []byte("User-agent: *\nDisallow: /\n"))
	return disallow
}

// sanitizeRobots drops the lines robotstxt refuses: group rules before the
// first User-agent and Crawl-delay values that are not finite non-negative
// numbers.
func sanitizeRobots(body []byte) []byte {
	var out bytes.Buffer
	seenAgent := false
	for line := range bytes.Lines(body) {
		field, value, _ := strings.Cut(string(line), ":")
		if i := strings.IndexByte(value, '#'); i >= 0 {
			value = value[:i]
		}
		field = strings.ToLower(strings.TrimSpace(field))
		value = strings.TrimSpace(value)
		switch field {
		case "user-agent", "useragent":
			seenAgent = true
		case "allow", "disallow":
			if !seenAgent {
				continue
			}
		case "crawl-delay", "crawldelay":
			if !seenAgent || !validCrawlDelay(value) {
				continue
			}
		}
		out.Write(line)
	}
	return out.Bytes()
}

func validCrawlDelay(v string) bool {
	d, err := strconv.ParseFloat(v, 64)
	return err == nil && d >= 0 && !math.IsInf(d, 0) && !math.IsNaN(d)
}
