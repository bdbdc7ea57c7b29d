package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"mediawatch"
)

// storyExists wraps mediawatch.ErrNotFound when there is no story id, so
// that an empty list means an empty story, never a missing one.
func storyExists(ctx context.Context, q querier, id int64) error {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM stories WHERE id = ?`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("story %d: %w", id, mediawatch.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("story %d: %w", id, err)
	}
	return nil
}

// StoryItems returns the items of a story in the order they were stored
// (first seen, then id), with their RuleIDs and Severity, or an error
// wrapping mediawatch.ErrNotFound when there is no such story.
func (db *DB) StoryItems(ctx context.Context, id int64) ([]mediawatch.Item, error) {
	if err := storyExists(ctx, db.r, id); err != nil {
		return nil, err
	}
	items, err := db.queryItems(ctx, `SELECT `+itemColumns+` FROM items WHERE story_id = ? ORDER BY first_seen, id`, id)
	if err != nil {
		return nil, fmt.Errorf("items of story %d: %w", id, err)
	}
	err = db.attachRules(ctx, items, `item_id IN (SELECT id FROM items WHERE story_id = ?)`, id)
	if err != nil {
		return nil, fmt.Errorf("items of story %d: %w", id, err)
	}
	return items, nil
}

// StoryFlags returns every flag on the items of a story, of every version,
// newest first, or an error wrapping mediawatch.ErrNotFound when there is
// no such story.
func (db *DB) StoryFlags(ctx context.Context, id int64) ([]mediawatch.Flag, error) {
	if err := storyExists(ctx, db.r, id); err != nil {
		return nil, err
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+flagViewColumns+flagViewFrom+
		` WHERE i.story_id = ? ORDER BY f.created_at DESC, f.id DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("flags of story %d: %w", id, err)
	}
	defer rows.Close()
	out := []mediawatch.Flag{}
	for rows.Next() {
		v, err := scanFlagView(rows)
		if err != nil {
			return nil, fmt.Errorf("flags of story %d: %w", id, err)
		}
		out = append(out, v.Flag)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("flags of story %d: %w", id, err)
	}
	return out, nil
}

// StoryEvents returns the history of a story, oldest first, or an error
// wrapping mediawatch.ErrNotFound when there is no such story.
func (db *DB) StoryEvents(ctx context.Context, id int64) ([]mediawatch.StoryEvent, error) {
	if err := storyExists(ctx, db.r, id); err != nil {
		return nil, err
	}
	rows, err := db.r.QueryContext(ctx, `SELECT id, story_id, at, who, action, from_status, to_status, assignee,
		note, url FROM story_events WHERE story_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("history of story %d: %w", id, err)
	}
	defer rows.Close()
	out := []mediawatch.StoryEvent{}
	for rows.Next() {
		var e mediawatch.StoryEvent
		var at, from, to string
		err := rows.Scan(&e.ID, &e.StoryID, &at, &e.Who, &e.Action, &from, &to, &e.Assignee, &e.Note, &e.URL)
		if err != nil {
			return nil, fmt.Errorf("history of story %d: %w", id, err)
		}
		if e.At, err = decodeTime(at); err != nil {
			return nil, fmt.Errorf("history of story %d: %w", id, err)
		}
		e.From, e.To = mediawatch.FlagStatus(from), mediawatch.FlagStatus(to)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("history of story %d: %w", id, err)
	}
	return out, nil
}

// OpenStories returns every story the response queue holds, unordered
// (ranking is the caller's): stories with at least one flag that are new
// or in review, or answered or dismissed and raised again since. The
// counts the ranking needs — outlets, reach, severity, new items — are
// filled.
func (db *DB) OpenStories(ctx context.Context) ([]mediawatch.Story, error) {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("open stories: %w", err)
	}
	defer tx.Rollback()
	// A flag carries its story's status, so the stories of new and
	// in-review flags are the unanswered flagged stories (flags_status_created
	// finds them); raised ones are few (stories_raised).
	stories, err := db.queryStories(ctx, tx, `SELECT `+storyColumns+storyFrom+` WHERE s.id IN
		(SELECT i.story_id FROM flags f JOIN items i ON i.id = f.item_id WHERE f.status IN ('new', 'in_review')
		UNION SELECT r.id FROM stories r WHERE r.raised_at != '' AND EXISTS
			(SELECT 1 FROM items x JOIN flags xf ON xf.item_id = x.id WHERE x.story_id = r.id))
		ORDER BY s.id`)
	if err != nil {
		return nil, fmt.Errorf("open stories: %w", err)
	}
	return stories, nil
}

// RuleVerdicts is what editors' verdicts say of one rule: how many of its
// flags are on stories answered as real (responded) and how many on
// stories marked false positives, and Precision =
// Responded / (Responded + FalsePositive), nil while there is no verdict.
// Dismissed stories (real, but not worth an answer) count for neither.
type RuleVerdicts struct {
	Responded     int      `json:"responded"`
	FalsePositive int      `json:"false_positive"`
	Precision     *float64 `json:"precision"`
}

// RulePrecision returns the verdicts of every rule that has flags; a rule
// with flags but no verdict has zero counts and a nil Precision. A flag's
// status is its story's, so this counts flags (of every version of every
// item) on stories with each verdict.
func (db *DB) RulePrecision(ctx context.Context) (map[string]RuleVerdicts, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT rule_id, SUM(CASE WHEN status = 'responded' THEN 1 ELSE 0 END),
		SUM(CASE WHEN status = 'false_positive' THEN 1 ELSE 0 END) FROM flags GROUP BY rule_id`)
	if err != nil {
		return nil, fmt.Errorf("rule precision: %w", err)
	}
	defer rows.Close()
	out := map[string]RuleVerdicts{}
	for rows.Next() {
		var rule string
		var v RuleVerdicts
		if err := rows.Scan(&rule, &v.Responded, &v.FalsePositive); err != nil {
			return nil, fmt.Errorf("rule precision: %w", err)
		}
		if n := v.Responded + v.FalsePositive; n > 0 {
			p := float64(v.Responded) / float64(n)
			v.Precision = &p
		}
		out[rule] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("rule precision: %w", err)
	}
	return out, nil
}
