package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"mediawatch"
)

// Copying a SQLite store into PostgreSQL (`mediawatch store copy`). Tables
// go over in an order their references allow, each in chunks of rows in
// key order, every chunk one transaction of upserts. An interrupted copy
// resumes: a table's copied rows are the target's rows up to its largest
// key, because chunks commit in key order. At the end both stores are read
// again, table by table, and compared by row count and a SHA-256 of every
// row; a table the source changed during the copy (serve was running) is
// copied again whole, with the rows it no longer has deleted, and compared
// again.

// ErrCopyTarget means the target of a copy holds data of another store.
var ErrCopyTarget = errors.New("the target store holds data of another store")

// ErrCopyDone means the target is a finished, verified copy: it may have
// moved on since, and copying again would undo that.
var ErrCopyDone = errors.New("the target is already a verified copy of this store")

// copyAction is the audit action that marks a finished copy in the target.
const copyAction = "store_copy"

// copyTable is a table as the copy sees it: its key columns, in order,
// and the columns the database computes (never written).
type copyTable struct {
	name       string
	key        []string
	generated  []string
	appendOnly bool // rows never change: a resumed chunk skips what is there (the audit log refuses updates)
}

// copyTables is every table of the schema but schema_migrations, changes and
// the crawl's leases, parents before children.
var copyTables = []copyTable{
	{name: "sources", key: []string{"name"}},
	{name: "source_health", key: []string{"source"}},
	{name: "fetch_state", key: []string{"url"}},
	{name: "stories", key: []string{"id"}},
	{name: "accounts", key: []string{"id"}},
	{name: "items", key: []string{"id"}},
	{name: "item_versions", key: []string{"item_id", "version"}},
	{name: "flags", key: []string{"id"}, generated: []string{"severity_rank"}},
	{name: "story_events", key: []string{"id"}},
	{name: "crawl_log", key: []string{"id"}},
	{name: "api_keys", key: []string{"id"}},
	{name: "webhook_deliveries", key: []string{"id"}},
	{name: "users", key: []string{"id"}},
	{name: "sessions", key: []string{"id"}},
	{name: "signin_failures", key: []string{"id"}},
	{name: "audit", key: []string{"id"}, appendOnly: true},
	{name: "saved_searches", key: []string{"id"}},
	{name: "alerts", key: []string{"id"}},
	{name: "rule_sets", key: []string{"id"}},
	// Not changes: the target's own triggers fill it as the rows arrive.
	// Not source_leases and host_slots: they say what running nodes are
	// doing now, and a copy is made for nodes that have not started.
}

// CopyOptions tune CopyTo.
type CopyOptions struct {
	// Progress, when set, is told the rows copied of all the source's rows
	// after each chunk.
	Progress func(done, total int64)
	// Chunk is the rows per transaction; 0 is 500.
	Chunk int
	// Resuming, when set, is told before any row is copied that the
	// target holds part of an earlier copy of this store.
	Resuming func()
}

// TableCopy is one table's outcome: its rows and the checksum both stores
// agree on.
type TableCopy struct {
	Table    string
	Rows     int64
	Checksum string // hex SHA-256 of the rows in key order
	Again    bool   // the source changed during the copy: copied a second time
}

// CopyReport is what CopyTo did.
type CopyReport struct {
	Resumed bool // the target held part of this store already
	Copied  int64
	Tables  []TableCopy
}

// CopyTo copies every row of src, a SQLite store, into dst, a PostgreSQL
// store at the same schema version, and verifies the two agree. dst must
// be new (nothing but its own identity) or an earlier, interrupted copy of
// src: it takes src's identity, so that a search index built from src
// stays bound to the copy.
func CopyTo(ctx context.Context, src, dst *DB, opt CopyOptions) (CopyReport, error) {
	var rep CopyReport
	if src.pg || !dst.pg {
		return rep, errors.New("store copy: copies a SQLite store into a PostgreSQL one")
	}
	if opt.Chunk <= 0 {
		opt.Chunk = 500
	}
	sv, err := schemaVersion(ctx, src.r)
	if err != nil {
		return rep, err
	}
	dv, err := schemaVersion(ctx, dst.r)
	if err != nil {
		return rep, err
	}
	if sv != dv {
		return rep, fmt.Errorf("store copy: the source is at schema version %d, the target at %d; open both with the same mediawatch", sv, dv)
	}
	resumed, err := adoptIdentity(ctx, src, dst)
	if err != nil {
		return rep, err
	}
	rep.Resumed = resumed
	if resumed && opt.Resuming != nil {
		opt.Resuming()
	}
	var total int64
	for _, t := range copyTables {
		n, err := countRows(ctx, src.r, t.name)
		if err != nil {
			return rep, err
		}
		total += n
	}
	var done int64
	report := func(n int64) {
		done += n
		if opt.Progress != nil {
			opt.Progress(done, total)
		}
	}
	report(0)
	for _, t := range copyTables {
		n, err := copyRows(ctx, src, dst, t, true, opt.Chunk, report)
		rep.Copied += n
		if err != nil {
			return rep, err
		}
	}
	for _, t := range copyTables {
		tc, err := verifyTable(ctx, src, dst, t, opt.Chunk)
		if err != nil {
			return rep, err
		}
		rep.Tables = append(rep.Tables, tc)
	}
	if err := resetIdentities(ctx, dst); err != nil {
		return rep, err
	}
	var rows int64
	for _, tc := range rep.Tables {
		rows += tc.Rows
	}
	sid, _ := src.Identity(ctx)
	_, err = dst.AppendAudit(ctx, mediawatch.AuditEntry{At: dst.now(), ActorKind: mediawatch.ActorSystem, Actor: "mediawatch",
		Action: copyAction, Target: sid, Detail: fmt.Sprintf("%d rows in %d tables, verified", rows, len(rep.Tables))})
	return rep, err
}

// adoptIdentity gives dst the identity of src, unless it has it already
// (a resumed copy). A target with another identity must hold no rows.
func adoptIdentity(ctx context.Context, src, dst *DB) (resumed bool, err error) {
	sid, err := src.Identity(ctx)
	if err != nil {
		return false, err
	}
	did, err := dst.Identity(ctx)
	if err != nil {
		return false, err
	}
	if sid == did {
		var at string
		err := dst.r.QueryRowContext(ctx, `SELECT at FROM audit WHERE action = ? ORDER BY id LIMIT 1`, copyAction).Scan(&at)
		if err == nil {
			t, _ := decodeTime(at)
			return false, fmt.Errorf("%w (finished %s); it is the store now, and copying again would undo what it has recorded since",
				ErrCopyDone, t.Format(time.RFC3339))
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return false, err
		}
		return true, nil
	}
	for _, t := range copyTables {
		n, err := countRows(ctx, dst.r, t.name)
		if err != nil {
			return false, err
		}
		if n > 0 {
			return false, fmt.Errorf("%w: its table %s has %d rows; copy into a new, empty database", ErrCopyTarget, t.name, n)
		}
	}
	var created string
	if err := src.r.QueryRowContext(ctx, `SELECT created_at FROM store_identity`).Scan(&created); err != nil {
		return false, fmt.Errorf("store copy: read identity: %w", err)
	}
	return false, dst.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM store_identity`); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO store_identity (id, created_at) VALUES (?, ?)`, sid, created)
		return err
	})
}

func countRows(ctx context.Context, q querier, table string) (int64, error) {
	var n int64
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		return 0, fmt.Errorf("count %s: %w", table, err)
	}
	return n, nil
}

// columnsOf are the columns of t the copy writes, in the source's order.
func columnsOf(ctx context.Context, db *DB, t copyTable) ([]string, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT * FROM `+t.name+` LIMIT 0`)
	if err != nil {
		return nil, fmt.Errorf("columns of %s: %w", t.name, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(cols, func(c string) bool { return slices.Contains(t.generated, c) }), nil
}

// copyRows copies t's rows from src to dst in key order, after those dst
// already has when resume is set (from the start otherwise), and returns
// how many it wrote.
func copyRows(ctx context.Context, src, dst *DB, t copyTable, resume bool, chunk int, report func(int64)) (int64, error) {
	cols, err := columnsOf(ctx, src, t)
	if err != nil {
		return 0, err
	}
	first := t.key[0]
	var after any // the last key copied (the first key column); nil: from the start
	if resume {
		var last any
		if err := dst.r.QueryRowContext(ctx, `SELECT MAX(`+first+`) FROM `+t.name).Scan(&last); err != nil {
			return 0, fmt.Errorf("resume %s: %w", t.name, err)
		}
		if last != nil && len(t.key) > 1 {
			// A composite key resumes at its first column's last value,
			// whose rows may be cut short: they are written again.
			last = beforeKey(last)
		}
		if last != nil {
			skipped, err := countRowsUpTo(ctx, src, t, last)
			if err != nil {
				return 0, fmt.Errorf("resume %s: %w", t.name, err)
			}
			report(skipped)
		}
		after = last
	}
	order := strings.Join(t.key, ", ")
	var written int64
	for {
		if err := ctx.Err(); err != nil {
			return written, err
		}
		where := ""
		args := []any{}
		if after != nil {
			where = ` WHERE ` + first + ` > ?`
			args = append(args, after)
		}
		// Whole groups of the first key column per chunk, so that the
		// next chunk can start after the last value.
		q := `SELECT ` + strings.Join(cols, ", ") + ` FROM ` + t.name + where + ` ORDER BY ` + order + ` LIMIT ?`
		rows, err := readRows(ctx, src.r, q, append(args, chunk), len(cols))
		if err != nil {
			return written, fmt.Errorf("copy %s: %w", t.name, err)
		}
		if len(rows) == 0 {
			return written, nil
		}
		ki := slices.Index(cols, first)
		if len(t.key) > 1 && len(rows) == chunk {
			// Finish the last value's group, which the limit may have cut.
			lastVal := rows[len(rows)-1][ki]
			rest, err := readRows(ctx, src.r, `SELECT `+strings.Join(cols, ", ")+` FROM `+t.name+` WHERE `+first+` = ? ORDER BY `+order,
				[]any{lastVal}, len(cols))
			if err != nil {
				return written, fmt.Errorf("copy %s: %w", t.name, err)
			}
			rows = slices.DeleteFunc(rows, func(r []any) bool { return sameValue(r[ki], lastVal) })
			rows = append(rows, rest...)
		}
		if err := dst.write(ctx, func(tx *sql.Tx) error { return upsertRows(ctx, tx, t, cols, rows) }); err != nil {
			return written, fmt.Errorf("copy %s: %w", t.name, err)
		}
		written += int64(len(rows))
		report(int64(len(rows)))
		after = rows[len(rows)-1][ki]
	}
}

// countRowsUpTo counts t's source rows at or before key (the first key
// column), for the progress of a resumed copy.
func countRowsUpTo(ctx context.Context, db *DB, t copyTable, key any) (int64, error) {
	var n int64
	err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t.name+` WHERE `+t.key[0]+` <= ?`, key).Scan(&n)
	return n, err
}

// beforeKey is a value just below an integer key, so that "> beforeKey(k)"
// includes k's rows; the composite keys all start with an integer.
func beforeKey(k any) any {
	if n, ok := k.(int64); ok {
		return n - 1
	}
	return k
}

// readRows runs q and returns its rows, each n values.
func readRows(ctx context.Context, q querier, query string, args []any, n int) ([][]any, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]any
	for rows.Next() {
		vals := make([]any, n)
		ptrs := make([]any, n)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		out = append(out, vals)
	}
	return out, rows.Err()
}

// upsertRows writes rows into t: new ones inserted, existing ones (a
// resumed or repeated copy) replaced, or left as they are in an
// append-only table.
func upsertRows(ctx context.Context, tx *sql.Tx, t copyTable, cols []string, rows [][]any) error {
	var b strings.Builder
	b.WriteString(`INSERT INTO ` + t.name + ` (` + strings.Join(cols, ", ") + `) VALUES `)
	args := make([]any, 0, len(rows)*len(cols))
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	for i, r := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(one)
		args = append(args, r...)
	}
	b.WriteString(` ON CONFLICT (` + strings.Join(t.key, ", ") + `) DO `)
	if t.appendOnly {
		b.WriteString(`NOTHING`)
	} else {
		var set []string
		for _, c := range cols {
			if !slices.Contains(t.key, c) {
				set = append(set, c+" = excluded."+c)
			}
		}
		if len(set) == 0 {
			b.WriteString(`NOTHING`)
		} else {
			b.WriteString(`UPDATE SET ` + strings.Join(set, ", "))
		}
	}
	_, err := tx.ExecContext(ctx, b.String(), args...)
	return err
}

// verifyTable compares t in both stores; when they differ it copies t
// again whole, deletes the rows src no longer has, and compares again.
func verifyTable(ctx context.Context, src, dst *DB, t copyTable, chunk int) (TableCopy, error) {
	tc := TableCopy{Table: t.name}
	cols, err := columnsOf(ctx, src, t)
	if err != nil {
		return tc, err
	}
	for attempt := 0; ; attempt++ {
		sn, ssum, skeys, err := digest(ctx, src, t, cols, attempt > 0)
		if err != nil {
			return tc, err
		}
		dn, dsum, dkeys, err := digest(ctx, dst, t, cols, attempt > 0)
		if err != nil {
			return tc, err
		}
		if sn == dn && ssum == dsum {
			tc.Rows, tc.Checksum = sn, ssum
			return tc, nil
		}
		if attempt == 2 {
			return tc, fmt.Errorf("store copy: table %s differs after copying it again (%d rows here, %d there): "+
				"the source keeps changing; stop serve and run the copy again", t.name, sn, dn)
		}
		tc.Again = true
		if attempt == 1 {
			// Second try: the rows dst has that src has not go first.
			if err := deleteMissing(ctx, dst, t, skeys, dkeys); err != nil {
				return tc, err
			}
		}
		if _, err := copyRows(ctx, src, dst, t, false, chunk, func(int64) {}); err != nil {
			return tc, err
		}
	}
}

// digest reads t in key order and returns its row count, the SHA-256 of
// its rows, and, when keys is set, every row's key.
func digest(ctx context.Context, db *DB, t copyTable, cols []string, keys bool) (int64, string, [][]any, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM `+t.name+` ORDER BY `+strings.Join(t.key, ", "))
	if err != nil {
		return 0, "", nil, fmt.Errorf("verify %s: %w", t.name, err)
	}
	defer rows.Close()
	ki := make([]int, len(t.key))
	for i, k := range t.key {
		ki[i] = slices.Index(cols, k)
	}
	h := sha256.New()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var n int64
	var all [][]any
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return 0, "", nil, fmt.Errorf("verify %s: %w", t.name, err)
		}
		for _, v := range vals {
			hashValue(h, v)
		}
		h.Write([]byte{'\n'})
		n++
		if keys {
			k := make([]any, len(ki))
			for i, j := range ki {
				k[i] = vals[j]
			}
			all = append(all, k)
		}
	}
	if err := rows.Err(); err != nil {
		return 0, "", nil, fmt.Errorf("verify %s: %w", t.name, err)
	}
	return n, hex.EncodeToString(h.Sum(nil)), all, nil
}

// hashValue writes v in a form both engines' drivers give alike: a number
// as its decimal value whether it came as an integer or a float, text and
// bytes tagged and length-prefixed.
func hashValue(h hash.Hash, v any) {
	switch x := v.(type) {
	case nil:
		h.Write([]byte("N;"))
	case int64:
		h.Write([]byte("n" + strconv.FormatInt(x, 10) + ";"))
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			h.Write([]byte("n" + strconv.FormatInt(int64(x), 10) + ";"))
		} else {
			h.Write([]byte("n" + strconv.FormatFloat(x, 'g', -1, 64) + ";"))
		}
	case string:
		h.Write([]byte("s" + strconv.Itoa(len(x)) + ":" + x))
	case []byte:
		h.Write([]byte("b" + strconv.Itoa(len(x)) + ":"))
		h.Write(x)
	default:
		s := fmt.Sprint(x)
		h.Write([]byte("?" + strconv.Itoa(len(s)) + ":" + s))
	}
}

// deleteMissing deletes from dst the rows of t whose keys src lacks.
func deleteMissing(ctx context.Context, dst *DB, t copyTable, srcKeys, dstKeys [][]any) error {
	have := make(map[string]bool, len(srcKeys))
	for _, k := range srcKeys {
		have[fmt.Sprint(k...)] = true
	}
	var gone [][]any
	for _, k := range dstKeys {
		if !have[fmt.Sprint(k...)] {
			gone = append(gone, k)
		}
	}
	cond := strings.Join(t.key, " = ? AND ") + " = ?"
	return dst.write(ctx, func(tx *sql.Tx) error {
		for _, k := range gone {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+t.name+` WHERE `+cond, k...); err != nil {
				return fmt.Errorf("copy %s: delete a row the source no longer has: %w", t.name, err)
			}
		}
		return nil
	})
}

// sameValue compares two key values as the drivers return them.
func sameValue(a, b any) bool {
	switch x := a.(type) {
	case []byte:
		y, ok := b.([]byte)
		return ok && string(x) == string(y)
	}
	return a == b
}

// resetIdentities moves every identity column's sequence past the largest
// id copied, so that the next row the service writes gets a new id.
func resetIdentities(ctx context.Context, dst *DB) error {
	return dst.write(ctx, func(tx *sql.Tx) error {
		for _, t := range copyTables {
			if len(t.key) != 1 || t.key[0] != "id" {
				continue
			}
			_, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+t.name+`', 'id'),
				COALESCE((SELECT MAX(id) FROM `+t.name+`), 0) + 1, false)`)
			if err != nil {
				return fmt.Errorf("store copy: advance %s ids: %w", t.name, err)
			}
		}
		return nil
	})
}
