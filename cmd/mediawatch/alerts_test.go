package main

import (
	"context"
	"encoding/json"
	"io"
	"mime/quotedprintable"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/config"
	"mediawatch/desk"
	"mediawatch/internal/smtptest"
	"mediawatch/notify"
)

// TestAlertsFromFlagsMailedAndListed: in the service's wiring, a new
// critical flag becomes a flag alert (alerts.min_severity critical), mailed
// at once in the recipient's language with a link under web.public_url; a
// high one reaches the webhook as a flag event (webhook.min_severity high)
// but is no alert; `mediawatch alerts` lists the alert beside the service,
// as a table and as JSON.
func TestAlertsFromFlagsMailedAndListed(t *testing.T) {
	const secret = "bí-mật-cảnh-báo"
	var mu sync.Mutex
	var events []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := notify.Verify(secret, r.Header.Get(notify.HeaderSignature), r.Header.Get(notify.HeaderTimestamp), body); err != nil {
			t.Errorf("signature: %v", err)
		}
		mu.Lock()
		events = append(events, r.Header.Get(notify.HeaderDelivery))
		mu.Unlock()
	}))
	defer srv.Close()
	sink := smtptest.Start(t)
	port := sink.Port()
	dir := t.TempDir()
	a := testApp(t, dir, func(c *config.Config) {
		c.Webhook = config.Webhook{URL: srv.URL, Secret: secret, MinSeverity: "high", Timeout: 5 * time.Second}
		c.Report.Mail = config.Mail{Host: "127.0.0.1", Port: port, TLS: "none", From: "mediawatch@sonla.gov.vn", Timeout: 10 * time.Second}
		c.Alerts.MinSeverity = "critical"
		c.Alerts.Mail.To = []config.Recipient{{Address: "vanphong@sonla.gov.vn", Lang: "vi"}}
		c.Alerts.CheckEvery = config.Duration(time.Hour)
		c.Web.PublicURL = "https://mediawatch.sonla.gov.vn/"
	})
	hook, stop := a.startWebhook(context.Background())
	if a.alerter == nil {
		t.Fatal("no alerter after startWebhook")
	}
	seen := time.Now().UTC().Add(-time.Minute)
	flags := []mediawatch.Flag{
		{RuleID: "dam-rumour", RuleVersion: "v1", Severity: mediawatch.SeverityCritical, Snippet: "vỡ đập"},
		{RuleID: "price", RuleVersion: "v1", Severity: mediawatch.SeverityHigh, Snippet: "giá"},
	}
	it := mediawatch.Item{Source: "baosonla", URL: "https://baosonla.vn/vo-dap", CanonicalURL: "https://baosonla.vn/vo-dap",
		Title: "Vỡ đập ở Sơn La?", Text: "v1", Lang: "vi", ContentHash: "v1", FirstSeen: seen}
	res, err := a.db.SaveItem(context.Background(), it, flags...)
	if err != nil {
		t.Fatal(err)
	}
	it.ID, it.Version = res.ItemID, res.Version
	hook(it, flags)

	raw := sink.Wait(t, 1, time.Minute)[0].Data
	stop()
	msg, err := mail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Sở Thông tin và Truyền thông tỉnh Sơn La", "Cờ mới, mức nghiêm trọng: “Vỡ đập ở Sơn La?” (baosonla)",
		"Xem: https://mediawatch.sonla.gov.vn/items/", "Tất cả cảnh báo: https://mediawatch.sonla.gov.vn/alerts"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("the alert mail lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(string(body), "“price”") {
		t.Error("a high flag was mailed below alerts.min_severity critical")
	}
	mu.Lock()
	if len(events) != 2 || !strings.HasPrefix(events[0], "flag-") || !strings.HasPrefix(events[1], "flag-") {
		t.Errorf("webhook events %v, want the two flags", events)
	}
	mu.Unlock()

	t.Setenv("MEDIAWATCH_UI_LANG", "vi")
	out, errOut, code := runCLI(t, "alerts", "--data", a.cfg.DataDir)
	if code != 0 || !strings.Contains(out, "Cờ mới, mức nghiêm trọng") || !strings.Contains(out, "LOẠI") ||
		!strings.Contains(out, "/items/") {
		t.Errorf("alerts: %d %s %s", code, out, errOut)
	}
	out, errOut, code = runCLI(t, "alerts", "--data", a.cfg.DataDir, "--json", "--kind", "flag")
	var list []desk.AlertView
	if err := json.Unmarshal([]byte(out), &list); code != 0 || err != nil || len(list) != 1 || list[0].Kind != mediawatch.AlertFlag ||
		list[0].Flag.RuleID != "dam-rumour" || !strings.HasPrefix(list[0].Path, "/items/") || !strings.HasPrefix(list[0].Text.EN, "New flag, critical") {
		t.Errorf("alerts --json: %d %v %s %s", code, err, out, errOut)
	}
	if _, errOut, code = runCLI(t, "alerts", "--data", a.cfg.DataDir, "--kind", "rumour"); code == 0 || !strings.Contains(errOut, "--kind") {
		t.Errorf("an unknown kind: %d %s", code, errOut)
	}
	if out, _, code = runCLI(t, "alerts", "--data", a.cfg.DataDir, "--kind", "spike"); code != 0 || !strings.Contains(out, "Không có cảnh báo") {
		t.Errorf("no spikes: %d %s", code, out)
	}
}
