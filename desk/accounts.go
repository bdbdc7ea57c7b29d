package desk

import (
	"context"
	"fmt"
	"strings"

	"mediawatch"
	"mediawatch/store"
)

// AccountStore is what the accounts pages read; *store.DB satisfies it.
// It is asked of the Store by type, as SourceStore is, so that test
// doubles of the other use cases need not have it.
type AccountStore interface {
	Account(ctx context.Context, id int64) (mediawatch.Account, error)
	Accounts(ctx context.Context, f store.AccountFilter) ([]store.AccountRow, error)
	AccountItems(ctx context.Context, accountID, beforeID int64, limit int) ([]mediawatch.Item, error)
}

// StoryAudienceStore gives the largest known account audience among each
// story's posts, for the queue's reach; *store.DB satisfies it. Without
// it the queue's reach is its outlets' weights alone.
type StoryAudienceStore interface {
	StoryAudiences(ctx context.Context, ids []int64) (map[int64]int64, error)
}

// Page sizes of the accounts listing and of an account's posts.
const (
	DefaultAccountsPage = 50
	MaxAccountsPage     = 200
)

// AccountsQuery asks for a page of the accounts listing.
type AccountsQuery struct {
	Platform mediawatch.Platform // "" for every platform
	Watched  bool                // only watched accounts
	Limit    int                 // rows per page: 0 is DefaultAccountsPage, at most MaxAccountsPage
	After    string              // AccountsPage.Next of the previous page; "" for the first
}

// AccountsPage is one page of accounts, the widest audience first (then
// the most posts), each with its post and flag counts and last post time.
type AccountsPage struct {
	Rows []store.AccountRow
	Next string // cursor of the next page; "" after the last
}

// Accounts lists the accounts behind the posts: the key opinion leaders
// an office watches and every author its social sources met.
func (d *Desk) Accounts(ctx context.Context, q AccountsQuery) (AccountsPage, error) {
	as, ok := d.store.(AccountStore)
	if !ok {
		return AccountsPage{}, fmt.Errorf("accounts: %w", ErrUnavailable)
	}
	limit := pageSize(q.Limit, DefaultAccountsPage, MaxAccountsPage)
	f := store.AccountFilter{Watched: q.Watched, Limit: limit + 1, After: q.After}
	if strings.TrimSpace(string(q.Platform)) != "" {
		f.Platform = mediawatch.NormalPlatform(string(q.Platform))
	}
	rows, err := as.Accounts(ctx, f)
	if err != nil {
		return AccountsPage{}, err
	}
	page := AccountsPage{Rows: rows}
	if len(rows) > limit {
		page.Rows = rows[:limit]
		page.Next = page.Rows[limit-1].Cursor()
	}
	return page, nil
}

// AccountRecord is one account and a page of its posts, newest first.
type AccountRecord struct {
	Account mediawatch.Account
	Items   []mediawatch.Item
	// Next is the Before of the next page of posts; 0 after the last.
	Next int64
	// Search is the query that finds the account's posts in search
	// (AuthorQuery).
	Search string
}

// Account returns the account id and up to limit of its posts stored
// before the post before (0: from the newest). An unknown id is an error
// wrapping mediawatch.ErrNotFound.
func (d *Desk) Account(ctx context.Context, id, before int64, limit int) (AccountRecord, error) {
	as, ok := d.store.(AccountStore)
	if !ok {
		return AccountRecord{}, fmt.Errorf("account: %w", ErrUnavailable)
	}
	a, err := as.Account(ctx, id)
	if err != nil {
		return AccountRecord{}, err
	}
	limit = pageSize(limit, DefaultAccountsPage, MaxAccountsPage)
	items, err := as.AccountItems(ctx, id, before, limit+1)
	if err != nil {
		return AccountRecord{}, err
	}
	rec := AccountRecord{Account: a, Items: items, Search: AuthorQuery(a)}
	if len(items) > limit {
		rec.Items = items[:limit]
		rec.Next = rec.Items[limit-1].ID
	}
	return rec, nil
}

// AuthorQuery is the search that finds an account's posts:
// author:"platform:handle", the one name no other account shares. Quote
// marks, which no handle needs, are left out so that the query parses.
func AuthorQuery(a mediawatch.Account) string {
	key := strings.Map(func(r rune) rune {
		if r == '"' || r == '“' || r == '”' {
			return -1
		}
		return r
	}, a.Key())
	return `author:"` + key + `"`
}

// withAudience raises the reach of each open story holding a post of an
// account with a known audience to AudienceReach of the largest such
// audience, when that is above its outlets' weights (see Priority).
func (d *Desk) withAudience(ctx context.Context, open []mediawatch.Story) error {
	as, ok := d.store.(StoryAudienceStore)
	if !ok || len(open) == 0 {
		return nil
	}
	ids := make([]int64, len(open))
	for i, s := range open {
		ids[i] = s.ID
	}
	audiences, err := as.StoryAudiences(ctx, ids)
	if err != nil {
		return err
	}
	for i := range open {
		if a, ok := audiences[open[i].ID]; ok {
			open[i].Reach = max(open[i].Reach, AudienceReach(a))
		}
	}
	return nil
}

// pageSize is n bounded to [1, most], def when n is 0 or less.
func pageSize(n, def, most int) int {
	if n <= 0 {
		return def
	}
	return min(n, most)
}
