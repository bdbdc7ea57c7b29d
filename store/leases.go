package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"mediawatch"
)

// The crawl shared among the nodes of one store (migration 0018). A node
// crawls a source only while it holds the source's lease: LeaseSources
// gives it the due sources nobody holds, RenewSourceLease keeps one while
// the crawl lasts, ReleaseSourceLease gives it back once the source's next
// attempt is stored. A node that dies stops renewing, and its sources are
// taken by the next node that finds them due once their leases expire.
// Requests to one host take turns across nodes through the host's slot
// (TakeHost, ReleaseHost), which carries the host's next allowed time.
//
// Times are the nodes' own clocks, so the nodes' clocks must agree (NTP)
// to well under the host delay and the lease. On SQLite, with one node,
// the same calls work and nobody else ever holds anything.

// LeaseSources gives db's node the lease of up to n of the named sources
// until now+ttl: those whose next attempt (their stored health) is due at
// now and whose lease nobody holds, the longest due first. It returns the
// health of each source leased, as stored (a source never tried has only
// its name). Sources are read FOR UPDATE SKIP LOCKED, so that two nodes
// leasing at once never get the same source.
func (db *DB) LeaseSources(ctx context.Context, names []string, n int, now time.Time, ttl time.Duration) ([]mediawatch.SourceHealth, error) {
	if len(names) == 0 || n <= 0 {
		return nil, nil
	}
	if err := checkTimes(now, now.Add(ttl)); err != nil {
		return nil, fmt.Errorf("lease sources: %w", err)
	}
	list, err := json.Marshal(names)
	if err != nil {
		return nil, err
	}
	at := encodeTime(now)
	// Most calls find nothing due: they read, and leave the write lock to
	// the writers.
	var due int
	err = db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM (`+db.textList("?1")+`) AS n
		LEFT JOIN source_leases l ON l.source = n.value LEFT JOIN source_health h ON h.source = n.value
		WHERE COALESCE(l.until, '') < ?2 AND COALESCE(h.next_attempt, '') <= ?2`, string(list), at).Scan(&due)
	if err != nil {
		return nil, fmt.Errorf("lease sources: %w", err)
	}
	if due == 0 {
		return nil, nil
	}
	var out []mediawatch.SourceHealth
	err = db.write(ctx, func(tx *sql.Tx) error {
		out = nil
		if _, err := tx.ExecContext(ctx, `INSERT INTO source_leases (source) `+db.textList("?")+` WHERE true
			ON CONFLICT (source) DO NOTHING`, string(list)); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT l.source FROM source_leases l
			LEFT JOIN source_health h ON h.source = l.source
			WHERE l.source IN (`+db.textList("?1")+`) AND l.until < ?2 AND COALESCE(h.next_attempt, '') <= ?2
			ORDER BY COALESCE(h.next_attempt, ''), l.source LIMIT ?3`+db.skipLocked("l"),
			string(list), at, n)
		if err != nil {
			return err
		}
		var got []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				rows.Close()
				return err
			}
			got = append(got, s)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		until := encodeTime(now.Add(ttl))
		for _, s := range got {
			if _, err := tx.ExecContext(ctx, `UPDATE source_leases SET node = ?, until = ? WHERE source = ?`, db.node, until, s); err != nil {
				return err
			}
			h, err := scanHealth(tx.QueryRowContext(ctx, `SELECT `+healthRead+` FROM source_health WHERE source = ?`, s))
			switch {
			case errors.Is(err, sql.ErrNoRows):
				h = mediawatch.SourceHealth{Source: s}
			case err != nil:
				return err
			}
			out = append(out, h)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("lease sources: %w", err)
	}
	return out, nil
}

// RenewSourceLease keeps db's node's lease of source until now+ttl. It
// reports false when the node no longer holds it: the lease expired and
// another node took the source.
func (db *DB) RenewSourceLease(ctx context.Context, source string, now time.Time, ttl time.Duration) (bool, error) {
	if err := checkTimes(now.Add(ttl)); err != nil {
		return false, fmt.Errorf("renew lease of %q: %w", source, err)
	}
	r, err := db.w.ExecContext(ctx, `UPDATE source_leases SET until = ? WHERE source = ? AND node = ?`,
		encodeTime(now.Add(ttl)), source, db.node)
	if err != nil {
		return false, fmt.Errorf("renew lease of %q: %w", source, err)
	}
	n, err := r.RowsAffected()
	return n == 1, err
}

// ReleaseSourceLease gives back db's node's lease of source, if it still
// holds it; the source is then due for any node at its next attempt.
func (db *DB) ReleaseSourceLease(ctx context.Context, source string) error {
	if _, err := db.w.ExecContext(ctx, `UPDATE source_leases SET until = '' WHERE source = ? AND node = ?`, source, db.node); err != nil {
		return fmt.Errorf("release lease of %q: %w", source, err)
	}
	return nil
}

// SourceLease is who crawls a source: the node holding its lease and
// until when.
type SourceLease struct {
	Source string
	Node   string
	Until  time.Time
}

// SourceLeases returns the leases held at now, by source.
func (db *DB) SourceLeases(ctx context.Context, now time.Time) ([]SourceLease, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT source, node, until FROM source_leases WHERE until >= ? ORDER BY source`, encodeTime(now))
	if err != nil {
		return nil, fmt.Errorf("source leases: %w", err)
	}
	defer rows.Close()
	var out []SourceLease
	for rows.Next() {
		var l SourceLease
		var until string
		if err := rows.Scan(&l.Source, &l.Node, &until); err != nil {
			return nil, fmt.Errorf("source leases: %w", err)
		}
		if l.Until, err = decodeTime(until); err != nil {
			return nil, fmt.Errorf("source leases: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// hostPoll is the longest TakeHost asks a caller to wait while another
// node's request to the host is in flight: that request's end sets the
// host's next time, which is not known before.
const hostPoll = 250 * time.Millisecond

// TakeHost takes host's slot for one request by db's node: at most until
// now+hold, when a node that died mid-request no longer blocks the host.
// It returns 0 when the slot is taken, else how long to wait before
// asking again — until the host's next allowed time, or a moment while
// another node's request is in flight.
func (db *DB) TakeHost(ctx context.Context, host string, now time.Time, hold time.Duration) (time.Duration, error) {
	if err := checkTimes(now.Add(hold)); err != nil {
		return 0, fmt.Errorf("take host %s: %w", host, err)
	}
	var wait time.Duration
	err := db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO host_slots (host) VALUES (?) ON CONFLICT (host) DO NOTHING`, host); err != nil {
			return err
		}
		var node, held, next string
		err := tx.QueryRowContext(ctx, `SELECT node, held_until, next_at FROM host_slots WHERE host = ?`+db.forUpdate(), host).
			Scan(&node, &held, &next)
		if err != nil {
			return err
		}
		heldUntil, err := decodeTime(held)
		if err != nil {
			return err
		}
		nextAt, err := decodeTime(next)
		if err != nil {
			return err
		}
		switch {
		case node != "" && node != db.node && heldUntil.After(now):
			wait = min(heldUntil.Sub(now), hostPoll)
			return nil
		case nextAt.After(now):
			wait = nextAt.Sub(now)
			return nil
		}
		wait = 0
		_, err = tx.ExecContext(ctx, `UPDATE host_slots SET node = ?, held_until = ? WHERE host = ?`,
			db.node, encodeTime(now.Add(hold)), host)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("take host %s: %w", host, err)
	}
	return wait, nil
}

// ReleaseHost gives back host's slot taken by db's node, with the time
// from which the host may be asked again.
func (db *DB) ReleaseHost(ctx context.Context, host string, next time.Time) error {
	if err := checkTimes(next); err != nil {
		return fmt.Errorf("release host %s: %w", host, err)
	}
	_, err := db.w.ExecContext(ctx, `UPDATE host_slots SET node = '', held_until = '', next_at = ? WHERE host = ? AND node = ?`,
		encodeTime(next), host, db.node)
	if err != nil {
		return fmt.Errorf("release host %s: %w", host, err)
	}
	return nil
}
