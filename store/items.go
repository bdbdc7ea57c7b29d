package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"mediawatch"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// SaveItem stores one article in one transaction, deciding inside it what
// the article is:
//
//   - An item already has it.CanonicalURL: with the same ContentHash, or when
//     the stored text is full and the new one only a feed summary (a full
//     text is never downgraded), the result is OutcomeDuplicate; otherwise a
//     new version is added and becomes the item's current text
//     (OutcomeUpdated). Author, Published, Lang, Image and Summary that the
//     new version leaves empty keep their stored values; Source and FirstSeen
//     never change.
//   - Another item has it.ContentHash (the same text at another URL):
//     OutcomeDuplicate, naming that item.
//   - Otherwise a new item with version 1: OutcomeKept.
//
// it.FirstSeen is "now": it becomes the new item's FirstSeen and the
// version's SeenAt and UpdatedAt. The result names the item and its current
// version. Two saves of one URL racing never make two items: the UNIQUE
// canonical_url makes the loser retry, and it then takes the update path.
func (db *DB) SaveItem(ctx context.Context, it mediawatch.Item) (mediawatch.IngestResult, error) {
	if err := checkItem(it); err != nil {
		return mediawatch.IngestResult{}, fmt.Errorf("save item %q: %w", it.CanonicalURL, err)
	}
	res, err := db.saveOnce(ctx, it)
	if isUniqueViolation(err) {
		res, err = db.saveOnce(ctx, it)
	}
	if err != nil {
		return mediawatch.IngestResult{}, fmt.Errorf("save item %q: %w", it.CanonicalURL, err)
	}
	return res, nil
}

func checkItem(it mediawatch.Item) error {
	if it.CanonicalURL == "" {
		return fmt.Errorf("%w: no canonical URL", mediawatch.ErrInvalid)
	}
	if it.FirstSeen.IsZero() {
		return fmt.Errorf("%w: first seen not set", mediawatch.ErrInvalid)
	}
	return checkTimes(it.Published, it.FirstSeen)
}

func isUniqueViolation(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE
}

// current is what SaveItem needs to know of a stored item.
type current struct {
	id       int64
	hash     string
	feedOnly bool
	version  int
}

func (db *DB) saveOnce(ctx context.Context, it mediawatch.Item) (mediawatch.IngestResult, error) {
	var res mediawatch.IngestResult
	err := db.write(ctx, func(tx *sql.Tx) error {
		var cur current
		err := tx.QueryRowContext(ctx,
			`SELECT id, content_hash, feed_only, version FROM items WHERE canonical_url = ?`, it.CanonicalURL).
			Scan(&cur.id, &cur.hash, &cur.feedOnly, &cur.version)
		switch {
		case err == nil:
			res, err = updateItem(ctx, tx, cur, it)
			return err
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		if dup, ok, err := sameText(ctx, tx, it.ContentHash); err != nil || ok {
			res = dup
			return err
		}
		res, err = insertItem(ctx, tx, it)
		return err
	})
	return res, err
}

// updateItem adds a version to the stored item cur, unless the new text is no
// news (same hash) or a downgrade (feed summary over full text).
func updateItem(ctx context.Context, tx *sql.Tx, cur current, it mediawatch.Item) (mediawatch.IngestResult, error) {
	res := mediawatch.IngestResult{Outcome: mediawatch.OutcomeDuplicate, ItemID: cur.id, Version: cur.version}
	switch {
	case cur.hash == it.ContentHash:
		res.Reason = fmt.Sprintf("same text as item %d", cur.id)
		return res, nil
	case !cur.feedOnly && it.FeedOnly:
		res.Reason = fmt.Sprintf("feed summary only; item %d already has the full text", cur.id)
		return res, nil
	}
	v := cur.version + 1
	if err := insertVersion(ctx, tx, cur.id, v, it); err != nil {
		return mediawatch.IngestResult{}, err
	}
	_, err := tx.ExecContext(ctx, `UPDATE items SET url = ?, title = ?, text = ?,
		summary = COALESCE(NULLIF(?, ''), summary), author = COALESCE(NULLIF(?, ''), author),
		published = COALESCE(NULLIF(?, ''), published), lang = COALESCE(NULLIF(?, ''), lang),
		image = COALESCE(NULLIF(?, ''), image), feed_only = ?, content_hash = ?, version = ?, updated_at = ?
		WHERE id = ?`,
		it.URL, it.Title, it.Text, it.Summary, it.Author, encodeTime(it.Published), it.Lang, it.Image,
		boolInt(it.FeedOnly), it.ContentHash, v, encodeTime(it.FirstSeen), cur.id)
	if err != nil {
		return mediawatch.IngestResult{}, fmt.Errorf("update item %d: %w", cur.id, err)
	}
	return mediawatch.IngestResult{
		Outcome: mediawatch.OutcomeUpdated, ItemID: cur.id, Version: v,
		Reason: fmt.Sprintf("text changed: version %d of item %d", v, cur.id),
	}, nil
}

// sameText looks for an item, at any URL, that has or had this content hash
// (every version, the current one included, has a row in item_versions).
func sameText(ctx context.Context, tx *sql.Tx, hash string) (mediawatch.IngestResult, bool, error) {
	if hash == "" {
		return mediawatch.IngestResult{}, false, nil
	}
	var id int64
	var version int
	var url string
	err := tx.QueryRowContext(ctx,
		`SELECT i.id, i.version, i.canonical_url FROM item_versions v JOIN items i ON i.id = v.item_id
		 WHERE v.content_hash = ? ORDER BY i.id LIMIT 1`, hash).
		Scan(&id, &version, &url)
	if errors.Is(err, sql.ErrNoRows) {
		return mediawatch.IngestResult{}, false, nil
	}
	if err != nil {
		return mediawatch.IngestResult{}, false, fmt.Errorf("find same text: %w", err)
	}
	return mediawatch.IngestResult{
		Outcome: mediawatch.OutcomeDuplicate, ItemID: id, Version: version,
		Reason: fmt.Sprintf("same text as item %d at %s", id, url),
	}, true, nil
}

func insertItem(ctx context.Context, tx *sql.Tx, it mediawatch.Item) (mediawatch.IngestResult, error) {
	seen := encodeTime(it.FirstSeen)
	r, err := tx.ExecContext(ctx, `INSERT INTO items (source, url, canonical_url, title, text, summary,
		author, published, lang, image, feed_only, content_hash, version, first_seen, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
		it.Source, it.URL, it.CanonicalURL, it.Title, it.Text, it.Summary, it.Author,
		encodeTime(it.Published), it.Lang, it.Image, boolInt(it.FeedOnly), it.ContentHash, seen, seen)
	if err != nil {
		return mediawatch.IngestResult{}, fmt.Errorf("insert item: %w", err)
	}
	id, err := r.LastInsertId()
	if err != nil {
		return mediawatch.IngestResult{}, fmt.Errorf("insert item: %w", err)
	}
	if err := insertVersion(ctx, tx, id, 1, it); err != nil {
		return mediawatch.IngestResult{}, err
	}
	return mediawatch.IngestResult{
		Outcome: mediawatch.OutcomeKept, ItemID: id, Version: 1, Reason: fmt.Sprintf("new item %d", id),
	}, nil
}

func insertVersion(ctx context.Context, tx *sql.Tx, id int64, v int, it mediawatch.Item) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO item_versions
		(item_id, version, title, text, summary, content_hash, feed_only, seen_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		id, v, it.Title, it.Text, it.Summary, it.ContentHash, boolInt(it.FeedOnly), encodeTime(it.FirstSeen))
	if err != nil {
		return fmt.Errorf("insert version %d of item %d: %w", v, id, err)
	}
	return nil
}

// defaultPageSize is how many items Items returns when asked for none.
const defaultPageSize = 1000

const itemColumns = `id, source, url, canonical_url, title, text, summary, author, published, lang,
	image, feed_only, content_hash, version, first_seen, updated_at`

func scanItem(s scanner) (mediawatch.Item, error) {
	var it mediawatch.Item
	var published, first, updated string
	err := s.Scan(&it.ID, &it.Source, &it.URL, &it.CanonicalURL, &it.Title, &it.Text, &it.Summary,
		&it.Author, &published, &it.Lang, &it.Image, &it.FeedOnly, &it.ContentHash, &it.Version,
		&first, &updated)
	if err != nil {
		return mediawatch.Item{}, err
	}
	var d timeDecoder
	it.Published = d.decode(published)
	it.FirstSeen = d.decode(first)
	it.UpdatedAt = d.decode(updated)
	return it, d.err
}

// Item returns the item with this id, or an error wrapping
// mediawatch.ErrNotFound.
func (db *DB) Item(ctx context.Context, id int64) (mediawatch.Item, error) {
	it, err := scanItem(db.r.QueryRowContext(ctx, `SELECT `+itemColumns+` FROM items WHERE id = ?`, id))
	if err != nil {
		return mediawatch.Item{}, notFound(err, "item", id)
	}
	return it, nil
}

// ItemByURL returns the item at this canonical URL, or an error wrapping
// mediawatch.ErrNotFound.
func (db *DB) ItemByURL(ctx context.Context, canonicalURL string) (mediawatch.Item, error) {
	row := db.r.QueryRowContext(ctx, `SELECT `+itemColumns+` FROM items WHERE canonical_url = ?`, canonicalURL)
	it, err := scanItem(row)
	if err != nil {
		return mediawatch.Item{}, notFound(err, "item", fmt.Sprintf("%q", canonicalURL))
	}
	return it, nil
}

// Items returns up to limit items with ids above afterID, in id order: a
// caller pages through every item by passing the last id it got. A limit of
// 0 or less means 1000.
func (db *DB) Items(ctx context.Context, afterID int64, limit int) ([]mediawatch.Item, error) {
	if limit <= 0 {
		limit = defaultPageSize
	}
	rows, err := db.r.QueryContext(ctx,
		`SELECT `+itemColumns+` FROM items WHERE id > ? ORDER BY id LIMIT ?`, afterID, limit)
	if err != nil {
		return nil, fmt.Errorf("items after %d: %w", afterID, err)
	}
	defer rows.Close()
	var out []mediawatch.Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, fmt.Errorf("items after %d: %w", afterID, err)
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("items after %d: %w", afterID, err)
	}
	return out, nil
}

// ItemVersions returns every version of the item, oldest first, or an error
// wrapping mediawatch.ErrNotFound when there is no such item.
func (db *DB) ItemVersions(ctx context.Context, id int64) ([]mediawatch.ItemVersion, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT item_id, version, title, text, summary, content_hash,
		feed_only, seen_at FROM item_versions WHERE item_id = ? ORDER BY version`, id)
	if err != nil {
		return nil, fmt.Errorf("versions of item %d: %w", id, err)
	}
	defer rows.Close()
	var out []mediawatch.ItemVersion
	for rows.Next() {
		var v mediawatch.ItemVersion
		var seen string
		err := rows.Scan(&v.ItemID, &v.Version, &v.Title, &v.Text, &v.Summary, &v.ContentHash,
			&v.FeedOnly, &seen)
		if err != nil {
			return nil, fmt.Errorf("versions of item %d: %w", id, err)
		}
		if v.SeenAt, err = decodeTime(seen); err != nil {
			return nil, fmt.Errorf("versions of item %d: %w", id, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("versions of item %d: %w", id, err)
	}
	if len(out) == 0 {
		// Every item has a version 1, so none means no item.
		return nil, fmt.Errorf("versions of item %d: %w", id, mediawatch.ErrNotFound)
	}
	return out, nil
}

// FirstSeen reports when the item at canonicalURL was first stored; ok is
// false when there is none.
func (db *DB) FirstSeen(ctx context.Context, canonicalURL string) (time.Time, bool, error) {
	var first string
	err := db.r.QueryRowContext(ctx, `SELECT first_seen FROM items WHERE canonical_url = ?`, canonicalURL).
		Scan(&first)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("first seen %q: %w", canonicalURL, err)
	}
	t, err := decodeTime(first)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("first seen %q: %w", canonicalURL, err)
	}
	return t, true, nil
}

// CountItems returns how many items are stored.
func (db *DB) CountItems(ctx context.Context) (int, error) {
	var n int
	if err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM items`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count items: %w", err)
	}
	return n, nil
}
