package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"mediawatch"
)

// StoryCandidate is what story grouping needs of one stored item: its
// story, its signature and its date. When the signature was never stored
// (Signed false: an item saved before stories, or by SaveItem), Title and
// Body are filled so the caller can compute it; Body is the text the item
// is judged by, its article text or else its feed summary.
type StoryCandidate struct {
	ItemID      int64
	StoryID     int64
	Fingerprint uint64
	Words       int
	TitleKey    string
	Sketch      []byte
	Date        time.Time // published if believable, else first seen: the item's date, as everywhere
	FirstSeen   time.Time
	Signed      bool
	Title, Body string
}

// candidateColumns read a stored candidate. A signature counts as stored
// when its words and its sketch are (items grouped before sketches were
// stored have words without a sketch); otherwise title and body are read.
// A sketch not computed (NULL) or empty reads as nil (see scanCandidate).
const candidateColumns = `id, COALESCE(story_id, 0), COALESCE(fingerprint, 0), COALESCE(words, 0), title_key,
	sketch, published, first_seen, words IS NOT NULL AND sketch IS NOT NULL,
	CASE WHEN words IS NULL OR sketch IS NULL THEN title ELSE '' END,
	CASE WHEN words IS NOT NULL AND sketch IS NOT NULL THEN '' WHEN text != '' THEN text ELSE summary END`

func scanCandidate(s scanner) (StoryCandidate, error) {
	var c StoryCandidate
	var fp int64
	var published, first string
	err := s.Scan(&c.ItemID, &c.StoryID, &fp, &c.Words, &c.TitleKey, &c.Sketch, &published, &first, &c.Signed, &c.Title, &c.Body)
	if err != nil {
		return StoryCandidate{}, err
	}
	c.Fingerprint = uint64(fp)
	if len(c.Sketch) == 0 {
		c.Sketch = nil // SQLite's driver reads an empty blob as nil, pgx as an empty slice
	}
	var d timeDecoder
	c.FirstSeen = d.decode(first)
	c.Date = (&mediawatch.Item{Published: d.decode(published), FirstSeen: c.FirstSeen}).EffectiveDate()
	return c, d.err
}

// StoryCandidates returns the items first seen at or after since, oldest
// first: what a story grouper holds at start.
func (db *DB) StoryCandidates(ctx context.Context, since time.Time) ([]StoryCandidate, error) {
	if err := checkTimes(since); err != nil {
		return nil, fmt.Errorf("story candidates: %w", err)
	}
	var out []StoryCandidate
	err := db.eachCandidate(ctx, `SELECT `+candidateColumns+` FROM items WHERE first_seen >= ? ORDER BY first_seen, id`,
		[]any{encodeTime(since)}, func(c StoryCandidate) error {
			out = append(out, c)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("story candidates: %w", err)
	}
	return out, nil
}

// StoryCandidatesByID returns the stored candidates of the items ids
// names that exist, by id: what a node's grouper takes of the items other
// nodes stored or moved (the change sequence names them).
func (db *DB) StoryCandidatesByID(ctx context.Context, ids []int64) ([]StoryCandidate, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	var out []StoryCandidate
	err = db.eachCandidate(ctx, `SELECT `+candidateColumns+` FROM items WHERE id IN (`+db.intList("?")+`) ORDER BY id`,
		[]any{string(list)}, func(c StoryCandidate) error {
			out = append(out, c)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("story candidates by id: %w", err)
	}
	return out, nil
}

// EachStoryCandidate calls fn with every stored item, in date order (the
// item's date, then id), from one snapshot, and stops at fn's first error.
// It holds a read transaction open while it runs; writes go on beside it.
func (db *DB) EachStoryCandidate(ctx context.Context, fn func(StoryCandidate) error) error {
	err := db.eachCandidate(ctx, `SELECT `+candidateColumns+` FROM items ORDER BY `+db.effectiveDate()+`, id`, nil, fn)
	if err != nil {
		return fmt.Errorf("every story candidate: %w", err)
	}
	return nil
}

func (db *DB) eachCandidate(ctx context.Context, query string, args []any, fn func(StoryCandidate) error) error {
	rows, err := db.r.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanCandidate(rows)
		if err != nil {
			return err
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ItemSignature is one item's grouping signature, for SetSignatures.
type ItemSignature struct {
	ItemID      int64
	Fingerprint uint64
	Signature
}

// SetSignatures stores computed signatures of items, in one transaction.
func (db *DB) SetSignatures(ctx context.Context, sigs []ItemSignature) error {
	if len(sigs) == 0 {
		return nil
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `UPDATE items SET fingerprint = ?, words = ?, title_key = ?, sketch = ? WHERE id = ?`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, s := range sigs {
			if _, err := stmt.ExecContext(ctx, int64(s.Fingerprint), s.Words, s.TitleKey, storedSketch(s.Sketch), s.ItemID); err != nil {
				return fmt.Errorf("item %d: %w", s.ItemID, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("set %d signatures: %w", len(sigs), err)
	}
	return nil
}

// mergeRow is what MergeStories needs of one story.
type mergeRow struct {
	id       int64
	first    string
	reviewed bool // editors have touched it: a status, or an event by someone
}

// MergeStories folds the stories ids into one, in one transaction, and
// returns the one kept. The kept story is the one editors have reviewed
// (a status other than new, or any change by someone), else the first
// seen; its review state and history stay, the others' items and system
// events move to it, and they are deleted. Its first and last seen are
// recomputed, its flags take its status, and it is raised when
// items stored after its answer joined it. Two reviewed stories are never
// merged: that is refused with mediawatch.ErrConflict, so no verdict is
// lost. Ids of stories that no longer exist are ignored; with fewer than
// two left nothing happens.
func (db *DB) MergeStories(ctx context.Context, ids []int64, at time.Time) (int64, error) {
	if err := checkTimes(at); err != nil {
		return 0, fmt.Errorf("merge stories: %w", err)
	}
	var into int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		rows, err := db.mergeRows(ctx, tx, ids)
		if err != nil || len(rows) < 2 {
			if len(rows) == 1 {
				into = rows[0].id
			}
			return err
		}
		keep, others, err := chooseKept(rows)
		if err != nil {
			return err
		}
		into = keep
		return db.fold(ctx, tx, keep, others, at)
	})
	if err != nil {
		return 0, fmt.Errorf("merge stories %v: %w", ids, err)
	}
	return into, nil
}

func (db *DB) mergeRows(ctx context.Context, tx *sql.Tx, ids []int64) ([]mergeRow, error) {
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT s.id, s.first_seen, s.status != 'new' OR EXISTS
		(SELECT 1 FROM story_events e WHERE e.story_id = s.id AND e.who != ?)
		FROM stories s WHERE s.id IN (`+db.intList("?")+`)`, SystemName, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []mergeRow
	for rows.Next() {
		var r mergeRow
		if err := rows.Scan(&r.id, &r.first, &r.reviewed); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// chooseKept picks the story that survives a merge.
func chooseKept(rows []mergeRow) (int64, []int64, error) {
	slices.SortFunc(rows, func(a, b mergeRow) int {
		if a.reviewed != b.reviewed {
			if a.reviewed {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(a.first, b.first), cmp.Compare(a.id, b.id))
	})
	if rows[1].reviewed {
		return 0, nil, fmt.Errorf("%w: stories %d and %d have both been reviewed", mediawatch.ErrConflict, rows[0].id, rows[1].id)
	}
	others := make([]int64, 0, len(rows)-1)
	for _, r := range rows[1:] {
		others = append(others, r.id)
	}
	return rows[0].id, others, nil
}

// fold moves the others' items and events into keep, deletes them and
// brings keep up to date.
func (db *DB) fold(ctx context.Context, tx *sql.Tx, keep int64, others []int64, at time.Time) error {
	list, err := json.Marshal(others)
	if err != nil {
		return err
	}
	// Each statement gets exactly the arguments it names: PostgreSQL's
	// driver refuses one that a statement does not use.
	for _, s := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE items SET story_id = ? WHERE story_id IN (` + db.intList("?") + `)`, []any{keep, string(list)}},
		{`UPDATE story_events SET story_id = ? WHERE story_id IN (` + db.intList("?") + `)`, []any{keep, string(list)}},
		{`DELETE FROM stories WHERE id IN (` + db.intList("?") + `)`, []any{string(list)}},
		{`UPDATE stories SET
			first_seen = (SELECT MIN(first_seen) FROM items WHERE story_id = ?1),
			last_seen = (SELECT MAX(first_seen) FROM items WHERE story_id = ?1),
			version = version + 1, updated_at = ?2 WHERE id = ?1`, []any{keep, encodeTime(at)}},
	} {
		if _, err := tx.ExecContext(ctx, s.sql, s.args...); err != nil {
			return fmt.Errorf("fold into story %d: %w", keep, err)
		}
	}
	var status, statusAt, raisedAt, last string
	err = tx.QueryRowContext(ctx, `SELECT status, status_at, raised_at, last_seen FROM stories WHERE id = ?`, keep).
		Scan(&status, &statusAt, &raisedAt, &last)
	if err != nil {
		return fmt.Errorf("fold into story %d: %w", keep, err)
	}
	st := mediawatch.FlagStatus(status)
	if err := setStoryFlags(ctx, tx, keep, st); err != nil {
		return err
	}
	names := make([]string, len(others))
	for i, id := range others {
		names[i] = fmt.Sprint(id)
	}
	note := "folded in stories " + strings.Join(names, ", ")
	err = addEvent(ctx, tx, mediawatch.StoryEvent{StoryID: keep, At: at, Who: SystemName, Action: "merged", Note: note})
	if err != nil {
		return err
	}
	if (st == mediawatch.FlagResponded || st == mediawatch.FlagDismissed) && raisedAt == "" && last > statusAt {
		return raiseStory(ctx, tx, keep, at, "items stored after the answer joined it by regrouping")
	}
	return nil
}
