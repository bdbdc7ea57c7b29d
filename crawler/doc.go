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
// Dates (feeds, article meta tags, sitemaps) are returned in UTC as the
// source gave them, however unlikely; only one that no zone can write in
// years 1–9999 is dropped (mediawatch.CleanDate), so that the store and
// every face that renders it in a zone can. Whether a date is believed is
// not decided here (mediawatch.Item.EffectiveDate).
package crawler
