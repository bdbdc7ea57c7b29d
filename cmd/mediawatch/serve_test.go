package main

import (
	"bytes"
	"context"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer safe to read while a command writes it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestKeysCreateListRevoke(t *testing.T) {
	data := t.TempDir()
	var out bytes.Buffer
	g := testGlobals(context.Background(), &out)
	if err := (&KeysCreateCmd{DataFlag: DataFlag{Data: data}, Name: "analyst", Role: "viewer"}).Run(g); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	key := lines[len(lines)-1]
	if !regexp.MustCompile(`^mw_[A-Za-z0-9_-]{43}$`).MatchString(key) {
		t.Fatalf("last line %q is not a key alone", key)
	}
	out.Reset()
	if err := (&KeysListCmd{DataFlag: DataFlag{Data: data}}).Run(g); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "analyst") || strings.Contains(out.String(), key) {
		t.Errorf("list shows the name but never the key:\n%s", out.String())
	}
	if err := (&KeysCreateCmd{DataFlag: DataFlag{Data: data}, Name: "analyst", Role: "admin"}).Run(g); err == nil {
		t.Error("a second live key with the same name should be refused")
	}
	if err := (&KeysRevokeCmd{DataFlag: DataFlag{Data: data}, Name: "analyst"}).Run(g); err != nil {
		t.Fatal(err)
	}
	if err := (&KeysRevokeCmd{DataFlag: DataFlag{Data: data}, Name: "nobody"}).Run(g); err == nil {
		t.Error("revoking an unknown key should fail")
	}
}

// TestServeAnswersAndStopsCleanly runs `serve` with no sources: it serves
// the API over the store and returns nil when interrupted.
func TestServeAnswersAndStopsCleanly(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &lockedBuffer{}
	g := &globals{ctx: ctx, configPath: filepath.Join(t.TempDir(), "absent.yaml"), stdout: out, stderr: &lockedBuffer{}}
	done := make(chan error, 1)
	go func() { done <- (&ServeCmd{DataFlag: DataFlag{Data: t.TempDir()}, Listen: "127.0.0.1:0"}).Run(g) }()
	addr := regexp.MustCompile(`API on http://(\S+) `)
	var base string
	for deadline := time.Now().Add(20 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := addr.FindStringSubmatch(out.String()); m != nil {
			base = "http://" + m[1]
		}
	}
	if base == "" {
		t.Fatalf("serve never said where it listens; output:\n%s", out.String())
	}
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/api/v1/items/1": 401} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s = %d, want %d", path, resp.StatusCode, want)
		}
	}
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	var metrics bytes.Buffer
	metrics.ReadFrom(resp.Body)
	resp.Body.Close()
	for _, name := range []string{"mediawatch_store_items", "mediawatch_index_items", "mediawatch_index_items_total", "http_requests_total"} {
		if !strings.Contains(metrics.String(), name) {
			t.Errorf("/metrics lacks %s", name)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after interrupt, want nil", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop after interrupt")
	}
}
