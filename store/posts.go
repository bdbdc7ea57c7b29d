package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"mediawatch"
)

// Posts are items with a platform other than news (migration 0014): their
// author account, the platform's id, views, the account a forward came
// from and the canonical URL of the first news link they share are columns
// of items, written by every save and read by every read (itemColumns).

// postColumns are the values of the post columns of items for it, in the
// order itemColumns and the INSERT name them: the platform ("news" when
// unset), the account id (NULL when none), post id, views, forwarded from,
// shared URL, pinned.
func postColumns(it mediawatch.Item) []any {
	platform := it.Platform
	if platform == "" {
		platform = mediawatch.PlatformNews
	}
	account := sql.NullInt64{Int64: it.AccountID, Valid: it.AccountID != 0}
	return []any{string(platform), account, it.PostID, max(it.Views, 0), it.ForwardedFrom, it.SharedURL, boolInt(it.Pinned)}
}

// withAccount records, inside the save's transaction, the author of a post
// that carries one (it.Account with a handle) as seen at it.FirstSeen, and
// sets it.AccountID and it.Platform (the account's, when the item names
// none). An item without an Account keeps the AccountID it names.
func withAccount(ctx context.Context, tx txn, it mediawatch.Item) (mediawatch.Item, error) {
	if it.Account == nil || it.Account.Handle == "" {
		return it, nil
	}
	a := *it.Account
	if a.Platform == "" {
		a.Platform = it.Platform
	}
	got, err := upsertAccountIn(ctx, tx, a, it.FirstSeen)
	if err != nil {
		return it, fmt.Errorf("author: %w", err)
	}
	it.AccountID, it.Account = got.ID, &got
	if it.Platform == "" || it.Platform == mediawatch.PlatformNews {
		it.Platform = got.Platform
	}
	return it, nil
}

// linkedStory is the story a new item joins by a shared link, when the
// grouping named none or the item shares a stored article:
//
//   - a post sharing a stored article (it.SharedURL is that item's
//     canonical URL) joins the article's story — the link says what the
//     post is about more surely than the likeness of words, so it wins over
//     it.StoryID (ingest then bridges the two stories, as for a rewrite
//     close to two copies);
//   - a post sharing an article not stored joins the story of an earlier
//     post sharing the same one, when grouping named none;
//   - an article arriving after posts that share it joins their story
//     (the earliest post's), when grouping named none.
//
// 0 means no link decides: it.StoryID stands.
func linkedStory(ctx context.Context, tx txn, it mediawatch.Item) (int64, error) {
	var story sql.NullInt64
	if it.SharedURL != "" && it.SharedURL != it.CanonicalURL {
		err := tx.QueryRowContext(ctx, `SELECT story_id FROM items WHERE canonical_url = ?`, it.SharedURL).Scan(&story)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return 0, fmt.Errorf("story of shared %q: %w", it.SharedURL, err)
		}
		if story.Valid {
			return story.Int64, nil
		}
	}
	if it.StoryID != 0 {
		return 0, nil
	}
	// Posts sharing what it shares, or sharing it.
	shared := it.CanonicalURL
	if it.SharedURL != "" {
		shared = it.SharedURL
	}
	// "shared_url != ''" lets SQLite use the partial index items_shared_url
	// (it cannot tell that a parameter is not ''): without it every new
	// item would scan every item.
	err := tx.QueryRowContext(ctx, `SELECT story_id FROM items WHERE shared_url = ? AND shared_url != ''
		AND story_id IS NOT NULL ORDER BY id LIMIT 1`, shared).Scan(&story)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("story of posts sharing %q: %w", shared, err)
	}
	return story.Int64, nil
}

// AccountItems returns up to limit items of the account, newest first
// (by id, the order they were stored in), with ids below beforeID (0: from
// the newest): a caller pages on by passing the last id it got. A limit of
// 0 or less means 100. RuleIDs, Severity and Account are filled.
func (db *DB) AccountItems(ctx context.Context, accountID, beforeID int64, limit int) ([]mediawatch.Item, error) {
	if limit <= 0 {
		limit = defaultAccountPage
	}
	q := `SELECT ` + itemColumns + ` FROM items WHERE account_id = ? ORDER BY id DESC LIMIT ?`
	args := []any{accountID, limit}
	if beforeID > 0 {
		q = `SELECT ` + itemColumns + ` FROM items WHERE account_id = ? AND id < ? ORDER BY id DESC LIMIT ?`
		args = []any{accountID, beforeID, limit}
	}
	items, err := db.readItems(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("items of account %d: %w", accountID, err)
	}
	return items, nil
}

// ItemsSharing returns the items (posts) whose shared link is the article
// at canonicalURL, oldest first, with RuleIDs, Severity and Account.
func (db *DB) ItemsSharing(ctx context.Context, canonicalURL string) ([]mediawatch.Item, error) {
	if canonicalURL == "" {
		return nil, nil
	}
	items, err := db.readItems(ctx, `SELECT `+itemColumns+` FROM items WHERE shared_url = ? AND shared_url != ''
		ORDER BY id`, canonicalURL)
	if err != nil {
		return nil, fmt.Errorf("items sharing %q: %w", canonicalURL, err)
	}
	return items, nil
}

// readItems is queryItems with each item's rules (one query over the ids
// read; queryItems already attached the accounts).
func (db *DB) readItems(ctx context.Context, query string, args ...any) ([]mediawatch.Item, error) {
	items, err := db.queryItems(ctx, query, args...)
	if err != nil || len(items) == 0 {
		return items, err
	}
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	if err := db.attachRules(ctx, items, `item_id IN (`+db.intList("?")+`)`, string(list)); err != nil {
		return nil, err
	}
	return items, nil
}
