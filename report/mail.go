package report

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net/textproto"
	"strings"
	"time"

	mail "github.com/wneessen/go-mail"

	"mediawatch"
)

// MailConfig says how reports are e-mailed.
type MailConfig struct {
	Host string // the SMTP server
	Port int    // 587 for starttls, 465 for tls, 25 for none when 0
	// Username and Password authenticate when Username is set: with the
	// strongest mechanism the server offers of SCRAM-SHA-256, SCRAM-SHA-1,
	// CRAM-MD5, PLAIN and LOGIN. PLAIN and LOGIN send the password only
	// over TLS or to a server on localhost.
	Username string
	Password string
	From     string   // the sender's address
	To       []string // the recipients' addresses
	// TLS is "none" (plain SMTP), "starttls" (upgrade, required; the
	// default) or "tls" (TLS from the first byte).
	TLS       string
	Timeout   time.Duration // for one attempt's connection and dialogue; 30s when 0
	Retries   int           // attempts after the first when sending fails
	RetryWait time.Duration // before the first retry, doubling for each next one; 30s when 0
	AttachCSV bool          // attach the flagged items' CSV
	// TLSConfig overrides the TLS settings (trusted roots, server name);
	// nil trusts the system's roots for Host.
	TLSConfig *tls.Config
}

// Mailer e-mails reports over SMTP. It is safe for concurrent use; each
// Send makes its own connection.
type Mailer struct {
	cfg   MailConfig
	log   *slog.Logger
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
}

// NewMailer checks cfg and returns a Mailer. A nil logger logs nothing.
func NewMailer(cfg MailConfig, logger *slog.Logger) (*Mailer, error) {
	if cfg.TLS == "" {
		cfg.TLS = "starttls"
	}
	switch {
	case cfg.Host == "":
		return nil, fmt.Errorf("report mail: no host: %w", mediawatch.ErrInvalid)
	case cfg.TLS != "none" && cfg.TLS != "starttls" && cfg.TLS != "tls":
		return nil, fmt.Errorf("report mail: tls %q: want none, starttls or tls: %w", cfg.TLS, mediawatch.ErrInvalid)
	case !strings.Contains(cfg.From, "@") || len(cfg.To) == 0:
		return nil, fmt.Errorf("report mail: want a sender and at least one recipient: %w", mediawatch.ErrInvalid)
	case cfg.Retries < 0 || cfg.Port < 0 || cfg.Port > 65535:
		return nil, fmt.Errorf("report mail: port or retries out of range: %w", mediawatch.ErrInvalid)
	}
	if cfg.Port == 0 {
		cfg.Port = map[string]int{"none": 25, "starttls": 587, "tls": 465}[cfg.TLS]
	}
	cfg.Timeout, cfg.RetryWait = cmpOr(cfg.Timeout, 30*time.Second), cmpOr(cfg.RetryWait, 30*time.Second)
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Mailer{cfg: cfg, log: logger.With("component", "report_mail"), now: time.Now, sleep: mediawatch.Sleep}, nil
}

// Subject is the e-mail subject of d: "Báo cáo ngày 14/03/2025: 3 tin bị
// gắn cờ" or "Daily report 2025-03-14: 3 flagged items".
func Subject(d *Daily) string { return catalog(d.Lang).subject(d) }

// Send e-mails d to every recipient: a text/plain part (the Markdown) and
// a text/html part (the ForMail body: styles inlined, the chart as an
// embedded PNG referenced by cid) as alternatives, and the CSV attached
// when configured. A failed attempt is retried after RetryWait, doubling,
// Retries times; a permanent refusal (an SMTP 5xx reply) is not retried.
func (m *Mailer) Send(ctx context.Context, d *Daily) error {
	parts, err := render(d, m.cfg.AttachCSV)
	if err != nil {
		return err
	}
	parts.id = messageID(m.cfg.From, d.Date, m.now())
	wait := m.cfg.RetryWait
	for attempt := 1; ; attempt++ {
		err = m.attempt(ctx, parts)
		if err == nil {
			m.log.Info("report mailed", "date", d.Date, "recipients", len(m.cfg.To), "attempt", attempt)
			return nil
		}
		if attempt > m.cfg.Retries || permanent(err) || ctx.Err() != nil {
			return fmt.Errorf("mail report %s after %d attempts: %w", d.Date, attempt, err)
		}
		m.log.Warn("report mail failed, will retry", "date", d.Date, "attempt", attempt, "wait", wait, "err", err)
		if err := m.sleep(ctx, wait); err != nil {
			return fmt.Errorf("mail report %s: %w", d.Date, err)
		}
		wait = min(wait*2, time.Hour)
	}
}

// mailParts is one report rendered for e-mail; every attempt builds its
// message from it afresh, under the same Message-ID.
type mailParts struct {
	date, subject, text, page, csv, id string
	chart                              []byte // the chart as PNG
	chartCID                           string // its Content-ID, without angle brackets
	attachCSV                          bool
}

func render(d *Daily, attachCSV bool) (mailParts, error) {
	var text, page, table bytes.Buffer
	if err := WriteMarkdown(&text, d); err != nil {
		return mailParts{}, err
	}
	if err := writeMailHTML(&page, d); err != nil {
		return mailParts{}, err
	}
	chart, err := ChartPNG(d.Volume)
	if err != nil {
		return mailParts{}, err
	}
	if attachCSV {
		if err := WriteCSV(&table, d); err != nil {
			return mailParts{}, err
		}
	}
	return mailParts{date: d.Date, subject: Subject(d), text: text.String(), page: page.String(),
		csv: table.String(), chart: chart, chartCID: ChartCID(d), attachCSV: attachCSV}, nil
}

// messageID is a Message-ID unique to this sending of the report.
func messageID(from, date string, now time.Time) string {
	host := from[strings.LastIndex(from, "@")+1:]
	return fmt.Sprintf("mediawatch-report-%s-%d@%s", date, now.UnixNano(), strings.Trim(host, "<> "))
}

// message builds the e-mail.
func (m *Mailer) message(p mailParts) (*mail.Msg, error) {
	msg := mail.NewMsg()
	if err := msg.From(m.cfg.From); err != nil {
		return nil, fmt.Errorf("mail report: sender %q: %w", m.cfg.From, err)
	}
	if err := msg.To(m.cfg.To...); err != nil {
		return nil, fmt.Errorf("mail report: recipients: %w", err)
	}
	msg.Subject(p.subject)
	msg.SetDateWithValue(m.now())
	msg.SetMessageIDWithValue(p.id)
	msg.SetBodyString(mail.TypeTextPlain, p.text)
	msg.AddAlternativeString(mail.TypeTextHTML, p.page)
	// The chart goes in as an inline image part beside the HTML (a
	// multipart/related), which the HTML shows by its Content-ID: Gmail
	// and Outlook show no SVG, and a linked image would be fetched from
	// a server the office may not expose.
	if err := msg.EmbedReader("chart-"+p.date+".png", bytes.NewReader(p.chart),
		mail.WithFileContentType("image/png"), mail.WithFileContentID("<"+p.chartCID+">")); err != nil {
		return nil, fmt.Errorf("mail report: embed chart: %w", err)
	}
	if p.attachCSV {
		name := "mediawatch-" + p.date + ".csv"
		if err := msg.AttachReader(name, strings.NewReader(p.csv), mail.WithFileContentType("text/csv")); err != nil {
			return nil, fmt.Errorf("mail report: attach csv: %w", err)
		}
	}
	return msg, nil
}

// attempt makes one connection and sends msg.
func (m *Mailer) attempt(ctx context.Context, p mailParts) error {
	msg, err := m.message(p)
	if err != nil {
		return err
	}
	opts := []mail.Option{mail.WithPort(m.cfg.Port), mail.WithTimeout(m.cfg.Timeout)}
	switch m.cfg.TLS {
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	case "starttls":
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	case "tls":
		opts = append(opts, mail.WithSSL())
	}
	if m.cfg.TLSConfig != nil {
		opts = append(opts, mail.WithTLSConfig(m.cfg.TLSConfig))
	}
	if m.cfg.Username != "" {
		opts = append(opts, mail.WithUsername(m.cfg.Username), mail.WithPassword(m.cfg.Password),
			mail.WithOpportunisticSMTPAuth(mail.SMTPAuthSCRAMSHA256, mail.SMTPAuthSCRAMSHA1,
				mail.SMTPAuthCramMD5, mail.SMTPAuthPlain, mail.SMTPAuthLogin))
	}
	c, err := mail.NewClient(m.cfg.Host, opts...)
	if err != nil {
		return fmt.Errorf("smtp client for %s: %w", m.cfg.Host, err)
	}
	ctx, cancel := context.WithTimeout(ctx, m.cfg.Timeout)
	defer cancel()
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("smtp %s:%d: %w", m.cfg.Host, m.cfg.Port, err)
	}
	return nil
}

// permanent reports whether the server refused for good: an SMTP 5xx reply.
func permanent(err error) bool {
	var se *mail.SendError
	if errors.As(err, &se) && se.ErrorCode() >= 500 && se.ErrorCode() < 600 {
		return true
	}
	var te *textproto.Error
	return errors.As(err, &te) && te.Code >= 500 && te.Code < 600
}
