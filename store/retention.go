package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Retention deletes items first seen before a cutoff, except those an
// editor may still need. An item is kept when it changed since the cutoff
// (updated_at), or when its story is protected:
//
//   - open in the response queue (a flag that is new or in review, or an
//     answered story raised again), or in review;
//   - flagged since the cutoff (any flag created since, on any of its items);
//   - given a verdict since the cutoff (status changed since, other than new).
//
// An unflagged story's status is new too; it is not "open", because it is
// in no queue. The cutoff is the first argument (?1) of the query.
const protectedStories = `protected(id) AS (
	SELECT i.story_id FROM flags f JOIN items i ON i.id = f.item_id WHERE f.status IN ('new', 'in_review')
	UNION SELECT i.story_id FROM flags f JOIN items i ON i.id = f.item_id WHERE f.created_at >= ?1
	UNION SELECT s.id FROM stories s WHERE s.status != 'new' AND (s.status = 'in_review' OR s.status_at >= ?1)
	UNION SELECT r.id FROM stories r WHERE r.raised_at != '' AND EXISTS
		(SELECT 1 FROM items x JOIN flags xf ON xf.item_id = x.id WHERE x.story_id = r.id))`

// expired selects the ids of the items retention deletes (pruneIn says
// the same in its own order).
const expired = `expired(id) AS (
	SELECT i.id FROM items i WHERE i.first_seen < ?1 AND i.updated_at < ?1
		AND (i.story_id IS NULL OR i.story_id NOT IN (SELECT id FROM protected)))`

// PrunePlan is what pruning at a cutoff would delete, read without
// writing: the dry run, and the totals a prune reports progress against.
type PrunePlan struct {
	Cutoff    time.Time     `json:"cutoff"`
	Items     int           `json:"items"`     // items that would be deleted
	Flags     int           `json:"flags"`     // their flags (of every version)
	Stories   int           `json:"stories"`   // stories that would be left empty, deleted with them
	Protected int           `json:"protected"` // items first seen before the cutoff that are kept
	Oldest    time.Time     `json:"oldest"`    // first seen of the oldest item that would go (zero: none)
	Newest    time.Time     `json:"newest"`    // first seen of the newest item that would go
	BySource  []SourceCount `json:"by_source"` // most items first
}

// SourceCount is how many items of one source a prune deletes.
type SourceCount struct {
	Source string `json:"source"`
	Items  int    `json:"items"`
}

// PlanPrune reads, in one read transaction, what PruneBatch would delete
// at cutoff, without writing.
func (db *DB) PlanPrune(ctx context.Context, cutoff time.Time) (PrunePlan, error) {
	p := PrunePlan{Cutoff: cutoff}
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return p, fmt.Errorf("plan prune: %w", err)
	}
	defer tx.Rollback()
	c := encodeTime(cutoff)
	rows, err := tx.QueryContext(ctx, `WITH `+protectedStories+`, `+expired+`
		SELECT i.source, COUNT(*), MIN(i.first_seen), MAX(i.first_seen) FROM items i JOIN expired e ON e.id = i.id
		GROUP BY i.source ORDER BY COUNT(*) DESC, i.source`, c)
	if err != nil {
		return p, fmt.Errorf("plan prune: %w", err)
	}
	defer rows.Close()
	var oldest, newest string
	for rows.Next() {
		var sc SourceCount
		var lo, hi string
		if err := rows.Scan(&sc.Source, &sc.Items, &lo, &hi); err != nil {
			return p, fmt.Errorf("plan prune: %w", err)
		}
		p.BySource = append(p.BySource, sc)
		p.Items += sc.Items
		if oldest == "" || lo < oldest {
			oldest = lo
		}
		newest = max(newest, hi)
	}
	if err := rows.Err(); err != nil {
		return p, fmt.Errorf("plan prune: %w", err)
	}
	var d timeDecoder
	p.Oldest, p.Newest = d.decode(oldest), d.decode(newest)
	if d.err != nil {
		return p, fmt.Errorf("plan prune: %w", d.err)
	}
	err = tx.QueryRowContext(ctx, `WITH `+protectedStories+`, `+expired+`
		SELECT (SELECT COUNT(*) FROM flags WHERE item_id IN (SELECT id FROM expired)),
			(SELECT COUNT(*) FROM stories s WHERE EXISTS (SELECT 1 FROM items i WHERE i.story_id = s.id)
				AND NOT EXISTS (SELECT 1 FROM items i WHERE i.story_id = s.id AND i.id NOT IN (SELECT id FROM expired))),
			(SELECT COUNT(*) FROM items WHERE first_seen < ?1) - (SELECT COUNT(*) FROM expired)`, c).
		Scan(&p.Flags, &p.Stories, &p.Protected)
	if err != nil {
		return p, fmt.Errorf("plan prune: %w", err)
	}
	return p, nil
}

// Pruned is what one PruneBatch deleted.
type Pruned struct {
	IDs     []int64 // the items, in id order
	Flags   int
	Stories int // stories left empty and deleted
}

// PruneBatch deletes up to limit of the oldest items retention lets go at
// cutoff, in one transaction: their versions and flags go with them (the
// schema's cascades), stories they leave empty go with their history, and
// stories they leave smaller start at their first remaining item.
//
// beforeCommit, if set, is called with the ids inside the transaction,
// after the deletes and before the commit: the index deletes them there.
// If it fails the transaction rolls back; if the process dies after it and
// before the commit, the items are still stored and the next start's
// reconcile indexes them again. Either way store and index agree. No other
// writer can add an item in between and take a deleted id (SQLite reuses
// the highest rowid), because the transaction holds the write lock.
//
// A batch with no ids means nothing is left to delete.
func (db *DB) PruneBatch(ctx context.Context, cutoff time.Time, limit int,
	beforeCommit func(ctx context.Context, ids []int64) error) (Pruned, error) {
	var res Pruned
	err := db.write(ctx, func(tx *sql.Tx) error {
		var err error
		if res, err = db.pruneIn(ctx, tx, cutoff, limit); err != nil || len(res.IDs) == 0 {
			return err
		}
		if beforeCommit != nil {
			return beforeCommit(ctx, res.IDs)
		}
		return nil
	})
	if err != nil {
		return Pruned{}, fmt.Errorf("prune: %w", err)
	}
	return res, nil
}

func (db *DB) pruneIn(ctx context.Context, tx *sql.Tx, cutoff time.Time, limit int) (Pruned, error) {
	var res Pruned
	// Oldest first along items_first_seen_story, so a batch stops after
	// limit rows instead of sorting every expired item.
	rows, err := tx.QueryContext(ctx, `WITH `+protectedStories+`
		SELECT i.id FROM items i WHERE i.first_seen < ?1 AND i.updated_at < ?1
			AND (i.story_id IS NULL OR i.story_id NOT IN (SELECT id FROM protected))
		ORDER BY i.first_seen LIMIT ?2`, encodeTime(cutoff), limit)
	if err != nil {
		return res, err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return res, err
		}
		res.IDs = append(res.IDs, id)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil || len(res.IDs) == 0 {
		return res, err
	}
	slices.Sort(res.IDs)
	list, err := json.Marshal(res.IDs)
	if err != nil {
		return res, err
	}
	ids := string(list)
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM flags WHERE item_id IN (`+db.intList("?")+`)`, ids).
		Scan(&res.Flags); err != nil {
		return res, err
	}
	// The stories are read before their items go; the temp table lives in
	// this connection and this transaction only. Its name is not qualified:
	// both engines find a temporary table before any other, and only
	// SQLite calls their schema "temp". A story id is 64-bit: BIGINT.
	for _, q := range []string{
		`CREATE TEMP TABLE IF NOT EXISTS prune_stories (id BIGINT PRIMARY KEY)`,
		`DELETE FROM prune_stories`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return res, err
		}
	}
	for _, q := range []string{
		`INSERT INTO prune_stories SELECT story_id FROM items
			WHERE id IN (` + db.intList("?") + `) AND story_id IS NOT NULL ON CONFLICT (id) DO NOTHING`,
		`DELETE FROM items WHERE id IN (` + db.intList("?") + `)`,
	} {
		if _, err := tx.ExecContext(ctx, q, ids); err != nil {
			return res, err
		}
	}
	r, err := tx.ExecContext(ctx, `DELETE FROM stories WHERE id IN (SELECT id FROM prune_stories)
		AND NOT EXISTS (SELECT 1 FROM items i WHERE i.story_id = stories.id)`)
	if err != nil {
		return res, err
	}
	n, _ := r.RowsAffected()
	res.Stories = int(n)
	_, err = tx.ExecContext(ctx, `UPDATE stories SET first_seen =
		(SELECT MIN(first_seen) FROM items i WHERE i.story_id = stories.id)
		WHERE id IN (SELECT id FROM prune_stories)`)
	return res, err
}
