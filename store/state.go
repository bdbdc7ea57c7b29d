package store

import (
	"context"
	"database/sql"
	"fmt"

	"mediawatch"
)

// FetchState returns the conditional-GET validators remembered for url, or an
// error wrapping mediawatch.ErrNotFound when there are none.
func (db *DB) FetchState(ctx context.Context, url string) (mediawatch.FetchState, error) {
	st := mediawatch.FetchState{URL: url}
	var fetched string
	err := db.r.QueryRowContext(ctx,
		`SELECT etag, last_modified, status, fetched_at FROM fetch_state WHERE url = ?`, url).
		Scan(&st.ETag, &st.LastModified, &st.Status, &fetched)
	if err != nil {
		return mediawatch.FetchState{}, notFound(err, "fetch state", fmt.Sprintf("%q", url))
	}
	if st.FetchedAt, err = decodeTime(fetched); err != nil {
		return mediawatch.FetchState{}, fmt.Errorf("fetch state %q: %w", url, err)
	}
	return st, nil
}

// PutFetchState replaces what is remembered for st.URL.
func (db *DB) PutFetchState(ctx context.Context, st mediawatch.FetchState) error {
	if err := checkTimes(st.FetchedAt); err != nil {
		return fmt.Errorf("put fetch state %q: %w", st.URL, err)
	}
	_, err := db.w.ExecContext(ctx, `INSERT INTO fetch_state (url, etag, last_modified, status, fetched_at)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
			status = excluded.status, fetched_at = excluded.fetched_at`,
		st.URL, st.ETag, st.LastModified, st.Status, encodeTime(st.FetchedAt))
	if err != nil {
		return fmt.Errorf("put fetch state %q: %w", st.URL, err)
	}
	return nil
}

// healthColumns are what the crawler writes; the health check's state and
// state_since are read with them (healthRead) but written only by
// PutSourceState, so neither writer clobbers the other's fields.
const healthColumns = `source, last_attempt, last_success, last_error, last_error_at,
	consecutive_failures, next_attempt, warning`

const healthRead = healthColumns + `, state, state_since`

// SourceHealth returns the health of source, or an error wrapping
// mediawatch.ErrNotFound when the source was never tried.
func (db *DB) SourceHealth(ctx context.Context, source string) (mediawatch.SourceHealth, error) {
	row := db.r.QueryRowContext(ctx, `SELECT `+healthRead+` FROM source_health WHERE source = ?`, source)
	h, err := scanHealth(row)
	if err != nil {
		return mediawatch.SourceHealth{}, notFound(err, "source health", fmt.Sprintf("%q", source))
	}
	return h, nil
}

// ListSourceHealth returns the health of every source ever tried, by name.
func (db *DB) ListSourceHealth(ctx context.Context) ([]mediawatch.SourceHealth, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+healthRead+` FROM source_health ORDER BY source`)
	if err != nil {
		return nil, fmt.Errorf("list source health: %w", err)
	}
	defer rows.Close()
	var out []mediawatch.SourceHealth
	for rows.Next() {
		h, err := scanHealth(rows)
		if err != nil {
			return nil, fmt.Errorf("list source health: %w", err)
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list source health: %w", err)
	}
	return out, nil
}

// scanner is what *sql.Row and *sql.Rows share.
type scanner interface{ Scan(dest ...any) error }

func scanHealth(s scanner) (mediawatch.SourceHealth, error) {
	var h mediawatch.SourceHealth
	var attempt, success, errAt, next, state, since string
	err := s.Scan(&h.Source, &attempt, &success, &h.LastError, &errAt, &h.ConsecutiveFailures, &next, &h.Warning,
		&state, &since)
	if err != nil {
		return mediawatch.SourceHealth{}, err
	}
	var d timeDecoder
	h.LastAttempt = d.decode(attempt)
	h.LastSuccess = d.decode(success)
	h.LastErrorAt = d.decode(errAt)
	h.NextAttempt = d.decode(next)
	h.State, h.StateSince = mediawatch.HealthState(state), d.decode(since)
	return h, d.err
}

// PutSourceHealth replaces what the crawler remembers for h.Source: every
// field but State and StateSince, which are the health check's
// (PutSourceState) and are left as they are.
func (db *DB) PutSourceHealth(ctx context.Context, h mediawatch.SourceHealth) error {
	if err := checkTimes(h.LastAttempt, h.LastSuccess, h.LastErrorAt, h.NextAttempt); err != nil {
		return fmt.Errorf("put source health %q: %w", h.Source, err)
	}
	_, err := db.w.ExecContext(ctx, `INSERT INTO source_health (`+healthColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (source) DO UPDATE SET last_attempt = excluded.last_attempt,
			last_success = excluded.last_success, last_error = excluded.last_error,
			last_error_at = excluded.last_error_at, consecutive_failures = excluded.consecutive_failures,
			next_attempt = excluded.next_attempt, warning = excluded.warning`,
		h.Source, encodeTime(h.LastAttempt), encodeTime(h.LastSuccess), h.LastError,
		encodeTime(h.LastErrorAt), h.ConsecutiveFailures, encodeTime(h.NextAttempt), h.Warning)
	if err != nil {
		return fmt.Errorf("put source health %q: %w", h.Source, err)
	}
	return nil
}

// AppendCrawlLog adds one line to the crawl log. The log is bounded: it keeps
// the newest 100,000 lines (by insertion order), pruning older ones on the
// first append of each process and every 1,000 appends after that, so a busy
// crawler pays for a prune rarely and the table never grows far past the
// bound. A prune shares the append's transaction: the line is added only if
// the prune succeeds too.
func (db *DB) AppendCrawlLog(ctx context.Context, e mediawatch.CrawlLogEntry) error {
	if err := checkTimes(e.Time); err != nil {
		return fmt.Errorf("append crawl log: %w", err)
	}
	prune := db.appends.Add(1)%db.pruneEvery == 1
	err := db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO crawl_log (time, source, url, status, outcome, detail)
			VALUES (?, ?, ?, ?, ?, ?)`,
			encodeTime(e.Time), e.Source, e.URL, e.Status, e.Outcome, e.Detail)
		if err != nil || !prune {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM crawl_log WHERE id <=
			(SELECT id FROM crawl_log ORDER BY id DESC LIMIT 1 OFFSET ?)`, db.logKeep)
		if err != nil {
			return fmt.Errorf("prune: %w", err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("append crawl log: %w", err)
	}
	return nil
}

// defaultLogLimit is how many lines CrawlLog returns when asked for none.
const defaultLogLimit = 100

// CrawlLog returns up to limit lines of the crawl log, newest first, for one
// source or, when source is "", for all. A limit of 0 or less means 100.
func (db *DB) CrawlLog(ctx context.Context, source string, limit int) ([]mediawatch.CrawlLogEntry, error) {
	if limit <= 0 {
		limit = defaultLogLimit
	}
	const cols = `SELECT time, source, url, status, outcome, detail FROM crawl_log `
	var (
		rows *sql.Rows
		err  error
	)
	if source == "" {
		rows, err = db.r.QueryContext(ctx, cols+`ORDER BY time DESC, id DESC LIMIT ?`, limit)
	} else {
		rows, err = db.r.QueryContext(ctx, cols+`WHERE source = ? ORDER BY time DESC, id DESC LIMIT ?`, source, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("crawl log: %w", err)
	}
	defer rows.Close()
	var out []mediawatch.CrawlLogEntry
	for rows.Next() {
		var e mediawatch.CrawlLogEntry
		var t string
		if err := rows.Scan(&t, &e.Source, &e.URL, &e.Status, &e.Outcome, &e.Detail); err != nil {
			return nil, fmt.Errorf("crawl log: %w", err)
		}
		if e.Time, err = decodeTime(t); err != nil {
			return nil, fmt.Errorf("crawl log: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("crawl log: %w", err)
	}
	return out, nil
}
