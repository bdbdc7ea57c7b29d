package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"mediawatch"
)

// reportItemColumns are the item columns the report reads: no text, no
// summary, so that a month of items stays small.
const reportItemColumns = `i.id, i.source, i.url, i.canonical_url, i.title, i.published, i.lang, i.feed_only,
	i.version, i.first_seen, i.updated_at, i.story_id`

// reportItems selects, as CTE sel(id), the items first seen in [?1, ?2)
// and the items with a flag created in [?1, ?2), each once.
const reportItems = `WITH sel(id) AS (
	SELECT id FROM items WHERE first_seen >= ?1 AND first_seen < ?2
	UNION SELECT item_id FROM flags WHERE created_at >= ?1 AND created_at < ?2) `

// ReportEntries returns every item first seen in [from, to) and every item
// with a flag created in [from, to), each once, in id order, with its story
// and all of its flags (of every version). Two queries in one snapshot,
// whatever the number of items; the items' text is left empty.
func (db *DB) ReportEntries(ctx context.Context, from, to time.Time) ([]mediawatch.ReportEntry, error) {
	if err := checkRange(from, to); err != nil {
		return nil, fmt.Errorf("report entries: %w", err)
	}
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("report entries: %w", err)
	}
	defer tx.Rollback()
	f, t := encodeTime(from), encodeTime(to)
	entries, at, err := reportEntryItems(ctx, tx, f, t)
	if err != nil {
		return nil, fmt.Errorf("report entries: %w", err)
	}
	if err := reportEntryFlags(ctx, tx, f, t, entries, at); err != nil {
		return nil, fmt.Errorf("report entries: %w", err)
	}
	return entries, nil
}

// checkRange refuses a range the store cannot hold or an empty one turned
// round.
func checkRange(from, to time.Time) error {
	if err := checkTimes(from, to); err != nil {
		return err
	}
	if from.IsZero() || to.IsZero() || to.Before(from) {
		return fmt.Errorf("%w: range [%v, %v)", mediawatch.ErrInvalid, from, to)
	}
	return nil
}

func reportEntryItems(ctx context.Context, tx *sql.Tx, from, to string) ([]mediawatch.ReportEntry, map[int64]int, error) {
	rows, err := tx.QueryContext(ctx, reportItems+`SELECT `+reportItemColumns+
		` FROM items i JOIN sel ON sel.id = i.id ORDER BY i.id`, from, to)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	out := []mediawatch.ReportEntry{}
	at := map[int64]int{}
	for rows.Next() {
		var it mediawatch.Item
		var published, first, updated string
		var story sql.NullInt64
		err := rows.Scan(&it.ID, &it.Source, &it.URL, &it.CanonicalURL, &it.Title, &published, &it.Lang,
			&it.FeedOnly, &it.Version, &first, &updated, &story)
		if err != nil {
			return nil, nil, err
		}
		var d timeDecoder
		it.Published, it.FirstSeen, it.UpdatedAt = d.decode(published), d.decode(first), d.decode(updated)
		if d.err != nil {
			return nil, nil, d.err
		}
		it.StoryID = story.Int64
		at[it.ID] = len(out)
		out = append(out, mediawatch.ReportEntry{Item: it, Story: story.Int64, Flags: []mediawatch.Flag{}})
	}
	return out, at, rows.Err()
}

func reportEntryFlags(ctx context.Context, tx *sql.Tx, from, to string, entries []mediawatch.ReportEntry, at map[int64]int) error {
	rows, err := tx.QueryContext(ctx, reportItems+`SELECT f.id, f.item_id, f.item_version, f.rule_id,
		f.rule_version, f.severity, f.matches, f.snippet, f.status, f.created_at
		FROM flags f WHERE f.item_id IN (SELECT id FROM sel) ORDER BY f.created_at, f.id`, from, to)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		f, err := scanFlag(rows)
		if err != nil {
			return err
		}
		if i, ok := at[f.ItemID]; ok {
			entries[i].Flags = append(entries[i].Flags, f)
		}
	}
	return rows.Err()
}

// scanFlag reads a flag's own columns, in table order.
func scanFlag(s scanner) (mediawatch.Flag, error) {
	var f mediawatch.Flag
	var severity, matches, status, created string
	err := s.Scan(&f.ID, &f.ItemID, &f.ItemVersion, &f.RuleID, &f.RuleVersion, &severity, &matches,
		&f.Snippet, &status, &created)
	if err != nil {
		return f, err
	}
	f.Severity, f.Status = mediawatch.Severity(severity), mediawatch.FlagStatus(status)
	if err := json.Unmarshal([]byte(matches), &f.Matches); err != nil {
		return f, fmt.Errorf("flag %d: decode matches: %w", f.ID, err)
	}
	f.CreatedAt, err = decodeTime(created)
	return f, err
}

// reportStoryIDs selects, as CTE sel(id), the stories with a flag created
// in [?1, ?2), those marked responded in [?1, ?2), and the flagged stories
// whose review is new or in review now. A flag's status is its story's, so
// the last is read off the flags (their status index), not off every new
// story: an unflagged story is never in a report's picture.
const reportStoryIDs = `WITH sel(id) AS (
	SELECT i.story_id FROM flags f JOIN items i ON i.id = f.item_id
		WHERE f.created_at >= ?1 AND f.created_at < ?2 AND i.story_id IS NOT NULL
	UNION SELECT id FROM stories WHERE responded_at >= ?1 AND responded_at < ?2 AND responded_at != ''
	UNION SELECT i.story_id FROM flags f JOIN items i ON i.id = f.item_id
		WHERE f.status IN ('new', 'in_review') AND i.story_id IS NOT NULL) `

// ReportStories returns, in id order, every story with a flag created in
// [from, to), every story marked responded in [from, to) and every flagged
// story whose review is new or in review now — the stories report.Source
// promises — with title, first flag and outlets. Three queries in one
// snapshot, whatever the number of stories.
func (db *DB) ReportStories(ctx context.Context, from, to time.Time) ([]mediawatch.ReportStory, error) {
	if err := checkRange(from, to); err != nil {
		return nil, fmt.Errorf("report stories: %w", err)
	}
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("report stories: %w", err)
	}
	defer tx.Rollback()
	f, t := encodeTime(from), encodeTime(to)
	out, at, err := reportStoryRows(ctx, tx, f, t)
	if err != nil {
		return nil, fmt.Errorf("report stories: %w", err)
	}
	if err := reportStoryFirstFlags(ctx, tx, f, t, out, at); err != nil {
		return nil, fmt.Errorf("report stories: first flags: %w", err)
	}
	if err := reportStoryOutlets(ctx, tx, f, t, out, at); err != nil {
		return nil, fmt.Errorf("report stories: outlets: %w", err)
	}
	return out, nil
}

func reportStoryRows(ctx context.Context, tx *sql.Tx, from, to string) ([]mediawatch.ReportStory, map[int64]int, error) {
	rows, err := tx.QueryContext(ctx, reportStoryIDs+`SELECT s.id, fi.title, s.first_seen, s.status,
		s.responded_at`+storyFrom+` WHERE s.id IN (SELECT id FROM sel) ORDER BY s.id`, from, to)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	out := []mediawatch.ReportStory{}
	at := map[int64]int{}
	for rows.Next() {
		var s mediawatch.ReportStory
		var first, status, responded string
		if err := rows.Scan(&s.ID, &s.Title, &first, &status, &responded); err != nil {
			return nil, nil, err
		}
		var d timeDecoder
		s.FirstSeen, s.RespondedAt, s.Status = d.decode(first), d.decode(responded), mediawatch.FlagStatus(status)
		if d.err != nil {
			return nil, nil, d.err
		}
		s.Outlets = []string{}
		at[s.ID] = len(out)
		out = append(out, s)
	}
	return out, at, rows.Err()
}

func reportStoryFirstFlags(ctx context.Context, tx *sql.Tx, from, to string, out []mediawatch.ReportStory, at map[int64]int) error {
	rows, err := tx.QueryContext(ctx, reportStoryIDs+`SELECT i.story_id, MIN(f.created_at)
		FROM flags f JOIN items i ON i.id = f.item_id
		WHERE i.story_id IN (SELECT id FROM sel) GROUP BY i.story_id`, from, to)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var first string
		if err := rows.Scan(&id, &first); err != nil {
			return err
		}
		t, err := decodeTime(first)
		if err != nil {
			return err
		}
		if i, ok := at[id]; ok {
			out[i].FirstFlagged = t
		}
	}
	return rows.Err()
}

func reportStoryOutlets(ctx context.Context, tx *sql.Tx, from, to string, out []mediawatch.ReportStory, at map[int64]int) error {
	rows, err := tx.QueryContext(ctx, reportStoryIDs+`SELECT story_id, source FROM (
		SELECT i.story_id, i.source, MIN(i.first_seen) AS first FROM items i
		WHERE i.story_id IN (SELECT id FROM sel) GROUP BY i.story_id, i.source) AS firsts
		ORDER BY story_id, first, source`, from, to)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var source string
		if err := rows.Scan(&id, &source); err != nil {
			return err
		}
		if i, ok := at[id]; ok {
			out[i].Outlets = append(out[i].Outlets, source)
		}
	}
	return rows.Err()
}

// deliveriesKept bounds the delivery log: each record drops the rows
// older than the newest deliveriesKept, one range delete on the key.
const deliveriesKept = 100_000

// RecordDelivery appends d to the delivery log and returns its id. An
// attempt below 1, an empty event id or a time the store cannot hold is
// refused with mediawatch.ErrInvalid.
func (db *DB) RecordDelivery(ctx context.Context, d mediawatch.Delivery) (int64, error) {
	if d.EventID == "" || d.Attempt < 1 || d.At.IsZero() {
		return 0, fmt.Errorf("record delivery %q attempt %d: %w", d.EventID, d.Attempt, mediawatch.ErrInvalid)
	}
	if err := checkTimes(d.At); err != nil {
		return 0, fmt.Errorf("record delivery %q: %w", d.EventID, err)
	}
	var id int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO webhook_deliveries (event_id, url, attempt, status, error, at,
			duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, d.EventID, d.URL, d.Attempt, d.Status, d.Error,
			encodeTime(d.At), d.Duration.Milliseconds()).Scan(&id)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM webhook_deliveries WHERE id <= ?`, id-deliveriesKept)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("record delivery %q: %w", d.EventID, err)
	}
	return id, nil
}

// Deliveries returns the logged attempts of one event, or of every event
// when eventID is empty, oldest first, at most limit (100 when limit is 0
// or less) of the newest.
func (db *DB) Deliveries(ctx context.Context, eventID string, limit int) ([]mediawatch.Delivery, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := db.r.QueryContext(ctx, `SELECT id, event_id, url, attempt, status, error, at, duration_ms FROM (
		SELECT * FROM webhook_deliveries WHERE ?1 = '' OR event_id = ?1 ORDER BY id DESC LIMIT ?2) AS newest ORDER BY id`,
		eventID, limit)
	if err != nil {
		return nil, fmt.Errorf("deliveries %q: %w", eventID, err)
	}
	defer rows.Close()
	out := []mediawatch.Delivery{}
	for rows.Next() {
		var d mediawatch.Delivery
		var at string
		var ms int64
		if err := rows.Scan(&d.ID, &d.EventID, &d.URL, &d.Attempt, &d.Status, &d.Error, &at, &ms); err != nil {
			return nil, fmt.Errorf("deliveries %q: %w", eventID, err)
		}
		if d.At, err = decodeTime(at); err != nil {
			return nil, fmt.Errorf("deliveries %q: %w", eventID, err)
		}
		d.Duration = time.Duration(ms) * time.Millisecond
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("deliveries %q: %w", eventID, err)
	}
	return out, nil
}

// ReportVolume counts, for each day [bounds[i], bounds[i+1]), what
// mediawatch.DayVolume holds: len(bounds)-1 days, in one snapshot, from the
// first_seen and created_at indexes — no item is read whole, so a month of
// chart costs what counting costs, not what a month of items does.
func (db *DB) ReportVolume(ctx context.Context, bounds []time.Time) ([]mediawatch.DayVolume, error) {
	for i := 1; i < len(bounds); i++ {
		if err := checkRange(bounds[i-1], bounds[i]); err != nil {
			return nil, fmt.Errorf("report volume: %w", err)
		}
	}
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("report volume: %w", err)
	}
	defer tx.Rollback()
	out := make([]mediawatch.DayVolume, max(0, len(bounds)-1))
	for i := range out {
		f, t := encodeTime(bounds[i]), encodeTime(bounds[i+1])
		c := &out[i]
		err := tx.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT story_id) + count(*) - count(story_id)
			FROM items WHERE first_seen >= ? AND first_seen < ?`, f, t).Scan(&c.Items, &c.Stories)
		if err == nil {
			err = tx.QueryRowContext(ctx, `SELECT count(DISTINCT item_id) FROM flags
				WHERE created_at >= ? AND created_at < ?`, f, t).Scan(&c.Flagged)
		}
		if err != nil {
			return nil, fmt.Errorf("report volume: %w", err)
		}
	}
	return out, nil
}
