package alert

import (
	"context"
	"encoding/json"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/internal/smtptest"
	"mediawatch/notify"
	"mediawatch/report"
	"mediawatch/store"
)

const secret = "alert-test-secret"

// readMail decodes a message's subject and plain-text body.
func readMail(t *testing.T, m smtptest.Message) (subject, body string) {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(m.Data))
	if err != nil {
		t.Fatal(err)
	}
	subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	var r io.Reader = msg.Body
	if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		r = quotedprintable.NewReader(r)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return subject, string(b)
}

func openStore(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "mediawatch.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

var at = time.Date(2026, 12, 6, 0, 5, 0, 0, time.UTC) // 07:05 in Sơn La

func spikeAlert() mediawatch.Alert {
	end := at.Truncate(time.Hour)
	return mediawatch.Alert{ID: "spike-rule-dam-rumour-1h-2026-12-06T00", Kind: mediawatch.AlertSpike, At: at,
		Spike: &mediawatch.Spike{Scope: mediawatch.SpikeRule, Key: "dam-rumour", Window: time.Hour, End: end,
			Count: 12, Mean: 1.5, SD: 0.5, Threshold: 3, Days: 14, StoryIDs: []int64{41, 7}}}
}

func silentAlert() mediawatch.Alert {
	return mediawatch.Alert{ID: "source-baosonla-silent-2026-12-06T00:10", Kind: mediawatch.AlertSourceSilent,
		At: at.Add(5 * time.Minute), Source: &mediawatch.SourceAlert{Source: "baosonla", Label: "Báo Sơn La",
			From: mediawatch.StateOK, To: mediawatch.StateSilent, Why: "7-day mean 0.0 below 28-day mean 5.2 − 1.5 × 1.1"}}
}

func flagAlert() mediawatch.Alert {
	return mediawatch.Alert{ID: "flag-9", Kind: mediawatch.AlertFlag, At: at.Add(6 * time.Minute),
		Flag: &mediawatch.FlagAlert{FlagID: 9, ItemID: 77, RuleID: "dam-rumour", Severity: mediawatch.SeverityCritical,
			Title: "Tin đồn vỡ đập thủy điện", URL: "https://baosonla.example/a", Source: "baosonla"}}
}

// TestAlertsMailBatchedInEachLanguage: the first alert is mailed at once;
// two more within alerts.mail.every wait and go out together in one mail
// per recipient, each in the recipient's language, with links; a repeat
// is not mailed again.
func TestAlertsMailBatchedInEachLanguage(t *testing.T) {
	ctx := context.Background()
	db := openStore(t)
	sk := smtptest.Start(t)
	port := sk.Port()
	m, err := report.NewMailer(report.MailConfig{Host: "127.0.0.1", Port: port, TLS: "none", From: "mediawatch@sonla.example",
		To: []string{"unused@sonla.example"}, Timeout: 10 * time.Second}, nil)
	if err != nil {
		t.Fatal(err)
	}
	now := at
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	d, err := New(Options{Store: db, Mail: m.SendTest, Every: 15 * time.Minute, Office: "Sở Thông tin và Truyền thông tỉnh Sơn La",
		PublicURL: "https://mediawatch.sonla.example", Now: clock,
		To: []Recipient{{Address: "ban.bientap@sonla.example", Lang: "vi"}, {Address: "desk@sonla.example", Lang: "en"}},
		Names: func() map[string]mediawatch.Names {
			return map[string]mediawatch.Names{"dam-rumour": {VI: "Tin đồn vỡ đập", EN: "Dam rumour"}}
		}})
	if err != nil {
		t.Fatal(err)
	}
	waited := make(chan time.Duration, 1)
	release := make(chan struct{})
	d.sleep = func(ctx context.Context, dur time.Duration) error {
		waited <- dur
		select {
		case <-release:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	t.Cleanup(func() { d.Close(context.Background()) })

	if err := d.Raise(ctx, spikeAlert()); err != nil {
		t.Fatal(err)
	}
	first := sk.Wait(t, 2, 20*time.Second)
	mu.Lock()
	now = at.Add(6 * time.Minute)
	mu.Unlock()
	for _, a := range []mediawatch.Alert{silentAlert(), flagAlert(), spikeAlert()} { // the spike again: a repeat
		if err := d.Raise(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if w := <-waited; w <= 0 || w > 15*time.Minute {
		t.Errorf("the loop waited %v for the window to close, want up to 15m", w)
	}
	close(release)
	all := sk.Wait(t, 4, 20*time.Second)
	if len(all) != 4 {
		t.Fatalf("%d mails, want 2 per recipient", len(all))
	}
	byTo := map[string][]string{}
	for _, msg := range append(first[:2:2], all[2:]...) {
		subject, body := readMail(t, msg)
		byTo[msg.To[0]] = append(byTo[msg.To[0]], subject+"\n"+body)
	}
	vi, en := byTo["ban.bientap@sonla.example"], byTo["desk@sonla.example"]
	if len(vi) != 2 || len(en) != 2 {
		t.Fatalf("mails by recipient: %v", byTo)
	}
	for _, want := range []string{"[mediawatch] 1 cảnh báo mới cho Sở Thông tin và Truyền thông tỉnh Sơn La",
		"Tăng đột biến: quy tắc “Tin đồn vỡ đập” có 12 bài trong giờ qua, bình thường 1,5",
		"07:05 06/12/2026", "Xem: https://mediawatch.sonla.example/stories/41",
		"Tất cả cảnh báo: https://mediawatch.sonla.example/alerts"} {
		if !strings.Contains(vi[0], want) {
			t.Errorf("first Vietnamese mail lacks %q:\n%s", want, vi[0])
		}
	}
	for _, want := range []string{"[mediawatch] 1 new alert for Sở Thông tin và Truyền thông tỉnh Sơn La",
		"Spike: rule “Dam rumour” had 12 items in the last hour, usually 1.5", "2026-12-06 07:05"} {
		if !strings.Contains(en[0], want) {
			t.Errorf("first English mail lacks %q:\n%s", want, en[0])
		}
	}
	for _, want := range []string{"[mediawatch] 2 cảnh báo mới", "Nguồn “Báo Sơn La” gần như ngừng đăng bài",
		"Cờ mới, mức nghiêm trọng: “Tin đồn vỡ đập thủy điện” (baosonla), quy tắc “Tin đồn vỡ đập”",
		"Xem: https://mediawatch.sonla.example/items/77", "Xem: https://mediawatch.sonla.example/sources"} {
		if !strings.Contains(vi[1], want) {
			t.Errorf("second Vietnamese mail lacks %q:\n%s", want, vi[1])
		}
	}
	if strings.Contains(vi[1], "Tăng đột biến") || strings.Contains(en[1], "Spike") {
		t.Errorf("the second mail repeats the spike the first told of")
	}
	for _, want := range []string{"[mediawatch] 2 new alerts", "Source “Báo Sơn La” has gone silent",
		"New flag, critical: “Tin đồn vỡ đập thủy điện” (baosonla), rule “Dam rumour”"} {
		if !strings.Contains(en[1], want) {
			t.Errorf("second English mail lacks %q:\n%s", want, en[1])
		}
	}
	// The dispatcher marks the alerts mailed once the server has answered
	// the mail, a moment after the server holds it.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		left, err := db.UnmailedAlerts(ctx, 0)
		if err == nil && len(left) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("unmailed after both mails: %v, %v", left, err)
		}
	}
}

// TestAlertWebhookEventsSigned: each alert type but flag reaches the
// webhook once, signed as notify.Verify checks, with the alert's body;
// a flag alert does not (new flags have their own event).
func TestAlertWebhookEventsSigned(t *testing.T) {
	ctx := context.Background()
	db := openStore(t)
	var mu sync.Mutex
	got := map[string]notify.Event{}
	var order []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := notify.Verify(secret, r.Header.Get(notify.HeaderSignature), r.Header.Get(notify.HeaderTimestamp), body); err != nil {
			t.Errorf("signature: %v", err)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		var e notify.Event
		if err := json.Unmarshal(body, &e); err != nil {
			t.Errorf("body: %v", err)
		}
		if r.Header.Get(notify.HeaderEvent) != e.Type {
			t.Errorf("event header %q, body type %q", r.Header.Get(notify.HeaderEvent), e.Type)
		}
		mu.Lock()
		got[e.ID] = e
		order = append(order, e.ID)
		mu.Unlock()
	}))
	defer srv.Close()
	q := notify.NewQueue(&notify.Webhook{URL: srv.URL, Secret: secret}, 16)
	d, err := New(Options{Store: db, Webhook: q, PublicURL: "https://mw.example/"})
	if err != nil {
		t.Fatal(err)
	}
	failing := silentAlert()
	failing.ID, failing.Kind = "source-x-failing", mediawatch.AlertSourceFailing
	failing.Source = &mediawatch.SourceAlert{Source: "x", Label: "X", From: mediawatch.StateOK, To: mediawatch.StateFailing, Why: "HTTP 503"}
	recovered := silentAlert()
	recovered.ID, recovered.Kind = "source-x-recovered", mediawatch.AlertSourceRecovered
	recovered.Source = &mediawatch.SourceAlert{Source: "x", Label: "X", From: mediawatch.StateFailing, To: mediawatch.StateRecovered}
	term := spikeAlert()
	term.ID = "spike-term-1d"
	term.Spike = &mediawatch.Spike{Scope: mediawatch.SpikeTerm, Key: "thủy điện", Window: 24 * time.Hour, End: at, Count: 40, Mean: 3}
	for _, a := range []mediawatch.Alert{spikeAlert(), silentAlert(), failing, recovered, flagAlert(), spikeAlert(), term} {
		if err := d.Raise(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if err := q.Close(ctx); err != nil {
		t.Fatal(err)
	}
	d.Close(ctx)
	mu.Lock()
	defer mu.Unlock()
	if want := []string{spikeAlert().ID, silentAlert().ID, "source-x-failing", "source-x-recovered", "spike-term-1d"}; strings.Join(order, " ") != strings.Join(want, " ") {
		t.Fatalf("delivered %v, want %v (each once, no flag)", order, want)
	}
	s := got[spikeAlert().ID]
	if s.Type != "spike" || s.Spike == nil || s.Spike.WindowSeconds != 3600 || s.Spike.Count != 12 || s.Spike.Mean != 1.5 ||
		len(s.Spike.StoryIDs) != 2 || s.Spike.Key != "dam-rumour" || s.Flag != nil || !s.At.Equal(at) ||
		s.Link != "https://mw.example/stories/41" {
		t.Errorf("spike event %+v %+v", s, s.Spike)
	}
	if e := got["spike-term-1d"]; e.Spike.WindowSeconds != 86400 || e.Spike.Scope != mediawatch.SpikeTerm {
		t.Errorf("term spike %+v", e.Spike)
	}
	if e := got[silentAlert().ID]; e.Type != "source.silent" || e.Source == nil || e.Source.Source != "baosonla" ||
		e.Source.To != mediawatch.StateSilent || e.Link != "https://mw.example/sources" {
		t.Errorf("silent event %+v", e)
	}
	if e := got["source-x-failing"]; e.Type != "source.failing" || e.Source.Why != "HTTP 503" {
		t.Errorf("failing event %+v", e)
	}
	if e := got["source-x-recovered"]; e.Type != "source.recovered" || e.Source.From != mediawatch.StateFailing {
		t.Errorf("recovered event %+v", e)
	}
	stored, err := db.Alerts(ctx, time.Time{}, "", 0)
	if err != nil || len(stored) != 6 {
		t.Fatalf("stored %d alerts (%v), want 6: the repeat is not", len(stored), err)
	}
}

// TestAlertsMailedByTheLeadingNodeOnly: with several nodes on one store,
// an alert raised on a node that does not lead is recorded, not mailed
// there; the leading node finds it on its own round and mails it once.
func TestAlertsMailedByTheLeadingNodeOnly(t *testing.T) {
	ctx := context.Background()
	db := openStore(t)
	sk := smtptest.Start(t)
	m, err := report.NewMailer(report.MailConfig{Host: "127.0.0.1", Port: sk.Port(), TLS: "none", From: "mediawatch@sonla.example",
		To: []string{"unused@sonla.example"}, Timeout: 10 * time.Second}, nil)
	if err != nil {
		t.Fatal(err)
	}
	node := func(leads bool) *Dispatcher {
		d, err := New(Options{Store: db, Mail: m.SendTest, Every: 100 * time.Millisecond,
			To: []Recipient{{Address: "ban.bientap@sonla.example", Lang: "vi"}}, MailHere: func() bool { return leads }})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close(context.Background()) })
		return d
	}
	member := node(false)
	if err := member.Raise(ctx, spikeAlert()); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // three of the member's rounds
	if n := len(sk.Messages()); n != 0 {
		t.Fatalf("a node that does not lead mailed %d alerts", n)
	}
	node(true)
	got := sk.Wait(t, 1, 20*time.Second)
	time.Sleep(300 * time.Millisecond)
	if len(got) != 1 || len(sk.Messages()) != 1 {
		t.Fatalf("%d mails, want the leading node's one", len(sk.Messages()))
	}
	if _, body := readMail(t, got[0]); !strings.Contains(body, "dam-rumour") {
		t.Errorf("the mail does not carry the member's alert:\n%s", body)
	}
}
