package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/store"
)

// oldStore writes, through the store (import stamps items with the
// present), old items first seen long before a 30-day cutoff, recent ones
// within it, and one old item flagged and still open in the queue, which
// retention keeps. Every item's text has "mận"; only the flagged one has
// "đập". It returns an error rather than failing the test: it runs
// beside the binary's build.
func oldStore(data string, old, recent int) error {
	ctx := context.Background()
	if err := os.MkdirAll(data, 0o750); err != nil {
		return err
	}
	db, err := store.Open(ctx, storePath(data))
	if err != nil {
		return err
	}
	defer db.Close()
	save := func(i int, at time.Time, text string, flags ...mediawatch.Flag) error {
		url := fmt.Sprintf("https://moc-chau.example/%d", i)
		it := mediawatch.Item{Source: "mocchau", URL: url, CanonicalURL: url, Title: fmt.Sprintf("Tin Mộc Châu số %d", i),
			Text: text, Lang: "vi", ContentHash: fmt.Sprint(i), FirstSeen: at}
		_, err := db.SaveItem(ctx, it, flags...)
		return err
	}
	long := time.Now().AddDate(-1, 0, 0)
	for i := range old {
		if err := save(i, long.Add(time.Duration(i)*time.Minute), fmt.Sprintf("Mùa mận hậu ở Mộc Châu, bài %d.", i)); err != nil {
			return err
		}
	}
	for i := range recent {
		if err := save(old+i, time.Now().AddDate(0, 0, -1), fmt.Sprintf("Mận hậu vào chính vụ, bài %d.", i)); err != nil {
			return err
		}
	}
	flag := mediawatch.Flag{RuleID: "vo-dap", RuleVersion: "sha-vo-dap", Severity: mediawatch.SeverityHigh,
		Snippet: "vỡ đập", Matches: []mediawatch.TermMatch{{Term: "đập", Field: "text", Start: 0, End: len("Tin"), Text: "Tin"}},
		ItemVersion: 1, Status: mediawatch.FlagNew, CreatedAt: long}
	return save(old+recent, long, "Tin đồn vỡ đập thủy điện làm dân mận hậu lo lắng.", flag)
}

// searchCount is what `search --count` finds for q.
func searchCount(t *testing.T, dir, data, q string) int {
	t.Helper()
	out := strings.TrimSpace(mustRun(t, dir, nil, "search", "--data", data, "--count", q))
	n, err := strconv.Atoi(out)
	if err != nil {
		t.Fatalf("search --count %s printed %q", q, out)
	}
	return n
}

// startPrune starts `prune --older-than 30d` beside serve and waits until
// the job in the service has deleted its first batch: the store, read
// beside it, holds fewer than before items.
func startPrune(t *testing.T, dir string, db *store.DB, data string, serve *proc, before int) *proc {
	t.Helper()
	p := startProc(t, dir, nil, "prune", "--data", data, "--older-than", "30d")
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		n, err := db.CountItems(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n < before {
			return p
		}
		select {
		case <-p.done:
			t.Fatalf("prune ended before it deleted anything\nstdout:\n%s\nstderr:\n%s\nserve:\n%s", p.out, p.err, serve.err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("the prune never deleted anything\n%s\n%s", p.err, serve.err)
		}
	}
}

// TestPruneBesideServeStopped runs `prune` through a running service and
// stops it two ways once it has deleted a batch: the command interrupted
// (the job in the service stops, the service answers on), and the service
// killed with -9 (the command says so and exits non-zero, no hang). Each
// time store and index agree afterwards, and a last prune finishes the
// work, keeping the protected item and the recent ones.
func TestPruneBesideServeStopped(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	ctx := context.Background()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	// Batches of ingest.PruneBatchSize: a batch deleted before each stop,
	// and items left for the last prune.
	const old, recent = 4000, 10
	const kept = recent + 1
	seeded := make(chan error, 1)
	go func() { seeded <- oldStore(data, old, recent) }()
	mediawatchBinary(t)
	if err := <-seeded; err != nil {
		t.Fatal(err)
	}
	// The test reads the store beside the processes (SQLite in WAL mode).
	db, err := store.Open(ctx, storePath(data))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stored := func() int {
		t.Helper()
		n, err := db.CountItems(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	serve, _ := startServe(t, dir, data)
	if got, want := searchCount(t, dir, data, "mận"), old+kept; got != want {
		t.Fatalf("before the prune the index finds %d, want %d", got, want)
	}

	// The command interrupted: the service's job ends with its connection,
	// and the service goes on answering.
	p := startPrune(t, dir, db, data, serve, old+kept)
	p.cmd.Process.Signal(syscall.SIGINT)
	if code := p.wait(t, time.Minute); code != 130 || !strings.Contains(p.out.String(), "run prune again") {
		t.Errorf("prune interrupted exited %d, want 130 and a word on what to do\nstdout:\n%s\nstderr:\n%s", code, p.out, p.err)
	}
	for deadline := time.Now().Add(time.Minute); !strings.Contains(serve.err.String(), `msg="job failed" job=prune`); time.Sleep(10 * time.Millisecond) {
		if strings.Contains(serve.err.String(), `msg="job done" job=prune`) {
			t.Fatalf("the prune ran to its end in the service after the command was interrupted\n%s", serve.err)
		}
		if time.Now().After(deadline) {
			t.Fatalf("the interrupted prune never stopped in the service\n%s", serve.err)
		}
	}
	left := stored()
	if got := searchCount(t, dir, data, "mận"); got != left || left <= kept {
		t.Errorf("after the interrupted prune the service finds %d, the store holds %d (want equal, with old items left)", got, left)
	}
	t.Logf("the interrupted prune left %d of %d items", left, old+kept)

	// The service killed with -9 under the job.
	p = startPrune(t, dir, db, data, serve, left)
	serve.cmd.Process.Kill()
	serve.wait(t, time.Minute)
	code := p.wait(t, time.Minute)
	if want := fmt.Sprintf("service (PID %d) stopped before the job finished", serve.cmd.Process.Pid); code == 0 ||
		!strings.Contains(p.err.String(), want) || !strings.Contains(p.out.String(), "run prune again") {
		t.Errorf("prune when its service was killed: exit %d; want non-zero and %q\nstdout:\n%s\nstderr:\n%s", code, want, p.out, p.err)
	}
	t.Logf("prune said, its service killed:\n%s%s", p.out, p.err)

	serve2, _ := startServe(t, dir, data)
	left = stored()
	if got := searchCount(t, dir, data, "mận"); got != left {
		t.Errorf("after kill -9 during prune and a restart, the index finds %d, the store holds %d\n%s", got, left, serve2.err)
	}
	t.Logf("the killed prune left %d items", left)
	if out := mustRun(t, dir, nil, "prune", "--data", data, "--older-than", "30d"); !strings.Contains(out, fmt.Sprintf("Deleted %d items", left-kept)) {
		t.Errorf("the last prune said:\n%s", out)
	}
	if n, found := stored(), searchCount(t, dir, data, "mận"); n != kept || found != n {
		t.Errorf("after the last prune the store holds %d, the index finds %d; want %d", n, found, kept)
	}
	if got := searchCount(t, dir, data, "đập"); got != 1 {
		t.Errorf("the flagged old item: found %d times, want kept", got)
	}
	serve2.stop(t)
	if code := serve2.wait(t, time.Minute); code != 0 {
		t.Errorf("serve exited %d after SIGINT\n%s", code, serve2.err)
	}
}
