package crawler

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// What the social parsers share: a post's HTML as plain text, the outside
// links it shares, a title for a post that has none, and counts as pages
// print them ("1.2K").

const (
	// maxPostTitle bounds the title made from a post's first line, in
	// characters: lists and reports show it on one line.
	maxPostTitle = 120
	// maxPostLinks bounds the links kept from one post; a post is not a
	// link list, and a hostile page must not make one.
	maxPostLinks = 20
	// maxSocialItems bounds how many posts one page or feed yields. It
	// stays above the largest crawler.max_links, so that a cut is seen.
	maxSocialItems = 10000
)

// htmlFragment parses an HTML fragment (a feed item's description) into
// a document node, nil when it cannot be parsed.
func htmlFragment(s string) *html.Node {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return nil
	}
	return doc
}

// fragmentText is s, an HTML fragment, as the post's plain NFC text.
func fragmentText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return blockTextOf(s)
	}
	return postText(htmlFragment(s))
}

// postText renders a post's HTML as people read it: inline elements
// (links, emphasis, the spans Mastodon splits a URL into, Telegram's emoji
// images) run together as written, <br> is a line break, two of them or a
// block element a paragraph break.
func postText(root *html.Node) string {
	if root == nil {
		return ""
	}
	var b strings.Builder
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(strings.ReplaceAll(n.Data, "\n", " "))
			return
		case n.Type != html.ElementNode && n.Type != html.DocumentNode:
			return
		case n.Data == "script" || n.Data == "style" || n.Data == "noscript" || n.Data == "head":
			return
		case n.Data == "br":
			b.WriteByte('\n')
			return
		case n.Data == "td" || n.Data == "th":
			b.WriteByte(' ')
		}
		block := blockTags[n.Data]
		if block {
			b.WriteString("\n\n")
		}
		if depth < maxExtractDepth {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c, depth+1)
			}
		}
		if block {
			b.WriteString("\n\n")
		}
	}
	walk(root, 0)
	return blockTextOf(b.String())
}

// blockTextOf is plain text s with each line cleaned (white space folded,
// control characters dropped, NFC): a blank line or more between lines
// becomes one paragraph break, other line breaks are kept.
func blockTextOf(s string) string {
	var b strings.Builder
	blank := false
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		l = cleanLine(l)
		if l == "" {
			blank = b.Len() > 0
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
			if blank {
				b.WriteByte('\n')
			}
		}
		blank = false
		b.WriteString(l)
	}
	return b.String()
}

// postTitle is a title for a post that has none: its first line, cut at a
// word boundary to at most maxPostTitle characters.
func postTitle(text string) string {
	line := text
	if i := strings.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	line = cleanLine(line)
	if utf8.RuneCountInString(line) <= maxPostTitle {
		return line
	}
	cut, n := 0, 0
	for i := range line {
		if n == maxPostTitle-1 {
			cut = i
			break
		}
		n++
	}
	head := line[:cut]
	if sp := strings.LastIndexByte(head, ' '); sp > len(head)/2 {
		head = head[:sp]
	}
	return strings.TrimRight(head, " ,.;:") + "…"
}

// linkCollector gathers the outside links a post shares: absolute http(s)
// URLs, in order, without duplicates, none on the platform's own hosts
// (mentions, hashtags and the post's own permalink live there).
type linkCollector struct {
	base  *url.URL
	own   []string // host names (lower case) that are the platform itself
	seen  map[string]bool
	links []string
}

func newLinkCollector(base *url.URL, own ...string) *linkCollector {
	return &linkCollector{base: base, own: own, seen: map[string]bool{}}
}

// add keeps ref when it is an outside http(s) link not seen before.
func (c *linkCollector) add(ref string) {
	if len(c.links) >= maxPostLinks {
		return
	}
	u := absURL(c.base, ref)
	if u == "" || c.seen[u] {
		return
	}
	p, err := url.Parse(u)
	if err != nil {
		return
	}
	host := strings.ToLower(p.Hostname())
	for _, o := range c.own {
		if host == o || strings.HasSuffix(host, "."+o) {
			return
		}
	}
	c.seen[u] = true
	c.links = append(c.links, u)
}

// anchors adds the href of every <a> under s that skip does not reject.
func (c *linkCollector) anchors(s *goquery.Selection, skip func(a *goquery.Selection) bool) {
	s.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
		if skip != nil && skip(a) {
			return
		}
		href, _ := a.Attr("href")
		c.add(href)
	})
}

// bareURLs adds the http(s) URLs written out in plain text, as Bluesky's
// feed gives a post's links. A URL the platform shortened for display
// ("example.com/artic…") is not a link and is left out.
func (c *linkCollector) bareURLs(text string) {
	for _, f := range strings.Fields(text) {
		i := strings.Index(f, "http://")
		if j := strings.Index(f, "https://"); j >= 0 && (i < 0 || j < i) {
			i = j
		}
		if i < 0 {
			continue
		}
		f = strings.TrimRight(f[i:], ".,;:!?)»”\"'")
		if strings.HasSuffix(f, "…") || strings.HasSuffix(f, "...") {
			continue
		}
		c.add(f)
	}
}

// hostOf is the lower-case host name of a URL, "" when it has none.
func hostOf(u *url.URL) string {
	if u == nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

// parseCount reads a count as pages print it: "987", "12 345", "1,234",
// "1.2K" (1,200), "3.4M", "1B". It returns 0 when s is not one.
func parseCount(s string) int64 {
	s = strings.TrimSpace(strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", ",", "").Replace(s))
	if s == "" {
		return 0
	}
	mult := int64(1)
	switch s[len(s)-1] {
	case 'K', 'k':
		mult = 1_000
	case 'M', 'm':
		mult = 1_000_000
	case 'B', 'b':
		mult = 1_000_000_000
	}
	if mult > 1 {
		s = s[:len(s)-1]
	}
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" && frac == "" || len(whole) > 12 || len(frac) > 9 || !allDigits(whole) || !allDigits(frac) {
		return 0
	}
	var n int64
	for _, d := range whole {
		n = n*10 + int64(d-'0')
	}
	n *= mult
	// The fraction scales exactly: "1.25K" is 1,250, "1.2M" 1,200,000.
	scale := mult
	for _, d := range frac {
		scale /= 10
		if scale == 0 {
			break
		}
		n += int64(d-'0') * scale
	}
	return n
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
