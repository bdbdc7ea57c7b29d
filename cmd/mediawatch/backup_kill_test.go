package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/backup"
	"mediawatch/store"
)

// cliArgsEnv holds the arguments TestCLIHelperProcess runs mediawatch with,
// separated by newlines.
const cliArgsEnv = "MEDIAWATCH_TEST_CLI_ARGS"

// TestCLIHelperProcess is not a test: process tests run the test binary
// again with only this function and cliArgsEnv set, and it runs the
// mediawatch command line as the real binary would, exit codes included.
func TestCLIHelperProcess(t *testing.T) {
	args := os.Getenv(cliArgsEnv)
	if args == "" {
		t.Skip("only run as a child of a process test")
	}
	os.Args = append([]string{"mediawatch"}, strings.Split(args, "\n")...)
	main()
	os.Exit(0)
}

// startCLI starts mediawatch with args in a child process and waits for a
// line of its standard error that contains ready.
func startCLI(t *testing.T, ready string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCLIHelperProcess$", "-test.count=1")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "MEDIAWATCH_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, cliArgsEnv+"="+strings.Join(args, "\n"))
	errs, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(errs)
	for lines.Scan() {
		if strings.Contains(lines.Text(), ready) {
			go func() {
				for lines.Scan() {
				}
			}()
			return cmd
		}
		t.Logf("child: %s", lines.Text())
	}
	cmd.Wait()
	t.Fatalf("child ended before %q", ready)
	return nil
}

// bigStore writes n items of incompressible text, so that a backup takes
// long enough to be killed in the middle.
func bigStore(t *testing.T, dir string, n int) {
	t.Helper()
	db, err := store.Open(context.Background(), storePath(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	buf := make([]byte, 32<<10)
	for j := range buf {
		buf[j] = byte('a' + rng.IntN(26))
	}
	for i := range n {
		k := i % len(buf) // each item's text another rotation: beyond deflate's window either way
		text := string(buf[k:]) + string(buf[:k])
		url := fmt.Sprintf("https://big.example/%d", i)
		it := mediawatch.Item{Source: "big", URL: url, CanonicalURL: url, Title: "Sơn La", Text: text,
			ContentHash: fmt.Sprint(i), FirstSeen: time.Now()}
		if _, err := db.SaveItem(context.Background(), it); err != nil {
			t.Fatal(err)
		}
	}
}

// TestKillDuringBackup stops a `mediawatch backup` child with SIGKILL at
// random moments, and once with SIGINT: the archive is never there half
// written (absent, or whole and valid), the store stays sound, and an
// interrupt leaves no temporary file either.
func TestKillDuringBackup(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	data := t.TempDir()
	bigStore(t, data, 800)
	rng := rand.New(rand.NewPCG(3, 4))
	for round := range 4 {
		outDir := t.TempDir()
		out := filepath.Join(outDir, "b.tar.gz")
		cmd := startCLI(t, "Copying", "backup", "--data", data, "--out", out)
		time.Sleep(time.Duration(rng.IntN(800)) * time.Millisecond)
		sig := os.Signal(syscall.SIGKILL)
		if round == 3 {
			sig = syscall.SIGINT
		}
		cmd.Process.Signal(sig)
		err := cmd.Wait()
		var exit *exec.ExitError
		finished := err == nil
		if sig == syscall.SIGINT && !finished && (!errors.As(err, &exit) || exit.ExitCode() != 130) {
			t.Errorf("round %d: interrupted backup ended with %v, want exit 130", round, err)
		}
		if _, err := os.Stat(out); err == nil {
			if _, err := backup.Extract(context.Background(), out, filepath.Join(t.TempDir(), "x"), nil); err != nil {
				t.Errorf("round %d: the archive left is not whole: %v", round, err)
			}
			t.Logf("round %d: the backup finished before %v", round, sig)
		} else {
			t.Logf("round %d: %v stopped the backup; no archive", round, sig)
		}
		if sig == syscall.SIGINT && !finished {
			if left, _ := filepath.Glob(filepath.Join(outDir, ".mediawatch-*")); len(left) != 0 {
				t.Errorf("an interrupted backup left %v", left)
			}
		}
		if _, err := store.CheckCopy(context.Background(), storePath(data)); err != nil {
			t.Fatalf("round %d: store damaged: %v", round, err)
		}
	}
}

// TestBackupBesideServeKilled backs up a data directory while `serve`
// runs on it in another process, and SIGKILLs that process during the
// backup: the backup neither waits for the service's index lock nor
// suffers from its death, and the archive restores with every item.
func TestBackupBesideServeKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	data := t.TempDir()
	bigStore(t, data, 300)
	serve := startCLI(t, "serving", "serve", "--data", data, "--listen", "127.0.0.1:0")
	killed := make(chan struct{})
	go func() {
		time.Sleep(time.Duration(rand.IntN(300)) * time.Millisecond)
		serve.Process.Kill()
		close(killed)
	}()
	out := filepath.Join(t.TempDir(), "b.tar.gz")
	g := testGlobals(context.Background(), io.Discard)
	err := (&BackupCmd{DataFlag: DataFlag{Data: data}, Out: out}).Run(g)
	<-killed
	serve.Wait()
	if err != nil {
		t.Fatalf("backup beside serve: %v", err)
	}
	dst := filepath.Join(t.TempDir(), "restored")
	if err := (&RestoreCmd{DataFlag: DataFlag{Data: dst}, File: out}).Run(g); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), storePath(dst))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, _ := db.CountItems(context.Background()); n != 300 {
		t.Errorf("restored %d items, want 300", n)
	}
}
