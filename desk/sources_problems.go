package desk

import (
	"regexp"
	"strings"
)

// A source's health is stored as the crawler wrote it: English, so that
// the log, the API and `sources list --json` say the same, and rows stored
// by older versions stay readable. The faces say it in the reader's
// language: ExplainError and ExplainWarning match each known form at
// display time and hand back its name and the parts it named (numbers,
// addresses, the selector); each face words the form from its own
// catalogue (cmd's messages, web's messages). A form not known here — a
// new crawler message, an operating system's error — comes back as
// stored, which is honest if not translated. The forms follow
// crawler/listing.go, crawler/crawl.go, crawler/fetch.go,
// crawler/scope.go, crawler/robots.go and crawler/politeness.go; the CLI's
// health_i18n_test.go holds one stored example of each.

// Problem is one stored crawl error or warning part, recognised.
type Problem struct {
	// Form names the kind of problem (one of the Problem* constants); ""
	// when it was not recognised, and then Stored is all there is.
	Form string
	// Args are the parts the stored text named, in its form's order.
	Args []string
	// URL is the address an error is about, when its form names one and
	// the stored text gave it; NamesURL says whether the form names one.
	URL      string
	NamesURL bool
	// Stored is the text as the crawler stored it.
	Stored string
}

// The forms of listing warnings and crawl errors.
const (
	ProblemListingCut        = "listing_cut"
	ProblemFeedEmpty         = "feed_empty"
	ProblemSelectorEmpty     = "selector_empty"
	ProblemSitemapEmpty      = "sitemap_empty"
	ProblemSitemapsUnread    = "sitemaps_unread"
	ProblemSitemapsPartial   = "sitemaps_partial"
	ProblemRefusedPrivate    = "refused_private"
	ProblemHTTPStatusRetry   = "http_status_retry"
	ProblemHTTPStatus        = "http_status"
	ProblemRedirectLimit     = "redirect_limit"
	ProblemPrivateAddress    = "private_address"
	ProblemRobotsDisallowed  = "robots_disallowed"
	ProblemRobotsUnavailable = "robots_unavailable"
	ProblemHostBusy          = "host_busy"
	ProblemTooLarge          = "too_large"
	ProblemTimeout           = "timeout"
	ProblemConnRefused       = "conn_refused"
	ProblemNoSuchHost        = "no_such_host"
	ProblemCertificate       = "certificate"
	ProblemNotFeed           = "not_feed"
	ProblemNotSitemap        = "not_sitemap"
	// A listing that parsed to nothing: stored as the crawl's error since
	// issue 13 (a warning before, and older rows keep it so). The social
	// kinds each say it their way (crawler/listing.go's emptyListing).
	ProblemVideoEmpty    = "video_empty"
	ProblemChannelEmpty  = "channel_empty"
	ProblemMastodonEmpty = "mastodon_empty"
	ProblemBlueskyEmpty  = "bluesky_empty"
	ProblemRedditEmpty   = "reddit_empty"
	ProblemListingEmpty  = "listing_empty"
	// A Telegram channel that shows no public web preview
	// (crawler.ErrNoPublicPreview); its argument is the preview's address.
	ProblemNoPreview = "no_preview"
)

// problemForm is one stored English form.
type problemForm struct {
	re   *regexp.Regexp
	form string
}

// warningForms are the listing problems, each a whole part of a warning
// (the crawler joins them with "; ").
var warningForms = []problemForm{
	{regexp.MustCompile(`^listing cut: (\d+) of (\d+) links taken \(crawler\.max_links is (\d+)\)$`), ProblemListingCut},
	{regexp.MustCompile(`^the feed has no items$`), ProblemFeedEmpty},
	{regexp.MustCompile(`^the selector (".*") matched no links on the page$`), ProblemSelectorEmpty},
	{regexp.MustCompile(`^the sitemap lists no pages$`), ProblemSitemapEmpty},
	{regexp.MustCompile(`^(\d+) of the index's sitemaps could not be read \(see the crawl log\)$`), ProblemSitemapsUnread},
	{regexp.MustCompile(`^(\d+) of the index's (\d+) sitemaps read \(at most (\d+), and crawler\.max_links is (\d+)\)$`), ProblemSitemapsPartial},
	{regexp.MustCompile(`^(\d+) of (\d+) links refused: a private address outside the source's own host \(first: (.*)\)$`), ProblemRefusedPrivate},
}

// errorForms are the crawl failures. The first that matches anywhere in
// the error wins, so the more particular come first.
var errorForms = []problemForm{
	{regexp.MustCompile(`^the feed has no items(?:;|$)`), ProblemFeedEmpty},
	{regexp.MustCompile(`^the selector (".*") matched no links on the page(?:;|$)`), ProblemSelectorEmpty},
	{regexp.MustCompile(`^the sitemap lists no pages(?:;|$)`), ProblemSitemapEmpty},
	{regexp.MustCompile(`^the video feed lists no videos\b`), ProblemVideoEmpty},
	{regexp.MustCompile(`^the channel's web preview shows no posts with text(?:;|$)`), ProblemChannelEmpty},
	{regexp.MustCompile(`^the Mastodon feed has no posts\b`), ProblemMastodonEmpty},
	{regexp.MustCompile(`^the Bluesky profile's feed has no posts(?:;|$)`), ProblemBlueskyEmpty},
	{regexp.MustCompile(`^the Reddit feed has no posts(?:;|$)`), ProblemRedditEmpty},
	{regexp.MustCompile(`^the listing gave no links(?:;|$)`), ProblemListingEmpty},
	{regexp.MustCompile(`no public web preview \((t\.me/s/[^\s)]+) shows no posts\)`), ProblemNoPreview},
	{regexp.MustCompile(`: status (\d+), retry after (\S+)$`), ProblemHTTPStatusRetry},
	{regexp.MustCompile(`: status (\d+)$`), ProblemHTTPStatus},
	{regexp.MustCompile(`redirect limit reached: status \d+ to \S+ not followed \(at most (\d+)\)`), ProblemRedirectLimit},
	{regexp.MustCompile(`private address refused`), ProblemPrivateAddress},
	{regexp.MustCompile(`disallowed by robots\.txt`), ProblemRobotsDisallowed},
	{regexp.MustCompile(`robots\.txt unavailable \(status (\d+)\)`), ProblemRobotsUnavailable},
	{regexp.MustCompile(`host busy until (\S+) \(status (\d+)\)`), ProblemHostBusy},
	{regexp.MustCompile(`response body too large`), ProblemTooLarge},
	{regexp.MustCompile(`context deadline exceeded|Client\.Timeout exceeded|i/o timeout|TLS handshake timeout`), ProblemTimeout},
	{regexp.MustCompile(`connection refused`), ProblemConnRefused},
	{regexp.MustCompile(`no such host`), ProblemNoSuchHost},
	{regexp.MustCompile(`x509: |tls: failed to verify certificate`), ProblemCertificate},
	{regexp.MustCompile(`not a feed`), ProblemNotFeed},
	{regexp.MustCompile(`not a sitemap`), ProblemNotSitemap},
}

// namesURL are the error forms whose words name the address the error is
// about.
var namesURL = map[string]bool{
	ProblemHTTPStatusRetry: true, ProblemHTTPStatus: true, ProblemRedirectLimit: true, ProblemPrivateAddress: true,
	ProblemRobotsDisallowed: true, ProblemRobotsUnavailable: true, ProblemTooLarge: true, ProblemTimeout: true,
	ProblemConnRefused: true, ProblemNoSuchHost: true, ProblemCertificate: true,
}

// fetchAddr finds the address a crawl error is about: the crawler writes
// "fetch URL: …" (the redirect that led there, if any, in parentheses),
// Go's client `Get "URL": …`.
var fetchAddr = regexp.MustCompile(`(?:fetch |Get ")(https?://[^\s"]+)`)

// ExplainError recognises a stored crawl error. ok is false (and Form "")
// when stored is empty or of no known form.
func ExplainError(stored string) (p Problem, ok bool) {
	p.Stored = stored
	if stored == "" {
		return p, false
	}
	for _, f := range errorForms {
		m := f.re.FindStringSubmatch(stored)
		if m == nil {
			continue
		}
		p.Form, p.Args, p.NamesURL = f.form, m[1:], namesURL[f.form]
		if u := fetchAddr.FindStringSubmatch(stored); p.NamesURL && u != nil {
			p.URL = strings.TrimSuffix(u[1], ":")
		}
		return p, true
	}
	return p, false
}

// ExplainWarning recognises each part of a stored warning; a part of no
// known form comes back with Form "" and the part as Stored. An empty
// warning is no parts.
func ExplainWarning(stored string) []Problem {
	if stored == "" {
		return nil
	}
	parts := strings.Split(stored, "; ")
	out := make([]Problem, len(parts))
	for i, part := range parts {
		out[i] = Problem{Stored: part}
		for _, f := range warningForms {
			if m := f.re.FindStringSubmatch(part); m != nil {
				out[i].Form, out[i].Args = f.form, m[1:]
				break
			}
		}
	}
	return out
}
