package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"mediawatch"

	"github.com/jackc/pgx/v5/pgconn"
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
//
// flags are what the rules found in it. When the item is kept or updated
// they are written in the same transaction, about the version just stored
// (their ItemID and ItemVersion are set here), with their story's status
// (new for a new story) and created at it.FirstSeen; res.Flags says how
// many. For a duplicate none is written: the version they would be about
// already has its own. A flag the store refuses (see checkFlags) fails the
// whole save: neither item nor flags.
//
// Every kept or updated item is filed in a story in the same transaction:
// a new item joins the story it.StoryID names, or starts one of its own;
// an updated item keeps its story. SaveItem stores no grouping signature
// (see SaveGrouped), so regrouping computes it later. A shared link files
// a new item too (see linkedStory): a post sharing a stored article joins
// its story, an article shared by stored posts joins theirs.
//
// A post (it.Platform other than news) is saved with its post columns; its
// it.Account, when set, is upserted in the same transaction (see
// UpsertAccount) and becomes its AccountID. A new version keeps the post
// id, forwarded-from and shared URL it leaves empty, and views only grow —
// also when the text is the same (a duplicate of the same URL).
func (db *DB) SaveItem(ctx context.Context, it mediawatch.Item, flags ...mediawatch.Flag) (mediawatch.IngestResult, error) {
	res, err := db.save(ctx, it, nil, flags)
	return res.IngestResult, err
}

func checkItem(it mediawatch.Item) error {
	if it.CanonicalURL == "" {
		return fmt.Errorf("%w: no canonical URL", mediawatch.ErrInvalid)
	}
	if it.FirstSeen.IsZero() {
		return fmt.Errorf("%w: first seen not set", mediawatch.ErrInvalid)
	}
	// Published is kept as the source gave it, whatever the year: the
	// store is the record, and what is believed is decided by its readers
	// (mediawatch.Item.EffectiveDate). First seen is the clock's.
	return checkTimes(it.FirstSeen)
}

func isUniqueViolation(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE
	}
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505" // unique_violation
}

// current is what SaveItem needs to know of a stored item.
type current struct {
	id       int64
	hash     string
	feedOnly bool
	version  int
	story    sql.NullInt64
}

func (db *DB) saveOnce(ctx context.Context, it mediawatch.Item, sig *Signature, flags []mediawatch.Flag) (Saved, error) {
	var res Saved
	err := db.write(ctx, func(sqlTx *sql.Tx) error {
		tx := cachedTx{sqlTx, &db.stmts}
		var err error
		if res, err = db.saveIn(ctx, tx, it, sig); err != nil {
			return err
		}
		if res.Outcome != mediawatch.OutcomeKept && res.Outcome != mediawatch.OutcomeUpdated {
			return nil
		}
		return writeVersionFlags(ctx, tx, &res.IngestResult, it.FirstSeen, flags, res.status)
	})
	if batchIn(ctx, db) == nil { // a batch holds the writer's one connection: prepared after it
		db.stmts.prepareMissed(ctx)
	}
	return res, err
}

// The lookups every save makes, each an index search at any size of the
// store (TestSaveLookupsSearchIndexes): the item at a URL, and an item that
// has or had a text.
const (
	sqlItemAtURL = `SELECT id, content_hash, feed_only, version, story_id FROM items WHERE canonical_url = ?`
	sqlSameText  = `SELECT i.id, i.version, i.canonical_url FROM item_versions v JOIN items i ON i.id = v.item_id
		 WHERE v.content_hash = ? ORDER BY i.id LIMIT 1`
)

// saveIn decides, inside tx, whether it is an update, a duplicate or a new
// item, and stores it accordingly, in its story.
func (db *DB) saveIn(ctx context.Context, tx txn, it mediawatch.Item, sig *Signature) (Saved, error) {
	it, err := withAccount(ctx, tx, it)
	if err != nil {
		return Saved{}, err
	}
	var cur current
	err = tx.QueryRowContext(ctx, sqlItemAtURL, it.CanonicalURL).Scan(&cur.id, &cur.hash, &cur.feedOnly, &cur.version, &cur.story)
	switch {
	case err == nil:
		return db.updateItem(ctx, tx, cur, it, sig)
	case !errors.Is(err, sql.ErrNoRows):
		return Saved{}, err
	}
	if dup, ok, err := sameText(ctx, tx, it.ContentHash); err != nil || ok {
		return Saved{IngestResult: dup}, err
	}
	return insertItem(ctx, tx, it, sig)
}

// updateItem adds a version to the stored item cur, unless the new text is no
// news (same hash) or a downgrade (feed summary over full text). The item
// keeps its story; its signature is replaced.
func (db *DB) updateItem(ctx context.Context, tx txn, cur current, it mediawatch.Item, sig *Signature) (Saved, error) {
	res := mediawatch.IngestResult{Outcome: mediawatch.OutcomeDuplicate, ItemID: cur.id, Version: cur.version}
	switch {
	case cur.hash == it.ContentHash:
		res.Reason = fmt.Sprintf("same text as item %d", cur.id)
		// A post read again with the same text has been seen by more people:
		// its views move forward (never back: a cached page may lag); and
		// it is pinned or not as the channel shows it now.
		if it.Views > 0 {
			if _, err := tx.ExecContext(ctx, `UPDATE items SET views = ? WHERE id = ? AND views < ?`,
				it.Views, cur.id, it.Views); err != nil {
				return Saved{}, fmt.Errorf("views of item %d: %w", cur.id, err)
			}
		}
		if it.PostID != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE items SET pinned = ? WHERE id = ? AND pinned != ?`,
				boolInt(it.Pinned), cur.id, boolInt(it.Pinned)); err != nil {
				return Saved{}, fmt.Errorf("pinned of item %d: %w", cur.id, err)
			}
		}
		return Saved{IngestResult: res}, nil
	case !cur.feedOnly && it.FeedOnly:
		res.Reason = fmt.Sprintf("feed summary only; item %d already has the full text", cur.id)
		return Saved{IngestResult: res}, nil
	}
	v := cur.version + 1
	// The version that stops being current takes its title and text from
	// the item row, which held them for it (see insertVersion).
	if _, err := tx.ExecContext(ctx, `UPDATE item_versions SET (title, text) =
		(SELECT title, text FROM items WHERE id = ?) WHERE item_id = ? AND version = ?`,
		cur.id, cur.id, cur.version); err != nil {
		return Saved{}, fmt.Errorf("keep version %d of item %d: %w", cur.version, cur.id, err)
	}
	if err := insertVersion(ctx, tx, cur.id, v, it); err != nil {
		return Saved{}, err
	}
	story, status, err := storyOfItem(ctx, tx, cur.id, cur.story)
	if err != nil {
		return Saved{}, err
	}
	fp, words, key, sketch := signatureColumns(it, sig)
	_, err = tx.ExecContext(ctx, `UPDATE items SET url = ?, title = ?, text = ?,
		summary = COALESCE(NULLIF(?, ''), summary), author = COALESCE(NULLIF(?, ''), author),
		published = COALESCE(NULLIF(?, ''), published), lang = COALESCE(NULLIF(?, ''), lang),
		image = COALESCE(NULLIF(?, ''), image), feed_only = ?, content_hash = ?, version = ?, updated_at = ?,
		story_id = ?, fingerprint = ?, words = ?, title_key = ?, sketch = ?,
		platform = COALESCE(NULLIF(?, 'news'), platform), account_id = COALESCE(?, account_id),
		post_id = COALESCE(NULLIF(?, ''), post_id), views = `+db.greatest("views", "?")+`,
		forwarded_from = COALESCE(NULLIF(?, ''), forwarded_from), shared_url = COALESCE(NULLIF(?, ''), shared_url),
		pinned = ?
		WHERE id = ?`,
		append(append([]any{it.URL, it.Title, it.Text, it.Summary, it.Author, encodeTime(it.Published), it.Lang, it.Image,
			boolInt(it.FeedOnly), it.ContentHash, v, encodeTime(it.FirstSeen), story, fp, words, key, sketch},
			postColumns(it)...), cur.id)...)
	if err != nil {
		return Saved{}, fmt.Errorf("update item %d: %w", cur.id, err)
	}
	return Saved{IngestResult: mediawatch.IngestResult{
		Outcome: mediawatch.OutcomeUpdated, ItemID: cur.id, Version: v,
		Reason: fmt.Sprintf("text changed: version %d of item %d", v, cur.id),
	}, StoryID: story, status: status}, nil
}

// sameText looks for an item, at any URL, that has or had this content hash
// (every version, the current one included, has a row in item_versions).
func sameText(ctx context.Context, tx txn, hash string) (mediawatch.IngestResult, bool, error) {
	if hash == "" {
		return mediawatch.IngestResult{}, false, nil
	}
	var id int64
	var version int
	var url string
	err := tx.QueryRowContext(ctx, sqlSameText, hash).Scan(&id, &version, &url)
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

// insertItem stores a new item, with its signature, in the story it.StoryID
// names or in a story of its own (see storyForNewItem).
func insertItem(ctx context.Context, tx txn, it mediawatch.Item, sig *Signature) (Saved, error) {
	linked, err := linkedStory(ctx, tx, it)
	if err != nil {
		return Saved{}, err
	}
	if linked != 0 {
		it.StoryID = linked
	}
	story, err := storyForNewItem(ctx, tx, it.StoryID, it.FirstSeen)
	if err != nil {
		return Saved{}, err
	}
	seen := encodeTime(it.FirstSeen)
	fp, words, key, sketch := signatureColumns(it, sig)
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO items (source, url, canonical_url, title, text, summary,
		author, published, lang, image, feed_only, content_hash, version, first_seen, updated_at,
		story_id, fingerprint, words, title_key, sketch,
		platform, account_id, post_id, views, forwarded_from, shared_url, pinned)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		append([]any{it.Source, it.URL, it.CanonicalURL, it.Title, it.Text, it.Summary, it.Author,
			encodeTime(it.Published), it.Lang, it.Image, boolInt(it.FeedOnly), it.ContentHash, seen, seen,
			story.id, fp, words, key, sketch}, postColumns(it)...)...).Scan(&id)
	if err != nil {
		return Saved{}, fmt.Errorf("insert item: %w", err)
	}
	if err := insertVersion(ctx, tx, id, 1, it); err != nil {
		return Saved{}, err
	}
	raised := story.raises(it.FirstSeen)
	if raised {
		if err := raiseStory(ctx, tx, story.id, it.FirstSeen, fmt.Sprintf("item %d from %s", id, it.Source)); err != nil {
			return Saved{}, err
		}
	}
	return Saved{IngestResult: mediawatch.IngestResult{
		Outcome: mediawatch.OutcomeKept, ItemID: id, Version: 1, Reason: fmt.Sprintf("new item %d", id),
	}, StoryID: story.id, Raised: raised, status: story.status}, nil
}

// insertVersion adds version v of item id, the item's current one. Its
// title and text are left empty: the item row holds them while the version
// is current, and updateItem moves them here when a newer one replaces it
// (the readers take a current version's from the item: versionTitle,
// versionText). Every article was written twice — bench/scale at 100,000
// items: 6,480 bytes an item on disk, 3,800 with it written once — and the
// store's writes are a sixth of an import's CPU. A store from before keeps
// its current versions' copies, which read the same.
func insertVersion(ctx context.Context, tx txn, id int64, v int, it mediawatch.Item) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO item_versions
		(item_id, version, title, text, summary, content_hash, feed_only, seen_at)
		VALUES (?, ?, '', '', ?, ?, ?, ?)`,
		id, v, it.Summary, it.ContentHash, boolInt(it.FeedOnly), encodeTime(it.FirstSeen))
	if err != nil {
		return fmt.Errorf("insert version %d of item %d: %w", v, id, err)
	}
	return nil
}
