// Package demo is a built-in news site served on 127.0.0.1 from embedded
// fixtures: four outlets with an RSS feed, an Atom feed, a listing page with
// no feed and a news sitemap, carrying the hard cases the crawler must get
// right (syndicated copies, an edited article, a windows-1258 page, broken
// XML, a 404, a slow page, a robots.txt that disallows a section, near-miss
// mentions of Sơn La). `mediawatch demo` crawls it; tests use it too.
//
// Use:
//
//	site, err := demo.Start()   // four listeners on 127.0.0.1, OS-chosen ports
//	defer site.Close()
//	srcs := site.Sources()      // point the crawler here (AllowPrivate: true)
//	// crawl once, with a fetch timeout shorter than demo.SlowDelay …
//	site.Advance()              // next edition: one article edited, one copy, one new
//	// crawl again: the edited article gains a version
//	for _, e := range site.Expectations() { … e.URL, e.Want, e.Why … }
//
// The outlets (all fictional, like every article here):
//   - Báo Tây Bắc Mới — provincial paper, vi, RSS 2.0 at /rss/tin-moi.rss
//     (deliberately broken XML), keep all.
//   - Tin Tức Việt — national paper, vi, Atom at /feeds/atom.xml, keep
//     mentions; robots.txt disallows /noi-bo/.
//   - Vietnam Weekly Herald — en, news sitemap at /sitemap-news.xml, keep
//     mentions; carries the slow page and a Spanish wire item.
//   - Nông Nghiệp & Đời Sống — farm magazine, vi, listing page /tin-tuc/ with
//     selector "ul.news-list a", no feed, keep mentions.
//
// Every response has an ETag and Last-Modified and answers conditional
// requests with 304. Dates are computed at Start, a few hours to four days
// back, in +07:00. Fixture text lives in site/*.txt (format: site/README.txt),
// templates in site/templates.
//
// It imports only the root package, the standard library and
// golang.org/x/text (windows-1258 and Unicode normalisation).
package demo
