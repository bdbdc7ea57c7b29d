package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"mediawatch"
)

// Story page sizes, as for flags: Stories returns DefaultStoryPageSize
// stories when asked for none and refuses more than MaxStoryPageSize.
const (
	DefaultStoryPageSize = 50
	MaxStoryPageSize     = 1000
)

// StoryFilter selects stories. Empty lists and zero values select
// everything.
type StoryFilter struct {
	Statuses []mediawatch.FlagStatus
	From, To time.Time // on the story's first seen time; both inclusive
	Flagged  bool      // only stories at least one of whose items has a flag
	Assignee string    // only stories assigned to this name
	Page     int       // 1-based page of Size stories
	Size     int       // stories per page: DefaultStoryPageSize if 0, at most MaxStoryPageSize
}

// StoryPage is one page of stories, newest first, and the number of
// stories the filter selects in all pages.
type StoryPage struct {
	Total   int                `json:"total"`
	Stories []mediawatch.Story `json:"stories"`
}

// storyColumns are the stored columns of a story, over stories s joined to
// its first item fi: the earliest by (first_seen, id), one index seek.
const storyColumns = `s.id, fi.title, fi.id, s.first_seen, s.last_seen, s.status, s.status_at,
	s.assignee, s.response_url, s.responded_at, s.raised_at, s.version, s.updated_at`

const storyFrom = ` FROM stories s JOIN items fi ON fi.id =
	(SELECT x.id FROM items x WHERE x.story_id = s.id ORDER BY x.first_seen, x.id LIMIT 1)`

func scanStory(sc scanner) (mediawatch.Story, error) {
	var s mediawatch.Story
	var first, last, status, statusAt, responded, raised, updated string
	err := sc.Scan(&s.ID, &s.Title, &s.FirstItemID, &first, &last, &status, &statusAt, &s.Assignee,
		&s.ResponseURL, &responded, &raised, &s.Version, &updated)
	if err != nil {
		return mediawatch.Story{}, err
	}
	s.Status = mediawatch.FlagStatus(status)
	var d timeDecoder
	s.FirstSeen, s.LastSeen, s.StatusAt = d.decode(first), d.decode(last), d.decode(statusAt)
	s.RespondedAt, s.RaisedAt, s.UpdatedAt = d.decode(responded), d.decode(raised), d.decode(updated)
	return s, d.err
}

// Story returns one story with its counts (items, outlets, reach, flags,
// rules, severity), or an error wrapping mediawatch.ErrNotFound.
func (db *DB) Story(ctx context.Context, id int64) (mediawatch.Story, error) {
	s, err := db.storyIn(ctx, db.r, id)
	if err != nil {
		return mediawatch.Story{}, err
	}
	return s, nil
}

// storyIn reads one story and its counts through q (the read pool, or a
// write transaction that has just changed it).
func (db *DB) storyIn(ctx context.Context, q querier, id int64) (mediawatch.Story, error) {
	s, err := scanStory(q.QueryRowContext(ctx, `SELECT `+storyColumns+storyFrom+` WHERE s.id = ?`, id))
	if err != nil {
		return mediawatch.Story{}, notFound(err, "story", id)
	}
	one := []mediawatch.Story{s}
	if err := db.attachStoryStats(ctx, q, one); err != nil {
		return mediawatch.Story{}, fmt.Errorf("story %d: %w", id, err)
	}
	return one[0], nil
}

// Stories returns one page of the stories filter selects, newest first
// (first seen, then id, descending), and how many it selects in all, read
// from one snapshot.
func (db *DB) Stories(ctx context.Context, f StoryFilter) (StoryPage, error) {
	where, args, err := storyWhere(f)
	if err != nil {
		return StoryPage{}, fmt.Errorf("stories: %w", err)
	}
	size := cmp.Or(f.Size, DefaultStoryPageSize)
	offset := max(f.Page-1, 0) * size
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return StoryPage{}, fmt.Errorf("stories: %w", err)
	}
	defer tx.Rollback()
	page := StoryPage{Stories: []mediawatch.Story{}}
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM stories s`+where, args...).Scan(&page.Total); err != nil {
		return StoryPage{}, fmt.Errorf("stories: count: %w", err)
	}
	page.Stories, err = db.queryStories(ctx, tx, `SELECT `+storyColumns+storyFrom+where+
		` ORDER BY s.first_seen DESC, s.id DESC LIMIT ? OFFSET ?`, append(args, size, offset)...)
	if err != nil {
		return StoryPage{}, fmt.Errorf("stories: %w", err)
	}
	return page, nil
}

// storyWhere turns a filter into a WHERE clause over stories s, and refuses
// values no story can have.
func storyWhere(f StoryFilter) (string, []any, error) {
	if f.Size < 0 || f.Size > MaxStoryPageSize || f.Page < 0 {
		return "", nil, fmt.Errorf("%w: page %d of size %d (size at most %d)",
			mediawatch.ErrInvalid, f.Page, f.Size, MaxStoryPageSize)
	}
	if err := checkTimes(f.From, f.To); err != nil {
		return "", nil, err
	}
	for _, s := range f.Statuses {
		if !flagStatuses[s] {
			return "", nil, fmt.Errorf("%w: story status %q", mediawatch.ErrInvalid, s)
		}
	}
	var where string
	var args []any
	if !f.From.IsZero() {
		where, args = and(where, `s.first_seen >= ?`), append(args, encodeTime(f.From))
	}
	if !f.To.IsZero() {
		where, args = and(where, `s.first_seen <= ?`), append(args, encodeTime(f.To))
	}
	if f.Assignee != "" {
		where, args = and(where, `s.assignee = ?`), append(args, f.Assignee)
	}
	if f.Flagged {
		where = and(where, storyFlagged)
	}
	where, args = anyOf(where, args, "s.status", f.Statuses)
	if len(f.Statuses) > 0 && !slices.Contains(f.Statuses, mediawatch.FlagNew) {
		where = and(where, `s.status != 'new'`) // lets SQLite use stories_reviewed
	}
	return where, args, nil
}

// storyFlagged is the condition "some item of story s has a flag".
const storyFlagged = `EXISTS (SELECT 1 FROM items x JOIN flags xf ON xf.item_id = x.id WHERE x.story_id = s.id)`

// queryStories runs a SELECT of storyColumns and attaches the counts.
func (db *DB) queryStories(ctx context.Context, q querier, query string, args ...any) ([]mediawatch.Story, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []mediawatch.Story{}
	for rows.Next() {
		s, err := scanStory(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, db.attachStoryStats(ctx, q, out)
}

// attachStoryStats fills the derived fields of stories — items, outlets,
// reach, new items and outlets since the answer, flags, rules, severity —
// in two queries whatever their number.
func (db *DB) attachStoryStats(ctx context.Context, q querier, stories []mediawatch.Story) error {
	if len(stories) == 0 {
		return nil
	}
	at := make(map[int64]*mediawatch.Story, len(stories))
	ids := make([]int64, len(stories))
	for i := range stories {
		at[stories[i].ID], ids[i] = &stories[i], stories[i].ID
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return fmt.Errorf("story counts: %w", err)
	}
	if err := db.attachOutlets(ctx, q, at, string(list)); err != nil {
		return err
	}
	return db.attachStoryFlags(ctx, q, at, string(list))
}

// outletRow is one source's share of one story.
type outletRow struct {
	source string
	first  string
	weight float64
}

// attachOutlets counts each story's items per source: the outlets in the
// order they first carried it, the reach, and what came after the answer.
func (db *DB) attachOutlets(ctx context.Context, q querier, at map[int64]*mediawatch.Story, ids string) error {
	rows, err := q.QueryContext(ctx, `SELECT i.story_id, i.source, MIN(i.first_seen), COUNT(*),
		SUM(CASE WHEN s.status IN ('responded', 'dismissed') AND i.first_seen > s.status_at THEN 1 ELSE 0 END),
		COALESCE(MAX(src.weight), 1)
		FROM items i JOIN stories s ON s.id = i.story_id LEFT JOIN sources src ON src.name = i.source
		WHERE i.story_id IN (`+db.intList("?")+`) GROUP BY i.story_id, i.source`, ids)
	if err != nil {
		return fmt.Errorf("story outlets: %w", err)
	}
	defer rows.Close()
	outlets := map[int64][]outletRow{}
	for rows.Next() {
		var id int64
		var o outletRow
		var n, fresh int
		if err := rows.Scan(&id, &o.source, &o.first, &n, &fresh, &o.weight); err != nil {
			return fmt.Errorf("story outlets: %w", err)
		}
		s := at[id]
		s.Items += n
		s.NewItems += fresh
		if fresh > 0 {
			s.NewOutlets++
		}
		outlets[id] = append(outlets[id], o)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("story outlets: %w", err)
	}
	for id, os := range outlets {
		slices.SortFunc(os, func(a, b outletRow) int {
			return cmp.Or(cmp.Compare(a.first, b.first), cmp.Compare(a.source, b.source))
		})
		s := at[id]
		for _, o := range os {
			s.Outlets = append(s.Outlets, o.source)
			s.Reach = max(s.Reach, o.weight)
		}
	}
	for _, s := range at {
		if s.Outlets == nil {
			s.Outlets = []string{}
		}
	}
	return nil
}

// attachStoryFlags counts each story's flags per rule: the rules (highest
// severity first, then by id) and the highest severity.
func (db *DB) attachStoryFlags(ctx context.Context, q querier, at map[int64]*mediawatch.Story, ids string) error {
	rows, err := q.QueryContext(ctx, `SELECT i.story_id, f.rule_id, MAX(f.severity_rank), COUNT(*)
		FROM flags f JOIN items i ON i.id = f.item_id
		WHERE i.story_id IN (`+db.intList("?")+`) GROUP BY i.story_id, f.rule_id`, ids)
	if err != nil {
		return fmt.Errorf("story flags: %w", err)
	}
	defer rows.Close()
	type storyRule struct {
		story int64
		rule  string
	}
	rank := map[storyRule]int{}
	for rows.Next() {
		var id int64
		var rule string
		var r, n int
		if err := rows.Scan(&id, &rule, &r, &n); err != nil {
			return fmt.Errorf("story flags: %w", err)
		}
		s := at[id]
		s.Flags += n
		s.RuleIDs = append(s.RuleIDs, rule)
		rank[storyRule{id, rule}] = r
		if r > s.Severity.Rank() && r <= len(mediawatch.Severities) {
			s.Severity = mediawatch.Severities[r-1]
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("story flags: %w", err)
	}
	for id, s := range at {
		slices.SortFunc(s.RuleIDs, func(a, b string) int {
			return cmp.Or(cmp.Compare(rank[storyRule{id, b}], rank[storyRule{id, a}]), cmp.Compare(a, b))
		})
	}
	return nil
}
