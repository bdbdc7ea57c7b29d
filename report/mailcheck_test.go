package report

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"strings"
	"testing"
	"time"
)

// checkMailer is a Mailer for the sink on port, trusting pool's roots.
func checkMailer(t *testing.T, port int, mode, user, pass string, cfg *tls.Config) *Mailer {
	t.Helper()
	m, err := NewMailer(MailConfig{Host: "127.0.0.1", Port: port, Username: user, Password: pass,
		From: "mediawatch@so.example", To: []string{"lan@so.example"}, TLS: mode, Timeout: 10 * time.Second,
		TLSConfig: cfg}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func stageOf(t *testing.T, err error) MailStage {
	t.Helper()
	var me *MailError
	if !errors.As(err, &me) {
		t.Fatalf("error %v is not a *MailError", err)
	}
	return me.Stage
}

func TestCheckWalksTheDialogueWithoutSending(t *testing.T) {
	cert, pool := selfSigned(t)
	trust := &tls.Config{RootCAs: pool}
	for _, mode := range []string{"starttls", "tls"} {
		t.Run(mode, func(t *testing.T) {
			sink := &smtpSink{user: "lan", pass: "đúng-mật-khẩu"}
			port := sink.serve(t, mode, cert)
			res, err := checkMailer(t, port, mode, "lan", "đúng-mật-khẩu", trust).Check(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if res.TLS == "" || res.Mechanism != "PLAIN" {
				t.Errorf("Check = %+v, want TLS and PLAIN", res)
			}
			if len(sink.msgs) != 0 || sink.attempts != 0 {
				t.Errorf("Check sent something: %d messages, %d attempts", len(sink.msgs), sink.attempts)
			}
		})
	}
}

func TestCheckNamesTheFailingStep(t *testing.T) {
	cert, pool := selfSigned(t)
	trust := &tls.Config{RootCAs: pool}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().(*net.TCPAddr).Port
	ln.Close()

	plain := (&smtpSink{}).serve(t, "none", nil)
	withTLS := (&smtpSink{user: "lan", pass: "right"}).serve(t, "starttls", cert)
	cases := []struct {
		name string
		m    *Mailer
		want MailStage
	}{
		{"nothing listens", checkMailer(t, closed, "starttls", "", "", trust), StageConnect},
		{"no STARTTLS offered", checkMailer(t, plain, "starttls", "", "", trust), StageTLS},
		{"certificate not trusted", checkMailer(t, withTLS, "starttls", "lan", "right", nil), StageTLS},
		{"wrong password", checkMailer(t, withTLS, "starttls", "lan", "wrong", trust), StageAuth},
		{"no AUTH on a plain line", checkMailer(t, plain, "none", "lan", "right", nil), StageAuth},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := c.m.Check(context.Background())
			if err == nil {
				t.Fatal("Check succeeded")
			}
			if got := stageOf(t, err); got != c.want {
				t.Errorf("stage %q (%v), want %q", got, err, c.want)
			}
		})
	}
}

func TestSendTestDeliversToTheGivenAddress(t *testing.T) {
	cert, pool := selfSigned(t)
	sink := &smtpSink{user: "lan", pass: "right"}
	port := sink.serve(t, "starttls", cert)
	m := checkMailer(t, port, "starttls", "lan", "right", &tls.Config{RootCAs: pool})
	err := m.SendTest(context.Background(), []string{"admin@so.example"}, "mediawatch: thư thử / test e-mail", "Xin chào.\nHello.")
	if err != nil {
		t.Fatal(err)
	}
	if len(sink.msgs) != 1 {
		t.Fatalf("%d messages received, want 1", len(sink.msgs))
	}
	got := sink.msgs[0]
	if got.from != "mediawatch@so.example" || len(got.to) != 1 || got.to[0] != "admin@so.example" || !got.onTLS || got.user != "lan" {
		t.Errorf("received %+v", got)
	}
	if !strings.Contains(string(got.data), "Subject: =?UTF-8?") {
		t.Errorf("subject not encoded:\n%s", got.data)
	}

	err = m.SendTest(context.Background(), []string{"nobody@so.example"}, "x", "y")
	var me *MailError
	if !errors.As(err, &me) || me.Stage != StageRecipient || me.Addr != "nobody@so.example" {
		t.Errorf("refused recipient: %v, want stage recipient naming the address", err)
	}

	// A server that wants a login, asked without one.
	needs := (&smtpSink{user: "lan", pass: "right"}).serve(t, "starttls", cert)
	err = checkMailer(t, needs, "starttls", "", "", &tls.Config{RootCAs: pool}).SendTest(context.Background(), []string{"a@so.example"}, "x", "y")
	if err == nil || stageOf(t, err) != StageAuth {
		t.Errorf("no login against a server that wants one: %v, want stage auth", err)
	}
}
