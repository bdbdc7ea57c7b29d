package report

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/textproto"
	"os"
	"strconv"
	"strings"

	mail "github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"
)

// Check and SendTest walk the SMTP dialogue one step at a time (with
// go-mail's smtp client, the one Send uses underneath) instead of through
// go-mail's all-in-one Client, so that a failure names the step it failed
// at: an admin who sees "authentication refused" knows to look at the
// password, one who sees "TLS" at the certificate or the port.

// MailStage is the step of the SMTP dialogue a check or test failed at.
type MailStage string

// The steps, in the order of the dialogue.
const (
	StageConnect   MailStage = "connect"   // TCP connection, or the server's greeting and EHLO
	StageTLS       MailStage = "tls"       // TLS from the first byte, or STARTTLS
	StageAuth      MailStage = "auth"      // authentication, or a server that wants it
	StageSender    MailStage = "sender"    // MAIL FROM refused
	StageRecipient MailStage = "recipient" // RCPT TO refused
	StageMessage   MailStage = "message"   // DATA refused
)

// MailError is a failed SMTP dialogue: the step, and what went wrong.
type MailError struct {
	Stage MailStage
	Addr  string // the recipient, for StageRecipient
	Err   error
}

func (e *MailError) Error() string {
	if e.Addr != "" {
		return fmt.Sprintf("smtp %s %s: %v", e.Stage, e.Addr, e.Err)
	}
	return fmt.Sprintf("smtp %s: %v", e.Stage, e.Err)
}

func (e *MailError) Unwrap() error { return e.Err }

// MailCheck is what a successful Check learned.
type MailCheck struct {
	Addr       string // host:port
	TLS        string // "TLS 1.3", or "" on a plain connection
	Mechanism  string // the AUTH mechanism used, or "" without a username
	AuthOffers string // the mechanisms the server offers
}

// Check connects, says EHLO, sets up TLS as configured and authenticates,
// then quits without sending anything.
func (m *Mailer) Check(ctx context.Context) (MailCheck, error) {
	c, res, err := m.dial(ctx)
	if err != nil {
		return res, err
	}
	defer c.Close()
	_ = c.Quit() // all was checked; a failed goodbye changes nothing
	return res, nil
}

// SendTest sends a short plain-text message, subject and text, from the
// configured sender to the addresses to (not the report's recipients), in
// one attempt, and names the step that failed.
func (m *Mailer) SendTest(ctx context.Context, to []string, subject, text string) error {
	msg := mail.NewMsg()
	if err := msg.From(m.cfg.From); err != nil {
		return &MailError{Stage: StageSender, Err: fmt.Errorf("sender %q: %w", m.cfg.From, err)}
	}
	if err := msg.To(to...); err != nil {
		return &MailError{Stage: StageRecipient, Err: err}
	}
	msg.Subject(subject)
	msg.SetDateWithValue(m.now())
	msg.SetMessageID()
	msg.SetBodyString(mail.TypeTextPlain, text)

	c, _, err := m.dial(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Mail(m.cfg.From); err != nil {
		if authRequired(err) {
			return &MailError{Stage: StageAuth, Err: fmt.Errorf("the server wants a login (set report.mail.username and password): %w", err)}
		}
		return &MailError{Stage: StageSender, Addr: m.cfg.From, Err: err}
	}
	for _, addr := range to {
		if err := c.Rcpt(addr); err != nil {
			return &MailError{Stage: StageRecipient, Addr: addr, Err: err}
		}
	}
	w, err := c.Data()
	if err != nil {
		return &MailError{Stage: StageMessage, Err: err}
	}
	if _, err := msg.WriteTo(w); err != nil {
		return &MailError{Stage: StageMessage, Err: err}
	}
	if err := w.Close(); err != nil {
		return &MailError{Stage: StageMessage, Err: err}
	}
	_ = c.Quit() // the message is accepted
	return nil
}

// dial runs the dialogue up to and including authentication.
func (m *Mailer) dial(ctx context.Context) (*smtp.Client, MailCheck, error) {
	addr := net.JoinHostPort(m.cfg.Host, strconv.Itoa(m.cfg.Port))
	res := MailCheck{Addr: addr}
	ctx, cancel := context.WithTimeout(ctx, m.cfg.Timeout)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, res, &MailError{Stage: StageConnect, Err: err}
	}
	// The whole dialogue shares one deadline; cancelling ctx cuts it short.
	deadline, _ := ctx.Deadline()
	_ = conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	tlsCfg := m.tlsConfig()
	if m.cfg.TLS == "tls" {
		tc := tls.Client(conn, tlsCfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			conn.Close()
			return nil, res, &MailError{Stage: StageTLS, Err: err}
		}
		conn = tc
	}
	c, err := smtp.NewClient(conn, m.cfg.Host)
	if err != nil {
		conn.Close()
		return nil, res, &MailError{Stage: StageConnect, Err: fmt.Errorf("greeting: %w", err)}
	}
	fail := func(stage MailStage, err error) (*smtp.Client, MailCheck, error) {
		c.Close()
		return nil, res, &MailError{Stage: stage, Err: err}
	}
	if err := c.Hello(helloName()); err != nil {
		return fail(StageConnect, fmt.Errorf("EHLO: %w", err))
	}
	if m.cfg.TLS == "starttls" {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return fail(StageTLS, errors.New("the server does not offer STARTTLS (set report.mail.tls to tls for port 465, or none for a relay on this machine)"))
		}
		if err := c.StartTLS(tlsCfg); err != nil {
			return fail(StageTLS, err)
		}
	}
	if st, ok := c.TLSConnectionState(); ok {
		res.TLS = tls.VersionName(st.Version)
	}
	if m.cfg.Username == "" {
		return c, res, nil
	}
	ok, offers := c.Extension("AUTH")
	res.AuthOffers = offers
	if !ok {
		return fail(StageAuth, errors.New("a username is set but the server offers no AUTH"+onPlain(res.TLS)))
	}
	mech, auth := m.pickAuth(offers)
	if auth == nil {
		return fail(StageAuth, fmt.Errorf("the server offers AUTH %s, none of which mediawatch speaks", offers))
	}
	res.Mechanism = mech
	if err := c.Auth(auth); err != nil {
		return fail(StageAuth, fmt.Errorf("%s as %q: %w", mech, m.cfg.Username, err))
	}
	return c, res, nil
}

// onPlain explains why a server may hide AUTH: many offer it only after TLS.
func onPlain(tlsVersion string) string {
	if tlsVersion == "" {
		return " (many servers offer it only over TLS: try report.mail.tls starttls or tls)"
	}
	return ""
}

// pickAuth chooses, like Send, the strongest mechanism the server offers of
// SCRAM-SHA-256, SCRAM-SHA-1, CRAM-MD5, PLAIN and LOGIN. PLAIN and LOGIN
// refuse themselves over a plain connection to another host.
func (m *Mailer) pickAuth(offers string) (string, smtp.Auth) {
	has := map[string]bool{}
	for _, f := range strings.Fields(strings.ToUpper(offers)) {
		has[f] = true
	}
	u, p, h := m.cfg.Username, m.cfg.Password, m.cfg.Host
	for _, c := range []struct {
		name string
		auth func() smtp.Auth
	}{
		{"SCRAM-SHA-256", func() smtp.Auth { return smtp.ScramSHA256Auth(u, p) }},
		{"SCRAM-SHA-1", func() smtp.Auth { return smtp.ScramSHA1Auth(u, p) }},
		{"CRAM-MD5", func() smtp.Auth { return smtp.CRAMMD5Auth(u, p) }},
		{"PLAIN", func() smtp.Auth { return smtp.PlainAuth("", u, p, h, false) }},
		{"LOGIN", func() smtp.Auth { return smtp.LoginAuth(u, p, h, false) }},
	} {
		if has[c.name] {
			return c.name, c.auth()
		}
	}
	return "", nil
}

func (m *Mailer) tlsConfig() *tls.Config {
	if m.cfg.TLSConfig != nil {
		c := m.cfg.TLSConfig.Clone()
		if c.ServerName == "" {
			c.ServerName = m.cfg.Host
		}
		return c
	}
	return &tls.Config{ServerName: m.cfg.Host, MinVersion: tls.VersionTLS12}
}

// helloName is the name said in EHLO: this machine's, as go-mail says it.
func helloName() string {
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return "localhost"
}

// authRequired reports whether err is the server's "authenticate first":
// reply 530, or any 5xx with enhanced status 5.7.0 (go-smtp says 502).
func authRequired(err error) bool {
	var te *textproto.Error
	if !errors.As(err, &te) {
		return false
	}
	return te.Code == 530 || te.Code/100 == 5 && strings.HasPrefix(te.Msg, "5.7.0")
}
