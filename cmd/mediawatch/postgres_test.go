package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/config"
	"mediawatch/internal/pgtest"
)

// TestStoreCopyThenServeFromPostgres moves a data directory's store into
// PostgreSQL with `store copy`, then opens the service on it: the index
// stays bound (same identity), searches find what they found, new items
// are stored in PostgreSQL, and a second process on another data
// directory is refused while the first holds the store.
func TestStoreCopyThenServeFromPostgres(t *testing.T) {
	pg := pgtest.Database(t)
	dir := t.TempDir()
	ctx := context.Background()
	a := testApp(t, dir, func(*config.Config) {})
	if err := ingestN(ctx, a, 0, 40); err != nil {
		t.Fatal(err)
	}
	before := hits(t, a.idx, "Mường La")
	a.Close()

	t.Setenv("MEDIAWATCH_UI_LANG", "en")
	out, errOut, code := runCLI(t, "store", "copy", "--data", dir, "--to", pg)
	if code != 0 || !strings.Contains(out, "both stores agree") || !strings.Contains(out, "items") {
		t.Fatalf("store copy: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	_, errOut, code = runCLI(t, "store", "copy", "--data", dir, "--to", pg)
	if code == 0 || !strings.Contains(errOut, "already a verified copy") {
		t.Fatalf("second copy: exit %d, stderr %s; want it refused", code, errOut)
	}

	b := testApp(t, dir, func(c *config.Config) { c.Store.URL = pg })
	if got := hits(t, b.idx, "Mường La"); len(got) != len(before) || len(got) != 40 {
		t.Fatalf("after the move: %d hits, want the %d of before", len(got), len(before))
	}
	if err := ingestN(ctx, b, 40, 5); err != nil {
		t.Fatal(err)
	}
	if n, err := b.db.CountItems(ctx); err != nil || n != 45 {
		t.Fatalf("PostgreSQL store holds %d items (%v), want 45", n, err)
	}

	cfg, err := testGlobals(ctx, nil).loadConfig(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cfg.Store.URL = pg
	_, err = openApp(ctx, cfg, b.log)
	if err == nil || !strings.Contains(err.Error(), "another mediawatch process is ingesting") {
		t.Fatalf("a second node on the same store: %v, want it refused", err)
	}
}

// secondNode opens a node on its own data directory and the PostgreSQL
// store pg, which first holds: it waits for the once-only jobs, as serve
// does.
func secondNode(t *testing.T, pg string, first *app) *app {
	t.Helper()
	cfg, err := testGlobals(context.Background(), nil).loadConfig(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cfg.Store.URL = pg
	cfg.Rules.Dir = filepath.Join(cfg.DataDir, "rules")
	second, err := openApp(context.WithValue(context.Background(), waitForStoreKey{}, true), cfg, first.log)
	if err != nil {
		t.Fatalf("second node: %v", err)
	}
	t.Cleanup(func() { second.Close() })
	return second
}

// TestSecondNodeFollowsAndTakesOver: two nodes on one PostgreSQL store.
// The second waits while the first ingests, builds its index from the
// store and follows the first's changes, so both answer a search alike;
// a review made through the second reaches the first's change feed; when
// the first stops, the second claims the store.
func TestSecondNodeFollowsAndTakesOver(t *testing.T) {
	pg := pgtest.Database(t)
	ctx := context.Background()
	first := testApp(t, t.TempDir(), func(c *config.Config) { c.Store.URL = pg })
	if err := ingestN(ctx, first, 0, 30); err != nil {
		t.Fatal(err)
	}

	second := secondNode(t, pg, first)
	cfg := second.cfg
	if !second.waiting.Load() {
		t.Fatal("the second node claimed a store the first holds")
	}
	if err := second.followStart(ctx); err != nil {
		t.Fatal(err)
	}
	if err := second.reconcile(ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := hits(t, second.idx, "Mường La"), hits(t, first.idx, "Mường La"); !slices.Equal(got, want) || len(got) != 30 {
		t.Fatalf("after its start the second node finds %d items, the first %d", len(got), len(want))
	}

	// What the first stores next, the second finds after catching up.
	if err := ingestN(ctx, first, 30, 10); err != nil {
		t.Fatal(err)
	}
	if b := second.behind(ctx); b < 10 {
		t.Errorf("the second node is %d changes behind after the first stored 10 items", b)
	}
	if b := first.behind(ctx); b != 0 {
		t.Errorf("the first node, which follows nothing yet, says it is %d behind", b)
	}
	if n, err := second.catchUp(ctx); err != nil || n < 10 {
		t.Fatalf("catch up: %d items, %v", n, err)
	}
	if b := second.behind(ctx); b != 0 {
		t.Errorf("after catching up the second node is %d behind", b)
	}
	if got, want := hits(t, second.idx, "Mường La"), hits(t, first.idx, "Mường La"); !slices.Equal(got, want) || len(got) != 40 {
		t.Fatalf("after catching up the second node finds %d items, the first %d", len(got), len(want))
	}
	if b, err := os.ReadFile(filepath.Join(cfg.DataDir, changesFile)); err != nil || strings.TrimSpace(string(b)) != fmt.Sprint(second.cursor) {
		t.Errorf("%s = %q (%v), want the place %d", changesFile, b, err, second.cursor)
	}

	// The first follows too: it sees nothing of its own, and what is
	// written through the second node reaches its index.
	first.cursor = 0
	first.following = true
	if n, err := first.catchUp(ctx); err != nil || n != 0 {
		t.Fatalf("first node's catch-up of its own changes: %d items, %v", n, err)
	}
	it := mediawatch.Item{Source: "src0", URL: "https://tin.example/qua-nut-2", CanonicalURL: "https://tin.example/qua-nut-2",
		Title: "Tin Mường La qua nút thứ hai", Text: "Lũ quét ở Mường La, Sơn La.", Lang: "vi", ContentHash: "h-qua-nut-2",
		FirstSeen: time.Now()}
	res, err := second.db.SaveItem(ctx, it)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := first.catchUp(ctx); err != nil || n != 1 {
		t.Fatalf("first node's catch-up: %d items, %v; want the one stored through the second", n, err)
	}
	if got := hits(t, first.idx, "Mường La"); len(got) != 41 || !slices.Contains(got, res.ItemID) {
		t.Fatalf("first node after the second's write: %d items", len(got))
	}

	// The first stops; the second takes over within a claim period.
	first.Close()
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := second.waitForClaim(wctx); err != nil {
		t.Fatalf("the second node did not take over: %v", err)
	}
}

// TestNodesShareTheRuleSet: a rule added on one node reaches the other's
// rule directory and active set through the store, and back.
func TestNodesShareTheRuleSet(t *testing.T) {
	pg := pgtest.Database(t)
	ctx := context.Background()
	a := testApp(t, t.TempDir(), func(c *config.Config) { c.Store.URL = pg })
	b := secondNode(t, pg, a)
	step := func(x *app, want string) {
		t.Helper()
		got, err := x.shareRulesOnce(ctx)
		if err != nil || got != want {
			t.Fatalf("shareRulesOnce = %q, %v; want %q", got, err, want)
		}
	}
	write := func(x *app, name, body string) {
		t.Helper()
		os.MkdirAll(x.cfg.Rules.Dir, 0o750)
		if err := os.WriteFile(filepath.Join(x.cfg.Rules.Dir, name), []byte(body), 0o640); err != nil {
			t.Fatal(err)
		}
		if err := x.rules.Reload(ctx); err != nil {
			t.Fatal(err)
		}
	}
	write(a, "lu.yaml", "id: lu\nname: {vi: Lũ, en: Floods}\nseverity: high\nquery: lũ\n")
	step(a, "published")
	step(b, "took")
	if va, vb := a.rules.Status().Version, b.rules.Status().Version; va != vb || len(b.rules.Status().Rules) != 1 {
		t.Fatalf("after b took the set: versions %q and %q, b has %d rules", va, vb, len(b.rules.Status().Rules))
	}
	step(a, "")
	step(b, "")

	write(b, "dat.yaml", "id: dat\nname: {vi: Đất, en: Land}\nseverity: low\nquery: đất\n")
	step(b, "published")
	step(a, "took")
	if va, vb := a.rules.Status().Version, b.rules.Status().Version; va != vb || len(a.rules.Status().Rules) != 2 {
		t.Fatalf("after a took b's set: versions %q and %q, a has %d rules", va, vb, len(a.rules.Status().Rules))
	}
	if _, err := os.Stat(filepath.Join(a.cfg.Rules.Dir, "dat.yaml")); err != nil {
		t.Errorf("the rule b added is not in a's directory: %v", err)
	}

	// An invalid edit is not published: the active set stays, and so does
	// the store's.
	os.WriteFile(filepath.Join(a.cfg.Rules.Dir, "bad.yaml"), []byte("id: bad\nquery: (\n"), 0o640)
	a.rules.Reload(ctx)
	step(a, "")
	step(b, "")
}
