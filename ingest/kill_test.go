package ingest

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/index"
	"mediawatch/query"
	"mediawatch/store"
)

// killEnv names the data directory of TestIngestHelperProcess's child run.
const killEnv = "MEDIAWATCH_INGEST_KILL_DIR"

// TestIngestHelperProcess is not a test: TestKillBetweenStoreAndIndex runs
// the test binary again with only this function and killEnv set, and
// SIGKILLs it while it stores items and feeds the index in batches.
func TestIngestHelperProcess(t *testing.T) {
	dir := os.Getenv(killEnv)
	if dir == "" {
		t.Skip("only run as TestKillBetweenStoreAndIndex's child")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second) // outlive no parent
	defer cancel()
	db, err := store.Open(ctx, filepath.Join(dir, "mw.db"))
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(1)
	}
	idx, err := index.Open(filepath.Join(dir, "index"), index.Options{})
	if err != nil {
		fmt.Println("index:", err)
		os.Exit(1)
	}
	if _, err := Reconcile(ctx, db, idx, nil); err != nil { // what every start does
		fmt.Println("reconcile:", err)
		os.Exit(1)
	}
	p := New(db, nil, nil, nil).WithIndex(idx, db)
	src := mediawatch.Source{Name: "kill", Keep: mediawatch.KeepAll}
	for i := 0; ctx.Err() == nil; i++ {
		a := mediawatch.Article{Source: "kill", URL: fmt.Sprintf("https://kill.example/%d", i),
			Title: fmt.Sprintf("Tin Sơn La số %d", i), Text: fmt.Sprintf("Nội dung %d về mận hậu Sơn La.", i)}
		if _, err := p.Ingest(ctx, src, a); err != nil {
			fmt.Println("ingest:", err)
			os.Exit(1)
		}
		if i%7 == 6 { // batches reach the index now and then, as a crawl's do
			if err := p.Flush(ctx); err != nil {
				fmt.Println("flush:", err)
				os.Exit(1)
			}
		}
		if i == 0 {
			fmt.Println("ready")
		}
	}
	os.Exit(0)
}

// TestKillBetweenStoreAndIndex SIGKILLs a process that is storing items
// and indexing them in batches — so most kills land after a store commit
// and before the index has the item — several times over one data
// directory. After each kill, the start-up Reconcile must make every stored
// item findable (the index held fewer before it, or the kill missed the gap).
func TestKillBetweenStoreAndIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(5, 6))
	for round := range 3 {
		killIngest(t, dir, time.Duration(50+rng.IntN(400))*time.Millisecond)
		ctx := context.Background()
		db, err := store.Open(ctx, filepath.Join(dir, "mw.db"))
		if err != nil {
			t.Fatalf("round %d: reopen store: %v", round, err)
		}
		idx, err := index.Open(filepath.Join(dir, "index"), index.Options{})
		if err != nil {
			db.Close()
			t.Fatalf("round %d: reopen index: %v", round, err)
		}
		stored, err := db.CountItems(ctx)
		if err != nil {
			t.Fatal(err)
		}
		before, _ := idx.Count()
		if _, err := Reconcile(ctx, db, idx, nil); err != nil {
			t.Fatalf("round %d: reconcile: %v", round, err)
		}
		res, err := idx.Search(ctx, query.MustParse(`"Sơn La"`), index.Request{Size: 1})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("round %d: %d stored, %d indexed before reconcile, %d findable after", round, stored, before, res.Total)
		if stored == 0 || res.Total != uint64(stored) {
			t.Errorf("round %d: %d stored but %d findable after reconcile", round, stored, res.Total)
		}
		idx.Close()
		db.Close()
	}
}

// killIngest starts the helper on dir, lets it run for about d after its
// first item, and SIGKILLs it: no deferred code, no Flush, no Close.
func killIngest(t *testing.T, dir string, d time.Duration) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestIngestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), killEnv+"="+dir)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	ready := false
	for lines.Scan() {
		if lines.Text() == "ready" {
			ready = true
			break
		}
		t.Logf("helper: %s", lines.Text())
	}
	if !ready {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("helper ended before its first item")
	}
	time.Sleep(d)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
}
