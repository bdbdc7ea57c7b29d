package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"mediawatch"
)

// CrawlOptions configures a Crawler.
type CrawlOptions struct {
	// RevisitWindow: an article first stored less than this long ago is
	// fetched again (conditionally) when it is listed, so edits are seen;
	// older ones are left alone. Default 48h.
	RevisitWindow time.Duration
	// MaxLinks bounds the articles taken from one listing (a sitemap
	// index's children together). A listing cut by it says so in the log
	// and in Stats.Problems. Default 1,000; at most 5,000, which keeps it
	// below the parsers' own bounds so that a cut is always seen.
	MaxLinks int
	// MaxChildSitemaps bounds how many sitemaps of an index are read. Default 20.
	MaxChildSitemaps int
	// BackfillPages bounds how many older pages of a Telegram channel's
	// preview (its own "before" link) are read on the channel's first
	// crawl, so that the office starts with its recent history rather than
	// the last twenty posts. Default 5; negative: none.
	BackfillPages int
	// OnEvent, if set, hears every decision (for progress bars and the demo).
	OnEvent func(Event)
	Now     func() time.Time
}

const (
	// DefaultMaxLinks is CrawlOptions.MaxLinks when none is given.
	DefaultMaxLinks = 1000
	// maxMaxLinks is the highest MaxLinks honoured (config allows no more).
	maxMaxLinks = 5000
	// DefaultBackfillPages is CrawlOptions.BackfillPages when none is given.
	DefaultBackfillPages = 5
)

// Event is one thing the crawler did with one URL.
type Event struct {
	Source  string
	URL     string
	Title   string
	Outcome string // kept, updated, duplicate, not_mentioned, unchanged, seen, disallowed, error, not_modified, listed
	Detail  string // in English words, for logs

	// What ingest said, for callers that explain decisions in other words.
	ItemID   int64
	Version  int
	Lang     string
	FeedOnly bool
}

// Stats counts what one crawl of one source did.
type Stats struct {
	Listed       int // links the listing gave
	Kept         int
	Updated      int
	Duplicates   int
	NotMentioned int
	FeedOnly     int // kept or updated from the feed alone: the page could not be had
	Skipped      int // already stored and not due for a revisit, unchanged (304), or disallowed
	Errors       int
	Refused      int // links (or their redirects) to a private address outside the source's own host

	// ListingUnchanged: the listing answered 304 (not modified), so the
	// Problems found when it last changed still hold.
	ListingUnchanged bool
	// Problems are what went wrong without failing the crawl, in English
	// for the source's health: a listing cut by MaxLinks, a listing that
	// gave no links, links refused as private addresses.
	Problems []string
}

// Crawler reads sources through a Fetcher and hands articles to a Sink.
type Crawler struct {
	fetch *Fetcher
	sink  Sink
	state State
	opts  CrawlOptions
	log   *slog.Logger
}

// New returns a crawler. logger may be nil.
func New(f *Fetcher, sink Sink, state State, opts CrawlOptions, logger *slog.Logger) *Crawler {
	if opts.RevisitWindow == 0 {
		opts.RevisitWindow = 48 * time.Hour
	}
	if opts.MaxLinks <= 0 {
		opts.MaxLinks = DefaultMaxLinks
	}
	opts.MaxLinks = min(opts.MaxLinks, maxMaxLinks)
	if opts.MaxChildSitemaps <= 0 {
		opts.MaxChildSitemaps = 20
	}
	if opts.BackfillPages == 0 {
		opts.BackfillPages = DefaultBackfillPages
	}
	opts.BackfillPages = max(opts.BackfillPages, 0)
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Crawler{fetch: f, sink: sink, state: state, opts: opts, log: logger.With("component", "crawler")}
}

// Crawl reads one source once: its listing (conditionally, so an unchanged
// feed costs no parsing), then every listed article that is new or due for a
// revisit. The error reports a source that could not be read at all; a
// failed article is counted, logged and passed over.
func (c *Crawler) Crawl(ctx context.Context, src mediawatch.Source) (Stats, error) {
	var st Stats
	lr, err := c.listing(ctx, src)
	if err != nil {
		return st, err
	}
	st.Listed, st.ListingUnchanged = len(lr.links), lr.unchanged
	st.Problems = lr.problems
	firstRefused := ""
	for _, l := range lr.links {
		if ctx.Err() != nil {
			return st, ctx.Err()
		}
		if c.article(ctx, src, l, &st) && firstRefused == "" {
			firstRefused = l.URL
		}
	}
	if ctx.Err() != nil {
		return st, ctx.Err() // the last article may have been cut short
	}
	if st.Refused > 0 {
		st.Problems = append(st.Problems, fmt.Sprintf("%d of %d links refused: a private address outside the source's own host (first: %s)",
			st.Refused, st.Listed, firstRefused))
	}
	// Only now may the next crawl be told "not modified": every link the
	// listing gave has been handled. A link that failed (a page that could
	// not be had and left nothing to keep, a store error) has not been, and
	// a 304 next time would hide it until the listing changes.
	if st.Errors == 0 {
		for _, r := range lr.commit {
			c.fetch.Commit(ctx, r)
		}
	}
	return st, nil
}

// article fetches, extracts and ingests one listed link. It reports whether
// the page was refused as a private address outside the source's own host.
func (c *Crawler) article(ctx context.Context, src mediawatch.Source, l Link, st *Stats) (refused bool) {
	first, seen, err := c.sink.FirstSeen(ctx, l.URL)
	if err != nil {
		c.record(ctx, src, l, &st.Errors, 0, "error", err.Error())
		return
	}
	if seen && c.opts.Now().Sub(first) > c.opts.RevisitWindow {
		st.Skipped++
		c.emit(Event{Source: src.Name, URL: l.URL, Title: l.Title, Outcome: "seen", Detail: "stored before the revisit window"})
		return
	}
	if l.Post != nil {
		c.post(ctx, src, l, st)
		return false
	}
	a, resp, err := c.page(ctx, src, l)
	status := 0
	if resp != nil {
		status = resp.Status
	}
	var se *StatusError
	if errors.As(err, &se) {
		status = se.Status
	}
	switch {
	case errors.Is(err, errUnchanged):
		c.record(ctx, src, l, &st.Skipped, status, "unchanged", "304 not modified")
		return
	case errors.Is(err, mediawatch.ErrDisallowed):
		c.record(ctx, src, l, &st.Skipped, status, "disallowed", "robots.txt disallows this page")
		return
	case err != nil && ctx.Err() != nil:
		return // interrupted, not failed: the next crawl does it whole
	case err != nil:
		if refused = isPrivateRefusal(err); refused {
			st.Refused++
		}
		if l.Title == "" && l.Summary == "" {
			c.record(ctx, src, l, &st.Errors, status, "error", err.Error())
			return refused
		}
		c.log.Info("keeping the listing's own text", "source", src.Name, "url", l.URL, "error", err)
		a = feedOnly(src, l, c.opts.Now())
	}
	pageErr := err
	res, err := c.sink.Ingest(ctx, src, a)
	detail := res.Reason
	if a.FeedOnly {
		// The cause is kept: a refused private address, a 404 or a
		// timeout call for different fixes.
		detail = joinDetail(fmt.Sprintf("feed only: the page could not be had (%v)", pageErr), detail)
	}
	if !st.count(res.Outcome) && err != nil {
		detail = err.Error()
	}
	if err == nil {
		c.fetch.Commit(ctx, resp)
	}
	if a.FeedOnly && (res.Outcome == mediawatch.OutcomeKept || res.Outcome == mediawatch.OutcomeUpdated) {
		st.FeedOnly++
	}
	c.logEntry(ctx, src, l.URL, status, string(res.Outcome), detail)
	c.emit(Event{Source: src.Name, URL: l.URL, Title: a.Title, Outcome: string(res.Outcome), Detail: detail,
		ItemID: res.ItemID, Version: res.Version, Lang: res.Lang, FeedOnly: a.FeedOnly})
	return refused
}

// post ingests one post of a social source as its listing gave it: the
// post's own text is the item, so no page is fetched (a news link it
// shares is ingest's to canonicalise and record).
func (c *Crawler) post(ctx context.Context, src mediawatch.Source, l Link, st *Stats) {
	a := mediawatch.Article{
		Source: src.Name, URL: l.URL, Title: l.Title, Text: l.Text, Summary: l.Summary, Author: l.Author,
		Published: l.Published, Lang: l.Lang, Image: l.Image, FetchedAt: c.opts.Now(), Post: l.Post,
	}
	if a.Lang == "" {
		a.Lang = src.Lang
	}
	res, err := c.sink.Ingest(ctx, src, a)
	detail := res.Reason
	if !st.count(res.Outcome) && err != nil {
		detail = err.Error()
	}
	c.logEntry(ctx, src, l.URL, 0, string(res.Outcome), detail)
	c.emit(Event{Source: src.Name, URL: l.URL, Title: a.Title, Outcome: string(res.Outcome), Detail: detail,
		ItemID: res.ItemID, Version: res.Version, Lang: res.Lang})
}

// count adds what ingest did with one article to st; false for an
// error (or an outcome it does not know, counted as one).
func (st *Stats) count(o mediawatch.Outcome) bool {
	switch o {
	case mediawatch.OutcomeKept:
		st.Kept++
	case mediawatch.OutcomeUpdated:
		st.Updated++
	case mediawatch.OutcomeDuplicate:
		st.Duplicates++
	case mediawatch.OutcomeNotMentioned:
		st.NotMentioned++
	default:
		st.Errors++
		return false
	}
	return true
}

var errUnchanged = errors.New("unchanged")

// page fetches and extracts one article, filling gaps from the listing.
// The response, when there is one, carries the validators to commit once
// the article is stored.
func (c *Crawler) page(ctx context.Context, src mediawatch.Source, l Link) (mediawatch.Article, *Response, error) {
	resp, err := c.get(ctx, src, l.URL)
	if err != nil {
		return mediawatch.Article{}, nil, err
	}
	if resp.NotModified {
		return mediawatch.Article{}, resp, errUnchanged
	}
	a, err := Extract(resp.Body, resp.ContentType, resp.URL)
	if err != nil {
		return a, resp, fmt.Errorf("extract: %w", err)
	}
	a.Source, a.FetchedAt = src.Name, c.opts.Now()
	if a.Title == "" {
		a.Title = l.Title
	}
	if a.Published.IsZero() {
		a.Published = l.Published
	}
	if a.Author == "" {
		a.Author = l.Author
	}
	if a.Image == "" {
		a.Image = l.Image
	}
	if a.Lang == "" {
		a.Lang = l.Lang
	}
	a.Summary = l.Summary
	return a, resp, nil
}

// feedOnly is the article as the listing described it.
func feedOnly(src mediawatch.Source, l Link, now time.Time) mediawatch.Article {
	return mediawatch.Article{
		Source: src.Name, URL: l.URL, Title: l.Title, Summary: l.Summary, Author: l.Author,
		Published: l.Published, Lang: l.Lang, Image: l.Image, FeedOnly: true, FetchedAt: now,
	}
}

// get fetches url conditionally, leaving the validators to be committed.
func (c *Crawler) get(ctx context.Context, src mediawatch.Source, url string) (*Response, error) {
	resp, err := c.fetch.Fetch(ctx, Request{URL: url, AllowPrivate: src.AllowPrivate, Home: src.URL, Conditional: true, Deferred: true,
		UserAgent: c.fetch.UserAgentFor(src.Kind)})
	if err != nil {
		status := 0
		var se *StatusError
		if errors.As(err, &se) {
			status = se.Status
		}
		c.logEntry(ctx, src, url, status, "error", err.Error())
		return nil, err
	}
	if resp.NotModified {
		c.logEntry(ctx, src, url, resp.Status, "not_modified", "")
	}
	return resp, nil
}

func (c *Crawler) record(ctx context.Context, src mediawatch.Source, l Link, counter *int, status int, outcome, detail string) {
	*counter++
	c.logEntry(ctx, src, l.URL, status, outcome, detail)
	c.emit(Event{Source: src.Name, URL: l.URL, Title: l.Title, Outcome: outcome, Detail: detail})
}

// logEntry appends to the durable crawl log; a failure to log is logged,
// never fatal to the crawl.
func (c *Crawler) logEntry(ctx context.Context, src mediawatch.Source, url string, status int, outcome, detail string) {
	e := mediawatch.CrawlLogEntry{Time: c.opts.Now().UTC(), Source: src.Name, URL: url, Status: status, Outcome: outcome, Detail: detail}
	if err := c.state.AppendCrawlLog(context.WithoutCancel(ctx), e); err != nil {
		c.log.Warn("crawl log", "err", err)
	}
}

func (c *Crawler) emit(e Event) {
	if c.opts.OnEvent != nil {
		c.opts.OnEvent(e)
	}
}

func joinDetail(a, b string) string {
	if b == "" {
		return a
	}
	return a + "; " + b
}
