package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"mediawatch"
)

// Flag page sizes: Flags returns DefaultFlagPageSize flags when asked for
// none and refuses more than MaxFlagPageSize, rather than silently
// returning fewer than asked (an export would take a short page for the
// last one).
const (
	DefaultFlagPageSize = 50
	MaxFlagPageSize     = 1000
)

// FlagFilter selects flags. Empty lists and zero values select everything.
type FlagFilter struct {
	From, To   time.Time // on the flag's creation time; both inclusive
	Rules      []string  // any of these rule ids
	Severities []mediawatch.Severity
	Sources    []string // the flagged item's source is any of these
	Statuses   []mediawatch.FlagStatus
	ItemID     int64 // only the flags of this item
	Page       int   // 1-based page of Size flags; ignored when AfterID is set
	Size       int   // flags per page: DefaultFlagPageSize if 0, at most MaxFlagPageSize
	// AfterID is a cursor for walking every match (exports): the page
	// holds the flags that come after flag AfterID in the listing order,
	// newest first. Pass the last flag's id of one page to get the next;
	// an empty page is the end.
	AfterID int64
}

// FlagPage is one page of flags and the number of flags the filter
// selects in all pages.
type FlagPage struct {
	Total int        `json:"total"`
	Flags []FlagView `json:"flags"`
}

// FlagView is a flag with what a list shows of its item. Title is the
// title of the flagged version (the one the matches point into);
// CurrentVersion tells whether the item has been edited since.
type FlagView struct {
	mediawatch.Flag
	Source         string    `json:"source"`
	Title          string    `json:"title"`
	URL            string    `json:"url"`
	Published      time.Time `json:"published"`
	Lang           string    `json:"lang"`
	CurrentVersion int       `json:"current_version"`
}

// flagViewFrom joins a flag to its item and flagged version.
const flagViewFrom = ` FROM flags f JOIN items i ON i.id = f.item_id
	JOIN item_versions v ON v.item_id = f.item_id AND v.version = f.item_version`

const flagViewColumns = `f.id, f.item_id, f.item_version, f.rule_id, f.rule_version, f.severity, f.matches,
	f.snippet, f.status, f.created_at, i.source, ` + versionTitle + `, i.url, i.published, i.lang, i.version`

// Flags returns one page of the flags filter selects, newest first
// (creation time, then id, descending), and how many it selects in all.
// The count and the page are read from one snapshot.
func (db *DB) Flags(ctx context.Context, filter FlagFilter) (FlagPage, error) {
	where, args, err := flagWhere(filter)
	if err != nil {
		return FlagPage{}, fmt.Errorf("flags: %w", err)
	}
	size := filter.Size
	if size == 0 {
		size = DefaultFlagPageSize
	}
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return FlagPage{}, fmt.Errorf("flags: %w", err)
	}
	defer tx.Rollback()
	var page FlagPage
	err = tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM flags f JOIN items i ON i.id = f.item_id`+where, args...).
		Scan(&page.Total)
	if err != nil {
		return FlagPage{}, fmt.Errorf("flags: count: %w", err)
	}
	if filter.AfterID > 0 {
		var created string
		err := tx.QueryRowContext(ctx, `SELECT created_at FROM flags WHERE id = ?`, filter.AfterID).Scan(&created)
		if errors.Is(err, sql.ErrNoRows) {
			return FlagPage{}, fmt.Errorf("flags: %w: cursor names no flag %d", mediawatch.ErrInvalid, filter.AfterID)
		}
		if err != nil {
			return FlagPage{}, fmt.Errorf("flags: cursor: %w", err)
		}
		where = and(where, `(f.created_at < ? OR f.created_at = ? AND f.id < ?)`)
		args = append(args, created, created, filter.AfterID)
	}
	offset := 0
	if filter.AfterID <= 0 && filter.Page > 1 {
		offset = (filter.Page - 1) * size
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+flagViewColumns+flagViewFrom+where+
		` ORDER BY f.created_at DESC, f.id DESC LIMIT ? OFFSET ?`, append(args, size, offset)...)
	if err != nil {
		return FlagPage{}, fmt.Errorf("flags: %w", err)
	}
	defer rows.Close()
	page.Flags = []FlagView{}
	for rows.Next() {
		v, err := scanFlagView(rows)
		if err != nil {
			return FlagPage{}, fmt.Errorf("flags: %w", err)
		}
		page.Flags = append(page.Flags, v)
	}
	if err := rows.Err(); err != nil {
		return FlagPage{}, fmt.Errorf("flags: %w", err)
	}
	return page, nil
}

// Flag returns one flag with its item, or an error wrapping
// mediawatch.ErrNotFound.
func (db *DB) Flag(ctx context.Context, id int64) (FlagView, error) {
	v, err := scanFlagView(db.r.QueryRowContext(ctx, `SELECT `+flagViewColumns+flagViewFrom+` WHERE f.id = ?`, id))
	if err != nil {
		return FlagView{}, notFound(err, "flag", id)
	}
	return v, nil
}

// flagWhere turns a filter into a WHERE clause over flags f and items i,
// and refuses values no flag can have.
func flagWhere(fl FlagFilter) (string, []any, error) {
	if fl.Size < 0 || fl.Size > MaxFlagPageSize || fl.Page < 0 || fl.AfterID < 0 {
		return "", nil, fmt.Errorf("%w: page %d of size %d after %d (size at most %d)",
			mediawatch.ErrInvalid, fl.Page, fl.Size, fl.AfterID, MaxFlagPageSize)
	}
	if err := checkTimes(fl.From, fl.To); err != nil {
		return "", nil, err
	}
	for _, s := range fl.Severities {
		if !s.Valid() {
			return "", nil, fmt.Errorf("%w: severity %q", mediawatch.ErrInvalid, s)
		}
	}
	for _, s := range fl.Statuses {
		if !flagStatuses[s] {
			return "", nil, fmt.Errorf("%w: flag status %q", mediawatch.ErrInvalid, s)
		}
	}
	var where string
	var args []any
	if !fl.From.IsZero() {
		where, args = and(where, `f.created_at >= ?`), append(args, encodeTime(fl.From))
	}
	if !fl.To.IsZero() {
		where, args = and(where, `f.created_at <= ?`), append(args, encodeTime(fl.To))
	}
	if fl.ItemID != 0 {
		where, args = and(where, `f.item_id = ?`), append(args, fl.ItemID)
	}
	where, args = anyOf(where, args, "f.rule_id", fl.Rules)
	where, args = anyOf(where, args, "f.severity", fl.Severities)
	where, args = anyOf(where, args, "i.source", fl.Sources)
	where, args = anyOf(where, args, "f.status", fl.Statuses)
	return where, args, nil
}

// and appends a condition to a WHERE clause.
func and(where, cond string) string {
	if where == "" {
		return " WHERE " + cond
	}
	return where + " AND " + cond
}

// anyOf appends "column IN (…)" for a non-empty list of values.
func anyOf[T ~string](where string, args []any, column string, values []T) (string, []any) {
	if len(values) == 0 {
		return where, args
	}
	for _, v := range values {
		args = append(args, string(v))
	}
	return and(where, column+" IN (?"+strings.Repeat(", ?", len(values)-1)+")"), args
}

// scanFlagView reads the columns of flagViewColumns.
func scanFlagView(s scanner) (FlagView, error) {
	var v FlagView
	var severity, matches, status, created, published string
	err := s.Scan(&v.ID, &v.ItemID, &v.ItemVersion, &v.RuleID, &v.RuleVersion, &severity, &matches,
		&v.Snippet, &status, &created, &v.Source, &v.Title, &v.URL, &published, &v.Lang, &v.CurrentVersion)
	if err != nil {
		return FlagView{}, err
	}
	v.Severity, v.Status = mediawatch.Severity(severity), mediawatch.FlagStatus(status)
	if err := json.Unmarshal([]byte(matches), &v.Matches); err != nil {
		return FlagView{}, fmt.Errorf("flag %d: decode matches: %w", v.ID, err)
	}
	var d timeDecoder
	v.CreatedAt = d.decode(created)
	v.Published = d.decode(published)
	return v, d.err
}
