// Package smtptest is a real SMTP server on 127.0.0.1 for tests: go-smtp,
// plain (no TLS, no AUTH), keeping every message it is sent. The tests of
// the report's mail, the alert mails, the desk's "send again" and the CLI
// use it, so that a mail is held to what an SMTP server really received.
// The report package keeps a server of its own, which also speaks TLS and
// fails on demand.
package smtptest

import (
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Message is one mail as the server received it.
type Message struct {
	From string
	To   []string
	Data string // the raw message: headers and body
}

// Server is a running SMTP server; Start makes one.
type Server struct {
	reject func(to string) error
	port   int
	mu     sync.Mutex
	msgs   []Message
	got    chan struct{} // signalled on every message
}

// Start starts a server on 127.0.0.1 and stops it when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	return StartRejecting(t, nil)
}

// StartRejecting is Start with a server that refuses a recipient with the
// error reject returns for it (an *smtp.SMTPError is a real SMTP answer);
// nil accepts everyone.
func StartRejecting(t testing.TB, reject func(to string) error) *Server {
	t.Helper()
	s := &Server{reject: reject, got: make(chan struct{}, 1)}
	srv := smtp.NewServer(backend{s})
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln) //nolint:errcheck // ends when the server closes
	t.Cleanup(func() { srv.Close() })
	s.port = ln.Addr().(*net.TCPAddr).Port
	return s
}

// Port is the port the server listens on.
func (s *Server) Port() int { return s.port }

// Messages are the mails received so far, in order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Wait waits up to timeout for the server to hold n messages and returns
// them; the test fails if they do not come.
func (s *Server) Wait(t testing.TB, n int, timeout time.Duration) []Message {
	t.Helper()
	deadline := time.After(timeout)
	for {
		if m := s.Messages(); len(m) >= n {
			return m
		}
		select {
		case <-s.got:
		case <-deadline:
			t.Fatalf("smtptest: %d of %d messages after %s", len(s.Messages()), n, timeout)
		}
	}
}

type backend struct{ s *Server }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s    *Server
	from string
	to   []string
}

func (x *session) Mail(from string, _ *smtp.MailOptions) error { x.from = from; return nil }

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if x.s.reject != nil {
		if err := x.s.reject(to); err != nil {
			return err
		}
	}
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	x.s.mu.Lock()
	x.s.msgs = append(x.s.msgs, Message{From: x.from, To: append([]string(nil), x.to...), Data: string(b)})
	x.s.mu.Unlock()
	select {
	case x.s.got <- struct{}{}:
	default:
	}
	return nil
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }
