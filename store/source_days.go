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
// name with one seek, and for each source and day a range of the same
// index is counted — the cost is the span's items plus a seek per source
// and day, not the whole table, and nothing is sorted.
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
	var days strings.Builder
	args := make([]any, 0, 2*n)
	for i := range n {
		if i > 0 {
			days.WriteString(", ")
		}
		fmt.Fprintf(&days, "(%d, ?, ?)", i)
		args = append(args, encodeTime(bounds[i]), encodeTime(bounds[i+1]))
	}
	// Each (source, day) is one count over a range of the covering index:
	// no row is sorted or grouped, and a day costs its own items. Zeros are
	// dropped here, not in SQL: "WHERE count > 0" would count twice.
	rows, err := db.r.QueryContext(ctx, `WITH RECURSIVE s(name) AS (
			SELECT MIN(source) FROM items
			UNION ALL
			SELECT (SELECT MIN(source) FROM items WHERE source > s.name) FROM s WHERE s.name IS NOT NULL),
		d(i, lo, hi) AS (VALUES `+days.String()+`)
		SELECT s.name, d.i, (SELECT COUNT(*) FROM items`+db.indexedBy("items_source_first_seen")+`
			WHERE source = s.name AND first_seen >= d.lo AND first_seen < d.hi)
		FROM s CROSS JOIN d WHERE s.name IS NOT NULL`, args...)
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
		if cnt == 0 {
			continue
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
