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

// pruneNow is "now" for the retention tests; items are stored three years
// before it (old) or ten days before it (recent).
var pruneNow = time.Date(2029, 3, 1, 0, 0, 0, 0, time.UTC)

// seedPrune stores old and recent items in dir through the pipeline and
// indexes them.
func seedPrune(t *testing.T, dir string, old, recent int) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(dir, "mw.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	idx, err := index.Open(filepath.Join(dir, "index"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	at := pruneNow.AddDate(-3, 0, 0)
	p := New(db, nil, func() time.Time { return at }, nil).WithIndex(idx, db)
	src := mediawatch.Source{Name: "prune", Keep: mediawatch.KeepAll}
	for i := range old + recent {
		if i == old {
			at = pruneNow.AddDate(0, 0, -10)
		}
		a := mediawatch.Article{Source: "prune", URL: fmt.Sprintf("https://prune.example/%d", i),
			Title: fmt.Sprintf("Tin Sơn La số %d", i), Text: fmt.Sprintf("Nội dung %d về mận hậu Sơn La.", i)}
		if _, err := p.Ingest(ctx, src, a); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Flush(ctx); err != nil {
		t.Fatal(err)
	}
}

// findable counts what a search for "Sơn La" finds and what the store holds.
func findable(t *testing.T, db *store.DB, idx *index.Index) (found uint64, stored int) {
	t.Helper()
	res, err := idx.Search(context.Background(), query.MustParse(`"Sơn La"`), index.Request{Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	stored, err = db.CountItems(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return res.Total, stored
}

func TestPruneDeletesFromStoreAndIndex(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	seedPrune(t, dir, 30, 10)
	db, err := store.Open(ctx, filepath.Join(dir, "mw.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	idx, err := index.Open(filepath.Join(dir, "index"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	cutoff := Cutoff(pruneNow, 730*24*time.Hour)
	var seen []PruneResult
	res, err := Prune(ctx, db, idx, cutoff, func(r PruneResult) { seen = append(seen, r) })
	if err != nil {
		t.Fatal(err)
	}
	if res.Items != 30 || res.Stories != 30 || len(seen) == 0 || seen[len(seen)-1] != res {
		t.Errorf("pruned %+v (progress %v), want 30 items and their 30 stories", res, seen)
	}
	if found, stored := findable(t, db, idx); found != 10 || stored != 10 {
		t.Errorf("after prune: %d findable, %d stored; want 10 and 10", found, stored)
	}
	if again, err := Prune(ctx, db, idx, cutoff, nil); err != nil || again != (PruneResult{}) {
		t.Errorf("second prune = %+v, %v; want nothing", again, err)
	}
	if none, err := Prune(ctx, db, idx, Cutoff(pruneNow, 0), nil); err != nil || none != (PruneResult{}) {
		t.Errorf("prune with no period = %+v, %v", none, err)
	}
}

// pruneKillEnv names the data directory of TestPruneHelperProcess's run.
const pruneKillEnv = "MEDIAWATCH_PRUNE_KILL_DIR"

// TestPruneHelperProcess is not a test: TestKillDuringPrune runs the test
// binary again with only this function and pruneKillEnv set, and SIGKILLs
// it while it prunes in small batches.
func TestPruneHelperProcess(t *testing.T) {
	dir := os.Getenv(pruneKillEnv)
	if dir == "" {
		t.Skip("only run as TestKillDuringPrune's child")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
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
	pruneBatch = 7
	fmt.Println("ready")
	if _, err := Prune(ctx, db, idx, Cutoff(pruneNow, 730*24*time.Hour), nil); err != nil {
		fmt.Println("prune:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// TestKillDuringPrune SIGKILLs a prune several times over one data
// directory. After each kill the store must be sound, and after the
// start-up reconcile the index must find exactly what the store holds:
// a batch is in both or in neither.
func TestKillDuringPrune(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	dir := t.TempDir()
	seedPrune(t, dir, 600, 20)
	rng := rand.New(rand.NewPCG(8, 9))
	for round := range 3 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestPruneHelperProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(), pruneKillEnv+"="+dir)
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(out)
		for lines.Scan() && lines.Text() != "ready" {
			t.Logf("helper: %s", lines.Text())
		}
		time.Sleep(time.Duration(20+rng.IntN(300)) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()

		ctx := context.Background()
		if _, err := store.CheckCopy(ctx, filepath.Join(dir, "mw.db")); err != nil {
			t.Fatalf("round %d: store damaged: %v", round, err)
		}
		db, err := store.Open(ctx, filepath.Join(dir, "mw.db"))
		if err != nil {
			t.Fatalf("round %d: reopen: %v", round, err)
		}
		idx, err := index.Open(filepath.Join(dir, "index"), index.Options{})
		if err != nil {
			t.Fatalf("round %d: reopen index: %v", round, err)
		}
		if _, err := Reconcile(ctx, db, idx, nil); err != nil {
			t.Fatal(err)
		}
		found, stored := findable(t, db, idx)
		n, _ := idx.Count()
		t.Logf("round %d: %d stored, %d indexed, %d findable", round, stored, n, found)
		if found != uint64(stored) || n != uint64(stored) || stored < 20 {
			t.Errorf("round %d: %d stored, %d indexed, %d findable", round, stored, n, found)
		}
		idx.Close()
		db.Close()
	}
}
