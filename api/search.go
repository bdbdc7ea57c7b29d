package api

import (
	"context"
	"strings"
	"time"

	"mediawatch/desk"
	"mediawatch/index"
	"mediawatch/query"
)

// Searcher is what the API needs of the search index; *index.Index
// satisfies it.
type Searcher = desk.Searcher

// searchFilters are the parameters search and export share. (huma reads
// parameters only from an input's own fields, not an embedded struct's, so
// each input repeats them and hands them over with filters().)
type searchFilters struct {
	Q, From, To  string
	Source, Lang []string
}

type searchInput struct {
	Q      string   `query:"q" required:"true" maxLength:"4096" doc:"The query, in mediawatch's query language: words, \"phrases\", AND OR NOT -, NEAR/n, ONEAR/n, prefix*, title: text: author: source: lang: url: platform: rule: severity:." example:"\"Sơn La\" AND (lũ OR \"sạt lở\")"`
	From   string   `query:"from" doc:"Published on or after: a local date YYYY-MM-DD or an RFC 3339 time." example:"2026-11-01"`
	To     string   `query:"to" doc:"Published on or before: a local date YYYY-MM-DD (the whole day) or an RFC 3339 time." example:"2026-11-30"`
	Source []string `query:"source" doc:"Only these sources (repeat the parameter or separate with commas)."`
	Lang   []string `query:"lang" doc:"Only these languages: vi, en, other, … (repeat or separate with commas)."`
	Sort   string   `query:"sort" enum:"relevance,newest,oldest" default:"relevance" doc:"Order of hits."`
	Page   int      `query:"page" minimum:"1" maximum:"500" default:"1" doc:"Page number, for shallow paging."`
	Size   int      `query:"size" minimum:"1" maximum:"100" default:"20" doc:"Hits per page (at most 100)."`
	Cursor string   `query:"cursor" maxLength:"1024" doc:"The next value of the previous page, for deep paging (page is then ignored)."`
}

func (in *searchInput) filters() searchFilters {
	return searchFilters{Q: in.Q, From: in.From, To: in.To, Source: in.Source, Lang: in.Lang}
}

type searchOutput struct {
	Body searchBody
}

type searchBody struct {
	Total  uint64       `json:"total" doc:"Matches in all pages."`
	TookMS float64      `json:"took_ms"`
	Hits   []searchHit  `json:"hits"`
	Next   string       `json:"next,omitempty" doc:"Pass as cursor for the next page; absent after the last."`
	Facets searchFacets `json:"facets"`
}

type searchHit struct {
	ID        int64        `json:"id"`
	Title     string       `json:"title"`
	TitleHTML string       `json:"title_html" doc:"The title, HTML-escaped, with matches in <mark>."`
	URL       string       `json:"url"`
	Source    string       `json:"source"`
	Published *time.Time   `json:"published" doc:"Null when the outlet does not say."`
	Lang      string       `json:"lang"`
	Snippet   string       `json:"snippet" doc:"Text around the first match, HTML-escaped, with matches in <mark>."`
	Platform  string       `json:"platform" doc:"Where it was published: news for an article, else the post's platform." example:"news"`
	Account   *AccountView `json:"account,omitempty" doc:"The post's author; absent for an article."`
}

type searchFacets struct {
	Sources   []facetCount `json:"sources"`
	Languages []facetCount `json:"languages"`
	Platforms []facetCount `json:"platforms" doc:"Matches per platform: news, youtube, telegram, …"`
	Days      []facetCount `json:"days" doc:"Matches per local day (YYYY-MM-DD), oldest first."`
}

type facetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// search answers GET /api/v1/search.
func (s *Server) search(ctx context.Context, in *searchInput) (*searchOutput, error) {
	q, req, err := s.parseFilters(in.filters())
	if err != nil {
		return nil, s.problem(ctx, err)
	}
	req.Sort, req.Size, req.Page, req.After, req.Facets = in.Sort, in.Size, in.Page, in.Cursor, true
	res, err := s.desk.Search(ctx, desk.SearchRequest{Query: q, Request: req})
	if err != nil {
		return nil, s.problem(ctx, err)
	}
	body := searchBody{Total: res.Total, TookMS: float64(res.Took.Microseconds()) / 1000, Next: res.Next, Hits: []searchHit{}}
	for _, h := range res.Hits {
		hit := searchHit{ID: h.ID, Title: h.Title, TitleHTML: h.TitleHTML, URL: h.URL,
			Source: h.Source, Lang: h.Lang, Published: s.atOrNil(h.Published), Snippet: h.Snippet, Platform: string(h.Platform)}
		if h.Account != nil {
			a := s.accountViewOf(*h.Account)
			hit.Account = &a
		}
		body.Hits = append(body.Hits, hit)
	}
	body.Facets = facetsOf(res.Facets)
	return &searchOutput{Body: body}, nil
}

// parseFilters turns the shared parameters into a parsed query and an
// index request; every refusal is a FieldError naming the parameter.
func (s *Server) parseFilters(f searchFilters) (query.Node, index.Request, error) {
	req := index.Request{Sources: splitList(f.Source), Langs: splitList(f.Lang), Loc: s.opts.Location}
	q, err := query.Parse(f.Q)
	if err != nil {
		return nil, req, &FieldError{Location: "query.q", Value: f.Q, Cause: err}
	}
	if req.From, req.To, err = dateRange(s.opts.Location, f.From, f.To); err != nil {
		return nil, req, err
	}
	return q, req, nil
}

// splitList accepts repeated and comma-separated values alike.
func splitList(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

func facetsOf(f *index.Facets) searchFacets {
	out := searchFacets{Sources: []facetCount{}, Languages: []facetCount{}, Platforms: []facetCount{}, Days: []facetCount{}}
	if f == nil {
		return out
	}
	for _, c := range f.Sources {
		out.Sources = append(out.Sources, facetCount{c.Value, c.N})
	}
	for _, c := range f.Langs {
		out.Languages = append(out.Languages, facetCount{c.Value, c.N})
	}
	for _, c := range f.Platforms {
		out.Platforms = append(out.Platforms, facetCount{c.Value, c.N})
	}
	for _, d := range f.Days {
		out.Days = append(out.Days, facetCount{d.Day, d.N})
	}
	return out
}
