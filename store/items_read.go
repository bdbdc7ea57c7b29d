package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"mediawatch"
)

// defaultPageSize is how many items Items returns when asked for none.
const defaultPageSize = 1000

const itemColumns = `id, source, url, canonical_url, title, text, summary, author, published, lang,
	image, feed_only, content_hash, version, first_seen, updated_at, story_id, fingerprint,
	platform, account_id, post_id, views, forwarded_from, shared_url, pinned`

func scanItem(s scanner) (mediawatch.Item, error) {
	var it mediawatch.Item
	var published, first, updated string
	var story, fp, account sql.NullInt64
	var platform string
	err := s.Scan(&it.ID, &it.Source, &it.URL, &it.CanonicalURL, &it.Title, &it.Text, &it.Summary,
		&it.Author, &published, &it.Lang, &it.Image, &it.FeedOnly, &it.ContentHash, &it.Version,
		&first, &updated, &story, &fp,
		&platform, &account, &it.PostID, &it.Views, &it.ForwardedFrom, &it.SharedURL, &it.Pinned)
	if err != nil {
		return mediawatch.Item{}, err
	}
	it.StoryID, it.Fingerprint = story.Int64, uint64(fp.Int64)
	it.Platform, it.AccountID = mediawatch.NormalPlatform(platform), account.Int64
	var d timeDecoder
	it.Published = d.decode(published)
	it.FirstSeen = d.decode(first)
	it.UpdatedAt = d.decode(updated)
	return it, d.err
}

// Item returns the item with this id, or an error wrapping
// mediawatch.ErrNotFound.
func (db *DB) Item(ctx context.Context, id int64) (mediawatch.Item, error) {
	it, err := scanItem(db.r.QueryRowContext(ctx, `SELECT `+itemColumns+` FROM items WHERE id = ?`, id))
	if err != nil {
		return mediawatch.Item{}, notFound(err, "item", id)
	}
	return db.withRules(ctx, it)
}

// ItemByURL returns the item at this canonical URL, or an error wrapping
// mediawatch.ErrNotFound.
func (db *DB) ItemByURL(ctx context.Context, canonicalURL string) (mediawatch.Item, error) {
	row := db.r.QueryRowContext(ctx, `SELECT `+itemColumns+` FROM items WHERE canonical_url = ?`, canonicalURL)
	it, err := scanItem(row)
	if err != nil {
		return mediawatch.Item{}, notFound(err, "item", fmt.Sprintf("%q", canonicalURL))
	}
	return db.withRules(ctx, it)
}

// withRules fills the RuleIDs, Severity and Account of one item.
func (db *DB) withRules(ctx context.Context, it mediawatch.Item) (mediawatch.Item, error) {
	one := []mediawatch.Item{it}
	if err := db.attachAccounts(ctx, one); err != nil {
		return mediawatch.Item{}, fmt.Errorf("item %d: %w", it.ID, err)
	}
	if err := db.attachRules(ctx, one, `item_id = ? AND item_version = ?`, it.ID, it.Version); err != nil {
		return mediawatch.Item{}, fmt.Errorf("item %d: %w", it.ID, err)
	}
	return one[0], nil
}

// Items returns up to limit items with ids above afterID, in id order: a
// caller pages through every item by passing the last id it got. A limit of
// 0 or less means 1000. RuleIDs and Severity are filled (one query per
// page).
func (db *DB) Items(ctx context.Context, afterID int64, limit int) ([]mediawatch.Item, error) {
	return db.ItemsSince(ctx, time.Time{}, afterID, limit)
}

// effectiveDate is the date an item is counted by: published if
// believable, else first seen (mediawatch.Item.EffectiveDate) — the
// index's date (its Request.From and per-day counts use the same), so that
// the store and the index select the same items. The bounds come from the
// root package; first seen plus the slack is written in timeLayout
// (SQLite's %f has milliseconds), so that text order is time order.
func (db *DB) effectiveDate() string {
	if db.pg {
		return effectiveDatePostgres
	}
	return effectiveDateSQLite
}

var (
	effectiveDateSQLite   = effectiveDateWith(slackEndSQLite)
	effectiveDatePostgres = effectiveDateWith(slackEndPostgres)
)

// slackSeconds is mediawatch.PublishedSlack in seconds.
var slackSeconds = int(mediawatch.PublishedSlack.Seconds())

// slackEndSQLite and slackEndPostgres are first seen plus the slack, in
// timeLayout, the same text in both engines (TestSlackEndSameInBothEngines).
var (
	slackEndSQLite = fmt.Sprintf(`strftime('%%Y-%%m-%%dT%%H:%%M:%%f', first_seen, '+%d seconds') || '000000Z'`,
		slackSeconds)

	// SQLite's strftime reads the seconds and their fraction as one
	// double, the fraction at most .999, and rounds them to the
	// millisecond (× 1000 + 0.5, truncated); PostgreSQL adds the minute as
	// a timestamp, the slack and those milliseconds. A first seen the
	// slack carries past year 9999 gives NULL, as in SQLite; so does one
	// not in timeLayout from year 1 (SQLite reads a year 0 or below, but
	// first seen is the clock's, never before year 1).
	slackEndPostgres = fmt.Sprintf(`CASE WHEN first_seen LIKE '____-__-__T__:__:__._________Z'
		AND first_seen >= '0001' AND first_seen < '%s' THEN
		to_char(CAST(substr(first_seen, 1, 16) AS timestamp) + interval '%d seconds'
			+ interval '1 millisecond' * floor((CAST(substr(first_seen, 18, 2) AS float8)
				+ LEAST(CAST(substr(first_seen, 21, 9) AS float8) / 1e9, 0.999)) * 1000 + 0.5),
			'YYYY-MM-DD"T"HH24:MI:SS.MS') || '000000Z' END`,
		encodeTime(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC).Add(-mediawatch.PublishedSlack)), slackSeconds)
)

// effectiveDateWith is effectiveDate around an engine's SQL for first seen
// plus the slack.
func effectiveDateWith(slackEnd string) string {
	return fmt.Sprintf(`(CASE WHEN published != '' AND published >= '%s' AND published < '%s'
	AND published <= %s THEN published ELSE first_seen END)`,
		encodeTime(mediawatch.EarliestDate), encodeTime(mediawatch.LatestDate), slackEnd)
}

// ItemsSince is Items restricted to items whose date — published, else
// first seen — is at or after since; the zero since restricts nothing.
func (db *DB) ItemsSince(ctx context.Context, since time.Time, afterID int64, limit int) ([]mediawatch.Item, error) {
	if limit <= 0 {
		limit = defaultPageSize
	}
	if err := checkTimes(since); err != nil {
		return nil, fmt.Errorf("items since %v: %w", since, err)
	}
	items, err := db.queryItems(ctx, `SELECT `+itemColumns+` FROM items WHERE id > ? AND `+db.effectiveDate()+
		` >= ? ORDER BY id LIMIT ?`, afterID, encodeTime(since), limit)
	if err != nil {
		return nil, fmt.Errorf("items after %d: %w", afterID, err)
	}
	if len(items) == 0 {
		return items, nil
	}
	err = db.attachRules(ctx, items, `item_id BETWEEN ? AND ?`, items[0].ID, items[len(items)-1].ID)
	if err != nil {
		return nil, fmt.Errorf("items after %d: %w", afterID, err)
	}
	return items, nil
}

// CountItemsSince counts the items ItemsSince would page through.
func (db *DB) CountItemsSince(ctx context.Context, since time.Time) (int, error) {
	if err := checkTimes(since); err != nil {
		return 0, fmt.Errorf("count items since %v: %w", since, err)
	}
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM items WHERE `+db.effectiveDate()+` >= ?`, encodeTime(since)).
		Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count items since %v: %w", since, err)
	}
	return n, nil
}

// ItemsByID returns the stored items among ids, in id order, with RuleIDs
// and Severity, in two queries whatever the number of ids; ids with no
// item are left out.
func (db *DB) ItemsByID(ctx context.Context, ids []int64) ([]mediawatch.Item, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, fmt.Errorf("items by id: %w", err)
	}
	items, err := db.queryItems(ctx, `SELECT `+itemColumns+` FROM items
		WHERE id IN (`+db.intList("?")+`) ORDER BY id`, string(list))
	if err != nil {
		return nil, fmt.Errorf("items by id: %w", err)
	}
	if err := db.attachRules(ctx, items, `item_id IN (`+db.intList("?")+`)`, string(list)); err != nil {
		return nil, fmt.Errorf("items by id: %w", err)
	}
	return items, nil
}

// queryItems runs a SELECT of itemColumns on the read pool and fills the
// Account of the posts read (one more query when there are any).
func (db *DB) queryItems(ctx context.Context, query string, args ...any) ([]mediawatch.Item, error) {
	rows, err := db.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []mediawatch.Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close() // before the next query: the read pool may be one connection
	return out, db.attachAccounts(ctx, out)
}

// attachRules fills RuleIDs (sorted) and Severity (the highest) of items
// from the flags of each item's version as read — not of a version stored
// since — selecting flag rows by cond.
func (db *DB) attachRules(ctx context.Context, items []mediawatch.Item, cond string, args ...any) error {
	at := make(map[int64]*mediawatch.Item, len(items))
	for i := range items {
		at[items[i].ID] = &items[i]
	}
	rows, err := db.r.QueryContext(ctx,
		`SELECT item_id, item_version, rule_id, severity_rank FROM flags WHERE `+cond, args...)
	if err != nil {
		return fmt.Errorf("rules of items: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var version, rank int
		var rule string
		if err := rows.Scan(&id, &version, &rule, &rank); err != nil {
			return fmt.Errorf("rules of items: %w", err)
		}
		it := at[id]
		if it == nil || it.Version != version {
			continue
		}
		it.RuleIDs = append(it.RuleIDs, rule)
		if rank > it.Severity.Rank() && rank <= len(mediawatch.Severities) {
			it.Severity = mediawatch.Severities[rank-1]
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("rules of items: %w", err)
	}
	for i := range items {
		slices.Sort(items[i].RuleIDs)
	}
	return nil
}

// versionTitle and versionText are the title and text of version v of
// item i: the item's own while v is its current version (insertVersion).
const (
	versionTitle = `CASE WHEN v.version = i.version THEN i.title ELSE v.title END`
	versionText  = `CASE WHEN v.version = i.version THEN i.text ELSE v.text END`
)

// ItemVersions returns every version of the item, oldest first, or an error
// wrapping mediawatch.ErrNotFound when there is no such item.
func (db *DB) ItemVersions(ctx context.Context, id int64) ([]mediawatch.ItemVersion, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT v.item_id, v.version, `+versionTitle+`, `+versionText+`,
		v.summary, v.content_hash, v.feed_only, v.seen_at
		FROM item_versions v JOIN items i ON i.id = v.item_id WHERE v.item_id = ? ORDER BY v.version`, id)
	if err != nil {
		return nil, fmt.Errorf("versions of item %d: %w", id, err)
	}
	defer rows.Close()
	var out []mediawatch.ItemVersion
	for rows.Next() {
		var v mediawatch.ItemVersion
		var seen string
		err := rows.Scan(&v.ItemID, &v.Version, &v.Title, &v.Text, &v.Summary, &v.ContentHash,
			&v.FeedOnly, &seen)
		if err != nil {
			return nil, fmt.Errorf("versions of item %d: %w", id, err)
		}
		if v.SeenAt, err = decodeTime(seen); err != nil {
			return nil, fmt.Errorf("versions of item %d: %w", id, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("versions of item %d: %w", id, err)
	}
	if len(out) == 0 {
		// Every item has a version 1, so none means no item.
		return nil, fmt.Errorf("versions of item %d: %w", id, mediawatch.ErrNotFound)
	}
	return out, nil
}

// FirstSeen reports when the item at canonicalURL was first stored; ok is
// false when there is none.
func (db *DB) FirstSeen(ctx context.Context, canonicalURL string) (time.Time, bool, error) {
	var first string
	err := db.r.QueryRowContext(ctx, `SELECT first_seen FROM items WHERE canonical_url = ?`, canonicalURL).
		Scan(&first)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("first seen %q: %w", canonicalURL, err)
	}
	t, err := decodeTime(first)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("first seen %q: %w", canonicalURL, err)
	}
	return t, true, nil
}

// CountItems returns how many items are stored.
func (db *DB) CountItems(ctx context.Context) (int, error) {
	var n int
	if err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM items`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count items: %w", err)
	}
	return n, nil
}

// IDVersion is an item's id and current version: what reconcile
// compares with the index before it reads any text.
type IDVersion struct {
	ID      int64
	Version int
}

// CurrentVersions returns the id and current version of up to limit items
// with ids above afterID, in id order: a walk over every stored item that
// reads neither text nor flags (a million take about a second), so that
// reconciling an index that is nearly in step reads the text of only what
// it lacks.
func (db *DB) CurrentVersions(ctx context.Context, afterID int64, limit int) ([]IDVersion, error) {
	if limit <= 0 {
		limit = defaultPageSize
	}
	rows, err := db.r.QueryContext(ctx, `SELECT id, version FROM items WHERE id > ? ORDER BY id LIMIT ?`, afterID, limit)
	if err != nil {
		return nil, fmt.Errorf("item versions: %w", err)
	}
	defer rows.Close()
	out := make([]IDVersion, 0, limit)
	for rows.Next() {
		var v IDVersion
		if err := rows.Scan(&v.ID, &v.Version); err != nil {
			return nil, fmt.Errorf("item versions: %w", err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("item versions: %w", err)
	}
	return out, nil
}
