package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The tests of this file run the real binary as child processes: a
// service, and commands beside it, each with a deadline — a command that
// hangs fails the test instead of the test hanging.

// TestCommandsBesideServe runs every command beside a serving mediawatch:
// none waits, the reading ones answer what the API answers, the writing
// ones go through the service, and reindex swaps the index under live
// searches.
func TestCommandsBesideServe(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	serve, base := startServe(t, dir, data)
	hint := "mediawatch keys create --name admin --role admin --data " + data
	for deadline := time.Now().Add(time.Minute); !strings.Contains(serve.out.String(), hint); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("serve with no key does not print the command that makes one:\n%s", serve.out)
		}
	}
	key := lastLine(mustRun(t, dir, nil, "keys", "create", "--data", data, "--name", "admin", "--role", "admin"))
	mustRun(t, dir, nil, "keys", "create", "--data", data, "--name", "extra", "--role", "viewer")
	var keys []map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, dir, nil, "keys", "list", "--data", data, "--json")), &keys); err != nil || len(keys) != 2 {
		t.Fatalf("keys list --json: %v %v", keys, err)
	}
	if keys[0]["last_used_at"] != nil || !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$`).MatchString(fmt.Sprint(keys[0]["created_at"])) {
		t.Errorf("keys list --json times: created %v, last used %v", keys[0]["created_at"], keys[0]["last_used_at"])
	}
	mustRun(t, dir, nil, "keys", "revoke", "--data", data, "extra")

	const n = 60
	mustRun(t, dir, items(n), "import", "--data", data, "--keep", "all", "-")
	if got := strings.TrimSpace(mustRun(t, dir, nil, "search", "--data", data, "--count", "lũ")); got != strconv.Itoa(n) {
		t.Fatalf("search --count after import = %s, want %d", got, n)
	}
	cli := []byte(mustRun(t, dir, nil, "search", "--data", data, "--json", "--sort", "newest", "lũ"))
	status, api, err := apiGet(base, key, "/api/v1/search?"+url.Values{"q": {"lũ"}, "sort": {"newest"}}.Encode())
	if err != nil || status != 200 {
		t.Fatalf("API search: %d %v", status, err)
	}
	if !reflect.DeepEqual(withoutTook(t, cli), withoutTook(t, api)) {
		t.Errorf("search --json differs from the API:\n%s\n%s", cli, api)
	}
	if out := mustRun(t, dir, nil, "search", "--data", data, "lũ"); !strings.Contains(out, "Lũ quét") {
		t.Errorf("search table:\n%s", out)
	}
	var sources []map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, dir, nil, "sources", "list", "--data", data, "--json")), &sources); err != nil || len(sources) == 0 {
		t.Fatalf("sources list --json: %v %v", sources, err)
	}
	mustRun(t, dir, nil, "rules", "list", "--data", data)
	mustRun(t, dir, nil, "stories", "regroup", "--data", data)
	mustRun(t, dir, nil, "rules", "apply", "--data", data)
	if out := mustRun(t, dir, nil, "rules", "test", "--data", data, "--query", "lũ"); !strings.Contains(out, "Lũ quét") {
		t.Errorf("rules test table:\n%s", out)
	}
	cliTest := []byte(mustRun(t, dir, nil, "rules", "test", "--data", data, "--json", "--query", "lũ"))
	status, apiTest, err := apiDo(base, key, http.MethodPost, "/api/v1/rules/test", `{"query":"lũ"}`)
	if err != nil || status != 200 {
		t.Fatalf("API rule test: %d %v %s", status, err, apiTest)
	}
	if !reflect.DeepEqual(withoutTook(t, cliTest), withoutTook(t, apiTest)) {
		t.Errorf("rules test --json differs from the API:\n%s\n%s", cliTest, apiTest)
	}

	// Reindex under searches: every search answers, with every item.
	stop := make(chan struct{})
	errc := make(chan error, 1)
	go func() {
		defer close(errc)
		for {
			select {
			case <-stop:
				return
			case <-time.After(150 * time.Millisecond): // within the key's rate
			}
			status, body, err := apiGet(base, key, "/api/v1/search?q=l%C5%A9&size=1")
			if err == nil && status != 200 {
				err = fmt.Errorf("status %d: %s", status, body)
			}
			if err == nil && withoutTook(t, body)["total"] != float64(n) {
				err = fmt.Errorf("total %v during reindex, want %d", withoutTook(t, body)["total"], n)
			}
			if err != nil {
				errc <- err
				return
			}
		}
	}()
	out := mustRun(t, dir, nil, "reindex", "--data", data)
	close(stop)
	if err := <-errc; err != nil {
		t.Errorf("search during reindex: %v", err)
	}
	if !strings.Contains(out, fmt.Sprintf("Indexed %d items", n)) {
		t.Errorf("reindex said %q", out)
	}
	if got := strings.TrimSpace(mustRun(t, dir, nil, "search", "--data", data, "--count", "lũ")); got != strconv.Itoa(n) {
		t.Errorf("search --count after reindex = %s, want %d", got, n)
	}

	// A second serve refuses at once, naming the first.
	out, errOut, code := runProc(t, dir, nil, "serve", "--data", data, "--listen", "127.0.0.1:0")
	if code == 0 || !strings.Contains(errOut, fmt.Sprintf("PID %d", serve.cmd.Process.Pid)) {
		t.Errorf("second serve: exit %d\n%s%s", code, out, errOut)
	}
	serve.stop(t)
	if code := serve.wait(t, time.Minute); code != 0 {
		t.Errorf("serve exited %d after SIGINT\n%s", code, serve.err)
	}
	for _, gone := range []string{socketFile, "index.new", "index.old"} {
		if _, err := os.Stat(filepath.Join(data, gone)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s left in the data directory (%v)", gone, err)
		}
	}
	// Without the service, the same commands run in their own process.
	if got := strings.TrimSpace(mustRun(t, dir, nil, "search", "--data", data, "--count", "lũ")); got != strconv.Itoa(n) {
		t.Errorf("search --count alone = %s, want %d", got, n)
	}
	mustRun(t, dir, nil, "reindex", "--data", data)
	cli2 := []byte(mustRun(t, dir, nil, "search", "--data", data, "--json", "--sort", "newest", "lũ"))
	if !reflect.DeepEqual(withoutTook(t, cli2), withoutTook(t, api)) {
		t.Errorf("search --json alone differs from the API's answer:\n%s\n%s", cli2, api)
	}
}

// TestCommandRefusedBesideCrawl holds the data directory with a crawl,
// which serves no socket: a command that needs the index says who holds
// it and exits non-zero instead of waiting.
func TestCommandRefusedBesideCrawl(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	// One item, about elsewhere: a feed that parses to none is a failing
	// source (crawl --once would exit 1), and this one must crawl cleanly.
	feed := http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/a" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, `<html><head><title>Weather</title></head><body><article><p>Rain in Hanoi today.</p></article></body></html>`)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>`+
			`<item><title>Weather</title><link>http://`+r.Host+`/a</link></item></channel></rss>`)
	})}
	ln, err := netListen()
	if err != nil {
		t.Fatal(err)
	}
	go feed.Serve(ln)
	defer feed.Close()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	cfg := fmt.Sprintf("sources:\n  - name: local\n    kind: feed\n    url: http://%s/rss\n    allow_private: true\n", ln.Addr())
	if err := os.WriteFile(filepath.Join(dir, "mediawatch.yaml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	crawl := startProc(t, dir, nil, "crawl", "--data", data)
	for deadline := time.Now().Add(time.Minute); !strings.Contains(crawl.err.String(), "crawling on schedule"); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("crawl never started\n%s", crawl.err)
		}
	}
	for _, args := range [][]string{{"search", "lũ"}, {"reindex"}, {"stories", "regroup"}, {"serve", "--listen", "127.0.0.1:0"}} {
		p := startProc(t, dir, nil, append(args, "--data", data)...)
		code := p.wait(t, 30*time.Second) // the refusal comes at once; this only bounds a hang
		want := fmt.Sprintf("in use by PID %d (mediawatch crawl", crawl.cmd.Process.Pid)
		if code == 0 || !strings.Contains(p.err.String(), want) {
			t.Errorf("%v beside crawl: exit %d, stderr %q; want non-zero and %q", args, code, p.err, want)
		}
	}
	// Commands that need only the store still work.
	mustRun(t, dir, nil, "keys", "list", "--data", data)
	mustRun(t, dir, nil, "sources", "list", "--data", data)

	// Beside serve, crawl --once runs in the service; crawl on schedule is
	// refused (the service does that already).
	crawl.stop(t)
	serve, _ := startServe(t, dir, data)
	if out := mustRun(t, dir, nil, "crawl", "--once", "--data", data); !strings.Contains(out, "listed 1") {
		t.Errorf("crawl --once through the service printed %q", out)
	}
	_, errOut, code := runProc(t, dir, nil, "crawl", "--data", data)
	if want := fmt.Sprintf("PID %d (mediawatch serve", serve.cmd.Process.Pid); code == 0 || !strings.Contains(errOut, want) {
		t.Errorf("crawl beside serve: exit %d, %q; want non-zero and %q", code, errOut, want)
	}
}

// TestInterruptStopsCommands interrupts commands waiting on their input,
// in their own process and through the service: both stop, and the
// service runs the next job.
func TestInterruptStopsCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	// interrupt starts an import reading a pipe never written, waits
	// until ready says it is at work, then sends SIGINT: it must stop with
	// a non-zero exit (130, "interrupted").
	interrupt := func(ready func() bool, args ...string) {
		t.Helper()
		stdin, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		p := startProc(t, dir, stdin, args...)
		stdin.Close() // the child has its own copy
		for deadline := time.Now().Add(time.Minute); !ready(); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%v never got to work\n%s", args, p.err)
			}
		}
		p.cmd.Process.Signal(syscall.SIGINT)
		if code := p.wait(t, 30*time.Second); code != 130 {
			t.Errorf("%v exited %d when interrupted, want 130\n%s", args, code, p.err)
		}
	}
	holds := func(command string) func() bool {
		return func() bool {
			b, _ := os.ReadFile(filepath.Join(data, lockFile))
			return strings.Contains(string(b), `"command":"`+command+`"`)
		}
	}
	interrupt(holds("import"), "import", "--data", data, "-")
	serve, _ := startServe(t, dir, data)
	logged := func(msg string) func() bool {
		return func() bool { return strings.Contains(serve.err.String(), msg) }
	}
	interrupt(logged(`msg="job started" job=import`), "import", "--data", data, "-")
	// The service's job ends with the connection; then the next one runs.
	for deadline := time.Now().Add(time.Minute); !logged(`msg="job failed" job=import`)() && !logged(`msg="job done" job=import`)(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the interrupted import never ended in the service\n%s", serve.err)
		}
	}
	mustRun(t, dir, items(3), "import", "--data", data, "--keep", "all", "-")
	p := startProc(t, dir, nil, "reindex", "--data", data)
	p.cmd.Process.Signal(syscall.SIGTERM)
	p.wait(t, 30*time.Second)
	if got := strings.TrimSpace(mustRun(t, dir, nil, "search", "--data", data, "--count", "lũ")); got != "3" {
		t.Errorf("after the interruptions search --count = %s, want 3", got)
	}
	serve.stop(t)
}

// TestKillServeDuringReindex kills the service with -9 while a reindex
// runs inside it: the next start has a working index with every item.
func TestKillServeDuringReindex(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	const n = 3000
	mustRun(t, dir, items(n), "import", "--data", data, "--keep", "all", "-")
	serve, _ := startServe(t, dir, data)
	p := startProc(t, dir, nil, "reindex", "--data", data)
	for deadline := time.Now().Add(time.Minute); !strings.Contains(serve.err.String(), "job started"); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the reindex never reached the service\n%s\n%s", p.err, serve.err)
		}
	}
	serve.cmd.Process.Kill()
	serve.wait(t, time.Minute)
	p.wait(t, time.Minute) // it ends (the service is gone), whatever it says
	serve2, _ := startServe(t, dir, data)
	if got := strings.TrimSpace(mustRun(t, dir, nil, "search", "--data", data, "--count", "lũ")); got != strconv.Itoa(n) {
		t.Errorf("after kill -9 during reindex and a restart, search --count = %s, want %d\n%s", got, n, serve2.err)
	}
	serve2.stop(t)

	// The same without a service: the reindex runs here and is killed.
	alone := startProc(t, dir, nil, "reindex", "--data", data)
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(5 * time.Millisecond) {
		if b, _ := os.ReadFile(filepath.Join(data, lockFile)); strings.Contains(string(b), `"command":"reindex"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the reindex never took the data directory")
		}
	}
	alone.cmd.Process.Kill()
	alone.wait(t, time.Minute)
	if got := strings.TrimSpace(mustRun(t, dir, nil, "search", "--data", data, "--count", "lũ")); got != strconv.Itoa(n) {
		t.Errorf("after kill -9 of a reindex alone, search --count = %s, want %d", got, n)
	}
}
