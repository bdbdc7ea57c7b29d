package main

import (
	"mediawatch/config"
	"mediawatch/crawler"
)

// fetchOptions turns the crawler keys into the fetcher's options. In the
// configuration a zero means zero — host_delay: 0 no gap, max_retries: 0 one
// attempt, max_redirects: 0 no redirect followed — and a key left out keeps
// its default (config.Default fills it before the file is read). The
// fetcher's own zero means "default" for callers that build Options by hand,
// so a configured zero is handed down as its "none", a negative number.
func fetchOptions(k config.Crawler) crawler.Options {
	return crawler.Options{
		UserAgent:      k.UserAgent,
		HostDelay:      zeroAsNone(k.HostDelay),
		Concurrency:    k.Concurrency,
		ConnectTimeout: k.ConnectTimeout,
		Timeout:        k.Timeout,
		MaxBodyBytes:   k.MaxBodyBytes,
		MaxRedirects:   zeroAsNone(k.MaxRedirects),
		RobotsTTL:      k.RobotsTTL,
		MaxRetries:     zeroAsNone(k.MaxRetries),
		MaxRetryWait:   k.MaxRetryWait,
		// Empty: the fetcher derives Reddit's form from UserAgent.
		RedditUserAgent: k.RedditUserAgent,
	}
}

// zeroAsNone maps a configured 0 to the fetcher's "none" (-1).
func zeroAsNone[T ~int | ~int64](v T) T {
	if v == 0 {
		return -1
	}
	return v
}
