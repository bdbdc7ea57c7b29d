package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// binary builds the mediawatch command of the module around the working
// directory into dir and returns its path.
func binary(ctx context.Context, dir string) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("run bench/scale inside the mediawatch module")
	}
	bin := filepath.Join(dir, "mediawatch")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/mediawatch")
	cmd.Dir = filepath.Dir(mod)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %w\n%s", err, out)
	}
	return bin, nil
}

// freeAddr is a loopback address with a port no one listens on now.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// mw runs one mediawatch command on the configuration and returns what
// it printed, and the CPU time it used.
func mw(ctx context.Context, bin, cfg string, args ...string) (string, time.Duration, error) {
	cmd := exec.CommandContext(ctx, bin, append([]string{"--config", cfg}, args...)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if err != nil {
		return out.String(), 0, fmt.Errorf("mediawatch %s: %w\n%s", strings.Join(args, " "), err, out.String())
	}
	return out.String(), cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), nil
}

// apiKey creates a viewer key for the load (a second run makes another).
func apiKey(ctx context.Context, bin, cfg string) (string, error) {
	name := fmt.Sprintf("bench-%d", time.Now().UnixNano())
	out, _, err := mw(ctx, bin, cfg, "keys", "create", "--name", name, "--role", "viewer")
	if err != nil {
		return "", err
	}
	lines := strings.Fields(strings.TrimSpace(out))
	if len(lines) == 0 {
		return "", fmt.Errorf("keys create printed nothing")
	}
	return lines[len(lines)-1], nil
}

// server is a running `mediawatch serve`.
type server struct {
	cmd  *exec.Cmd
	base string
	done chan error
}

// startServe starts serve on the configuration, its log in logPath, and
// waits until /readyz answers ready; it returns the time that took.
func startServe(ctx context.Context, bin, cfg, addr, logPath string) (*server, time.Duration, error) {
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, 0, err
	}
	cmd := exec.Command(bin, "--config", cfg, "serve")
	cmd.Stdout, cmd.Stderr = logf, logf
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, 0, err
	}
	s := &server{cmd: cmd, base: "http://" + addr, done: make(chan error, 1)}
	go func() { s.done <- cmd.Wait(); logf.Close() }()
	for {
		select {
		case err := <-s.done:
			return nil, 0, fmt.Errorf("serve stopped before it was ready (%v); see %s", err, logPath)
		case <-ctx.Done():
			s.stop()
			return nil, 0, ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
		if ready(ctx, s.base) {
			return s, time.Since(t0), nil
		}
	}
}

func ready(ctx context.Context, base string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/readyz", nil)
	if err != nil {
		return false
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	var body struct{ Status string }
	return resp.StatusCode == http.StatusOK && json.NewDecoder(resp.Body).Decode(&body) == nil && body.Status == "ready"
}

// stop ends serve with SIGTERM, as a service manager would, and waits.
func (s *server) stop() error {
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return err
	}
	select {
	case err := <-s.done:
		return err
	case <-time.After(2 * time.Minute):
		s.cmd.Process.Kill()
		return fmt.Errorf("serve did not stop within 2 minutes of SIGTERM")
	}
}

// memory reads a line of kB from /proc/PID/status ("VmRSS", "VmHWM") in
// bytes.
func memory(pid int, field string) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != field {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		return kb << 10, err
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}

// query is one kind of request of the load: a search, or a walk down
// pages deep through the cursor.
type query struct {
	kind   string
	params url.Values
	pages  int // > 1: follow the cursor this many pages, each timed
}

// queries is the load's mix: the search that matches every item (a
// dateline names Sơn La in each) with its facets and per-day chart, in
// relevance and newest-first order; narrower words; the last 30 days; and
// a newest-first walk twenty pages deep by cursor. Every search answers
// facets and the per-day chart.
func queries(end time.Time) []query {
	v := func(kv ...string) url.Values {
		out := url.Values{}
		for i := 0; i < len(kv); i += 2 {
			out.Set(kv[i], kv[i+1])
		}
		return out
	}
	from := end.AddDate(0, 0, -30).Format("2006-01-02")
	return []query{
		{kind: `"Sơn La" (matches all), facets + days`, params: v("q", `"Sơn La"`)},
		{kind: `"Sơn La", newest first`, params: v("q", `"Sơn La"`, "sort", "newest")},
		{kind: "term, facets + days", params: v("q", "thủy điện")},
		{kind: "two words, newest first", params: v("q", "government economy", "sort", "newest")},
		{kind: "phrase", params: v("q", `"giao thông"`)},
		{kind: "last 30 days, newest first", params: v("q", `"Sơn La"`, "from", from, "sort", "newest")},
		{kind: "newest first, cursor pages 1–20", params: v("q", `"Sơn La"`, "sort", "newest", "size", "20"), pages: 20},
	}
}

// latencies are the times of one kind's requests.
type latencies map[string][]time.Duration

// load runs clients that each go through qs in turn, from a different
// start, for d, while sampling serve's resident memory; it returns each
// kind's request times and the highest RSS sampled.
func load(ctx context.Context, s *server, key string, qs []query, clients int, d time.Duration) (latencies, int64, error) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var mu sync.Mutex
	lat := latencies{}
	var peak int64
	var wg sync.WaitGroup
	wg.Go(func() {
		for ctx.Err() == nil {
			if rss, err := memory(s.cmd.Process.Pid, "VmRSS"); err == nil {
				mu.Lock()
				peak = max(peak, rss)
				mu.Unlock()
			}
			select {
			case <-ctx.Done():
			case <-time.After(250 * time.Millisecond):
			}
		}
	})
	errs := make(chan error, clients)
	for c := range clients {
		wg.Go(func() {
			for i := c; ctx.Err() == nil; i++ {
				q := qs[i%len(qs)]
				times, err := s.walk(ctx, key, q)
				if err != nil && ctx.Err() == nil {
					errs <- fmt.Errorf("%s: %w", q.kind, err)
					cancel()
					return
				}
				mu.Lock()
				lat[q.kind] = append(lat[q.kind], times...)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(errs)
	return lat, peak, <-errs
}

// walk runs q's search, following the cursor for q.pages pages, and
// returns the time of each request that finished.
func (s *server) walk(ctx context.Context, key string, q query) ([]time.Duration, error) {
	params := url.Values{}
	for k, v := range q.params {
		params[k] = v
	}
	var times []time.Duration
	for range max(1, q.pages) {
		t0 := time.Now()
		var body struct {
			Total uint64
			Next  string
		}
		if err := s.get(ctx, key, "/api/v1/search?"+params.Encode(), &body); err != nil {
			return times, err
		}
		times = append(times, time.Since(t0))
		if body.Total == 0 {
			return times, fmt.Errorf("no hits for %s", params.Get("q"))
		}
		if body.Next == "" {
			break
		}
		params.Set("cursor", body.Next)
	}
	return times, nil
}

func (s *server) get(ctx context.Context, key, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.base+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return fmt.Errorf("%s: %s: %s", path, resp.Status, b)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}
