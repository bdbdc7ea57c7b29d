package crawler

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"mediawatch"
)

// listingResult is what one read of a source's listing gave.
type listingResult struct {
	links []Link
	// commit holds the responses whose validators the caller commits once
	// the links are handled.
	commit []*Response
	// unchanged: the listing answered 304, so what was found wrong with it
	// last time still holds.
	unchanged bool
	// problems are what was wrong without stopping the crawl, in words for
	// the source's health: a listing cut by MaxLinks, one that gave nothing.
	problems []string
}

// listing fetches and parses the source's own URL.
func (c *Crawler) listing(ctx context.Context, src mediawatch.Source) (listingResult, error) {
	resp, err := c.get(ctx, src, src.URL)
	if err != nil {
		return listingResult{}, err
	}
	if resp.NotModified {
		return listingResult{unchanged: true}, nil
	}
	lr := listingResult{commit: []*Response{resp}}
	switch src.Kind {
	case mediawatch.KindFeed:
		lr.links, err = ParseFeed(resp.Body, resp.ContentType, resp.URL)
	case mediawatch.KindPage:
		lr.links, err = ParseListing(resp.Body, resp.ContentType, resp.URL, src.Selector)
	case mediawatch.KindSitemap:
		err = c.sitemap(ctx, src, resp, &lr)
	case mediawatch.KindYouTube:
		lr.links, err = ParseYouTube(resp.Body, resp.ContentType, resp.URL)
	case mediawatch.KindTelegram:
		err = c.telegram(ctx, src, resp, &lr)
	case mediawatch.KindMastodon:
		lr.links, err = ParseMastodon(resp.Body, resp.ContentType, resp.URL)
	case mediawatch.KindBluesky:
		lr.links, err = ParseBluesky(resp.Body, resp.ContentType, resp.URL)
	case mediawatch.KindReddit:
		lr.links, err = ParseReddit(resp.Body, resp.ContentType, resp.URL)
	default:
		err = fmt.Errorf("unknown source kind %q: %w", src.Kind, mediawatch.ErrInvalid)
	}
	if err != nil {
		c.logEntry(ctx, src, resp.URL, resp.Status, "error", err.Error())
		return listingResult{}, err
	}
	if found := len(lr.links); found > c.opts.MaxLinks {
		lr.links = lr.links[:c.opts.MaxLinks]
		lr.problems = append(lr.problems, fmt.Sprintf("listing cut: %d of %d links taken (crawler.max_links is %d)",
			c.opts.MaxLinks, found, c.opts.MaxLinks))
	}
	if src.Kind.Social() {
		oldestFirst(lr.links)
	}
	if len(lr.links) == 0 && !lr.unchanged {
		// A listing that parses to nothing is a failure, not a warning: the
		// address answers, but not with what the source was set up to read,
		// and a source that brings nothing must not show as healthy.
		// Nothing is committed, so the next crawl reads it in full again.
		e := &EmptyListingError{Why: strings.Join(append([]string{emptyListing(src)}, lr.problems...), "; ")}
		c.log.Warn("listing empty", "source", src.Name, "url", resp.URL, "problem", e.Why)
		c.logEntry(ctx, src, resp.URL, resp.Status, "error", e.Why)
		return listingResult{}, e
	}
	detail := fmt.Sprintf("%d links", len(lr.links))
	for _, p := range lr.problems {
		detail = joinDetail(detail, p)
		c.log.Warn("listing problem", "source", src.Name, "url", resp.URL, "problem", p)
		c.logEntry(ctx, src, resp.URL, resp.Status, "warning", p)
	}
	c.emit(Event{Source: src.Name, URL: resp.URL, Outcome: "listed", Detail: detail})
	return lr, nil
}

// ErrEmptyListing is what an EmptyListingError is (errors.Is): a listing
// that was read and parsed but gave no links.
var ErrEmptyListing = errors.New("the listing gave no links")

// EmptyListingError is a listing that parsed to no links. Its text is the
// reason in words ("the feed has no items"), as the source's health
// stores it and desk.ExplainError recognises it.
type EmptyListingError struct{ Why string }

func (e *EmptyListingError) Error() string { return e.Why }

// Is makes errors.Is(err, ErrEmptyListing) hold.
func (e *EmptyListingError) Is(target error) bool { return target == ErrEmptyListing }

// emptyListing says, for each kind, what a listing that gave no links
// probably means: it parsed, so the address answers, but not with what the
// source was set up to read.
func emptyListing(src mediawatch.Source) string {
	switch src.Kind {
	case mediawatch.KindFeed:
		return "the feed has no items"
	case mediawatch.KindPage:
		return fmt.Sprintf("the selector %q matched no links on the page", src.Selector)
	case mediawatch.KindYouTube:
		return "the video feed lists no videos (a channel or playlist with none, or one taken down)"
	case mediawatch.KindTelegram:
		return "the channel's web preview shows no posts with text"
	case mediawatch.KindMastodon:
		return "the Mastodon feed has no posts (a tag nobody used lately, or an account that posts nothing public)"
	case mediawatch.KindBluesky:
		return "the Bluesky profile's feed has no posts"
	case mediawatch.KindReddit:
		return "the Reddit feed has no posts"
	case mediawatch.KindSitemap:
		return "the sitemap lists no pages"
	}
	return "the listing gave no links"
}

// telegram reads a channel's web preview into lr and, on the channel's
// first crawl, up to BackfillPages older pages through the page's own
// "before" link, as a reader scrolling up would. The first crawl is the
// one with no validators stored for the preview's address: they are
// committed only once a crawl has handled every post. Older pages are
// never committed: they do not change, and nothing reads them again.
func (c *Crawler) telegram(ctx context.Context, src mediawatch.Source, resp *Response, lr *listingResult) error {
	page, err := ParseTelegram(resp.Body, resp.ContentType, resp.URL)
	if err != nil {
		return err
	}
	lr.links = page.Links
	if c.opts.BackfillPages <= 0 || page.Before == "" {
		return nil
	}
	if _, err := c.state.FetchState(ctx, resp.URL); !errors.Is(err, mediawatch.ErrNotFound) {
		return nil // not the first crawl (or state unreadable: do not guess)
	}
	seen := make(map[string]bool, len(lr.links))
	for _, l := range lr.links {
		seen[l.URL] = true
	}
	before, read := page.Before, 0
	for before != "" && read < c.opts.BackfillPages && len(lr.links) < c.opts.MaxLinks && ctx.Err() == nil {
		read++
		r, err := c.get(ctx, src, before)
		if err != nil {
			lr.problems = append(lr.problems, fmt.Sprintf("older posts: page %d of the channel's history could not be read (see the crawl log)", read))
			break
		}
		if r.NotModified {
			break
		}
		older, err := ParseTelegram(r.Body, r.ContentType, r.URL)
		if err != nil {
			c.logEntry(ctx, src, r.URL, r.Status, "error", err.Error())
			lr.problems = append(lr.problems, fmt.Sprintf("older posts: page %d of the channel's history could not be read: %v", read, err))
			break
		}
		n := 0
		for _, l := range older.Links {
			if !seen[l.URL] {
				seen[l.URL] = true
				lr.links = append(lr.links, l)
				n++
			}
		}
		c.logEntry(ctx, src, r.URL, r.Status, "listed", fmt.Sprintf("first crawl: %d older posts", n))
		before = older.Before
	}
	c.log.Info("telegram backfill", "source", src.Name, "pages", read, "links", len(lr.links))
	return nil
}

// sitemap reads a sitemap and, for an index, its first children, into lr.
// lr.commit keeps the responses whose validators may be committed once the
// links are handled: a urlset's own, or the children an index led to whose
// links were all taken. An index's own validators are never kept: an index
// usually stays the same while its children change, and a 304 for it would
// hide them.
func (c *Crawler) sitemap(ctx context.Context, src mediawatch.Source, resp *Response, lr *listingResult) error {
	links, children, err := ParseSitemap(resp.Body, resp.URL)
	if err != nil {
		return err
	}
	lr.links = links
	if len(children) == 0 {
		return nil
	}
	lr.commit = nil
	found, read, unchanged, failed := 0, 0, 0, 0
	for i, child := range children {
		if i >= c.opts.MaxChildSitemaps || len(lr.links) >= c.opts.MaxLinks {
			break
		}
		read++
		r, err := c.get(ctx, src, child)
		if err != nil {
			failed++
			continue
		}
		if r.NotModified {
			unchanged++
			continue
		}
		more, _, err := ParseSitemap(r.Body, r.URL)
		if err != nil {
			failed++
			c.logEntry(ctx, src, r.URL, r.Status, "error", err.Error())
			continue
		}
		found += len(more)
		if room := c.opts.MaxLinks - len(lr.links); len(more) > room {
			// Not committed: the links left out are taken next time.
			lr.links = append(lr.links, more[:room]...)
			continue
		}
		lr.links = append(lr.links, more...)
		lr.commit = append(lr.commit, r)
	}
	if found > len(lr.links) {
		lr.problems = append(lr.problems, fmt.Sprintf("listing cut: %d of %d links taken (crawler.max_links is %d)",
			len(lr.links), found, c.opts.MaxLinks))
	}
	// Every child read unchanged: nothing new, and last time's problems
	// still hold.
	lr.unchanged = unchanged > 0 && unchanged == read
	if failed > 0 {
		lr.problems = append(lr.problems, fmt.Sprintf("%d of the index's sitemaps could not be read (see the crawl log)", failed))
	}
	if read < len(children) {
		lr.problems = append(lr.problems, fmt.Sprintf("%d of the index's %d sitemaps read (at most %d, and crawler.max_links is %d)",
			read, len(children), c.opts.MaxChildSitemaps, c.opts.MaxLinks))
	}
	return nil
}

// oldestFirst orders a channel's posts by publication, oldest first, the
// undated last in the order given: they are stored in that order, so a
// channel's first crawl (a page and its backfill, listed newest first)
// gives its posts ids in the order they were written — an account's posts
// list newest first by id, and of two copies the earlier post is the one
// stored first. The cut by MaxLinks is made before, on the newest.
func oldestFirst(links []Link) {
	// CleanDate keeps years 1–9999, so this is after any date a link has.
	afterEveryDate := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(l Link) time.Time {
		if l.Published.IsZero() {
			return afterEveryDate // undated: after every dated post
		}
		return l.Published
	}
	slices.SortStableFunc(links, func(a, b Link) int { return at(a).Compare(at(b)) })
}
