package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"mediawatch"
)

// SavedSearch is one search a person kept under a name: Params is the
// search page's query string.
type SavedSearch struct {
	ID        int64
	UserID    int64
	Name      string
	Params    string
	CreatedAt time.Time
}

// SaveSearch keeps params under name for user; a name the person already
// used is replaced (saving again is how one updates a search). It returns
// the stored search.
func (db *DB) SaveSearch(ctx context.Context, userID int64, name, params string) (SavedSearch, error) {
	now := db.now()
	var s SavedSearch
	err := db.write(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO saved_searches (user_id, name, params, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (user_id, name) DO UPDATE SET params = excluded.params, created_at = excluded.created_at
			RETURNING id`, userID, name, params, encodeTime(now)).Scan(&s.ID)
	})
	if err != nil {
		return SavedSearch{}, fmt.Errorf("save search %q: %w", name, err)
	}
	s.UserID, s.Name, s.Params, s.CreatedAt = userID, name, params, now
	return s, nil
}

// SavedSearches lists user's saved searches by name.
func (db *DB) SavedSearches(ctx context.Context, userID int64) ([]SavedSearch, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, name, params, created_at FROM saved_searches
		WHERE user_id = ? ORDER BY name`, userID)
	if err != nil {
		return nil, fmt.Errorf("saved searches: %w", err)
	}
	defer rows.Close()
	var out []SavedSearch
	for rows.Next() {
		s := SavedSearch{UserID: userID}
		var created string
		if err := rows.Scan(&s.ID, &s.Name, &s.Params, &created); err != nil {
			return nil, fmt.Errorf("saved searches: %w", err)
		}
		t, err := decodeTime(created)
		if err != nil {
			return nil, fmt.Errorf("saved searches: %w", err)
		}
		s.CreatedAt = t
		out = append(out, s)
	}
	return out, rows.Err()
}

// DeleteSavedSearch removes saved search id if it is user's; another
// person's search, or none, is mediawatch.ErrNotFound, so nobody can
// learn or remove what others saved.
func (db *DB) DeleteSavedSearch(ctx context.Context, userID, id int64) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM saved_searches WHERE id = ? AND user_id = ?`, id, userID)
		if err != nil {
			return fmt.Errorf("delete saved search %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("delete saved search %d: %w", id, mediawatch.ErrNotFound)
		}
		return nil
	})
}
