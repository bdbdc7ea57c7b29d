package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// RuleSet is a rule set a node published for the others: its version (the
// rules package's hash of the rules) and its files by relative path.
type RuleSet struct {
	ID          int64
	Version     string
	Files       map[string]string
	PublishedAt time.Time
	Node        string
}

// PublishRuleSet records a rule set as the newest and returns its ID.
func (db *DB) PublishRuleSet(ctx context.Context, version string, files map[string]string) (int64, error) {
	b, err := json.Marshal(files)
	if err != nil {
		return 0, err
	}
	var id int64
	err = db.w.QueryRowContext(ctx, `INSERT INTO rule_sets (version, files, published_at, node) VALUES (?, ?, ?, ?) RETURNING id`,
		version, string(b), encodeTime(db.now()), db.node).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("publish rule set: %w", err)
	}
	return id, nil
}

// LatestRuleSet returns the newest published rule set; ok is false when
// none has been.
func (db *DB) LatestRuleSet(ctx context.Context) (rs RuleSet, ok bool, err error) {
	var files, at string
	err = db.r.QueryRowContext(ctx, `SELECT id, version, files, published_at, node FROM rule_sets ORDER BY id DESC LIMIT 1`).
		Scan(&rs.ID, &rs.Version, &files, &at, &rs.Node)
	if errors.Is(err, sql.ErrNoRows) {
		return RuleSet{}, false, nil
	}
	if err != nil {
		return RuleSet{}, false, fmt.Errorf("latest rule set: %w", err)
	}
	if err := json.Unmarshal([]byte(files), &rs.Files); err != nil {
		return RuleSet{}, false, fmt.Errorf("latest rule set %d: %w", rs.ID, err)
	}
	rs.PublishedAt, err = decodeTime(at)
	return rs, err == nil, err
}
