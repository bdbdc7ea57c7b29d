package desk

import (
	"context"
	"slices"
	"strings"

	"mediawatch"
	"mediawatch/query"
)

// SearchPageRequest is one visit of the search page: the person and, when
// they asked something, the search (Query nil: the empty form).
type SearchPageRequest struct {
	UserID int64
	Search SearchRequest
}

// SearchPage is what the search page shows beyond the form: the result
// (nil for the empty form), the person's saved searches and the active
// rules to filter by.
type SearchPage struct {
	Result *SearchResult
	Saved  []SavedSearch
	Rules  []RuleChoice
}

// RuleChoice is a rule as a filter lists it.
type RuleChoice struct {
	ID   string
	Name mediawatch.Names
}

// SearchPage runs the page's search — the same Search the API answers, so
// the totals agree — and reads the person's saved searches.
func (d *Desk) SearchPage(ctx context.Context, r SearchPageRequest) (SearchPage, error) {
	var p SearchPage
	var err error
	if r.Search.Query != nil {
		if p.Result, err = d.Search(ctx, r.Search); err != nil {
			return p, err
		}
	}
	if r.UserID != 0 {
		if p.Saved, err = d.SavedSearches(ctx, r.UserID); err != nil {
			return p, err
		}
	}
	for id, name := range d.ruleNames() {
		p.Rules = append(p.Rules, RuleChoice{ID: id, Name: name})
	}
	slices.SortFunc(p.Rules, func(a, b RuleChoice) int { return strings.Compare(a.ID, b.ID) })
	return p, nil
}

// CorrectedQuery is q with the mistake of e replaced by its "did you
// mean" suggestion (e.Suggest): an unknown field name ("sourse:") by the
// known one, an unknown value ("lang:english") by the one meant. It is ""
// when e has no suggestion.
func CorrectedQuery(q string, e *query.Error) string {
	if e == nil || e.Suggest == "" || e.Pos < 0 || e.Pos > len(q) {
		return ""
	}
	if strings.HasSuffix(e.Suggest, ":") { // a field name, up to its colon
		colon := strings.IndexByte(q[e.Pos:], ':')
		if colon < 0 {
			return ""
		}
		return q[:e.Pos] + e.Suggest + q[e.Pos+colon+1:]
	}
	// A value: from the field's name before it to the value's end.
	field, _, _ := strings.Cut(e.Suggest, ":")
	start := e.Pos
	if p := e.Pos - len(field) - 1; p >= 0 && strings.EqualFold(q[p:e.Pos], field+":") {
		start = p
	}
	end := e.Pos + strings.IndexFunc(q[e.Pos:], func(r rune) bool { return r == ' ' || r == ')' || r == '\t' || r == '\n' })
	if end < e.Pos {
		end = len(q)
	}
	return q[:start] + e.Suggest + q[end:]
}
