package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"mediawatch"
)

// SourceDayCounts counts each source's items by the day they were first
// seen. bounds are the days' edges, increasing: day i is [bounds[i],
// bounds[i+1]), so n+1 bounds make n days, and the caller (who knows the
// zone, and its summer-time days of 23 or 25 hours) says where a local day
// starts. The answer has, for every source with an item in [bounds[0],
// bounds[n]), its n counts; a source with none is left out.
//
// One query: a loose scan of items(source, first_seen) finds each source
// name with one seek, and for each a range of the same index gives its
// items in the span — the cost is the span's items plus a seek per source,
// not the whole table.
func (db *DB) SourceDayCounts(ctx context.Context, bounds []time.Time) (map[string][]int, error) {
	n := len(bounds) - 1
	if n < 1 {
		return nil, fmt.Errorf("source day counts: %w: want at least 2 bounds, got %d", mediawatch.ErrInvalid, len(bounds))
	}
	if err := checkTimes(bounds...); err != nil {
		return nil, fmt.Errorf("source day counts: %w", err)
	}
	for i := 1; i <= n; i++ {
		if !bounds[i].After(bounds[i-1]) {
			return nil, fmt.Errorf("source day counts: %w: bounds not increasing at %d", mediawatch.ErrInvalid, i)
		}
	}
	var day strings.Builder
	args := make([]any, 0, n+1)
	if n == 1 {
		day.WriteString("0")
	} else {
		day.WriteString("CASE")
		for i := 1; i < n; i++ {
			fmt.Fprintf(&day, " WHEN i.first_seen < ? THEN %d", i-1)
			args = append(args, encodeTime(bounds[i]))
		}
		fmt.Fprintf(&day, " ELSE %d END", n-1)
	}
	args = append(args, encodeTime(bounds[0]), encodeTime(bounds[n]))
	rows, err := db.r.QueryContext(ctx, `WITH RECURSIVE s(name) AS (
			SELECT MIN(source) FROM items
			UNION ALL
			SELECT (SELECT MIN(source) FROM items WHERE source > s.name) FROM s WHERE s.name IS NOT NULL)
		SELECT i.source, `+day.String()+` AS day, COUNT(*)
		FROM s CROSS JOIN items i INDEXED BY items_source_first_seen
		WHERE i.source = s.name AND i.first_seen >= ? AND i.first_seen < ?
		GROUP BY i.source, day`, args...)
	if err != nil {
		return nil, fmt.Errorf("source day counts: %w", err)
	}
	defer rows.Close()
	out := map[string][]int{}
	for rows.Next() {
		var (
			src      string
			day, cnt int
		)
		if err := rows.Scan(&src, &day, &cnt); err != nil {
			return nil, fmt.Errorf("source day counts: %w", err)
		}
		if out[src] == nil {
			out[src] = make([]int, n)
		}
		out[src][day] = cnt
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("source day counts: %w", err)
	}
	return out, nil
}

// PutSourceState records the health check's judgement of source: its
// state and since when. The crawler's fields are left as they are (a
// source never crawled gets a row with only these).
func (db *DB) PutSourceState(ctx context.Context, source string, state mediawatch.HealthState, since time.Time) error {
	if err := checkTimes(since); err != nil {
		return fmt.Errorf("put source state %q: %w", source, err)
	}
	_, err := db.w.ExecContext(ctx, `INSERT INTO source_health (source, state, state_since) VALUES (?, ?, ?)
		ON CONFLICT (source) DO UPDATE SET state = excluded.state, state_since = excluded.state_since`,
		source, string(state), encodeTime(since))
	if err != nil {
		return fmt.Errorf("put source state %q: %w", source, err)
	}
	return nil
}
