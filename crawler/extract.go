package crawler

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"mediawatch"
)

const (
	// maxExtractBytes is the largest page Extract reads. The fetcher caps
	// bodies already; this is the second line.
	maxExtractBytes = 10 << 20
	// maxExtractNodes bounds the parsed tree handed to go-trafilatura, whose
	// cost grows with the node count, faster than linearly on unclosed
	// markup: measured on a loaded 2-core box, 200k nodes of flat <div><a>
	// took 4.5 s and 280k nodes of unclosed <p><b> 3.7 s, while real news
	// pages have 2k-50k nodes and take milliseconds.
	maxExtractNodes = 200000
	// maxExtractDepth bounds tree depth for the same reason: go-trafilatura
	// and its fallbacks recurse.
	maxExtractDepth = 1024
)

// errNoText is returned when a page yields no article text.
var errNoText = errors.New("no article text")

// Extract reads an article page and returns what it says: text, title,
// author, publication time, language, canonical URL and lead image.
//
// The charset comes from contentType, a byte-order mark or a <meta>
// declaration (windows-1258's combining tone marks included); every string
// returned is NFC UTF-8. The text keeps paragraph breaks ("\n\n" between
// blocks, "\n" for line breaks). URL is pageURL; CanonicalURL is the page's
// rel=canonical or og:url, resolved against pageURL. A page larger than
// 10 MiB is refused with an error wrapping mediawatch.ErrTooLarge; a page with
// no article text is an error, so the caller can keep what the feed said.
func Extract(body []byte, contentType, pageURL string) (mediawatch.Article, error) {
	if len(body) > maxExtractBytes {
		return mediawatch.Article{}, fmt.Errorf("extract %q: %d bytes: %w", pageURL, len(body), mediawatch.ErrTooLarge)
	}
	root, err := html.Parse(bytes.NewReader(decodeHTML(body, contentType)))
	if err != nil {
		return mediawatch.Article{}, fmt.Errorf("extract %q: parse html: %w", pageURL, err)
	}
	if nodes, depth := treeSize(root); nodes > maxExtractNodes || depth > maxExtractDepth {
		return mediawatch.Article{}, fmt.Errorf("extract %q: %d nodes, depth %d: %w", pageURL, nodes, depth, mediawatch.ErrTooLarge)
	}
	base, _ := url.Parse(strings.TrimSpace(pageURL))
	meta := readPageMeta(goquery.NewDocumentFromNode(root), pageURL)
	res, err := runTrafilatura(root, base)
	if err != nil {
		return mediawatch.Article{}, fmt.Errorf("extract %q: %w", pageURL, err)
	}
	text := blockText(res.ContentNode)
	if text == "" {
		text = cleanLine(res.ContentText)
	}
	if text == "" {
		return mediawatch.Article{}, fmt.Errorf("extract %q: %w", pageURL, errNoText)
	}
	return articleFrom(res.Metadata, meta, text, pageURL, base), nil
}

// extractOptions are the go-trafilatura settings, chosen for recall: the
// product must not lose article text. Fallback extractors (readability,
// dom-distiller) rescue pages trafilatura's own rules miss; tables stay
// (news carries figures in them); images and links are not wanted in text;
// deduplication is off because a repeated paragraph is still text.
func extractOptions(base *url.URL) trafilatura.Options {
	return trafilatura.Options{
		OriginalURL:     base,
		EnableFallback:  true,
		Focus:           trafilatura.Balanced,
		ExcludeComments: true,
		ExcludeTables:   false,
		IncludeImages:   false,
		IncludeLinks:    false,
		Deduplicate:     false,
	}
}

// runTrafilatura runs go-trafilatura, turning a panic inside it into an
// error: pages are untrusted input and a library bug must not end the crawl.
func runTrafilatura(root *html.Node, base *url.URL) (res *trafilatura.ExtractResult, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("trafilatura panic: %v", r)
		}
	}()
	if base != nil && !base.IsAbs() {
		base = nil
	}
	res, err = trafilatura.ExtractDocument(root, extractOptions(base))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errNoText, err)
	}
	if res == nil {
		return nil, errNoText
	}
	return res, nil
}

// articleFrom merges trafilatura's metadata with what the page's own tags
// say. Trafilatura is preferred for title, author and language; the page's
// tags for canonical URL, image and publication time (which trafilatura
// knows only to the day).
func articleFrom(md trafilatura.Metadata, pm pageMeta, text, pageURL string, base *url.URL) mediawatch.Article {
	a := mediawatch.Article{
		URL:          absURL(nil, pageURL),
		CanonicalURL: pm.canonical,
		Title:        firstNonEmpty(cleanLine(md.Title), pm.ogTitle, pm.title),
		Text:         text,
		Author:       firstNonEmpty(cleanLine(md.Author), pm.author),
		Published:    pm.published,
		Lang:         firstNonEmpty(langCode(md.Language), pm.lang),
		Image:        firstNonEmpty(pm.image, absURL(base, md.Image)),
	}
	if a.CanonicalURL == "" {
		a.CanonicalURL = absURL(base, md.URL)
	}
	if a.Published.IsZero() {
		// go-htmldate finds a date in more places, but only to the day;
		// the publisher's own meta tag, when there is one, has the time.
		a.Published = md.Date
	}
	a.Published = mediawatch.CleanDate(a.Published) // UTC; none if no zone can write it
	return a
}

// pageMeta is what a page's head says about itself, used where
// trafilatura finds nothing.
type pageMeta struct {
	title, ogTitle, author, lang string
	canonical, image             string
	published                    time.Time
}

func readPageMeta(doc *goquery.Document, pageURL string) pageMeta {
	base := documentBase(doc, pageURL)
	metaContent := func(sel string) string {
		v, _ := doc.Find(sel).First().Attr("content")
		return cleanLine(v)
	}
	pm := pageMeta{
		title:   cleanLine(doc.Find("title").First().Text()),
		ogTitle: metaContent(`meta[property="og:title"], meta[name="og:title"]`),
		author:  metaContent(`meta[name="author"], meta[property="article:author"]`),
		image:   absURL(base, metaContent(`meta[property="og:image"], meta[name="og:image"], meta[property="og:image:url"]`)),
	}
	if l, ok := doc.Find("html").First().Attr("lang"); ok {
		pm.lang = langCode(l)
	}
	if href, ok := doc.Find(`link[rel~="canonical"]`).First().Attr("href"); ok {
		pm.canonical = absURL(base, href)
	}
	if pm.canonical == "" {
		pm.canonical = absURL(base, metaContent(`meta[property="og:url"], meta[name="og:url"]`))
	}
	pm.published = parseW3CTime(metaContent(`meta[property="article:published_time"], meta[name="article:published_time"], meta[itemprop="datePublished"], meta[name="pubdate"]`))
	return pm
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// treeSize counts the nodes of a parsed page and measures its depth,
// without recursion.
func treeSize(root *html.Node) (nodes, depth int) {
	type item struct {
		n *html.Node
		d int
	}
	stack := []item{{root, 0}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		nodes++
		depth = max(depth, it.d)
		for c := it.n.FirstChild; c != nil; c = c.NextSibling {
			stack = append(stack, item{c, it.d + 1})
		}
	}
	return nodes, depth
}

// blockTags are the elements that start a new paragraph in extracted text.
var blockTags = map[string]bool{
	"p": true, "div": true, "section": true, "article": true, "main": true, "body": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"ul": true, "ol": true, "li": true, "dl": true, "dt": true, "dd": true,
	"blockquote": true, "pre": true, "table": true, "tr": true, "figure": true,
	"figcaption": true, "header": true, "footer": true, "aside": true, "hr": true,
	"address": true, "details": true, "summary": true, "caption": true,
}

// blockText renders trafilatura's content tree as plain text: one paragraph
// per block element, separated by a blank line, with <br> kept as a line
// break and white space inside a line folded.
func blockText(root *html.Node) string {
	if root == nil {
		return ""
	}
	var paras []string
	var cur strings.Builder
	flush := func() {
		var lines []string
		for _, l := range strings.Split(cur.String(), "\n") {
			if l = cleanLine(l); l != "" {
				lines = append(lines, l)
			}
		}
		if len(lines) > 0 {
			paras = append(paras, strings.Join(lines, "\n"))
		}
		cur.Reset()
	}
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		switch {
		case n.Type == html.TextNode:
			cur.WriteString(strings.ReplaceAll(n.Data, "\n", " "))
			return
		case n.Type != html.ElementNode && n.Type != html.DocumentNode:
			return
		case n.Data == "script" || n.Data == "style" || n.Data == "noscript":
			return
		case n.Data == "br":
			cur.WriteByte('\n')
			return
		case n.Data == "td" || n.Data == "th":
			cur.WriteByte(' ')
		}
		block := blockTags[n.Data]
		if block {
			flush()
		} else {
			cur.WriteByte(' ') // as go-trafilatura's own text does at element edges
		}
		if depth < maxExtractDepth {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c, depth+1)
			}
		}
		if block {
			flush()
		}
	}
	walk(root, 0)
	flush()
	return strings.Join(paras, "\n\n")
}
