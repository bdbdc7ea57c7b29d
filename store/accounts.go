package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"mediawatch"
)

// maxHandle bounds a stored handle: the longest real ones (a Mastodon
// "user@instance") are far shorter; more is not a handle.
const maxHandle = 200

const accountColumns = `id, platform, handle, name, url, audience, watched, first_seen, last_seen`

func scanAccount(s scanner) (mediawatch.Account, error) {
	var a mediawatch.Account
	var platform, first, last string
	err := s.Scan(&a.ID, &platform, &a.Handle, &a.Name, &a.URL, &a.Audience, &a.Watched, &first, &last)
	if err != nil {
		return mediawatch.Account{}, err
	}
	a.Platform = mediawatch.Platform(platform)
	var d timeDecoder
	a.FirstSeen, a.LastSeen = d.decode(first), d.decode(last)
	return a, d.err
}

// normalAccount is a as stored: platform and handle normalised (see
// mediawatch.NormalPlatform and NormalHandle), name and URL trimmed. A
// handle that is empty, too long or holds spaces is refused.
func normalAccount(a mediawatch.Account) (mediawatch.Account, error) {
	a.Platform = mediawatch.NormalPlatform(string(a.Platform))
	a.Handle = mediawatch.NormalHandle(a.Platform, a.Handle)
	a.Name = strings.Join(strings.Fields(a.Name), " ")
	a.URL = strings.TrimSpace(a.URL)
	switch {
	case a.Handle == "":
		return a, fmt.Errorf("%w: account without a handle", mediawatch.ErrInvalid)
	case len(a.Handle) > maxHandle || strings.ContainsAny(a.Handle, " \t\r\n"):
		return a, fmt.Errorf("%w: %q is not an account handle", mediawatch.ErrInvalid, a.Handle)
	case a.Audience < 0:
		return a, fmt.Errorf("%w: negative audience for %s", mediawatch.ErrInvalid, a.Key())
	}
	return a, nil
}

// UpsertAccount records the account a (known by its platform and handle,
// normalised) as seen at seen, and returns it as stored. A new account is
// first and last seen at seen. A known one keeps its first seen and its
// last seen moves forward only; a name, URL or audience a leaves empty (0)
// keeps the stored one, so a page that hides its follower count does not
// erase the count another page showed; Watched is sticky — a true a.Watched
// sets it, a false one leaves it (SetWatchedAccounts is what clears it).
func (db *DB) UpsertAccount(ctx context.Context, a mediawatch.Account, seen time.Time) (mediawatch.Account, error) {
	var out mediawatch.Account
	err := db.write(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = upsertAccountIn(ctx, tx, a, seen)
		return err
	})
	if err != nil {
		return mediawatch.Account{}, fmt.Errorf("upsert account %s: %w", a.Key(), err)
	}
	return out, nil
}

// upsertAccountIn is UpsertAccount inside tx: saving a post records its
// author in the post's own transaction.
func upsertAccountIn(ctx context.Context, tx txn, a mediawatch.Account, seen time.Time) (mediawatch.Account, error) {
	a, err := normalAccount(a)
	if err != nil {
		return a, err
	}
	if seen.IsZero() {
		return a, fmt.Errorf("%w: account %s seen at no time", mediawatch.ErrInvalid, a.Key())
	}
	if err := checkTimes(seen); err != nil {
		return a, err
	}
	at := encodeTime(seen)
	// The stored columns are named accounts.x: PostgreSQL would not tell a
	// bare x from excluded.x.
	return scanAccount(tx.QueryRowContext(ctx, `INSERT INTO accounts
		(platform, handle, name, url, audience, watched, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (platform, handle) DO UPDATE SET
			name = COALESCE(NULLIF(excluded.name, ''), accounts.name),
			url = COALESCE(NULLIF(excluded.url, ''), accounts.url),
			audience = CASE WHEN excluded.audience > 0 THEN excluded.audience ELSE accounts.audience END,
			watched = CASE WHEN excluded.watched > accounts.watched THEN excluded.watched ELSE accounts.watched END,
			last_seen = CASE WHEN excluded.last_seen > accounts.last_seen THEN excluded.last_seen ELSE accounts.last_seen END
		RETURNING `+accountColumns,
		string(a.Platform), a.Handle, a.Name, a.URL, a.Audience, boolInt(a.Watched), at, at))
}

// SetWatchedAccounts makes exactly the accounts listed watched, with those
// whose posts came from the sources named in channels (the sources that
// read one account: ingest.SingleAccount): each listed account is upserted
// as watched (created when missing, first seen now; its Name is kept as
// the display name until the platform's page gives one), and every other
// account stops being watched — so an account whose channel is no longer
// read, and that is no longer configured, loses the mark, while one whose
// channel still is keeps it across a restart. One transaction: a crash
// leaves the old marks.
func (db *DB) SetWatchedAccounts(ctx context.Context, accounts []mediawatch.Account, channels ...string) error {
	now := db.now().UTC()
	err := db.write(ctx, func(tx *sql.Tx) error {
		ids := []int64{} // "[]", not "null": json_each of null is one NULL row, and PostgreSQL refuses it
		for _, a := range accounts {
			a.Watched = true
			// The configured name fills a missing one only: what the
			// platform's page says of itself is newer.
			name := a.Name
			a.Name = ""
			got, err := upsertAccountIn(ctx, tx, a, now)
			if err != nil {
				return err
			}
			if got.Name == "" && name != "" {
				if _, err := tx.ExecContext(ctx, `UPDATE accounts SET name = ? WHERE id = ?`, name, got.ID); err != nil {
					return err
				}
			}
			ids = append(ids, got.ID)
		}
		list, err := json.Marshal(ids)
		if err != nil {
			return err
		}
		if channels == nil {
			channels = []string{}
		}
		srcs, err := json.Marshal(channels)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE accounts SET watched = 0
			WHERE watched = 1 AND id NOT IN (`+db.intList("?")+`)
			AND NOT EXISTS (SELECT 1 FROM items WHERE items.account_id = accounts.id
				AND items.source IN (`+db.textList("?")+`))`, string(list), string(srcs))
		return err
	})
	if err != nil {
		return fmt.Errorf("set watched accounts: %w", err)
	}
	return nil
}

// Account returns the account with this id, or an error wrapping
// mediawatch.ErrNotFound.
func (db *DB) Account(ctx context.Context, id int64) (mediawatch.Account, error) {
	a, err := scanAccount(db.r.QueryRowContext(ctx, `SELECT `+accountColumns+` FROM accounts WHERE id = ?`, id))
	if err != nil {
		return mediawatch.Account{}, notFound(err, "account", id)
	}
	return a, nil
}

// AccountByHandle returns the account of this platform and handle (both
// normalised as stored), or an error wrapping mediawatch.ErrNotFound.
func (db *DB) AccountByHandle(ctx context.Context, platform mediawatch.Platform, handle string) (mediawatch.Account, error) {
	p := mediawatch.NormalPlatform(string(platform))
	h := mediawatch.NormalHandle(p, handle)
	a, err := scanAccount(db.r.QueryRowContext(ctx, `SELECT `+accountColumns+` FROM accounts
		WHERE platform = ? AND handle = ?`, string(p), h))
	if err != nil {
		return mediawatch.Account{}, notFound(err, "account", string(p)+":"+h)
	}
	return a, nil
}

// attachAccounts fills the Account of items that have an AccountID, in one
// query whatever their number.
func (db *DB) attachAccounts(ctx context.Context, items []mediawatch.Item) error {
	var ids []int64
	seen := map[int64]bool{}
	for _, it := range items {
		if it.AccountID != 0 && !seen[it.AccountID] {
			seen[it.AccountID] = true
			ids = append(ids, it.AccountID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return fmt.Errorf("accounts of items: %w", err)
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+accountColumns+` FROM accounts
		WHERE id IN (`+db.intList("?")+`)`, string(list))
	if err != nil {
		return fmt.Errorf("accounts of items: %w", err)
	}
	defer rows.Close()
	byID := make(map[int64]*mediawatch.Account, len(ids))
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return fmt.Errorf("accounts of items: %w", err)
		}
		byID[a.ID] = &a
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("accounts of items: %w", err)
	}
	for i := range items {
		if a := byID[items[i].AccountID]; a != nil {
			c := *a // each item its own copy: a caller may change one
			items[i].Account = &c
		}
	}
	return nil
}

// AccountFilter narrows Accounts.
type AccountFilter struct {
	Platform mediawatch.Platform // "" for every platform
	Watched  bool                // only watched accounts
	Limit    int                 // at most this many rows; 0 or less means 100
	// After continues a listing after the row whose Cursor it is; "" starts
	// at the beginning.
	After string
}

// AccountRow is one account with what its stored posts add up to.
type AccountRow struct {
	mediawatch.Account
	Posts    int       `json:"posts"`     // stored items of the account
	Flagged  int       `json:"flagged"`   // of those, items a rule flagged (any version)
	LastPost time.Time `json:"last_post"` // when the newest of them was first seen; zero with none
}

// Cursor is what AccountFilter.After takes to continue a listing after
// this row.
func (r AccountRow) Cursor() string {
	return fmt.Sprintf("%d.%d.%d", r.Audience, r.Posts, r.ID)
}

// parseAccountCursor reads a Cursor back.
func parseAccountCursor(s string) (audience int64, posts int, id int64, err error) {
	parts := strings.Split(s, ".")
	if len(parts) == 3 {
		audience, err = strconv.ParseInt(parts[0], 10, 64)
		if err == nil {
			posts, err = strconv.Atoi(parts[1])
		}
		if err == nil {
			id, err = strconv.ParseInt(parts[2], 10, 64)
		}
		if err == nil {
			return audience, posts, id, nil
		}
	}
	return 0, 0, 0, fmt.Errorf("%w: account cursor %q", mediawatch.ErrInvalid, s)
}

// defaultAccountPage is how many rows Accounts returns when asked for none.
const defaultAccountPage = 100

// Accounts lists accounts with their post and flag counts, the widest
// reach first: ordered by audience (followers or subscribers, unknown
// counting as 0) descending, then by stored posts descending, then by id —
// the accounts whose words travel furthest, then the most active. Posts
// are counted through items_account_first_seen, one pass over the posts
// of the accounts listed. A page is continued with f.After set to the
// last row's Cursor; counts that change between pages may move an account
// across the page boundary (shown twice or skipped), as in any listing of
// live counts.
func (db *DB) Accounts(ctx context.Context, f AccountFilter) ([]AccountRow, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = defaultAccountPage
	}
	where := []string{"1 = 1"} // a condition in both engines: PostgreSQL wants a boolean
	var args []any
	if f.Platform != "" {
		where = append(where, "a.platform = ?")
		args = append(args, string(mediawatch.NormalPlatform(string(f.Platform))))
	}
	if f.Watched {
		where = append(where, "a.watched = 1")
	}
	if f.After != "" {
		aud, posts, id, err := parseAccountCursor(f.After)
		if err != nil {
			return nil, fmt.Errorf("accounts: %w", err)
		}
		where = append(where, `(a.audience < ? OR (a.audience = ? AND (posts < ? OR (posts = ? AND a.id > ?))))`)
		args = append(args, aud, aud, posts, posts, id)
	}
	args = append(args, limit)
	rows, err := db.r.QueryContext(ctx, `SELECT * FROM (SELECT a.id, a.platform, a.handle, a.name, a.url,
			a.audience, a.watched, a.first_seen, a.last_seen,
			(SELECT COUNT(*) FROM items i WHERE i.account_id = a.id) AS posts,
			(SELECT COUNT(*) FROM items i WHERE i.account_id = a.id
				AND EXISTS (SELECT 1 FROM flags f WHERE f.item_id = i.id)) AS flagged,
			(SELECT COALESCE(MAX(i.first_seen), '') FROM items i WHERE i.account_id = a.id) AS last_post
		FROM accounts a) a
		WHERE `+strings.Join(where, " AND ")+`
		ORDER BY a.audience DESC, posts DESC, a.id LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("accounts: %w", err)
	}
	defer rows.Close()
	var out []AccountRow
	for rows.Next() {
		var r AccountRow
		var platform, first, last, lastPost string
		err := rows.Scan(&r.ID, &platform, &r.Handle, &r.Name, &r.URL, &r.Audience, &r.Watched, &first, &last,
			&r.Posts, &r.Flagged, &lastPost)
		if err != nil {
			return nil, fmt.Errorf("accounts: %w", err)
		}
		r.Platform = mediawatch.Platform(platform)
		var d timeDecoder
		r.FirstSeen, r.LastSeen, r.LastPost = d.decode(first), d.decode(last), d.decode(lastPost)
		if d.err != nil {
			return nil, fmt.Errorf("accounts: %w", d.err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("accounts: %w", err)
	}
	return out, nil
}
