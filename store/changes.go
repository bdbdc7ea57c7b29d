package store

import (
	"context"
	"fmt"
)

// Change is one entry of a PostgreSQL store's change sequence: something
// a search index holds of item ItemID changed (or the item was deleted),
// in a transaction made by node Node.
type Change struct {
	Seq    int64
	ItemID int64
	Node   string
}

// ChangedItems is the items changes name, each once, in the order of its
// first change.
func ChangedItems(changes []Change) []int64 {
	ids := make([]int64, 0, len(changes))
	seen := make(map[int64]bool, len(changes))
	for _, c := range changes {
		if !seen[c.ItemID] {
			seen[c.ItemID] = true
			ids = append(ids, c.ItemID)
		}
	}
	return ids
}

// Node is the name this DB's writes carry in the change sequence ("" on
// SQLite, which fills no sequence).
func (db *DB) Node() string { return db.node }

// LastChange is the newest change's sequence number, 0 when there is none
// (always on SQLite).
func (db *DB) LastChange(ctx context.Context) (int64, error) {
	var seq int64
	if err := db.r.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM changes`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("last change: %w", err)
	}
	return seq, nil
}

// ChangesAfter returns up to limit changes after seq, in order, and the
// last sequence number it looked at (seq when there is nothing newer).
// It leaves out the changes this DB made: its own writes its process
// indexes as it makes them.
func (db *DB) ChangesAfter(ctx context.Context, seq int64, limit int) ([]Change, int64, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT seq, item_id, node FROM changes WHERE seq > ? ORDER BY seq LIMIT ?`, seq, limit)
	if err != nil {
		return nil, seq, fmt.Errorf("changes after %d: %w", seq, err)
	}
	defer rows.Close()
	last := seq
	var out []Change
	for rows.Next() {
		var c Change
		if err := rows.Scan(&c.Seq, &c.ItemID, &c.Node); err != nil {
			return nil, seq, fmt.Errorf("changes after %d: %w", seq, err)
		}
		last = c.Seq
		if c.Node != db.node {
			out = append(out, c)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, seq, fmt.Errorf("changes after %d: %w", seq, err)
	}
	return out, last, nil
}

// PruneChanges deletes the changes older than keep entries behind the
// newest: a node that falls that far behind (or a new one) rebuilds its
// index from the store instead.
func (db *DB) PruneChanges(ctx context.Context, keep int64) (int64, error) {
	last, err := db.LastChange(ctx)
	if err != nil || last <= keep {
		return 0, err
	}
	r, err := db.w.ExecContext(ctx, `DELETE FROM changes WHERE seq <= ?`, last-keep)
	if err != nil {
		return 0, fmt.Errorf("prune changes: %w", err)
	}
	return r.RowsAffected()
}

// OldestChange is the oldest change kept, 0 when there is none.
func (db *DB) OldestChange(ctx context.Context) (int64, error) {
	var seq int64
	if err := db.r.QueryRowContext(ctx, `SELECT COALESCE(MIN(seq), 0) FROM changes`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("oldest change: %w", err)
	}
	return seq, nil
}
