package main

import (
	"regexp"
	"strings"
)

// A source's health is stored as the crawler wrote it: English, so that
// the log, the API and `sources list --json` say the same, and rows stored
// by older versions stay readable. The table shows it in the interface
// language: each known form below is matched at display time and said
// again from the catalogue with the parts it named (numbers, addresses,
// the selector). A form not known here — a new crawler message, an
// operating system's error — is shown as stored, which is honest if not
// translated. The forms follow crawler/listing.go, crawler/crawl.go,
// crawler/fetch.go, crawler/scope.go, crawler/robots.go and
// crawler/politeness.go; health_i18n_test.go holds one stored example of
// each.

// healthForm is one stored English form and the message that says it.
type healthForm struct {
	re  *regexp.Regexp
	key msgKey
}

// warningForms are the listing problems, each a whole part of a warning
// (the crawler joins them with "; ").
var warningForms = []healthForm{
	{regexp.MustCompile(`^listing cut: (\d+) of (\d+) links taken \(crawler\.max_links is (\d+)\)$`), msgWarnListingCut},
	{regexp.MustCompile(`^the feed has no items$`), msgWarnFeedEmpty},
	{regexp.MustCompile(`^the selector (".*") matched no links on the page$`), msgWarnSelectorEmpty},
	{regexp.MustCompile(`^the sitemap lists no pages$`), msgWarnSitemapEmpty},
	{regexp.MustCompile(`^(\d+) of the index's sitemaps could not be read \(see the crawl log\)$`), msgWarnSitemapsUnread},
	{regexp.MustCompile(`^(\d+) of the index's (\d+) sitemaps read \(at most (\d+), and crawler\.max_links is (\d+)\)$`), msgWarnSitemapsPartial},
	{regexp.MustCompile(`^(\d+) of (\d+) links refused: a private address outside the source's own host \(first: (.*)\)$`), msgWarnRefusedPrivate},
}

// errorForms are the crawl failures. The first that matches anywhere in
// the error wins, so the more particular come first; a form whose message
// names the address gets it from fetchURL, not from its own groups.
var errorForms = []healthForm{
	{regexp.MustCompile(`: status (\d+), retry after (\S+)$`), msgErrHTTPStatusRetry},
	{regexp.MustCompile(`: status (\d+)$`), msgErrHTTPStatus},
	{regexp.MustCompile(`redirect limit reached: status \d+ to \S+ not followed \(at most (\d+)\)`), msgErrRedirectLimit},
	{regexp.MustCompile(`private address refused`), msgErrPrivateAddress},
	{regexp.MustCompile(`disallowed by robots\.txt`), msgErrRobotsDisallowed},
	{regexp.MustCompile(`robots\.txt unavailable \(status (\d+)\)`), msgErrRobotsUnavailable},
	{regexp.MustCompile(`host busy until (\S+) \(status (\d+)\)`), msgErrHostBusy},
	{regexp.MustCompile(`response body too large`), msgErrTooLarge},
	{regexp.MustCompile(`context deadline exceeded|Client\.Timeout exceeded|i/o timeout|TLS handshake timeout`), msgErrTimeout},
	{regexp.MustCompile(`connection refused`), msgErrConnRefused},
	{regexp.MustCompile(`no such host`), msgErrNoSuchHost},
	{regexp.MustCompile(`x509: |tls: failed to verify certificate`), msgErrCertificate},
	{regexp.MustCompile(`not a feed`), msgErrNotFeed},
	{regexp.MustCompile(`not a sitemap`), msgErrNotSitemap},
}

// namesURL are the error messages whose first argument is the address the
// error is about.
var namesURL = map[msgKey]bool{
	msgErrHTTPStatusRetry: true, msgErrHTTPStatus: true, msgErrRedirectLimit: true, msgErrPrivateAddress: true,
	msgErrRobotsDisallowed: true, msgErrRobotsUnavailable: true, msgErrTooLarge: true, msgErrTimeout: true,
	msgErrConnRefused: true, msgErrNoSuchHost: true, msgErrCertificate: true,
}

// fetchAddr finds the address a crawl error is about: the crawler writes
// "fetch URL: …" (the redirect that led there, if any, in parentheses),
// Go's client `Get "URL": …`.
var fetchAddr = regexp.MustCompile(`(?:fetch |Get ")(https?://[^\s"]+)`)

// healthWarning is a stored warning in t's language, part by part.
func healthWarning(t texts, stored string) string {
	if stored == "" || t.lang() == "en" {
		return stored
	}
	parts := strings.Split(stored, "; ")
	for i, p := range parts {
		for _, f := range warningForms {
			if m := f.re.FindStringSubmatch(p); m != nil {
				parts[i] = t.f(f.key, strArgs(m[1:])...)
				break
			}
		}
	}
	return strings.Join(parts, "; ")
}

// healthError is a stored crawl error in t's language, or as stored when
// its form is not known.
func healthError(t texts, stored string) string {
	if stored == "" || t.lang() == "en" {
		return stored
	}
	key, args, ok := errorForm(t, stored)
	if !ok {
		return stored
	}
	return t.f(key, args...)
}

// errorForm finds stored's form and the arguments of its message.
func errorForm(t texts, stored string) (msgKey, []any, bool) {
	for _, f := range errorForms {
		m := f.re.FindStringSubmatch(stored)
		if m == nil {
			continue
		}
		args := strArgs(m[1:])
		if namesURL[f.key] {
			addr := t.f(msgErrTheSite)
			if u := fetchAddr.FindStringSubmatch(stored); u != nil {
				addr = strings.TrimSuffix(u[1], ":")
			}
			args = append([]any{addr}, args...)
		}
		return f.key, args, true
	}
	return 0, nil, false
}

func strArgs(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
