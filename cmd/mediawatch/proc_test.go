package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// Helpers of the process tests (beside_test.go): the binary, built once,
// run as children with deadlines.

var (
	binOnce sync.Once
	binDir  string
	binPath string
	binErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// mediawatchBinary builds the command once per test run.
func mediawatchBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		if binDir, binErr = os.MkdirTemp("", "mediawatch-bin-"); binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "mediawatch")
		args := []string{"build", "-o", binPath}
		if raceBuild {
			args = append(args, "-race")
		}
		out, err := exec.Command("go", append(args, ".")...).CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// childEnv is the environment of a child: no configuration from the
// developer's shell.
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "MEDIAWATCH_") {
			env = append(env, kv)
		}
	}
	return env
}

// proc is a running child.
type proc struct {
	cmd      *exec.Cmd
	out, err *lockedBuffer
	done     chan struct{}
	waitErr  error
}

// startProc starts the binary in dir (its working directory, where it
// looks for mediawatch.yaml) with args.
func startProc(t *testing.T, dir string, stdin io.Reader, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(mediawatchBinary(t), args...)
	cmd.Dir, cmd.Env, cmd.Stdin = dir, childEnv(), stdin
	p := &proc{cmd: cmd, out: &lockedBuffer{}, err: &lockedBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.out, p.err
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.waitErr = cmd.Wait(); close(p.done) }()
	t.Cleanup(func() { p.stop(t) })
	return p
}

// wait waits for the child to exit, failing the test if it hangs.
func (p *proc) wait(t *testing.T, limit time.Duration) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(limit):
		p.cmd.Process.Kill()
		<-p.done
		t.Fatalf("%v hung (killed after %v)\nstdout:\n%s\nstderr:\n%s", p.cmd.Args[1:], limit, p.out, p.err)
	}
	var ee *exec.ExitError
	if errors.As(p.waitErr, &ee) {
		return ee.ExitCode()
	}
	return 0
}

// stop interrupts the child and waits for it, killing it if it will not
// stop.
func (p *proc) stop(t *testing.T) {
	select {
	case <-p.done:
		return
	default:
	}
	p.cmd.Process.Signal(os.Interrupt)
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		p.cmd.Process.Kill()
		<-p.done
		t.Errorf("%v did not stop on SIGINT", p.cmd.Args[1:])
	}
}

// runProc runs a command to its end and returns its output and exit code.
func runProc(t *testing.T, dir string, stdin io.Reader, args ...string) (string, string, int) {
	t.Helper()
	p := startProc(t, dir, stdin, args...)
	code := p.wait(t, 2*time.Minute)
	return p.out.String(), p.err.String(), code
}

// mustRun runs a command that must succeed.
func mustRun(t *testing.T, dir string, stdin io.Reader, args ...string) string {
	t.Helper()
	out, errOut, code := runProc(t, dir, stdin, args...)
	if code != 0 {
		t.Fatalf("%v exited %d\nstdout:\n%s\nstderr:\n%s", args, code, out, errOut)
	}
	return out
}

// startServe starts `serve` on data and returns it with its API's base URL.
func startServe(t *testing.T, dir, data string) (*proc, string) {
	t.Helper()
	p := startProc(t, dir, nil, "serve", "--data", data, "--listen", "127.0.0.1:0")
	addr := regexp.MustCompile(`API on http://(\S+) `)
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if m := addr.FindStringSubmatch(p.out.String()); m != nil {
			return p, "http://" + m[1]
		}
		select {
		case <-p.done:
			t.Fatalf("serve exited\nstdout:\n%s\nstderr:\n%s", p.out, p.err)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve never listened\nstdout:\n%s\nstderr:\n%s", p.out, p.err)
		}
	}
}

// items is n import lines, every one mentioning "lũ".
func items(n int) *bytes.Reader {
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, `{"url":"https://tin.example.vn/bai-%d","title":"Lũ quét ở bản %d","text":"Mưa lớn gây lũ quét ở bản %d, huyện Mường La, tỉnh Sơn La.","published":"2026-11-%02dT08:00:00+07:00","source":"tin","lang":"vi"}`+"\n", i, i, i, 1+i%28)
	}
	return bytes.NewReader(b.Bytes())
}

// apiGet reads an API route with a key.
func apiGet(base, key, target string) (int, []byte, error) {
	return apiDo(base, key, http.MethodGet, target, "")
}

// apiDo calls an API route with a key and a JSON body (none if empty).
func apiDo(base, key, method, target, body string) (int, []byte, error) {
	req, err := http.NewRequest(method, base+target, strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// withoutTook decodes a search answer without its timing, which differs
// between two runs of one search.
func withoutTook(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%v in %s", err, b)
	}
	delete(m, "took_ms")
	return m
}

// netListen opens a loopback port for a test server.
func netListen() (net.Listener, error) { return net.Listen("tcp", "127.0.0.1:0") }
