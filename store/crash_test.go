package store

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"mediawatch"
)

// checkConsistency asserts what a crash must never break: the file is sound,
// every item has versions 1..version with the current text as the last, and
// no URL has two items. (PostgreSQL checks its own pages and always
// enforces foreign keys: SQLite's file checks have nothing to ask it.)
func checkConsistency(t *testing.T, db *DB) {
	t.Helper()
	ctx := context.Background()
	checks := []struct{ what, sql string }{
		{"items whose version is not the newest of 1..n versions", `SELECT COUNT(*) FROM items i WHERE
			i.version != (SELECT COALESCE(MAX(version), 0) FROM item_versions v WHERE v.item_id = i.id) OR
			i.version != (SELECT COUNT(*) FROM item_versions v WHERE v.item_id = i.id) OR
			(SELECT MIN(version) FROM item_versions v WHERE v.item_id = i.id) != 1`},
		{"items whose newest version is not theirs", `SELECT COUNT(*) FROM items i JOIN item_versions v
			ON v.item_id = i.id AND v.version = i.version
			WHERE v.content_hash != i.content_hash OR v.feed_only != i.feed_only OR
			v.title NOT IN ('', i.title) OR v.text NOT IN ('', i.text)`}, // '': on the item only (insertVersion)
		{"earlier versions whose text was not kept", `SELECT COUNT(*) FROM items i JOIN item_versions v
			ON v.item_id = i.id AND v.version < i.version WHERE v.text = '' AND v.content_hash != ''`},
		{"duplicate canonical URLs", `SELECT COUNT(*) FROM
			(SELECT canonical_url FROM items GROUP BY canonical_url HAVING COUNT(*) > 1) AS twice`},
	}
	if !onPostgres() {
		var integrity string
		if err := db.r.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&integrity); err != nil || integrity != "ok" {
			t.Fatalf("integrity_check = %q, %v", integrity, err)
		}
		checks = append(checks, struct{ what, sql string }{"foreign key violations", `SELECT COUNT(*) FROM pragma_foreign_key_check`})
	}
	for _, q := range checks {
		var n int
		if err := db.r.QueryRowContext(ctx, q.sql).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q.what, err)
		}
		if n != 0 {
			t.Errorf("%d %s", n, q.what)
		}
	}
}

// TestCancelDuringSaves cancels the context at random moments while several
// goroutines save new items and new versions, then reopens the database and
// checks that every save that reported success is there and nothing is half
// there.
func TestCancelDuringSaves(t *testing.T) {
	db, path := openTest(t)
	rng := rand.New(rand.NewPCG(1, 2))
	type saved struct {
		url, hash string
		res       mediawatch.IngestResult
	}
	var (
		mu sync.Mutex
		ok []saved
	)
	for round := range 40 {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(time.Duration(rng.IntN(15000))*time.Microsecond, cancel)
		var wg sync.WaitGroup
		for g := range 4 {
			seed := uint64(round*10 + g)
			wg.Go(func() {
				r := rand.New(rand.NewPCG(seed, 7))
				for ctx.Err() == nil {
					it := testItem(fmt.Sprintf("https://a.vn/%d", r.IntN(60)), fmt.Sprintf("text %d", r.IntN(1000)))
					it.FeedOnly = r.IntN(4) == 0
					res, err := db.SaveItem(ctx, it)
					if err != nil {
						if ctx.Err() == nil {
							t.Errorf("SaveItem failed before cancel: %v", err)
						}
						return
					}
					if res.Outcome != mediawatch.OutcomeDuplicate {
						mu.Lock()
						ok = append(ok, saved{it.CanonicalURL, it.ContentHash, res})
						mu.Unlock()
					}
				}
			})
		}
		wg.Wait()
		cancel()
		// The writer connection must not be left inside a transaction.
		if _, err := db.SaveItem(context.Background(), testItem("https://probe.vn/", fmt.Sprint("probe ", round))); err != nil {
			t.Fatalf("round %d: SaveItem after cancel: %v", round, err)
		}
	}
	db.Close()

	db2, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	checkConsistency(t, db2)
	for _, s := range ok {
		var hash string
		err := db2.r.QueryRow(`SELECT v.content_hash FROM item_versions v JOIN items i ON i.id = v.item_id
			WHERE i.canonical_url = ? AND v.version = ?`, s.url, s.res.Version).Scan(&hash)
		if err != nil || hash != s.hash {
			t.Errorf("saved %+v is missing after reopen: hash %q, err %v", s, hash, err)
		}
	}
	t.Logf("%d saves succeeded before their cancels", len(ok))
}

// helperEnv names the database the helper process writes to.
const helperEnv = "MEDIAWATCH_STORE_HELPER_DB"

// helperURL and helperText describe the helper's i-th article.
func helperURL(i int) string { return fmt.Sprintf("https://helper.vn/%d", i) }

func helperText(i, v int) string { return fmt.Sprintf("article %d version %d", i, v) }

// TestHelperProcess is not a test: TestKillDuringSaves runs the test binary
// again with only this function and helperEnv set, and SIGKILLs it.
func TestHelperProcess(t *testing.T) {
	path := os.Getenv(helperEnv)
	if path == "" {
		t.Skip("only run as TestKillDuringSaves's child")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second) // outlive no parent
	defer cancel()
	db, err := Open(ctx, path)
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(1)
	}
	for i := 0; ctx.Err() == nil; i++ {
		if err := helperSave(ctx, db, i); err != nil {
			fmt.Println("save:", err)
			os.Exit(1)
		}
		if i == 0 {
			fmt.Println("ready")
		}
	}
	os.Exit(0)
}

// helperSave saves article i as a crawler run would: odd articles once, even
// ones as a first version and then an edit. A restarted run starts again at
// 0, and must find all it already stored.
func helperSave(ctx context.Context, db *DB, i int) error {
	url := helperURL(i)
	if _, seen, err := db.FirstSeen(ctx, url); err != nil {
		return err
	} else if !seen || i%2 == 1 {
		if _, err := db.SaveItem(ctx, helperItem(i, 1)); err != nil {
			return err
		}
	}
	if i%2 == 0 {
		if _, err := db.SaveItem(ctx, helperItem(i, 2)); err != nil {
			return err
		}
	}
	return nil
}

func helperItem(i, v int) mediawatch.Item {
	it := testItem(helperURL(i), helperText(i, v))
	it.FirstSeen = time.Now()
	return it
}

// TestKillDuringSaves kills a process that is saving items at a random
// moment, several times over one database, and checks after each kill that
// the store is sound and holds no partial item and no duplicate.
func TestKillDuringSaves(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	path := testStorePath(t, t.TempDir())
	rng := rand.New(rand.NewPCG(3, 4))
	for round := range 5 {
		killChild(t, path, time.Duration(20+rng.IntN(300))*time.Millisecond)
		db, err := Open(context.Background(), path)
		if err != nil {
			t.Fatalf("round %d: reopen: %v", round, err)
		}
		checkConsistency(t, db)
		checkHelperItems(t, db)
		db.Close()
	}
}

// killChild starts the helper process on path, lets it save for about d
// after its first item, and SIGKILLs it.
func killChild(t *testing.T, path string, d time.Duration) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperEnv+"="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if err := waitReady(out); err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal(err)
	}
	time.Sleep(d)
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no deferred code, no Close
		t.Fatal(err)
	}
	cmd.Wait()
}

// waitReady reads the helper's output until it says it saved its first item.
func waitReady(out io.Reader) error {
	lines := bufio.NewScanner(out)
	var last string
	for lines.Scan() {
		if last = lines.Text(); last == "ready" {
			return nil
		}
	}
	return fmt.Errorf("helper process ended before ready; last said %q, %v", last, lines.Err())
}

// checkHelperItems asserts the helper's articles form a prefix 0..n-1 with
// the versions a run (or several) of helperSave leaves: odd ones at version
// 1, even ones at version 2 except perhaps the last, killed between its two
// saves.
func checkHelperItems(t *testing.T, db *DB) {
	t.Helper()
	ctx := context.Background()
	n, err := db.CountItems(ctx)
	if err != nil || n == 0 {
		t.Fatalf("CountItems = %d, %v; want some", n, err)
	}
	items, err := db.Items(ctx, 0, n)
	if err != nil {
		t.Fatal(err)
	}
	for i, it := range items {
		wantV := 1
		if i%2 == 0 && !(i == n-1 && it.Version == 1) {
			wantV = 2
		}
		if it.CanonicalURL != helperURL(i) || it.Version != wantV || it.Text != helperText(i, wantV) {
			t.Fatalf("item %d of %d: %s version %d %q; want %s version %d", i, n, it.CanonicalURL,
				it.Version, it.Text, helperURL(i), wantV)
		}
	}
	t.Logf("%d items consistent after kill", n)
}
