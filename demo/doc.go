// Package demo is a built-in news site served on 127.0.0.1 from embedded
// fixtures: five outlets with an RSS feed, an Atom feed, a listing page with
// no feed and a news sitemap, carrying the hard cases the crawler must get
// right (syndicated copies, an edited article, a windows-1258 page, broken
// XML, a 404, a slow page, a robots.txt that disallows a section, near-miss
// mentions of Sơn La), and three social channels in the platforms' own
// markup. `mediawatch demo` crawls it; tests use it too.
//
// Use:
//
//	site, err := demo.Start()   // one listener per outlet and channel, OS-chosen ports
//	defer site.Close()
//	srcs := site.Sources()      // point the crawler here (AllowPrivate: true)
//	for _, h := range site.History() { … ingest h.Article with the clock at h.Seen … }
//	// crawl once, with a fetch timeout shorter than demo.SlowDelay …
//	site.Advance()              // next edition: one article edited, one copy, one new
//	// crawl again: the edited article gains a version
//	for _, e := range site.Expectations() { … e.URL, e.Want, e.Why … }
//
// The outlets (all fictional, like every article and post here):
//   - Báo Tây Bắc Mới — provincial paper, vi, RSS 2.0 at /rss/tin-moi.rss
//     (deliberately broken XML), keep all.
//   - Tin Tức Việt — national paper, vi, Atom at /feeds/atom.xml, keep
//     mentions; robots.txt disallows /noi-bo/. Six hours before the start it
//     prints the rumour, quoting the Telegram post word for word.
//   - Vietnam Weekly Herald — en, news sitemap at /sitemap-news.xml, keep
//     mentions; carries the slow page and a Spanish wire item.
//   - Nông Nghiệp & Đời Sống — farm magazine, vi, listing page /tin-tuc/ with
//     selector "ul.news-list a", no feed, keep mentions.
//   - Bản Tin Mộc Châu — a small outlet that stopped publishing nine days
//     before the start: RSS at /feed/ still lists its last ten articles, all
//     from its history. The health check finds it silent.
//
// The channels, on ChannelHost (127.0.0.2) where it can be bound, so that a
// post's link to an outlet goes to another site, as on the web:
//   - Telegram: the web preview of "tinnong_taybac" at /s/NAME, in the
//     markup of snscrape's and RSS-Bridge's parsers and public captures:
//     .tgme_channel_info with its subscriber counter, messages oldest
//     first with data-post="NAME/ID", views as the page abbreviates them,
//     emoji in <i class="emoji">, a pinned post and the service message
//     that pinned it, a forwarded post, a link preview, a gap where post
//     4307 was deleted, and the "before" link to an older page
//     (/s/NAME?before=ID). Watched: keep all.
//   - YouTube: a channel's uploads feed at /feeds/videos.xml?channel_id=UC…
//     (Atom with yt: and media:, description and view count in media:group,
//     the newest 15). Keep all.
//   - Mastodon: the #sonla tag feed at /tags/sonla.rss (RSS 2.0 without
//     item titles, the status HTML escaped, hashtags and shortened links as
//     Mastodon writes them), keep mentions: one post tagged #sonla whose
//     words never name Sơn La is left out.
//
// The story the channels tell: a rumour (the Nậm Khoai dam "spilling
// tonight", the valley "drowning", the authorities "hiding it") starts in
// the Telegram channel 30 hours before the start, is read out in a YouTube
// video 26 hours before, and reaches Tin Tức Việt 6 hours before — one
// story (the story package's own rule joins them: the video's description
// and the article repeat the post), flagged by the starter pack's
// disaster-rumour rule; in the last hour four Mastodon posts echo it, a
// spike of that rule over its zero baseline. A Telegram post, a video and
// a Mastodon post each share an outlet's article and join its story.
// Expectations lists every post too, with what the stored item must carry
// (platform, account, views, forwarded-from, shared link, story, rule).
//
// History. The health check's silence rule compares 7 days with 28, the
// spike check a window with the same window on 14 earlier days: they need
// a month that a demo started a minute ago does not have. History returns
// it — the four publishing outlets' articles of days 4 to 31 before the
// start, the silent outlet's of days 9 to 36 — short, uniquely titled,
// naming Sơn La, matching no starter rule; the site serves their pages.
// `mediawatch demo` stores them before it crawls, through the ingest
// pipeline with its clock set to each article's Seen (as if that day's
// crawl had found it), so items, flags and stories are dated then; a
// second run on the same data finds them stored. The channels have no
// seeded history: their older posts are on their pages, kept by the first
// crawl.
//
// Every response has an ETag and Last-Modified and answers conditional
// requests with 304; every host has a robots.txt. Dates are computed at
// Start, in +07:00. Fixture text lives in site/*.txt and site/social/*.txt
// (format: site/README.txt), templates in site/templates.
//
// It imports only the root package, the standard library and
// golang.org/x/text (windows-1258 and Unicode normalisation).
package demo
