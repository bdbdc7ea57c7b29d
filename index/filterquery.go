package index

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// filterQuery matches what its inner query matches, each match scoring
// filterScore. Keyword fields (source, language, platform, host, URL,
// rule, severity) keep no norms, and bleve scores a term of one with the
// norm zap reads for it, +Inf: a relevance page of `url:… lũ` ranked every
// match first, in no order, and its cursor could not be written. A filter
// restricts; it does not rank.
type filterQuery struct {
	inner bq.Query
}

// filterScore is a filter's score: the same for every match.
const filterScore = 1.0

// Searcher returns the inner query's searcher with constant scores.
func (q *filterQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	s, err := q.inner.Searcher(ctx, r, m, opts)
	if err != nil {
		return nil, err
	}
	return &constSearcher{Searcher: s}, nil
}

// constSearcher gives every match of its searcher filterScore.
type constSearcher struct {
	search.Searcher
}

// Next returns the next match, scored filterScore.
func (s *constSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	return constant(s.Searcher.Next(ctx))
}

// Advance returns the match at or after id, scored filterScore.
func (s *constSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	return constant(s.Searcher.Advance(ctx, id))
}

// Weight is the filter's share of the query norm: none.
func (s *constSearcher) Weight() float64 { return 0 }

// SetQueryNorm leaves the constant score alone.
func (s *constSearcher) SetQueryNorm(float64) {}

func constant(d *search.DocumentMatch, err error) (*search.DocumentMatch, error) {
	if d != nil {
		d.Score = filterScore
		d.Expl = nil
	}
	return d, err
}
