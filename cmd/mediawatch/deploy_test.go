package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/http"
	"net/mail"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/alecthomas/kong"
	"github.com/emersion/go-smtp"

	"mediawatch/config"
	"mediawatch/internal/smtptest"
)

// writeCert writes a self-signed certificate for 127.0.0.1, valid until
// notAfter, as PEM files in dir, and returns their paths and a pool that
// trusts it.
func writeCert(t *testing.T, dir string, notAfter time.Time) (certPath, keyPath string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-48 * time.Hour), NotAfter: notAfter,
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certPath, keyPath = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyPath, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(leaf)
	return certPath, keyPath, pool
}

// configFile writes a configuration file and returns globals that name it.
func configFile(t *testing.T, ctx context.Context, yaml string, out, errOut io.Writer) *globals {
	t.Helper()
	path := filepath.Join(t.TempDir(), "mediawatch.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o640); err != nil {
		t.Fatal(err)
	}
	return &globals{ctx: ctx, configPath: path, explicitConfig: true, stdout: out, stderr: errOut}
}

func TestServeOverTLS(t *testing.T) {
	certPath, keyPath, pool := writeCert(t, t.TempDir(), time.Now().Add(90*24*time.Hour))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &lockedBuffer{}
	g := configFile(t, ctx, fmt.Sprintf("data_dir: %s\nlisten: 127.0.0.1:0\napi:\n  tls_cert: %s\n  tls_key: %s\n",
		t.TempDir(), certPath, keyPath), out, &lockedBuffer{})
	done := make(chan error, 1)
	go func() { done <- (&ServeCmd{}).Run(g) }()
	addr := regexp.MustCompile(`API on https://(\S+) `)
	var base string
	for deadline := time.Now().Add(20 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := addr.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		t.Fatalf("serve never said it listens on https; output:\n%s", out.String())
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, ForceAttemptHTTP2: true}}
	resp, err := client.Get("https://" + base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.TLS == nil || resp.ProtoMajor != 2 {
		t.Errorf("GET https /healthz = %d (TLS %v, %s), want 200 over TLS and HTTP/2", resp.StatusCode, resp.TLS != nil, resp.Proto)
	}
	// Plain HTTP to the TLS port is not served.
	if resp, err := http.Get("http://" + base + "/healthz"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Error("plain HTTP was answered 200 on the TLS port")
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after interrupt", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop after interrupt")
	}
}

func TestServeRefusesTLSThatDoesNotLoad(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.pem")
	if err := os.WriteFile(bad, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct{ yaml, want string }{
		"only the certificate": {"api:\n  tls_cert: " + bad + "\n", "api.tls_key"},
		"files that do not load": {"api:\n  tls_cert: " + bad + "\n  tls_key: " + bad + "\n",
			"do not load as a PEM certificate"},
		"a file that is not there": {"api:\n  tls_cert: " + filepath.Join(dir, "gone.pem") + "\n  tls_key: " + bad + "\n",
			"api.tls_cert"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			out := &lockedBuffer{}
			g := configFile(t, context.Background(), fmt.Sprintf("data_dir: %s\nlisten: 127.0.0.1:0\n%s", t.TempDir(), c.yaml), out, io.Discard)
			done := make(chan error, 1)
			go func() { done <- (&ServeCmd{}).Run(g) }()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Errorf("serve = %v, want an error naming %q", err, c.want)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("serve started instead of refusing")
			}
			if strings.Contains(out.String(), "API on") {
				t.Errorf("serve listened although it refused: %s", out.String())
			}
		})
	}
}

// The report command keeps its old form: flags without a subcommand write
// a report.
func TestReportWithoutSubcommandStillWrites(t *testing.T) {
	for args, want := range map[string]string{
		"report --date 2026-03-14 --format md": "report write",
		"report":                               "report write",
		"report send-test --to a@so.example":   "report send-test",
	} {
		var cli CLI
		p, err := kong.New(&cli, kong.Name("mediawatch"), kong.Exit(func(int) { t.Fatalf("%s: exit", args) }))
		if err != nil {
			t.Fatal(err)
		}
		kctx, err := p.Parse(strings.Fields(args))
		if err != nil {
			t.Fatalf("%s: %v", args, err)
		}
		if kctx.Command() != want {
			t.Errorf("%s parsed as %q, want %q", args, kctx.Command(), want)
		}
		if strings.Contains(args, "--date") && (cli.Report.Write.Date != "2026-03-14" || cli.Report.Write.Format != "md") {
			t.Errorf("%s: flags landed as %+v", args, cli.Report.Write)
		}
	}
}

// startMailSink is a real SMTP server on 127.0.0.1 that keeps what it
// accepts and refuses recipients at nobody@, as a server refuses an
// unknown mailbox.
func startMailSink(t *testing.T) *smtptest.Server {
	return smtptest.StartRejecting(t, func(to string) error {
		if strings.HasPrefix(to, "nobody@") {
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox"}
		}
		return nil
	})
}

func mailYAML(port int) string {
	return fmt.Sprintf("report:\n  mail:\n    host: 127.0.0.1\n    port: %d\n    tls: none\n    from: mediawatch@so.example\n    to: [lan@so.example]\n    timeout: 10s\n", port)
}

func TestReportSendTest(t *testing.T) {
	sink := startMailSink(t)
	port := sink.Port()
	var out bytes.Buffer
	g := configFile(t, context.Background(), mailYAML(port), &out, io.Discard)
	if err := (&ReportSendTestCmd{To: []string{"admin@so.example"}}).Run(g); err != nil {
		t.Fatal(err)
	}
	msgs := sink.Messages()
	if len(msgs) != 1 || len(msgs[0].To) != 1 || msgs[0].To[0] != "admin@so.example" {
		t.Fatalf("received %+v, want one message to admin@so.example", msgs)
	}
	msg, err := mail.ReadMessage(strings.NewReader(msgs[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	body, _ := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if subject != "Thư thử của mediawatch / mediawatch test e-mail" || !strings.Contains(string(body), "Đây là thư thử của mediawatch") ||
		!strings.Contains(string(body), "This is a test e-mail from mediawatch") {
		t.Errorf("subject %q, body:\n%s", subject, body)
	}
	if !strings.Contains(out.String(), "Test e-mail sent to admin@so.example") {
		t.Errorf("output: %s", out.String())
	}
	// Without --to it goes to report.mail.to.
	if err := (&ReportSendTestCmd{}).Run(g); err != nil {
		t.Fatal(err)
	}
	if msgs := sink.Messages(); len(msgs) != 2 || msgs[1].To[0] != "lan@so.example" {
		t.Errorf("default recipients: %+v", msgs)
	}

	err = (&ReportSendTestCmd{To: []string{"nobody@so.example"}}).Run(g)
	if err == nil || !strings.Contains(err.Error(), "refused the recipient nobody@so.example") {
		t.Errorf("refused recipient: %v", err)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	gv := configFile(t, context.Background(), "ui_lang: vi\n"+mailYAML(closed), &out, io.Discard)
	err = (&ReportSendTestCmd{To: []string{"a@so.example"}}).Run(gv)
	if err == nil || !strings.Contains(err.Error(), "Không kết nối được máy chủ thư") {
		t.Errorf("closed port in Vietnamese: %v", err)
	}
	gn := configFile(t, context.Background(), "log:\n  level: warn\n", &out, io.Discard)
	if err := (&ReportSendTestCmd{To: []string{"a@so.example"}}).Run(gn); err == nil || !strings.Contains(err.Error(), "report.mail.host is not set") {
		t.Errorf("no mail host: %v", err)
	}
}

// A renewed certificate is served without a restart; a renewal that does
// not load keeps the old one.
func TestRenewedCertificateIsPickedUp(t *testing.T) {
	dir := t.TempDir()
	certPath, keyPath, _ := writeCert(t, dir, time.Now().Add(10*24*time.Hour))
	c, err := loadCertFiles(config.API{TLSCert: certPath, TLSKey: keyPath}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	first, _ := c.get(nil)
	c.every = 0
	writeCert(t, dir, time.Now().Add(90*24*time.Hour)) // the renewal, same paths
	later := time.Now().Add(time.Hour)
	for _, p := range []string{certPath, keyPath} {
		if err := os.Chtimes(p, later, later); err != nil {
			t.Fatal(err)
		}
	}
	renewed, _ := c.get(nil)
	if bytes.Equal(renewed.Certificate[0], first.Certificate[0]) {
		t.Fatal("the renewed certificate was not picked up")
	}
	if err := os.WriteFile(certPath, []byte("half-written"), 0o644); err != nil {
		t.Fatal(err)
	}
	latest := later.Add(time.Hour)
	os.Chtimes(certPath, latest, latest)
	kept, _ := c.get(nil)
	if !bytes.Equal(kept.Certificate[0], renewed.Certificate[0]) {
		t.Error("a renewal that does not load replaced the working certificate")
	}
}
