package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mediawatch/config"
)

// copyRules copies the example rules into a new directory.
func copyRules(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files, err := filepath.Glob(filepath.Join("..", "..", "rules", "examples", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("example rules: %v (%d files)", err, len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// runDoctor runs doctor on the configuration yaml and returns its output.
func runDoctor(t *testing.T, yaml string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	g := configFile(t, context.Background(), yaml, &out, io.Discard)
	err := (&DoctorCmd{}).Run(g)
	return out.String(), err
}

// lines returns the output lines that start with mark.
func marked(out, mark string) []string {
	var got []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, mark+" ") {
			got = append(got, l)
		}
	}
	return got
}

func TestDoctorOnAGoodInstall(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(data, 0o750); err != nil {
		t.Fatal(err)
	}
	if err := (&KeysCreateCmd{DataFlag: DataFlag{Data: data}, Name: "admin", Role: "admin"}).Run(testGlobals(context.Background(), io.Discard)); err != nil {
		t.Fatal(err)
	}
	certPath, keyPath, _ := writeCert(t, t.TempDir(), time.Now().Add(90*24*time.Hour))
	port := startMailSink(t).Port()
	yaml := fmt.Sprintf(`data_dir: %s
listen: 127.0.0.1:0
crawler:
  user_agent: "mediawatch/0.1 (+https://sonla.gov.vn/lien-he)"
api:
  tls_cert: %s
  tls_key: %s
  trusted_proxies: [127.0.0.1]
rules:
  dir: %s
sources:
  - {name: baosonla, kind: feed, url: "https://baosonla.vn/rss", interval: 30m}
`, data, certPath, keyPath, copyRules(t)) + mailYAML(port)
	out, err := runDoctor(t, yaml)
	if err != nil {
		t.Fatalf("doctor = %v on a good install:\n%s", err, out)
	}
	if bad := marked(out, "✗"); len(bad) > 0 {
		t.Errorf("problems on a good install: %q", bad)
	}
	for _, want := range []string{"✓ Configuration loads", "✓ Store opens: schema version", "1 API keys", "✓ Rules: 5 in",
		"✓ Sources: 1 configured, 1 enabled", "✓ E-mail: 127.0.0.1:", "nothing was sent", "✓ TLS: certificate for 127.0.0.1",
		"✓ Listen address 127.0.0.1:0 is free", "0 problems"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Only the owner's warning may remain (tests may run as root).
	for _, w := range marked(out, "!") {
		if !strings.Contains(w, "belongs to") {
			t.Errorf("unexpected warning %q", w)
		}
	}
}

func TestDoctorNamesEachProblemWithAFix(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(data, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(data, 0o777); err != nil { // past the umask
		t.Fatal(err)
	}
	ruleDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(ruleDir, "broken.yaml"), []byte("rules:\n  - id: x\n    query: '((('\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	certPath, keyPath, _ := writeCert(t, t.TempDir(), time.Now().Add(-time.Hour))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	yaml := fmt.Sprintf(`data_dir: %s
listen: %s
api:
  tls_cert: %s
  tls_key: %s
  trusted_proxies: [0.0.0.0/0]
rules:
  dir: %s
sources:
  - {name: intranet, kind: feed, url: "http://10.0.0.5/rss", interval: 1m, allow_private: true}
`, data, busy.Addr(), certPath, keyPath, ruleDir) + mailYAML(closed)
	out, err := runDoctor(t, yaml)
	if !errors.Is(err, errProblems) {
		t.Fatalf("doctor = %v, want exit 1 for problems:\n%s", err, out)
	}
	for _, want := range []string{
		"✗ " + data + " can be written by every user", "✗ Rules in " + ruleDir + " have", "mediawatch rules check " + ruleDir,
		"✗ Could not reach the mail server 127.0.0.1:", "✗ TLS: the certificate for 127.0.0.1 expired",
		"! Source intranet may fetch a private address", "! Source intranet is crawled every 1m0s",
		"! crawler.user_agent is the default", "! api.trusted_proxies includes 0.0.0.0/0",
		"is in use (by a running serve?", "No store yet",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Every problem and warning but the busy address comes with a fix.
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if (strings.HasPrefix(l, "✗ ") || strings.HasPrefix(l, "! ")) && !strings.Contains(l, "in use") {
			next := ""
			for j := i + 1; j < len(lines); j++ {
				if !strings.HasPrefix(lines[j], "    ") || strings.HasPrefix(lines[j], "    fix:") {
					next = lines[j]
					break
				}
			}
			if !strings.HasPrefix(next, "    fix: ") {
				t.Errorf("%q has no fix", l)
			}
		}
	}
}

func TestDoctorConfigThatDoesNotLoad(t *testing.T) {
	out, err := runDoctor(t, "ui_lang: vi\ncrawler:\n  concurrency: lots\n")
	if !errors.Is(err, errProblems) || !strings.Contains(out, "✗ Configuration does not load") ||
		!strings.Contains(out, "crawler.concurrency") {
		t.Errorf("doctor = %v:\n%s", err, out)
	}
}

func TestDoctorInVietnamese(t *testing.T) {
	out, err := runDoctor(t, fmt.Sprintf("ui_lang: vi\ndata_dir: %s\nlisten: 127.0.0.1:0\nrules:\n  dir: khong-co\n", filepath.Join(t.TempDir(), "d")))
	if err != nil {
		t.Fatalf("doctor = %v:\n%s", err, out)
	}
	for _, want := range []string{"! Không tìm thấy thư mục quy tắc \"khong-co\"", "    cách sửa: đặt rules.dir là đường dẫn tuyệt đối", "0 lỗi"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// A rule directory that resolves nowhere is said by rules list, not only
// by doctor.
func TestRulesListSaysTheDirectoryIsMissing(t *testing.T) {
	var errOut bytes.Buffer
	g := configFile(t, context.Background(), "rules:\n  dir: rules-that-are-not-here\n", io.Discard, &errOut)
	if err := (&RulesListCmd{DataFlag: DataFlag{Data: t.TempDir()}}).Run(g); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut.String(), `The rule directory "rules-that-are-not-here" was not found`) {
		t.Errorf("rules list said: %q", errOut.String())
	}
}

// Log lines carry UTC times whatever the zone of the time logged.
func TestLogTimesAreUTC(t *testing.T) {
	var buf bytes.Buffer
	cfg := config.Default()
	cfg.Log.Format = "json"
	h := (&globals{stderr: &buf}).logger(cfg).Handler()
	at := time.Date(2026, 3, 14, 7, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	if err := h.Handle(context.Background(), slog.NewRecord(at, slog.LevelInfo, "hello", 0)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"time":"2026-03-14T00:00:00Z"`) {
		t.Errorf("log line %q does not carry the time in UTC", buf.String())
	}
}
