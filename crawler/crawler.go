package crawler

import (
	"context"
	"time"

	"mediawatch"
)

// State is the durable memory the crawler needs between runs: per-URL
// validators for conditional GET, per-source health and the crawl log.
// store.DB implements it.
type State interface {
	// FetchState returns what was remembered about url, or an error wrapping
	// mediawatch.ErrNotFound when nothing was.
	FetchState(ctx context.Context, url string) (mediawatch.FetchState, error)
	PutFetchState(ctx context.Context, st mediawatch.FetchState) error
	// SourceHealth returns the health of a source, or an error wrapping
	// mediawatch.ErrNotFound when the source was never tried.
	SourceHealth(ctx context.Context, source string) (mediawatch.SourceHealth, error)
	PutSourceHealth(ctx context.Context, h mediawatch.SourceHealth) error
	AppendCrawlLog(ctx context.Context, e mediawatch.CrawlLogEntry) error
}

// Sink receives the articles the crawler finds. ingest.Pipeline implements it.
type Sink interface {
	// FirstSeen reports when an item at this URL (canonicalised by the sink)
	// was first stored; ok is false when it never was.
	FirstSeen(ctx context.Context, url string) (first time.Time, ok bool, err error)
	// Ingest decides what to do with one article and stores it.
	Ingest(ctx context.Context, src mediawatch.Source, a mediawatch.Article) (mediawatch.IngestResult, error)
}

// Link is one article a source lists, with whatever the listing says of it.
// Feeds say much (title, summary, date); a listing page little; a sitemap
// some (news:title, lastmod, language).
type Link struct {
	URL       string
	Title     string
	Summary   string
	Author    string
	Published time.Time
	Lang      string
	Image     string
	// Post is set by the social parsers: the link is a post whose own
	// text (Text) is the whole item, and no page is fetched for it.
	Post *mediawatch.Post
	Text string
}
