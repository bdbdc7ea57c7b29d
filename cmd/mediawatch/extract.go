package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"mediawatch/crawler"
	"mediawatch/ingest"
)

// ExtractCmd is `mediawatch extract`.
type ExtractCmd struct {
	Target       string `arg:"" help:"An HTML file, or an http(s) URL to fetch (robots.txt and limits apply)." placeholder:"FILE|URL"`
	URL          string `help:"The page's address, for a file: resolves relative links and the canonical URL." placeholder:"U"`
	AllowPrivate bool   `help:"Allow the URL's own host to be a private or loopback address (redirects elsewhere stay refused)."`
}

// extraction is what extract prints.
type extraction struct {
	Title        string  `json:"title"`
	Text         string  `json:"text"`
	Author       string  `json:"author"`
	Published    *string `json:"published"`
	Lang         string  `json:"lang"`
	CanonicalURL string  `json:"canonical_url"`
	Image        string  `json:"image,omitempty"`
	URL          string  `json:"url,omitempty"`
}

// Run prints what the crawler extracts from the page.
func (c *ExtractCmd) Run(g *globals) error {
	cfg, err := g.loadConfig("")
	if err != nil {
		return err
	}
	body, contentType, pageURL, err := c.load(g)
	if err != nil {
		return err
	}
	a, err := crawler.Extract(body, contentType, pageURL)
	if err != nil {
		return fmt.Errorf("extract %s: %w", c.Target, err)
	}
	out := extraction{Title: a.Title, Text: a.Text, Author: a.Author, Lang: a.Lang, CanonicalURL: a.CanonicalURL, Image: a.Image, URL: pageURL}
	out.Lang = ingest.Language(a.Title+"\n"+a.Text, a.Lang, "") // as the crawler will store it
	if !a.Published.IsZero() {
		s := a.Published.In(cfg.Location()).Format(time.RFC3339)
		out.Published = &s
	}
	enc := json.NewEncoder(g.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// load reads the target: a file from disk or a URL through the fetcher.
func (c *ExtractCmd) load(g *globals) (body []byte, contentType, pageURL string, err error) {
	if strings.HasPrefix(c.Target, "http://") || strings.HasPrefix(c.Target, "https://") {
		cfg, err := g.loadConfig("")
		if err != nil {
			return nil, "", "", err
		}
		f, err := crawler.NewFetcher(fetchOptions(cfg.Crawler), nil, g.logger(cfg))
		if err != nil {
			return nil, "", "", err
		}
		defer f.Close()
		resp, err := f.Fetch(g.ctx, crawler.Request{URL: c.Target, AllowPrivate: c.AllowPrivate})
		if err != nil {
			return nil, "", "", err
		}
		return resp.Body, resp.ContentType, resp.URL, nil
	}
	body, err = os.ReadFile(c.Target)
	if err != nil {
		return nil, "", "", err
	}
	pageURL = c.URL
	if pageURL == "" {
		abs, _ := filepath.Abs(c.Target)
		pageURL = "file://" + filepath.ToSlash(abs)
	}
	// No charset here: the BOM or the page's own <meta charset> decides.
	return body, "text/html", pageURL, nil
}
