package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The data-directory checks as a person meets them: the real binary,
// started as a process, on a data directory damaged between two runs.

// builtBinary is the mediawatch binary the package's process tests share
// (proc_test.go builds it once).
func builtBinary(t *testing.T) string {
	t.Helper()
	return mediawatchBinary(t)
}

// runBinary runs the binary with args under a deadline (a hang fails the
// test) and returns its stdout, stderr and exit code.
func runBinary(t *testing.T, bin string, args ...string) (string, string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%v did not finish: %s", args, errOut.String())
	}
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errOut.String(), code
}

// TestProcessesSurviveADamagedDataDir: after a segment file is damaged
// the next `search` process rebuilds the index and answers; after the
// store file is emptied every process refuses with what to do, exit 1.
func TestProcessesSurviveADamagedDataDir(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := builtBinary(t)
	dir := t.TempDir()
	cfg, data, in := filepath.Join(dir, "mediawatch.yaml"), filepath.Join(dir, "data"), filepath.Join(dir, "in.jsonl")
	if err := os.WriteFile(cfg, []byte("ui_lang: vi\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, []byte(fourItems+`{"url":"https://a.example/5","title":"Tin Sơn La 5","text":"x","published":"2300-01-01"}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := runBinary(t, bin, "--config", cfg, "import", "--data", data, "--keep", "all", in); code != 0 {
		t.Fatalf("import exited %d: %s", code, errOut)
	}
	segs, _ := filepath.Glob(filepath.Join(data, "index", "2026-11", "store", "*.zap"))
	if len(segs) == 0 {
		t.Fatal("no segment on disk")
	}
	b, err := os.ReadFile(segs[0])
	if err != nil {
		t.Fatal(err)
	}
	for i := len(b) - 16; i < len(b)-12; i++ {
		b[i] ^= 0x7f
	}
	if err := os.WriteFile(segs[0], b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runBinary(t, bin, "--config", cfg, "search", "--data", data, "--count", `"Sơn La"`)
	if code != 0 || strings.TrimSpace(out) != "5" {
		t.Fatalf("search after the damage: exit %d, %q; want 5\n%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "search index is damaged") || !strings.Contains(errOut, "index.damaged-") {
		t.Errorf("no log line says the index was damaged and where it went:\n%s", errOut)
	}
	// A restart finds a sound index: no rebuild, the same answer.
	out, errOut, code = runBinary(t, bin, "--config", cfg, "search", "--data", data, "--count", `"Sơn La"`)
	if code != 0 || strings.TrimSpace(out) != "5" || strings.Contains(errOut, "rebuild") {
		t.Errorf("the next search: exit %d, %q\n%s", code, out, errOut)
	}

	if err := os.Truncate(filepath.Join(data, "mediawatch.db"), 0); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"search", "--data", data, "x"}, {"import", "--data", data, in}, {"keys", "list", "--data", data}} {
		_, errOut, code := runBinary(t, bin, append([]string{"--config", cfg}, args...)...)
		if code != 1 || !strings.Contains(errOut, "trống (0 byte)") || !strings.Contains(errOut, "sao lưu") {
			t.Errorf("%s on an emptied store: exit %d\n%s", args[0], code, errOut)
		}
	}
}
