package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"mediawatch"
)

// Alerts page size: Alerts returns DefaultAlertLimit alerts when asked for
// none and at most MaxAlertLimit.
const (
	DefaultAlertLimit = 100
	MaxAlertLimit     = 1000
)

// RecordAlert stores a once, under its ID (the alerts table's unique key).
// It reports whether a was new: a repeat of an ID already stored changes
// nothing and returns false with no error, so that a spike seen at every
// check or a flag heard twice is sent once. a.At zero means the store's
// clock; ID and Kind are required.
func (db *DB) RecordAlert(ctx context.Context, a mediawatch.Alert) (bool, error) {
	if a.ID == "" || a.Kind == "" {
		return false, fmt.Errorf("record alert: %w: no id or kind", mediawatch.ErrInvalid)
	}
	if a.At.IsZero() {
		a.At = db.now()
	}
	if err := checkTimes(a.At); err != nil {
		return false, fmt.Errorf("record alert %s: %w", a.ID, err)
	}
	a.At = a.At.UTC().Round(0)
	body, err := json.Marshal(a)
	if err != nil {
		return false, fmt.Errorf("record alert %s: %w", a.ID, err)
	}
	r, err := db.w.ExecContext(ctx, `INSERT INTO alerts (key, kind, at, body) VALUES (?, ?, ?, ?)
		ON CONFLICT (key) DO NOTHING`, a.ID, string(a.Kind), encodeTime(a.At), string(body))
	if err != nil {
		return false, fmt.Errorf("record alert %s: %w", a.ID, err)
	}
	n, err := r.RowsAffected()
	return n == 1, err
}

// Alerts returns the alerts at or after since (zero: all), of kind (""
// for every kind), newest first, at most limit (DefaultAlertLimit when 0,
// MaxAlertLimit at most).
func (db *DB) Alerts(ctx context.Context, since time.Time, kind mediawatch.AlertKind, limit int) ([]mediawatch.Alert, error) {
	if err := checkTimes(since); err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	if limit <= 0 {
		limit = DefaultAlertLimit
	}
	limit = min(limit, MaxAlertLimit)
	var where []string
	var args []any
	if !since.IsZero() {
		where, args = append(where, "at >= ?"), append(args, encodeTime(since))
	}
	if kind != "" {
		where, args = append(where, "kind = ?"), append(args, string(kind))
	}
	q := "SELECT body FROM alerts"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY at DESC, id DESC LIMIT ?"
	return db.readAlerts(ctx, q, append(args, limit)...)
}

// UnmailedAlerts returns the alerts no mail has listed yet, oldest first,
// at most limit (MaxAlertLimit when 0): what the next batched mail tells.
func (db *DB) UnmailedAlerts(ctx context.Context, limit int) ([]mediawatch.Alert, error) {
	if limit <= 0 || limit > MaxAlertLimit {
		limit = MaxAlertLimit
	}
	return db.readAlerts(ctx, "SELECT body FROM alerts WHERE mailed_at = '' ORDER BY at, id LIMIT ?", limit)
}

// MarkAlertsMailed records that the mail sent at at listed the alerts ids.
// An id not stored, or already marked, is passed over.
func (db *DB) MarkAlertsMailed(ctx context.Context, ids []string, at time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	if err := checkTimes(at); err != nil || at.IsZero() {
		return fmt.Errorf("mark alerts mailed: %w: time %v", mediawatch.ErrInvalid, at)
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("mark alerts mailed: %w", err)
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, "UPDATE alerts SET mailed_at = ? WHERE key = ? AND mailed_at = ''")
	if err != nil {
		return fmt.Errorf("mark alerts mailed: %w", err)
	}
	defer st.Close()
	for _, id := range ids {
		if _, err := st.ExecContext(ctx, encodeTime(at), id); err != nil {
			return fmt.Errorf("mark alert %s mailed: %w", id, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("mark alerts mailed: %w", err)
	}
	return nil
}

// readAlerts decodes the body column of q's rows.
func (db *DB) readAlerts(ctx context.Context, q string, args ...any) ([]mediawatch.Alert, error) {
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	defer rows.Close()
	var out []mediawatch.Alert
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, fmt.Errorf("alerts: %w", err)
		}
		var a mediawatch.Alert
		if err := json.Unmarshal([]byte(body), &a); err != nil {
			return nil, fmt.Errorf("alerts: decode %.40q: %w", body, err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
