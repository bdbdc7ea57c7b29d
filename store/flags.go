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

// flagStatuses are the statuses the flags table accepts.
var flagStatuses = map[mediawatch.FlagStatus]bool{
	mediawatch.FlagNew: true, mediawatch.FlagInReview: true, mediawatch.FlagResponded: true,
	mediawatch.FlagDismissed: true, mediawatch.FlagFalsePositive: true,
}

// checkFlags refuses flags the flags table could not hold faithfully: no
// rule id, an unknown severity, a match outside "title" and "text" or with
// offsets out of order. With oneEach, two flags of one rule are refused too:
// SaveItem writes the flags of one version, and a rule flags it once.
func checkFlags(flags []mediawatch.Flag, oneEach bool) error {
	seen := make(map[string]bool, len(flags))
	for _, f := range flags {
		if f.RuleID == "" {
			return fmt.Errorf("%w: flag without a rule id", mediawatch.ErrInvalid)
		}
		if !f.Severity.Valid() {
			return fmt.Errorf("%w: flag of rule %q: severity %q", mediawatch.ErrInvalid, f.RuleID, f.Severity)
		}
		if oneEach && seen[f.RuleID] {
			return fmt.Errorf("%w: two flags of rule %q for one version", mediawatch.ErrInvalid, f.RuleID)
		}
		seen[f.RuleID] = true
		for _, m := range f.Matches {
			if m.Field != "title" && m.Field != "text" || m.Start < 0 || m.End < m.Start {
				return fmt.Errorf("%w: flag of rule %q: match %q at %s[%d:%d]",
					mediawatch.ErrInvalid, f.RuleID, m.Text, m.Field, m.Start, m.End)
			}
		}
	}
	return nil
}

// flagInsert is the insert of one flag; conflicts on (item, version, rule)
// are skipped, so that re-applying a rule adds nothing.
const flagInsert = `INSERT INTO flags (item_id, item_version, rule_id, rule_version, severity, matches,
	snippet, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (item_id, item_version, rule_id) DO NOTHING RETURNING id`

// insertFlags writes flags (each naming its item version) created at at,
// inside tx, and returns the ones that were new, with their ids and status:
// the status of their item's story, looked up unless statuses knows it.
func insertFlags(ctx context.Context, tx txn, flags []mediawatch.Flag, at time.Time,
	statuses flagStatusOf) ([]mediawatch.Flag, error) {
	if len(flags) == 0 {
		return nil, nil
	}
	stmt, err := tx.PrepareContext(ctx, flagInsert)
	if err != nil {
		return nil, fmt.Errorf("insert flags: %w", err)
	}
	defer stmt.Close()
	created := encodeTime(at)
	var added []mediawatch.Flag
	for _, f := range flags {
		status, err := statuses.of(ctx, tx, f.ItemID)
		if err != nil {
			return nil, err
		}
		matches := f.Matches
		if matches == nil {
			matches = []mediawatch.TermMatch{}
		}
		js, err := json.Marshal(matches)
		if err != nil {
			return nil, fmt.Errorf("flag of rule %q: encode matches: %w", f.RuleID, err)
		}
		err = stmt.QueryRowContext(ctx, f.ItemID, f.ItemVersion, f.RuleID, f.RuleVersion, string(f.Severity),
			string(js), f.Snippet, string(status), created).Scan(&f.ID)
		if errors.Is(err, sql.ErrNoRows) {
			continue // this version already has a flag of this rule
		}
		if err != nil {
			return nil, fmt.Errorf("flag of rule %q on item %d version %d: %w", f.RuleID, f.ItemID, f.ItemVersion, err)
		}
		f.Matches, f.Status, f.CreatedAt = matches, status, at.UTC()
		added = append(added, f)
	}
	return added, nil
}

// writeVersionFlags writes the flags of the version SaveItem has just
// stored: they are about res's item and version, created when the version
// was seen, with status, the status of the item's story.
func writeVersionFlags(ctx context.Context, tx txn, res *mediawatch.IngestResult, seen time.Time,
	flags []mediawatch.Flag, status mediawatch.FlagStatus) error {
	own := make([]mediawatch.Flag, len(flags))
	for i, f := range flags {
		f.ItemID, f.ItemVersion = res.ItemID, res.Version
		own[i] = f
	}
	added, err := insertFlags(ctx, tx, own, seen, flagStatusOf{res.ItemID: status})
	if err != nil {
		return err
	}
	res.Flags = len(added)
	return nil
}

// AddFlags stores flags about existing item versions (ItemID and
// ItemVersion must name one, else the foreign key refuses the whole call),
// created at now with the status of their item's story, in one
// transaction. A flag whose item version already has a flag of that rule
// is skipped, so applying a rule twice adds nothing; added lists the flags
// actually written, with their ids.
func (db *DB) AddFlags(ctx context.Context, flags []mediawatch.Flag, now time.Time) ([]mediawatch.Flag, error) {
	if err := checkFlags(flags, false); err != nil {
		return nil, fmt.Errorf("add flags: %w", err)
	}
	if now.IsZero() {
		return nil, fmt.Errorf("add flags: %w: no creation time", mediawatch.ErrInvalid)
	}
	if err := checkTimes(now); err != nil {
		return nil, fmt.Errorf("add flags: %w", err)
	}
	for _, f := range flags {
		if f.ItemID <= 0 || f.ItemVersion <= 0 {
			return nil, fmt.Errorf("add flags: %w: flag of rule %q names no item version", mediawatch.ErrInvalid, f.RuleID)
		}
	}
	if len(flags) == 0 {
		return nil, nil
	}
	var added []mediawatch.Flag
	err := db.write(ctx, func(tx *sql.Tx) error {
		var err error
		added, err = insertFlags(ctx, tx, flags, now, flagStatusOf{})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("add flags: %w", err)
	}
	return added, nil
}

// RuleCounts is what the rules list shows of one rule's flags.
type RuleCounts struct {
	Total       int                           `json:"total"`
	ByStatus    map[mediawatch.FlagStatus]int `json:"by_status"`
	LastFlagged time.Time                     `json:"last_flagged"` // the newest flag's creation time
}

// RuleFlagCounts returns, for every rule id that has flags, how many it
// has in all and in each status, and when it last flagged an item. Rules
// without flags are absent.
func (db *DB) RuleFlagCounts(ctx context.Context) (map[string]RuleCounts, error) {
	rows, err := db.r.QueryContext(ctx,
		`SELECT rule_id, status, COUNT(*), MAX(created_at) FROM flags GROUP BY rule_id, status`)
	if err != nil {
		return nil, fmt.Errorf("rule flag counts: %w", err)
	}
	defer rows.Close()
	out := map[string]RuleCounts{}
	for rows.Next() {
		var rule, status, last string
		var n int
		if err := rows.Scan(&rule, &status, &n, &last); err != nil {
			return nil, fmt.Errorf("rule flag counts: %w", err)
		}
		t, err := decodeTime(last)
		if err != nil {
			return nil, fmt.Errorf("rule flag counts: %w", err)
		}
		c := out[rule]
		if c.ByStatus == nil {
			c.ByStatus = map[mediawatch.FlagStatus]int{}
		}
		c.Total += n
		c.ByStatus[mediawatch.FlagStatus(status)] = n
		if t.After(c.LastFlagged) {
			c.LastFlagged = t
		}
		out[rule] = c
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("rule flag counts: %w", err)
	}
	return out, nil
}
