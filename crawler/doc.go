// Package crawler fetches what sources publish and turns it into articles:
// scheduling, robots.txt, per-host politeness, conditional GET, size and time
// limits, refusal of private addresses, feed/listing/sitemap parsing and
// article extraction (charset → UTF-8 → NFC).
//
// It owns every use of net/http as a client, gofeed, goquery and
// go-trafilatura. It does not decide what to keep or how to store it: that is
// the Sink's job (package ingest), and durable state goes through State
// (package store). It must not import store, ingest or index.
//
// Private addresses are refused when the connection is made, after DNS, by
// the strict transport's dialer; a source with AllowPrivate reaches its own
// host (privateScope: the host of its URL, on its port, 80 and 443) through
// a second, open transport, chosen per hop — each redirect and each
// robots.txt redirect is judged on its own — so a listing on an allowed
// intranet host cannot lead the crawler to any other private address.
//
// Limits are not silent: a listing cut by CrawlOptions.MaxLinks and links
// refused as private addresses become Stats.Problems, which the Scheduler
// keeps as the source's health warning (an unchanged listing, 304, keeps
// the last one). A listing that parses but gives no links is a failure
// (EmptyListingError): a source is healthy only when its last read parsed
// and gave links, and a 304 after a failure keeps it failing (its count,
// error and last success as they were). In Options a zero means
// "the default" and a negative number "none"; the configuration's zero is
// mapped to "none" by cmd.
//
// Social and video channels (youtube, telegram, mastodon, bluesky, reddit;
// one parser each, in its own file) list posts, not articles: each Link
// carries a mediawatch.Post (platform, id, author Account, views, shared
// links) and the post's own Text, and Crawler.post hands it to the sink
// without fetching a page. Their parsers say in their doc comments where
// the platforms' markup was confirmed. A Telegram channel's first crawl
// (no validators stored for its preview yet) also reads up to
// CrawlOptions.BackfillPages older pages through the preview's own "before"
// link; those pages are never committed. Reddit is sent its own
// User-Agent form (Options.RedditUserAgent) on every request but robots.txt.
//
// Dates (feeds, article meta tags, sitemaps) are returned in UTC as the
// source gave them, however unlikely; only one that no zone can write in
// years 1–9999 is dropped (mediawatch.CleanDate), so that the store and
// every face that renders it in a zone can. Whether a date is believed is
// not decided here (mediawatch.Item.EffectiveDate).
package crawler
