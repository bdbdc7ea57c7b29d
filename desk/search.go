package desk

import (
	"context"
	"fmt"
	"strings"
	"time"

	"mediawatch"
	"mediawatch/index"
	"mediawatch/query"
)

// Searcher is what the desk needs of the search index; *index.Index
// satisfies it.
type Searcher interface {
	Search(ctx context.Context, q query.Node, req index.Request) (*index.Result, error)
}

// SearchRequest is one search as both faces take it: a parsed query (the
// faces parse it, so each can point at the column of a mistake in its own
// way) and the index request — filters, order and page. Loc is filled in
// with the desk's zone when nil.
type SearchRequest struct {
	Query query.Node
	index.Request
}

// Hit is one search hit as people read it: the title with its matches
// marked, and the text around the first match with every match in it
// marked — both HTML-escaped, since crawled text is hostile.
type Hit struct {
	ID        int64
	Title     string
	TitleHTML string
	URL       string
	Source    string
	Lang      string
	Published time.Time // zero when the outlet does not say
	Snippet   string
	// Platform is where it was published ("news" for an article) and
	// Account its author when it is a post (nil otherwise).
	Platform mediawatch.Platform
	Account  *mediawatch.Account
}

// SearchResult is one page of hits with the total and the facets.
type SearchResult struct {
	Total  uint64
	Took   time.Duration
	Hits   []Hit
	Next   string        // the cursor of the next page; "" after the last
	Facets *index.Facets // nil unless asked for
}

// Search runs one search and makes its hits readable: the index finds
// them, the store gives each hit's current text for its snippet.
func (d *Desk) Search(ctx context.Context, r SearchRequest) (*SearchResult, error) {
	if d.index == nil {
		return nil, fmt.Errorf("search: %w", ErrUnavailable)
	}
	if r.Loc == nil {
		r.Loc = d.loc
	}
	res, err := d.index.Search(ctx, r.Query, r.Request)
	if err != nil {
		return nil, err
	}
	out := &SearchResult{Total: res.Total, Took: res.Took, Next: res.Next, Facets: res.Facets, Hits: make([]Hit, 0, len(res.Hits))}
	for _, h := range res.Hits {
		hit := Hit{ID: h.ID, Title: h.Title, URL: h.URL, Source: h.Source, Lang: h.Lang, Published: h.Published,
			TitleHTML: MarkAll(h.Title, query.Highlights(r.Query, query.FieldTitle, h.Title)),
			Platform:  mediawatch.NormalPlatform(h.Platform)}
		if it, err := d.store.Item(ctx, h.ID); err == nil {
			hit.Snippet = Snippet(r.Query, it.Text, SnippetBytes)
			hit.Account = it.Account
		}
		out.Hits = append(out.Hits, hit)
	}
	return out, nil
}

// ExportRow is one exported match with the metadata the store holds and
// the index does not.
type ExportRow struct {
	ID        int64
	Title     string
	URL       string
	Source    string
	Lang      string
	Published time.Time // zero when the outlet does not say
	FirstSeen time.Time // zero if the item vanished meanwhile
	Version   int
	FeedOnly  bool
	Author    string
}

// ExportPage is how many hits an export asks the index for at a time
// unless the request sets Size.
const ExportPage = 1000

// Export is every match of a search, newest first, page by page through
// the index's cursor — not capped at a page.
type Export struct {
	d     *Desk
	who   mediawatch.Actor
	q     query.Node
	req   index.Request
	first *index.Result
	// Total is the number of matches when the export began.
	Total uint64
}

// StartExport checks the query against the index before anything is
// sent, so that a bad one is still refused whole; Rows then streams. The
// request's order and page are replaced (newest first, from the start);
// Size is the page read at a time, ExportPage when zero.
//
// Every export is in the audit log under who's name, with its query and
// the rows it gave, once Rows ends.
func (d *Desk) StartExport(ctx context.Context, who mediawatch.Actor, r SearchRequest) (*Export, error) {
	if d.index == nil {
		return nil, fmt.Errorf("export: %w", ErrUnavailable)
	}
	if r.Loc == nil {
		r.Loc = d.loc
	}
	if r.Size <= 0 {
		r.Size = ExportPage
	}
	r.Sort, r.Page, r.After, r.Facets = index.SortNewest, 0, "", false
	first, err := d.index.Search(ctx, r.Query, r.Request)
	if err != nil {
		return nil, err
	}
	return &Export{d: d, who: who, q: r.Query, req: r.Request, first: first, Total: first.Total}, nil
}

// Rows calls row for every match, in order, until the last or an error
// from row or the index; it returns how many rows it handed over.
func (e *Export) Rows(ctx context.Context, row func(ExportRow) error) (n int, err error) {
	defer func() {
		detail := fmt.Sprintf("query %s, %d rows", e.q.String(), n)
		if err != nil {
			detail += ", cut short: " + err.Error()
		}
		e.d.Record(context.WithoutCancel(ctx), e.who, "export", "items", detail)
	}()
	page, req := e.first, e.req
	for {
		for _, h := range page.Hits {
			r := ExportRow{ID: h.ID, Title: h.Title, URL: h.URL, Source: h.Source, Lang: h.Lang, Published: h.Published}
			if it, err := e.d.store.Item(ctx, h.ID); err == nil {
				r.FirstSeen, r.Version, r.FeedOnly, r.Author = it.FirstSeen, it.Version, it.FeedOnly, it.Author
			}
			if err = row(r); err != nil {
				return n, err
			}
			n++
		}
		if page.Next == "" || len(page.Hits) == 0 {
			return n, nil
		}
		req.After = page.Next
		if page, err = e.d.index.Search(ctx, e.q, req); err != nil {
			return n, err
		}
	}
}

// Dates in parameters must fall in a span any calendar question of the
// office can need; a date outside it (9999-12-31, year 1) is a typo or a
// probe, refused, never passed on to an index or store that cannot
// represent it.
const (
	MinDate = "1900-01-01"
	MaxDate = "2200-12-31"
)

// Errors of ParseDate, for the faces to word.
var (
	ErrDateFormat = fmt.Errorf("want a date YYYY-MM-DD or an RFC 3339 time")
	ErrDateRange  = fmt.Errorf("date outside %s to %s", MinDate, MaxDate)
)

// ParseDate reads a local date in loc (its first instant, or its last
// when endOfDay) or an RFC 3339 time; "" is the zero time, unbounded. A
// refusal is ErrDateFormat or ErrDateRange.
func ParseDate(s string, loc *time.Location, endOfDay bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(time.DateOnly, s, loc)
	if err == nil && endOfDay {
		t = t.AddDate(0, 0, 1).Add(-time.Nanosecond)
	}
	if err != nil {
		if t, err = time.Parse(time.RFC3339, s); err != nil {
			return time.Time{}, ErrDateFormat
		}
	}
	lo, _ := time.ParseInLocation(time.DateOnly, MinDate, loc)
	hi, _ := time.ParseInLocation(time.DateOnly, MaxDate, loc)
	if t.Before(lo) || !t.Before(hi.AddDate(0, 0, 1)) {
		return time.Time{}, ErrDateRange
	}
	return t, nil
}
