package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"mediawatch"
)

// SystemName is who the store records for changes nobody asked for: a
// story raised again, stories merged by regrouping.
const SystemName = "mediawatch"

// Signature is the rest of an item's grouping signature beside
// Item.Fingerprint (see package story): the number of words the
// fingerprint was computed over, the title key ("" for a title too short
// to group on) and the sketch in its stored form (story.Sketch.Bytes; the
// store does not read it). Stored with the item, it lets grouping be
// rebuilt from the store without reading any text again.
type Signature struct {
	Words    int
	TitleKey string
	Sketch   []byte
}

// Saved is what SaveGrouped did: the outcome for the article, the story
// its item belongs to (0 for a duplicate), and whether the item raised a
// story that had been answered or dismissed.
type Saved struct {
	mediawatch.IngestResult
	StoryID int64
	Raised  bool

	status mediawatch.FlagStatus // the story's: what the item's new flags carry
}

// SaveGrouped is SaveItem for an item whose story grouping has decided:
// it.StoryID names the story a new item joins (0: a story of its own) and
// it.Fingerprint with sig is its signature, stored with it. An updated
// item keeps its story whatever it.StoryID says, and its signature is
// replaced. When the story it.StoryID names no longer exists (regrouping
// merged it away), the item gets a story of its own.
//
// A new item joining a story that is responded or dismissed raises it
// (Story.RaisedAt, a "raised" event, version + 1): it keeps spreading.
// The item's flags take its story's status.
func (db *DB) SaveGrouped(ctx context.Context, it mediawatch.Item, sig Signature, flags ...mediawatch.Flag) (Saved, error) {
	if sig.Words < 0 {
		return Saved{}, fmt.Errorf("save item %q: %w: negative word count", it.CanonicalURL, mediawatch.ErrInvalid)
	}
	return db.save(ctx, it, &sig, flags)
}

// save checks and stores it, retrying once when a racing save of the same
// URL won; sig nil stores no signature.
func (db *DB) save(ctx context.Context, it mediawatch.Item, sig *Signature, flags []mediawatch.Flag) (Saved, error) {
	if err := checkItem(it); err != nil {
		return Saved{}, fmt.Errorf("save item %q: %w", it.CanonicalURL, err)
	}
	if err := checkFlags(flags, true); err != nil {
		return Saved{}, fmt.Errorf("save item %q: %w", it.CanonicalURL, err)
	}
	res, err := db.saveOnce(ctx, it, sig, flags)
	if isUniqueViolation(err) {
		res, err = db.saveOnce(ctx, it, sig, flags)
	}
	if err != nil {
		return Saved{}, fmt.Errorf("save item %q: %w", it.CanonicalURL, err)
	}
	return res, nil
}

// signatureColumns are the signature columns of it: NULL when sig is nil
// (not computed), so that regrouping computes them.
func signatureColumns(it mediawatch.Item, sig *Signature) (fp, words sql.NullInt64, key string, sketch []byte) {
	if sig == nil {
		return fp, words, "", nil
	}
	fp = sql.NullInt64{Int64: int64(it.Fingerprint), Valid: true}
	words = sql.NullInt64{Int64: int64(sig.Words), Valid: true}
	return fp, words, sig.TitleKey, storedSketch(sig.Sketch)
}

// storedSketch is the sketch column's value for a computed sketch: never
// NULL (not computed), an empty blob for an item without words.
func storedSketch(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// newItemStory is the story a new item goes into, chosen before the item
// is inserted so that the item's row is written once, story and all.
type newItemStory struct {
	id       int64
	status   mediawatch.FlagStatus
	statusAt string
	raisedAt string
}

// storyForNewItem files a new item stored at seen before the item is
// inserted: in story want when it exists (one statement: it finds the
// story, moves its last seen and reads its review state), else in a new
// story (one insert).
func storyForNewItem(ctx context.Context, tx txn, want int64, seen time.Time) (newItemStory, error) {
	at := encodeTime(seen)
	if want > 0 {
		s := newItemStory{id: want}
		var status string
		// Last seen only moves forward (a CASE: SQLite's MAX(a, b) is not PostgreSQL's).
		err := tx.QueryRowContext(ctx, `UPDATE stories SET last_seen = CASE WHEN last_seen > ?1 THEN last_seen ELSE ?1 END
			WHERE id = ?2 RETURNING status, status_at, raised_at`, at, want).Scan(&status, &s.statusAt, &s.raisedAt)
		if err == nil {
			s.status = mediawatch.FlagStatus(status)
			return s, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return newItemStory{}, fmt.Errorf("join story %d: %w", want, err)
		}
	}
	id, err := startStory(ctx, tx, seen)
	return newItemStory{id: id, status: mediawatch.FlagNew, statusAt: at}, err
}

// raises reports whether a new item stored at seen raises the story: it
// had been answered or dismissed before, and not raised since.
func (s newItemStory) raises(seen time.Time) bool {
	return (s.status == mediawatch.FlagResponded || s.status == mediawatch.FlagDismissed) && s.raisedAt == "" &&
		encodeTime(seen) > s.statusAt
}

// startStory inserts a story first seen at seen. Its first item is found
// by reading: the earliest of its items.
func startStory(ctx context.Context, tx txn, seen time.Time) (int64, error) {
	at := encodeTime(seen)
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO stories (first_seen, last_seen, status, status_at, updated_at)
		VALUES (?, ?, 'new', ?, ?) RETURNING id`, at, at, at, at).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("start story: %w", err)
	}
	return id, nil
}

// raiseStory puts an answered or dismissed story back in the queue.
func raiseStory(ctx context.Context, tx txn, id int64, at time.Time, note string) error {
	when := encodeTime(at)
	_, err := tx.ExecContext(ctx, `UPDATE stories SET raised_at = ?, version = version + 1, updated_at = ? WHERE id = ?`,
		when, when, id)
	if err != nil {
		return fmt.Errorf("raise story %d: %w", id, err)
	}
	return addEvent(ctx, tx, mediawatch.StoryEvent{StoryID: id, At: at, Who: SystemName, Action: "raised", Note: note})
}

// storyOfItem returns the story of a stored item and its status, starting
// one when it has none (a database written without stories and not yet
// regrouped). It runs only when an item gets a new version, so that the
// common case, a duplicate, reads nothing of stories.
func storyOfItem(ctx context.Context, tx txn, item int64, cur sql.NullInt64) (int64, mediawatch.FlagStatus, error) {
	if cur.Valid {
		var st string
		err := tx.QueryRowContext(ctx, `SELECT status FROM stories WHERE id = ?`, cur.Int64).Scan(&st)
		if err != nil {
			return 0, "", fmt.Errorf("story %d of item %d: %w", cur.Int64, item, err)
		}
		return cur.Int64, mediawatch.FlagStatus(st), nil
	}
	var first string
	if err := tx.QueryRowContext(ctx, `SELECT first_seen FROM items WHERE id = ?`, item).Scan(&first); err != nil {
		return 0, "", fmt.Errorf("story of item %d: %w", item, err)
	}
	seen, err := decodeTime(first)
	if err != nil {
		return 0, "", fmt.Errorf("story of item %d: %w", item, err)
	}
	id, err := startStory(ctx, tx, seen)
	return id, mediawatch.FlagNew, err
}

// addEvent records one change to a story.
func addEvent(ctx context.Context, tx txn, e mediawatch.StoryEvent) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO story_events (story_id, at, who, action, from_status, to_status,
		assignee, note, url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.StoryID, encodeTime(e.At), e.Who, e.Action, string(e.From), string(e.To), e.Assignee, e.Note, e.URL)
	if err != nil {
		return fmt.Errorf("story %d: record %s: %w", e.StoryID, e.Action, err)
	}
	return nil
}

// flagStatusOf remembers, for the flags written in one transaction, the
// status of each item's story: a flag always carries its story's status.
type flagStatusOf map[int64]mediawatch.FlagStatus

// of returns the status a new flag on item must have: its story's, or
// new when the item has no story (or does not exist: the flag's foreign
// key refuses it then).
func (m flagStatusOf) of(ctx context.Context, tx txn, item int64) (mediawatch.FlagStatus, error) {
	if st, ok := m[item]; ok {
		return st, nil
	}
	var st string
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(s.status, 'new') FROM items i LEFT JOIN stories s ON s.id = i.story_id
		WHERE i.id = ?`, item).Scan(&st)
	if errors.Is(err, sql.ErrNoRows) {
		st, err = string(mediawatch.FlagNew), nil
	}
	if err != nil {
		return "", fmt.Errorf("status of item %d's story: %w", item, err)
	}
	m[item] = mediawatch.FlagStatus(st)
	return m[item], nil
}
