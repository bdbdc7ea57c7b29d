package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"

	"mediawatch"
)

// SyncSources makes the stored sources match the configured ones: each of
// srcs is inserted or updated by name, and every stored source not in srcs
// is marked not enabled. Removed sources are kept, not deleted, because their
// items still name them.
func (db *DB) SyncSources(ctx context.Context, srcs []mediawatch.Source) error {
	now := encodeTime(db.now())
	err := db.write(ctx, func(tx *sql.Tx) error {
		keep := make(map[string]bool, len(srcs))
		for _, s := range srcs {
			if s.Name == "" {
				return fmt.Errorf("%w: source without a name", mediawatch.ErrInvalid)
			}
			keep[s.Name] = true
			if err := upsertSource(ctx, tx, s, now); err != nil {
				return err
			}
		}
		return disableOthers(ctx, tx, keep, now)
	})
	if err != nil {
		return fmt.Errorf("sync sources: %w", err)
	}
	return nil
}

func upsertSource(ctx context.Context, tx *sql.Tx, s mediawatch.Source, now string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO sources
		(name, kind, url, selector, interval_seconds, weight, lang, keep, enabled, allow_private, updated_at,
		display_name)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, url = excluded.url,
			selector = excluded.selector, interval_seconds = excluded.interval_seconds,
			weight = excluded.weight, lang = excluded.lang, keep = excluded.keep,
			enabled = excluded.enabled, allow_private = excluded.allow_private,
			updated_at = excluded.updated_at, display_name = excluded.display_name`,
		s.Name, string(s.Kind), s.URL, s.Selector, s.Interval.Seconds(), s.Weight, s.Lang,
		string(s.Keep), boolInt(s.Enabled), boolInt(s.AllowPrivate), now, s.DisplayName)
	if err != nil {
		return fmt.Errorf("source %q: %w", s.Name, err)
	}
	return nil
}

// disableOthers marks every enabled source whose name is not in keep as not
// enabled.
func disableOthers(ctx context.Context, tx *sql.Tx, keep map[string]bool, now string) error {
	rows, err := tx.QueryContext(ctx, `SELECT name FROM sources WHERE enabled = 1`)
	if err != nil {
		return err
	}
	var gone []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return err
		}
		if !keep[name] {
			gone = append(gone, name)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, name := range gone {
		_, err := tx.ExecContext(ctx, `UPDATE sources SET enabled = 0, updated_at = ? WHERE name = ?`, now, name)
		if err != nil {
			return fmt.Errorf("disable source %q: %w", name, err)
		}
	}
	return nil
}

// Sources returns every stored source, enabled or not, by name.
func (db *DB) Sources(ctx context.Context) ([]mediawatch.Source, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT name, kind, url, selector, interval_seconds, weight,
		lang, keep, enabled, allow_private, display_name FROM sources ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	defer rows.Close()
	var out []mediawatch.Source
	for rows.Next() {
		var s mediawatch.Source
		var interval float64
		err := rows.Scan(&s.Name, &s.Kind, &s.URL, &s.Selector, &interval, &s.Weight,
			&s.Lang, &s.Keep, &s.Enabled, &s.AllowPrivate, &s.DisplayName)
		if err != nil {
			return nil, fmt.Errorf("sources: %w", err)
		}
		s.Interval = time.Duration(math.Round(interval * float64(time.Second)))
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	return out, nil
}

// SourceStats returns, for every source that is configured or has items, how
// many items it has and when the newest was first seen, by source name.
// Sources without items have zero Items and a zero LastItemAt.
func (db *DB) SourceStats(ctx context.Context) ([]mediawatch.SourceStats, error) {
	// Both halves run off indexes: the sources primary key and
	// items(source, first_seen). The names are found by a loose scan (a
	// seek each), and each source's count and newest item from its own
	// range of the index: a third of the cost of GROUP BY over the whole
	// index at 1,000,000 items (BENCHMARKS.md, "Issue 13 — health").
	rows, err := db.r.QueryContext(ctx, `
		WITH RECURSIVE s(name) AS (
			SELECT MIN(source) FROM items
			UNION ALL
			SELECT (SELECT MIN(source) FROM items WHERE source > s.name) FROM s WHERE s.name IS NOT NULL)
		SELECT s.name, (SELECT COUNT(*) FROM items`+db.indexedBy("items_source_first_seen")+` WHERE source = s.name),
			(SELECT MAX(first_seen) FROM items`+db.indexedBy("items_source_first_seen")+` WHERE source = s.name)
		FROM s WHERE s.name IS NOT NULL
		UNION ALL
		SELECT name, 0, '' FROM sources WHERE NOT EXISTS (SELECT 1 FROM items WHERE items.source = sources.name)
		ORDER BY 1`)
	if err != nil {
		return nil, fmt.Errorf("source stats: %w", err)
	}
	defer rows.Close()
	var out []mediawatch.SourceStats
	for rows.Next() {
		var st mediawatch.SourceStats
		var last string
		if err := rows.Scan(&st.Source, &st.Items, &last); err != nil {
			return nil, fmt.Errorf("source stats: %w", err)
		}
		if st.LastItemAt, err = decodeTime(last); err != nil {
			return nil, fmt.Errorf("source stats: %w", err)
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("source stats: %w", err)
	}
	return out, nil
}
