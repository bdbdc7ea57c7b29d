package desk

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"mediawatch"
	"mediawatch/store"
	"mediawatch/textnorm"
)

// SavedSearch is a search a person kept under a name; Params is the search
// page's query string, so opening it is following /search?Params.
type SavedSearch = store.SavedSearch

// Limits of a saved search: a name fits a list, and params hold a query
// (at most 4096 bytes, as the API takes) with its filters.
const (
	MaxSavedSearchName   = 100
	MaxSavedSearchParams = 8192
)

// SaveSearch keeps a search's parameters under name for the person
// userID; saving under a name they already use replaces that search. The
// name is NFC with its spaces tidied; an empty or overlong name, or
// params that are not a query string with a query, wrap
// mediawatch.ErrInvalid.
func (d *Desk) SaveSearch(ctx context.Context, userID int64, name, params string) (SavedSearch, error) {
	name = strings.Join(strings.Fields(textnorm.Normalize(name)), " ")
	if name == "" || utf8.RuneCountInString(name) > MaxSavedSearchName {
		return SavedSearch{}, fmt.Errorf("save search: %w: a name of 1 to %d characters", mediawatch.ErrInvalid, MaxSavedSearchName)
	}
	v, err := url.ParseQuery(params)
	if err != nil || len(params) > MaxSavedSearchParams || strings.TrimSpace(v.Get("q")) == "" {
		return SavedSearch{}, fmt.Errorf("save search: %w: not a search", mediawatch.ErrInvalid)
	}
	v.Del("cursor") // a saved search opens at its first page
	return d.store.SaveSearch(ctx, userID, name, v.Encode())
}

// SavedSearches lists the person's saved searches by name.
func (d *Desk) SavedSearches(ctx context.Context, userID int64) ([]SavedSearch, error) {
	return d.store.SavedSearches(ctx, userID)
}

// DeleteSavedSearch removes one of the person's saved searches; someone
// else's is mediawatch.ErrNotFound.
func (d *Desk) DeleteSavedSearch(ctx context.Context, userID, id int64) error {
	return d.store.DeleteSavedSearch(ctx, userID, id)
}
