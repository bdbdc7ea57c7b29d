package crawler

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
)

// maxListingLinks bounds how many links one listing page yields. It stays
// above the largest crawler.max_links, so that a listing the crawler cuts is
// always seen to be cut.
const maxListingLinks = 10000

// ParseListing reads an HTML listing page and returns the article links that
// selector (a CSS selector) picks out, in page order and without duplicates.
//
// The selector may match <a> elements or containers (a teaser, a list item)
// that hold one: a container's first <a href> is its link. The link's text
// is the Title; when it has none (an image link), its title attribute, the
// image's alt text or the container's first heading stands in. Links resolve
// against the page's <base href> or baseURL; only http(s) links are kept, and
// URL fragments are dropped. The charset is found as Extract finds it.
func ParseListing(body []byte, contentType, baseURL, selector string) ([]Link, error) {
	sel, err := cascadia.Compile(selector)
	if err != nil {
		return nil, fmt.Errorf("parse listing: selector %q: %w", selector, err)
	}
	root, err := html.Parse(bytes.NewReader(decodeHTML(body, contentType)))
	if err != nil {
		return nil, fmt.Errorf("parse listing: %w", err)
	}
	doc := goquery.NewDocumentFromNode(root)
	base := documentBase(doc, baseURL)

	var links []Link
	seen := make(map[string]bool)
	doc.FindMatcher(sel).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		a := s
		if goquery.NodeName(s) != "a" {
			a = s.Find("a[href]").First()
		}
		href, ok := a.Attr("href")
		if !ok {
			return true
		}
		u := absURL(base, href)
		if u == "" || seen[u] {
			return true
		}
		seen[u] = true
		links = append(links, Link{URL: u, Title: anchorTitle(a, s)})
		return len(links) < maxListingLinks
	})
	return links, nil
}

// anchorTitle is the text a reader sees for link a inside container c.
func anchorTitle(a, c *goquery.Selection) string {
	if t := cleanLine(a.Text()); t != "" {
		return t
	}
	if t, ok := a.Attr("title"); ok && cleanLine(t) != "" {
		return cleanLine(t)
	}
	if t, ok := a.Find("img[alt]").First().Attr("alt"); ok && cleanLine(t) != "" {
		return cleanLine(t)
	}
	return cleanLine(c.Find("h1, h2, h3, h4, h5, h6").First().Text())
}

// documentBase is the URL relative links of doc resolve against: its
// <base href> (itself resolved against pageURL) or pageURL.
func documentBase(doc *goquery.Document, pageURL string) *url.URL {
	base, err := url.Parse(strings.TrimSpace(pageURL))
	if err != nil {
		base = nil
	}
	if href, ok := doc.Find("base[href]").First().Attr("href"); ok {
		if b, err := url.Parse(strings.TrimSpace(href)); err == nil {
			if base != nil {
				b = base.ResolveReference(b)
			}
			if b.IsAbs() {
				return b
			}
		}
	}
	return base
}

// absURL resolves ref against base and returns it as an absolute http(s) URL
// without fragment, or "" when it is not one. White space around ref (feeds
// wrap links in new lines) is ignored.
func absURL(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" || len(ref) > 4096 {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return ""
	}
	if !utf8.ValidString(u.Host) {
		return ""
	}
	u.Fragment, u.RawFragment = "", ""
	u.RawQuery = escapeNonASCII(u.RawQuery) // url keeps the query raw, bad bytes and all
	s := nfc(u.String())
	if !strings.HasPrefix(s, "http://") && !strings.HasPrefix(s, "https://") {
		return ""
	}
	return s
}

// escapeNonASCII percent-encodes the bytes of s above 0x7F, as browsers do
// with a query string.
func escapeNonASCII(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x80 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
