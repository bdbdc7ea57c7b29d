package store

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"mediawatch"
)

// The audit log has AppendAudit and Audit and nothing else: there is no
// method to change or delete an entry, and triggers (migration 0011)
// refuse it to anyone who tries in SQL.

// AppendAudit adds e to the audit log and returns it with its ID. e.At
// zero means the store's clock. Action is required.
func (db *DB) AppendAudit(ctx context.Context, e mediawatch.AuditEntry) (mediawatch.AuditEntry, error) {
	if e.Action == "" {
		return mediawatch.AuditEntry{}, fmt.Errorf("append audit: %w: no action", mediawatch.ErrInvalid)
	}
	if e.At.IsZero() {
		e.At = db.now()
	}
	if err := checkTimes(e.At); err != nil {
		return mediawatch.AuditEntry{}, fmt.Errorf("append audit: %w", err)
	}
	e.At = e.At.UTC().Round(0)
	err := db.w.QueryRowContext(ctx, `INSERT INTO audit (at, actor_kind, actor, address, action, target, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, encodeTime(e.At), string(e.ActorKind), e.Actor, e.Address, e.Action,
		e.Target, e.Detail).Scan(&e.ID)
	if err != nil {
		return mediawatch.AuditEntry{}, fmt.Errorf("append audit %s: %w", e.Action, err)
	}
	return e, err
}

// AuditFilter chooses audit entries. Zero fields choose everything.
type AuditFilter struct {
	Since, Until time.Time // at >= Since, at < Until
	Actor        string    // exactly this actor's name
	Action       string    // action equal to this or starting with it and a dot ("signin" matches "signin.failed")
	Limit        int       // at most this many; zero or less means 100, and at most 1000
	BeforeID     int64     // only entries older than this id: the cursor of the next page
}

// Default and largest page sizes of Audit.
const (
	DefaultAuditLimit = 100
	MaxAuditLimit     = 1000
)

// Audit returns the entries f chooses, newest first. The next page is
// f.BeforeID = the last entry's ID.
func (db *DB) Audit(ctx context.Context, f AuditFilter) ([]mediawatch.AuditEntry, error) {
	if err := checkTimes(f.Since, f.Until); err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	var where []string
	var args []any
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	if !f.Since.IsZero() {
		add(`at >= ?`, encodeTime(f.Since))
	}
	if !f.Until.IsZero() {
		add(`at < ?`, encodeTime(f.Until))
	}
	if f.Actor != "" {
		add(`actor = ?`, f.Actor)
	}
	if a := strings.TrimSuffix(f.Action, "."); a != "" {
		add(`(action = ? OR substr(action, 1, ?) = ?)`, a, utf8.RuneCountInString(a)+1, a+".")
	}
	if f.BeforeID > 0 {
		add(`id < ?`, f.BeforeID)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultAuditLimit
	}
	limit = min(limit, MaxAuditLimit)
	q := `SELECT id, at, actor_kind, actor, address, action, target, detail FROM audit`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY id DESC LIMIT ?`
	rows, err := db.r.QueryContext(ctx, q, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	defer rows.Close()
	var out []mediawatch.AuditEntry
	for rows.Next() {
		var e mediawatch.AuditEntry
		var at, kind string
		if err := rows.Scan(&e.ID, &at, &kind, &e.Actor, &e.Address, &e.Action, &e.Target, &e.Detail); err != nil {
			return nil, fmt.Errorf("audit: %w", err)
		}
		e.ActorKind = mediawatch.ActorKind(kind)
		if e.At, err = decodeTime(at); err != nil {
			return nil, fmt.Errorf("audit: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
