package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSourcesListShowsConfiguredAndImported runs `sources list` on a store
// that holds a configured source and items imported under another name.
func TestSourcesListShowsConfiguredAndImported(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "mediawatch.yaml")
	if err := os.WriteFile(cfg, []byte("sources:\n  - {name: bao-tinh, kind: feed, url: 'https://bao.example/rss', keep: all}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	jsonl := filepath.Join(dir, "in.jsonl")
	if err := os.WriteFile(jsonl, []byte(`{"url":"https://x.example/1","title":"Sơn La","text":"Tin Sơn La","source":"kho-cu"}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	g := &globals{ctx: context.Background(), configPath: cfg, explicitConfig: true, stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
	data := filepath.Join(dir, "data")
	if err := (&ImportCmd{DataFlag: DataFlag{Data: data}, File: jsonl, Keep: "mentions", Source: "import"}).Run(g); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	g.stdout = &out
	if err := (&SourcesListCmd{DataFlag: DataFlag{Data: data}}).Run(g); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "NAME") {
		t.Fatalf("output:\n%s", out.String())
	}
	if f := strings.Fields(lines[1]); f[0] != "bao-tinh" || f[1] != "feed" || f[4] != "0" {
		t.Errorf("configured row = %q", lines[1])
	}
	if f := strings.Fields(lines[2]); f[0] != "kho-cu" || f[1] != "-" || f[4] != "1" {
		t.Errorf("imported row = %q", lines[2])
	}
}
