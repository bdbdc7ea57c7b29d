// Package demo is a built-in news site served on 127.0.0.1 from embedded
// fixtures: four outlets with an RSS feed, an Atom feed, a listing page with
// no feed and a news sitemap, carrying the hard cases the crawler must get
// right (syndicated copies, an edited article, a windows-1258 page, broken
// XML, a 404, a slow page, a robots.txt that disallows a section, near-miss
// mentions of Sơn La). `mediawatch demo` crawls it; tests use it too.
//
// It imports only the root package and the standard library.
package demo
