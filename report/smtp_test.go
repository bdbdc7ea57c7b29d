package report

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// smtpSink is a real SMTP server on 127.0.0.1 that keeps what it is sent.
type smtpSink struct {
	user, pass string            // AUTH PLAIN credentials; "" offers no AUTH
	fail       []*smtp.SMTPError // replies to the first DATA commands, then success

	mu       sync.Mutex
	msgs     []received
	attempts int // DATA commands and AUTH failures seen
}

type received struct {
	from  string
	to    []string
	data  []byte
	user  string
	onTLS bool
}

func (b *smtpSink) NewSession(c *smtp.Conn) (smtp.Session, error) {
	_, onTLS := c.TLSConnectionState()
	return &sinkSession{b: b, onTLS: onTLS, conn: c}, nil
}

type sinkSession struct {
	b     *smtpSink
	conn  *smtp.Conn
	onTLS bool
	from  string
	to    []string
	user  string
}

func (s *sinkSession) AuthMechanisms() []string {
	if s.b.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *sinkSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, username, password string) error {
		if username != s.b.user || password != s.b.pass {
			s.b.mu.Lock()
			s.b.attempts++
			s.b.mu.Unlock()
			return smtp.ErrAuthFailed
		}
		s.user = username
		return nil
	}), nil
}

func (s *sinkSession) Mail(from string, _ *smtp.MailOptions) error {
	if s.b.user != "" && s.user == "" {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if strings.HasPrefix(to, "nobody@") {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox"}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *sinkSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	_, onTLS := s.conn.TLSConnectionState()
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	s.b.attempts++
	if len(s.b.fail) > 0 {
		e := s.b.fail[0]
		s.b.fail = s.b.fail[1:]
		return e
	}
	s.b.msgs = append(s.b.msgs, received{from: s.from, to: s.to, data: data, user: s.user, onTLS: onTLS || s.onTLS})
	return nil
}

func (s *sinkSession) Reset()        { s.from, s.to = "", nil }
func (s *sinkSession) Logout() error { return nil }

// serve starts the sink on 127.0.0.1: plain, with STARTTLS offered, or
// TLS from the first byte. It returns the port.
func (b *smtpSink) serve(t *testing.T, mode string, cert *tls.Certificate) int {
	t.Helper()
	srv := smtp.NewServer(b)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = mode == "none"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.ErrorLog = log{t}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if mode != "none" {
		cfg := &tls.Config{Certificates: []tls.Certificate{*cert}, MinVersion: tls.VersionTLS12}
		srv.TLSConfig = cfg
		if mode == "tls" {
			ln = tls.NewListener(ln, cfg)
		}
	}
	go srv.Serve(ln) //nolint:errcheck // ends when the server closes
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().(*net.TCPAddr).Port
}

// log sends the server's error log to the test's.
type log struct{ t *testing.T }

func (l log) Printf(format string, v ...any) { l.t.Logf("smtp server: "+format, v...) }
func (l log) Println(v ...any)               { l.t.Log(append([]any{"smtp server:"}, v...)...) }

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (*tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

// mailPart is one leaf part of a received message, decoded.
type mailPart struct {
	contentType, disposition, filename string
	body                               string // with line ends made \n
	raw                                []byte // as decoded, for binary parts
	contentID                          string // the Content-ID header, angle brackets and all
	within                             string // the media type of the multipart that holds it
}

// parseMail reads a received message with net/mail and mime/multipart,
// returning its decoded subject and its leaf parts.
func parseMail(t *testing.T, raw []byte) (*mail.Message, string, []mailPart) {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("read message: %v", err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("decode subject: %v", err)
	}
	var parts []mailPart
	walkParts(t, msg.Header.Get("Content-Type"), msg.Body, &parts)
	return msg, subject, parts
}

// media0 is a Content-Type's media type alone.
func media0(contentType string) string {
	m, _, _ := mime.ParseMediaType(contentType)
	return m
}

func walkParts(t *testing.T, contentType string, body io.Reader, out *[]mailPart) {
	t.Helper()
	media, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		t.Fatalf("content type %q: %v", contentType, err)
	}
	if !strings.HasPrefix(media, "multipart/") {
		t.Fatalf("a %s body where a multipart was expected", media)
	}
	r := multipart.NewReader(body, params["boundary"])
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("next part: %v", err)
		}
		ct := p.Header.Get("Content-Type")
		if strings.HasPrefix(ct, "multipart/") {
			walkParts(t, ct, p, out)
			continue
		}
		var data []byte
		if strings.EqualFold(p.Header.Get("Content-Transfer-Encoding"), "base64") {
			data, err = io.ReadAll(base64.NewDecoder(base64.StdEncoding, p))
		} else {
			data, err = io.ReadAll(p) // quoted-printable is decoded by NextPart
		}
		if err != nil {
			t.Fatalf("read part %s: %v", ct, err)
		}
		media, _, _ := mime.ParseMediaType(ct)
		disp, dparams, _ := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
		*out = append(*out, mailPart{contentType: media, disposition: disp, filename: dparams["filename"],
			body: strings.ReplaceAll(string(data), "\r\n", "\n"), raw: data,
			contentID: p.Header.Get("Content-Id"), within: media0(contentType)})
	}
}
