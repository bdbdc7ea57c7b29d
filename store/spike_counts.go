package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Span is a half-open stretch of time, [From, To): one window of a spike
// check (the last hour, or the same hour on an earlier day).
type Span struct{ From, To time.Time }

// FlaggedItemCounts counts, for each rule and each span, the distinct items
// the rule flagged with a flag created in the span: the figures a rule's
// spike is judged on. A flag's creation time is when the office learned of
// the item (ingest flags an item as it stores it), and flags_created
// serves every span's range; a new version flagged again by the same rule
// counts once. The result maps a rule id to one count per span, in the
// order of spans; a rule with no flag in any span is absent.
func (db *DB) FlaggedItemCounts(ctx context.Context, spans []Span) (map[string][]int, error) {
	out := map[string][]int{}
	for i, s := range spans {
		if err := checkTimes(s.From, s.To); err != nil {
			return nil, fmt.Errorf("flagged item counts: %w", err)
		}
		rows, err := db.r.QueryContext(ctx, `SELECT rule_id, COUNT(DISTINCT item_id) FROM flags
			WHERE created_at >= ? AND created_at < ? GROUP BY rule_id`, encodeTime(s.From), encodeTime(s.To))
		if err != nil {
			return nil, fmt.Errorf("flagged item counts: %w", err)
		}
		for rows.Next() {
			var rule string
			var n int
			if err := rows.Scan(&rule, &n); err != nil {
				rows.Close()
				return nil, fmt.Errorf("flagged item counts: %w", err)
			}
			if out[rule] == nil {
				out[rule] = make([]int, len(spans))
			}
			out[rule][i] = n
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("flagged item counts: %w", err)
		}
	}
	return out, nil
}

// FlaggedStories returns the stories of the items rule flagged in s, the
// story with most such items first, at most limit: the stories a rule's
// spike raises in the queue.
func (db *DB) FlaggedStories(ctx context.Context, rule string, s Span, limit int) ([]int64, error) {
	if err := checkTimes(s.From, s.To); err != nil {
		return nil, fmt.Errorf("flagged stories: %w", err)
	}
	return db.storyIDs(ctx, `SELECT i.story_id FROM flags f JOIN items i ON i.id = f.item_id
		WHERE f.rule_id = ? AND f.created_at >= ? AND f.created_at < ? AND i.story_id IS NOT NULL
		GROUP BY i.story_id ORDER BY COUNT(DISTINCT f.item_id) DESC, i.story_id LIMIT ?`,
		rule, encodeTime(s.From), encodeTime(s.To), max(limit, 1))
}

// ItemStories returns the stories of items ids, the story with most of
// them first, at most limit: the stories a watch term's spike raises.
func (db *DB) ItemStories(ctx context.Context, ids []int64, limit int) ([]int64, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, 0, len(ids)+1)
	for _, id := range ids {
		args = append(args, id)
	}
	q := `SELECT story_id FROM items WHERE id IN (?` + strings.Repeat(",?", len(ids)-1) + `) AND story_id IS NOT NULL
		GROUP BY story_id ORDER BY COUNT(*) DESC, story_id LIMIT ?`
	return db.storyIDs(ctx, q, append(args, max(limit, 1))...)
}

// FirstItemAt is when the oldest stored item was first seen; zero with no
// items. A spike's baseline leaves out the days before it: a day mediawatch
// was not yet running is not a quiet day.
func (db *DB) FirstItemAt(ctx context.Context) (time.Time, error) {
	var s *string
	if err := db.r.QueryRowContext(ctx, "SELECT MIN(first_seen) FROM items").Scan(&s); err != nil {
		return time.Time{}, fmt.Errorf("first item: %w", err)
	}
	if s == nil {
		return time.Time{}, nil
	}
	return decodeTime(*s)
}

// storyIDs runs q, which selects one story id per row.
func (db *DB) storyIDs(ctx context.Context, q string, args ...any) ([]int64, error) {
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("spike stories: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("spike stories: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
