package crawler

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
	"golang.org/x/text/transform"

	"mediawatch"
)

// maxFeedItems bounds how many items one feed yields; a real feed has tens.
// It stays above the largest crawler.max_links, so that a listing the
// crawler cuts is always seen to be cut.
const maxFeedItems = 10000

// errNotFeed is returned when a body holds no RSS, Atom or JSON feed.
var errNotFeed = errors.New("not a feed")

// xmlEncodingRe finds the encoding pseudo-attribute of an XML declaration.
var xmlEncodingRe = regexp.MustCompile(`^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([^"']*)["']`)

// ParseFeed reads an RSS 0.9x/1.0/2.0, Atom or JSON Feed document and returns
// the articles it lists, newest first as the feed orders them.
//
// It is lenient, as feed readers must be: a feed whose XML is broken but
// readable (bare ampersands, HTML entities, unescaped tags) is read, and a
// feed preceded by junk (a byte-order mark, white space, a browser's banner
// line) is read from its first tag. The charset comes from the XML
// declaration, else from contentType, else UTF-8 (windows-1252 when the
// bytes are not UTF-8). Relative links resolve against baseURL; links that are
// not http(s) are dropped. Titles and summaries are plain NFC text.
// At most 10,000 items are returned.
func ParseFeed(body []byte, contentType, baseURL string) ([]Link, error) {
	base, _ := url.Parse(strings.TrimSpace(baseURL))
	feed, err := parseFeedBytes(feedUTF8(body, contentType))
	if err != nil {
		return nil, fmt.Errorf("parse feed: %w", err)
	}
	return feedLinks(feed, base), nil
}

// feedClosers, appended to a truncated feed, let the non-strict XML decoder
// close whatever was open (it matches a stray end tag to the open element),
// so the items read before the cut are kept.
const feedClosers = "</title></description></item></entry></channel></feed></rss></rdf:RDF>"

// parseFeedBytes runs gofeed; when that fails, once more on what follows
// leading junk, and once more with the truncated end closed.
func parseFeedBytes(body []byte) (*gofeed.Feed, error) {
	body = bytes.TrimLeft(body, "\uFEFF \t\r\n\x00")
	if len(body) == 0 {
		return nil, fmt.Errorf("empty body: %w", errNotFeed)
	}
	feed, err := parseFeedOnce(body)
	if err == nil || body[0] == '{' || errors.Is(err, errNotFeed) && body[0] == '<' {
		return feed, err
	}
	if i := bytes.IndexByte(body, '<'); i > 0 {
		body = body[i:]
		if feed, err = parseFeedOnce(body); err == nil || errors.Is(err, errNotFeed) {
			return feed, err
		}
	}
	fixed := append(bytes.Clone(body), feedClosers...)
	if f, err2 := parseFeedOnce(fixed); err2 == nil && len(f.Items) > 0 {
		return f, nil
	}
	return nil, err
}

func parseFeedOnce(body []byte) (feed *gofeed.Feed, err error) {
	defer func() {
		if r := recover(); r != nil { // a parser bug must not take the crawler down
			feed, err = nil, fmt.Errorf("feed parser panic: %v", r)
		}
	}()
	feed, err = gofeed.NewParser().Parse(bytes.NewReader(body))
	if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
		return nil, errNotFeed
	}
	if err == nil && feed == nil {
		return nil, errNotFeed
	}
	return feed, err
}

// feedUTF8 makes the body something gofeed decodes correctly. A UTF-16 or
// UTF-32 body is converted to UTF-8 and its declaration rewritten. A body
// whose XML declaration names a known single- or multi-byte encoding is left
// to gofeed. Otherwise a body that is valid UTF-8 is UTF-8, else the
// Content-Type charset applies, else windows-1252.
func feedUTF8(body []byte, contentType string) []byte {
	if enc := xmlUnicode(body); enc != nil {
		if out, _, err := transform.Bytes(enc.NewDecoder(), body); err == nil {
			out = bytes.TrimPrefix(out, []byte("\uFEFF"))
			return declareUTF8(bytes.ToValidUTF8(out, []byte("\uFFFD")))
		}
	}
	trimmed := bytes.TrimLeft(body, "\uFEFF \t\r\n")
	if m := xmlEncodingRe.FindSubmatch(trimmed); m != nil && len(m[1]) > 0 {
		if e, name := charset.Lookup(string(m[1])); e != nil && name != "utf-8" && !strings.HasPrefix(name, "utf-16") {
			return body
		}
		if e, _ := charset.Lookup(string(m[1])); e == nil && !utf8.Valid(body) {
			// An unknown label on bytes that are not UTF-8: most likely
			// windows-1252, as with an undeclared feed.
			if out, _, err := transform.Bytes(charmap.Windows1252.NewDecoder(), body); err == nil {
				return declareUTF8(out)
			}
		}
		return declareUTF8(bytes.ToValidUTF8(body, []byte("\uFFFD")))
	}
	if hasHighBit(body) && utf8.Valid(body) {
		return body // UTF-8 beyond doubt, whatever the header says
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		if e, name := charset.Lookup(params["charset"]); e != nil && name != "utf-8" {
			if out, _, err := transform.Bytes(e.NewDecoder(), body); err == nil {
				return out
			}
		}
	}
	if !utf8.Valid(body) {
		if out, _, err := transform.Bytes(charmap.Windows1252.NewDecoder(), body); err == nil {
			return out
		}
	}
	return body
}

// xmlUnicode recognises a UTF-16 or UTF-32 document by its byte-order mark
// or by how "<?" is spelled in its first bytes (XML 1.0 appendix F).
func xmlUnicode(b []byte) encoding.Encoding {
	switch {
	case bytes.HasPrefix(b, []byte{0, 0, 0xFE, 0xFF}), bytes.HasPrefix(b, []byte{0, 0, 0, '<'}):
		return utf32.UTF32(utf32.BigEndian, utf32.UseBOM)
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE, 0, 0}), bytes.HasPrefix(b, []byte{'<', 0, 0, 0}):
		return utf32.UTF32(utf32.LittleEndian, utf32.UseBOM)
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}), bytes.HasPrefix(b, []byte{0, '<', 0, '?'}):
		return unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{'<', 0, '?', 0}):
		return unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	}
	return nil
}

// declareUTF8 rewrites the encoding of an XML declaration to UTF-8, for a
// body that has already been converted.
func declareUTF8(b []byte) []byte {
	m := xmlEncodingRe.FindSubmatchIndex(b)
	if m == nil {
		return b
	}
	out := make([]byte, 0, len(b))
	out = append(out, b[:m[2]]...)
	out = append(out, "utf-8"...)
	return append(out, b[m[3]:]...)
}

// feedLinks turns gofeed's items into Links.
func feedLinks(feed *gofeed.Feed, base *url.URL) []Link {
	lang := langCode(feed.Language)
	if lang == "" && feed.DublinCoreExt != nil && len(feed.DublinCoreExt.Language) > 0 {
		lang = langCode(feed.DublinCoreExt.Language[0])
	}
	links := make([]Link, 0, min(len(feed.Items), maxFeedItems))
	seen := make(map[string]bool)
	for _, it := range feed.Items {
		if it == nil {
			continue
		}
		if len(links) == maxFeedItems {
			break
		}
		u := itemURL(it, base)
		if u == "" || seen[u] {
			continue
		}
		seen[u] = true
		summary := it.Description
		if strings.TrimSpace(plainText(summary)) == "" {
			summary = it.Content
		}
		links = append(links, Link{
			URL:       u,
			Title:     plainText(it.Title),
			Summary:   plainText(summary),
			Author:    itemAuthor(it),
			Published: itemTime(it),
			Lang:      lang,
			Image:     itemImage(it, base),
		})
	}
	return links
}

// itemURL is the item's link, or its guid when that is a URL, resolved
// against base.
func itemURL(it *gofeed.Item, base *url.URL) string {
	cands := []string{it.Link}
	cands = append(cands, it.Links...)
	cands = append(cands, it.GUID)
	for _, c := range cands {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if c == it.GUID && !strings.Contains(c, "/") {
			continue // an opaque id, not a link
		}
		if u := absURL(base, c); u != "" {
			return u
		}
	}
	return ""
}

func itemAuthor(it *gofeed.Item) string {
	for _, p := range it.Authors {
		if p != nil && strings.TrimSpace(p.Name) != "" {
			return plainText(p.Name)
		}
	}
	if it.Author != nil && strings.TrimSpace(it.Author.Name) != "" {
		return plainText(it.Author.Name)
	}
	if it.DublinCoreExt != nil && len(it.DublinCoreExt.Creator) > 0 {
		return plainText(it.DublinCoreExt.Creator[0])
	}
	return ""
}

// itemTime is the published date, else the updated date, in UTC. A date
// no zone can write in years 1-9999 (mediawatch.CleanDate) is no date;
// any other is kept as the feed says, however unlikely ("31 Dec 9998"):
// ingest stores it and dates the item by when it was first seen.
func itemTime(it *gofeed.Item) time.Time {
	for _, t := range []*time.Time{it.PublishedParsed, it.UpdatedParsed} {
		if t != nil && !mediawatch.CleanDate(*t).IsZero() {
			return mediawatch.CleanDate(*t)
		}
	}
	return time.Time{}
}

// itemImage is the item's image, an image enclosure or a media:content or
// media:thumbnail URL.
func itemImage(it *gofeed.Item, base *url.URL) string {
	if it.Image != nil {
		if u := absURL(base, it.Image.URL); u != "" {
			return u
		}
	}
	for _, e := range it.Enclosures {
		if e != nil && strings.HasPrefix(e.Type, "image/") {
			if u := absURL(base, e.URL); u != "" {
				return u
			}
		}
	}
	for _, name := range []string{"thumbnail", "content"} {
		for _, ext := range it.Extensions["media"][name] {
			if t := ext.Attrs["type"]; name == "content" && t != "" && !strings.HasPrefix(t, "image/") {
				continue
			}
			if u := absURL(base, ext.Attrs["url"]); u != "" {
				return u
			}
		}
	}
	return ""
}
