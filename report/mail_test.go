package report

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"image/png"
	"net"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"mediawatch"
)

// recordSleep replaces a mailer's waits with a record of them.
func recordSleep(m *Mailer) *[]time.Duration {
	var waits []time.Duration
	m.sleep = func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
	return &waits
}

func render3(t *testing.T, d *Daily) (md, page, table string) {
	t.Helper()
	var a, b, c bytes.Buffer
	if err := WriteMarkdown(&a, d); err != nil {
		t.Fatal(err)
	}
	if err := WriteHTML(&b, d); err != nil {
		t.Fatal(err)
	}
	if err := WriteCSV(&c, d); err != nil {
		t.Fatal(err)
	}
	return a.String(), b.String(), c.String()
}

func TestMailerDelivers(t *testing.T) {
	cert, roots := selfSigned(t)
	for _, tc := range []struct {
		name, mode, user, lang string
		csv                    bool
	}{
		{"plain SMTP, no AUTH", "none", "", "vi", false},
		{"plain SMTP, AUTH PLAIN", "none", "bao-cao", "vi", true},
		{"STARTTLS and AUTH PLAIN", "starttls", "bao-cao", "en", true},
		{"TLS from the first byte", "tls", "bao-cao", "en", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sink := &smtpSink{user: tc.user, pass: "mật-khẩu"}
			port := sink.serve(t, tc.mode, cert)
			m, err := NewMailer(MailConfig{Host: "127.0.0.1", Port: port, Username: tc.user, Password: "mật-khẩu",
				From: "Báo cáo <report@sonla.gov.vn>", To: []string{"ubnd@sonla.gov.vn", "stttt@sonla.gov.vn"},
				TLS: tc.mode, Timeout: 10 * time.Second, AttachCSV: tc.csv, TLSConfig: &tls.Config{RootCAs: roots, ServerName: "127.0.0.1"}}, nil)
			if err != nil {
				t.Fatal(err)
			}
			d := fixtureDaily(t, tc.lang)
			if err := m.Send(context.Background(), d); err != nil {
				t.Fatalf("Send: %v", err)
			}
			if len(sink.msgs) != 1 {
				t.Fatalf("server received %d messages, want 1", len(sink.msgs))
			}
			got := sink.msgs[0]
			if got.user != tc.user || got.onTLS != (tc.mode != "none") || got.from != "report@sonla.gov.vn" ||
				strings.Join(got.to, ",") != "ubnd@sonla.gov.vn,stttt@sonla.gov.vn" {
				t.Errorf("envelope from %q to %q, user %q, TLS %v", got.from, got.to, got.user, got.onTLS)
			}
			checkMessage(t, got.data, d, tc.csv)
		})
	}
}

func checkMessage(t *testing.T, raw []byte, d *Daily, withCSV bool) {
	t.Helper()
	msg, subject, parts := parseMail(t, raw)
	if subject != Subject(d) {
		t.Errorf("subject %q, want %q", subject, Subject(d))
	}
	if msg.Header.Get("Message-Id") == "" || msg.Header.Get("Date") == "" {
		t.Errorf("message lacks Message-ID or Date: %v", msg.Header)
	}
	md, _, table := render3(t, d)
	var page bytes.Buffer
	if err := writeMailHTML(&page, d); err != nil {
		t.Fatal(err)
	}
	want := []string{"text/plain", "text/html", "image/png"}
	if withCSV {
		want = append(want, "text/csv")
	}
	var got []string
	for _, p := range parts {
		got = append(got, p.contentType)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("parts %v, want %v", got, want)
	}
	if parts[0].body != md {
		t.Errorf("the text part is not the Markdown report:\n%s", firstDiff(parts[0].body, md))
	}
	if parts[1].body != page.String() {
		t.Errorf("the HTML part is not the mail HTML report:\n%s", firstDiff(parts[1].body, page.String()))
	}
	checkMailHTML(t, parts[1].body)
	checkChartPart(t, parts[1].body, parts[2])
	if withCSV {
		if parts[3].disposition != "attachment" || parts[3].filename != "mediawatch-"+d.Date+".csv" ||
			parts[3].body != strings.ReplaceAll(table, "\r\n", "\n") {
			t.Errorf("CSV attachment %q %q differs from the CSV report", parts[3].disposition, parts[3].filename)
		}
	}
}

func TestMailerRetries(t *testing.T) {
	busy := &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	for _, tc := range []struct {
		name      string
		fail      []*smtp.SMTPError
		to        string
		pass      string
		retries   int
		delivered bool
		attempts  int
		waits     []time.Duration
	}{
		{"a busy server, then success", []*smtp.SMTPError{busy}, "ubnd@sonla.gov.vn", "pw", 2, true, 2, []time.Duration{time.Second}},
		{"busy until the retries run out", []*smtp.SMTPError{busy, busy, busy}, "ubnd@sonla.gov.vn", "pw", 2, false, 3,
			[]time.Duration{time.Second, 2 * time.Second}},
		{"a refused recipient is not retried", nil, "nobody@sonla.gov.vn", "pw", 3, false, 0, nil},
		{"a wrong password is not retried", nil, "ubnd@sonla.gov.vn", "wrong", 3, false, 1, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sink := &smtpSink{user: "bao-cao", pass: "pw", fail: tc.fail}
			port := sink.serve(t, "none", nil)
			m, err := NewMailer(MailConfig{Host: "127.0.0.1", Port: port, Username: "bao-cao", Password: tc.pass,
				From: "report@sonla.gov.vn", To: []string{tc.to}, TLS: "none", Retries: tc.retries, RetryWait: time.Second}, nil)
			if err != nil {
				t.Fatal(err)
			}
			waits := recordSleep(m)
			err = m.Send(context.Background(), fixtureDaily(t, "vi"))
			if (err == nil) != tc.delivered {
				t.Fatalf("Send = %v, delivered want %v", err, tc.delivered)
			}
			sink.mu.Lock()
			defer sink.mu.Unlock()
			if sink.attempts != tc.attempts || len(sink.msgs) != map[bool]int{true: 1, false: 0}[tc.delivered] {
				t.Errorf("server saw %d attempts and kept %d messages, want %d attempts", sink.attempts, len(sink.msgs), tc.attempts)
			}
			if !slices.Equal(*waits, tc.waits) {
				t.Errorf("waited %v, want %v", *waits, tc.waits)
			}
		})
	}
}

func TestMailerNoServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close() // nothing listens there now
	m, err := NewMailer(MailConfig{Host: "127.0.0.1", Port: port, From: "r@x.vn", To: []string{"a@x.vn"}, TLS: "none",
		Retries: 2, RetryWait: time.Millisecond, Timeout: 5 * time.Second}, nil)
	if err != nil {
		t.Fatal(err)
	}
	waits := recordSleep(m)
	if err := m.Send(context.Background(), fixtureDaily(t, "en")); err == nil {
		t.Fatal("Send to a closed port succeeded")
	}
	if len(*waits) != 2 {
		t.Errorf("a refused connection is retried: waited %v, want two waits", *waits)
	}
}

func TestMailerCancelled(t *testing.T) {
	sink := &smtpSink{fail: []*smtp.SMTPError{{Code: 451, Message: "later"}}}
	port := sink.serve(t, "none", nil)
	m, err := NewMailer(MailConfig{Host: "127.0.0.1", Port: port, From: "r@x.vn", To: []string{"a@x.vn"}, TLS: "none",
		Retries: 5, RetryWait: time.Hour}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	m.sleep = func(ctx context.Context, d time.Duration) error { cancel(); return mediawatch.Sleep(ctx, d) }
	if err := m.Send(ctx, fixtureDaily(t, "en")); !errors.Is(err, context.Canceled) {
		t.Errorf("Send cancelled during its wait = %v, want context.Canceled", err)
	}
}

func TestNewMailerRefuses(t *testing.T) {
	ok := MailConfig{Host: "smtp.x.vn", From: "r@x.vn", To: []string{"a@x.vn"}}
	for name, mutate := range map[string]func(*MailConfig){
		"no host":       func(c *MailConfig) { c.Host = "" },
		"tls mode":      func(c *MailConfig) { c.TLS = "ssl" },
		"no sender":     func(c *MailConfig) { c.From = "" },
		"no recipients": func(c *MailConfig) { c.To = nil },
		"port":          func(c *MailConfig) { c.Port = 70000 },
		"retries":       func(c *MailConfig) { c.Retries = -1 },
	} {
		t.Run(name, func(t *testing.T) {
			c := ok
			mutate(&c)
			if _, err := NewMailer(c, nil); err == nil {
				t.Errorf("NewMailer(%+v) accepted", c)
			}
		})
	}
	m, err := NewMailer(ok, nil)
	if err != nil || m.cfg.Port != 587 || m.cfg.TLS != "starttls" {
		t.Errorf("defaults: %+v, %v; want starttls on 587", m.cfg, err)
	}
}

// checkChartPart checks the chart's image part: an inline PNG in a
// multipart/related beside the HTML, of a real size, whose Content-ID is
// the one the HTML's <img src="cid:…"> names.
func checkChartPart(t *testing.T, page string, p mailPart) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(p.raw))
	if err != nil {
		t.Fatalf("the chart part does not decode as PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 600 || b.Dy() < 300 || len(p.raw) < 2000 {
		t.Errorf("chart PNG %v, %d bytes: want a real chart", b, len(p.raw))
	}
	if p.within != "multipart/related" || p.disposition != "inline" {
		t.Errorf("chart part is %s within %s, want inline within multipart/related", p.disposition, p.within)
	}
	m := regexp.MustCompile(`<img [^>]*src="cid:([^"]+)"[^>]*>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("the HTML part shows no cid: image")
	}
	if p.contentID != "<"+m[1]+">" {
		t.Errorf("chart part Content-ID %q, the HTML shows cid:%s", p.contentID, m[1])
	}
	if !regexp.MustCompile(`<img [^>]*alt="[^"]{20,}"`).MatchString(m[0]) {
		t.Errorf("the chart image has no alt text: %s", m[0])
	}
}

// checkMailHTML checks that the mail's body carries its own look: no
// element has a class, every element the body draws has a style
// attribute, and no SVG is left for clients that drop it.
func checkMailHTML(t *testing.T, page string) {
	t.Helper()
	start, end := strings.Index(page, "<article"), strings.Index(page, "</article>")
	if start < 0 || end < start {
		t.Fatalf("the mail HTML has no report body")
	}
	body := page[start:end]
	if strings.Contains(body, "<svg") {
		t.Errorf("the mail body holds an SVG, which Gmail and Outlook do not show")
	}
	if regexp.MustCompile(`\sclass=`).MatchString(body) {
		t.Errorf("an element of the mail body relies on a class")
	}
	styled := regexp.MustCompile(`^<(article|p|h1|h2|h3|table|th|td|section|ul|li|a|mark|img|caption|div)\b`)
	for _, tag := range regexp.MustCompile(`<[a-z0-9]+\b[^>]*>`).FindAllString(body, -1) {
		if styled.MatchString(tag) && !strings.Contains(tag, ` style="`) {
			t.Errorf("mail element without inline style: %s", tag)
		}
	}
}
