package crawler

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html/charset"

	"mediawatch"
)

const (
	// maxSitemapEntries is the sitemap protocol's own limit per file.
	maxSitemapEntries = 50000
	// maxSitemapBytes bounds a gzip-compressed sitemap once inflated (the
	// protocol allows 50 MB uncompressed).
	maxSitemapBytes = 50 << 20
)

// errNotSitemap is returned when a body is neither a urlset nor a sitemap index.
var errNotSitemap = errors.New("not a sitemap")

// sitemapURL is one <url> of a urlset, Google News and image extensions
// included. Tags without a namespace match any, so news:title is news>title.
type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod"`
	News    struct {
		Title    string `xml:"title"`
		Date     string `xml:"publication_date"`
		Language string `xml:"publication>language"`
	} `xml:"news"`
	Images []string `xml:"image>loc"`
}

// ParseSitemap reads a sitemap: a urlset (Google News and image extensions
// understood), a sitemap index, either gzip-compressed, or a plain-text list
// of URLs. For a urlset it returns the article links, with news:title,
// news:publication_date (else lastmod) and news:language; for an index, the
// child sitemap URLs. Relative URLs resolve against baseURL and only http(s)
// URLs are kept. At most 50,000 entries are read.
func ParseSitemap(body []byte, baseURL string) (links []Link, children []string, err error) {
	base, _ := url.Parse(strings.TrimSpace(baseURL))
	if bytes.HasPrefix(body, []byte{0x1f, 0x8b}) {
		if body, err = gunzip(body); err != nil {
			return nil, nil, fmt.Errorf("parse sitemap: %w", err)
		}
	}
	trimmed := bytes.TrimLeft(body, "\uFEFF \t\r\n")
	if len(trimmed) == 0 {
		return nil, nil, fmt.Errorf("parse sitemap: empty body: %w", errNotSitemap)
	}
	if trimmed[0] != '<' {
		if links = textSitemap(trimmed, base); len(links) == 0 {
			return nil, nil, fmt.Errorf("parse sitemap: %w", errNotSitemap)
		}
		return links, nil, nil
	}
	links, children, err = xmlSitemap(trimmed, base)
	if err != nil {
		return nil, nil, fmt.Errorf("parse sitemap: %w", err)
	}
	return links, children, nil
}

// xmlSitemap streams a urlset or sitemap index, so that a huge file costs
// no more than the entries it yields.
func xmlSitemap(body []byte, base *url.URL) (links []Link, children []string, err error) {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = false
	d.CharsetReader = charset.NewReaderLabel
	root, seen, n := "", make(map[string]bool), 0
	for n < maxSitemapEntries {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if root == "" {
				return nil, nil, err
			}
			break // keep what a truncated or broken file gave
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if root == "" {
			root = se.Name.Local
			if root != "urlset" && root != "sitemapindex" {
				return nil, nil, fmt.Errorf("root element <%s>: %w", root, errNotSitemap)
			}
			continue
		}
		if se.Name.Local != "url" && se.Name.Local != "sitemap" {
			continue
		}
		var e sitemapURL
		if err := d.DecodeElement(&e, &se); err != nil {
			break
		}
		n++
		u := absURL(base, e.Loc)
		if u == "" || seen[u] {
			continue
		}
		seen[u] = true
		if root == "sitemapindex" {
			children = append(children, u)
			continue
		}
		links = append(links, sitemapLink(u, &e, base))
	}
	if root == "" {
		return nil, nil, errNotSitemap
	}
	return links, children, nil
}

func sitemapLink(u string, e *sitemapURL, base *url.URL) Link {
	l := Link{URL: u, Title: plainText(e.News.Title), Lang: langCode(e.News.Language)}
	if l.Published = parseW3CTime(e.News.Date); l.Published.IsZero() {
		l.Published = parseW3CTime(e.LastMod)
	}
	for _, img := range e.Images {
		if l.Image = absURL(base, img); l.Image != "" {
			break
		}
	}
	return l
}

// textSitemap reads a plain-text sitemap: one URL a line.
func textSitemap(body []byte, base *url.URL) []Link {
	var links []Link
	seen := make(map[string]bool)
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	for sc.Scan() && len(links) < maxSitemapEntries {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "http://") && !strings.HasPrefix(line, "https://") {
			continue
		}
		if u := absURL(base, line); u != "" && !seen[u] {
			seen[u] = true
			links = append(links, Link{URL: u})
		}
	}
	return links
}

func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("gunzip: %w", err)
	}
	defer zr.Close()
	out, err := io.ReadAll(io.LimitReader(zr, maxSitemapBytes+1))
	if err != nil {
		return nil, fmt.Errorf("gunzip: %w", err)
	}
	if len(out) > maxSitemapBytes {
		return nil, fmt.Errorf("gunzip: more than %d bytes", maxSitemapBytes)
	}
	return out, nil
}

// w3cLayouts are the W3C Datetime forms sitemaps use, and two common
// deviations (a space for T, no zone).
var w3cLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02",
	"2006-01",
	"2006",
	time.RFC1123Z,
	time.RFC1123,
}

// parseW3CTime parses a sitemap or meta-tag date, in UTC; a date without a
// zone is read as UTC. It returns the zero time when s is not a date, or
// not one any zone can write in years 1-9999 (mediawatch.CleanDate).
func parseW3CTime(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}
	}
	for _, layout := range w3cLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return mediawatch.CleanDate(t)
		}
	}
	return time.Time{}
}
