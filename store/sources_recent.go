package store

import (
	"context"
	"fmt"
	"time"
)

// SourceRecent is how many items one source brought since two moments:
// what the sources page calls "the last 24 hours" and "the last 7 days".
type SourceRecent struct {
	Source string
	Short  int // items first seen at or after the shorter window's start
	Long   int // items first seen at or after the longer window's start
}

// SourceRecentCounts counts, per source name, the items first seen at or
// after short and at or after long (long is the earlier moment). Sources
// with no item since long are left out. One query over the
// items(source, first_seen) index, whatever the number of sources.
func (db *DB) SourceRecentCounts(ctx context.Context, short, long time.Time) ([]SourceRecent, error) {
	if err := checkTimes(short, long); err != nil {
		return nil, fmt.Errorf("source recent counts: %w", err)
	}
	rows, err := db.r.QueryContext(ctx, `SELECT source, SUM(first_seen >= ?), COUNT(*) FROM items
		WHERE first_seen >= ? GROUP BY source ORDER BY source`, encodeTime(short), encodeTime(long))
	if err != nil {
		return nil, fmt.Errorf("source recent counts: %w", err)
	}
	defer rows.Close()
	var out []SourceRecent
	for rows.Next() {
		var r SourceRecent
		if err := rows.Scan(&r.Source, &r.Short, &r.Long); err != nil {
			return nil, fmt.Errorf("source recent counts: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("source recent counts: %w", err)
	}
	return out, nil
}
