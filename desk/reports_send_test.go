package desk

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/internal/smtptest"
	"mediawatch/report"
	"mediawatch/store"
)

// reportDesk is a desk over a store holding one flagged item on 5
// December 2026 (ICT), with an archive in a temporary directory and, when
// port is not 0, a mailer to the sink on port.
func reportDesk(t *testing.T, port int) (*Desk, string) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "mw.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ict := DefaultLocation()
	seen := time.Date(2026, 12, 5, 9, 0, 0, 0, ict).UTC()
	_, err = db.SaveGrouped(ctx, mediawatch.Item{Source: "baosonla", URL: "https://a.vn/1", CanonicalURL: "https://a.vn/1",
		Title: "Tin đồn vỡ đập Sơn La", Text: "x", Lang: "vi", ContentHash: "h1", FirstSeen: seen},
		store.Signature{Words: 10}, mediawatch.Flag{RuleID: "dam-rumour", RuleVersion: "v1",
			Severity: mediawatch.SeverityCritical, Snippet: "vỡ đập"})
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return sourcesNow }
	dir := filepath.Join(t.TempDir(), "reports")
	send := ReportSending{Archive: report.Archive{Dir: dir}}
	if port != 0 {
		m, err := report.NewMailer(report.MailConfig{Host: "127.0.0.1", Port: port, TLS: "none",
			From: "mediawatch@sonla.example", To: []string{"lanhdao@sonla.example", "vanphong@sonla.example"},
			AttachCSV: true}, nil)
		if err != nil {
			t.Fatal(err)
		}
		send.Mailer = m
	}
	d := New(Deps{Store: db, Reports: &report.Builder{Source: db, Loc: ict, Lang: "vi", Now: now}, Send: send},
		Options{Location: ict, Now: now})
	return d, dir
}

func TestResendReport(t *testing.T) {
	sink := smtptest.Start(t)
	d, dir := reportDesk(t, sink.Port())
	ctx := context.Background()
	if !d.CanMailReports() {
		t.Fatal("a desk with a mailer cannot mail")
	}
	who := mediawatch.Actor{Kind: mediawatch.ActorPerson, Name: "admin", Role: mediawatch.RoleAdmin}
	if err := d.ResendReport(ctx, who, "2026-12-05"); err != nil {
		t.Fatal(err)
	}
	msgs := sink.Messages()
	if len(msgs) != 1 || len(msgs[0].To) != 2 {
		t.Fatalf("%d messages: %+v", len(msgs), msgs)
	}
	if m := msgs[0].Data; !strings.Contains(m, "Subject:") || !strings.Contains(m, "text/html") || !strings.Contains(m, "text/csv") {
		t.Errorf("the message is not the report's:\n%.800s", m)
	}
	for _, name := range []string{"2026-12-05.html", "2026-12-05.md", "2026-12-05.csv", "2026-12-05.json", "2026-12-05.done"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("archive: %v", err)
		}
	}
	days, err := d.ReportArchive(ctx)
	if err != nil || len(days) != 1 || days[0].Date != "2026-12-05" || !days[0].Done || len(days[0].Formats) != 4 {
		t.Fatalf("archive list %+v, %v", days, err)
	}
	f, err := d.ReportDownload(ctx, "2026-12-05", report.FormatCSV, "en")
	if err != nil || !f.Archived || !strings.HasPrefix(string(f.Body), "\ufeff") || f.ContentType != "text/csv; charset=utf-8" {
		t.Fatalf("download %+v, %v", f, err)
	}
	// A day the archive does not hold is made now, in the reader's language.
	f, err = d.ReportDownload(ctx, "2026-12-04", report.FormatMarkdown, "en")
	if err != nil || f.Archived || f.Name != "mediawatch-report-2026-12-04.md" || !strings.Contains(string(f.Body), "Daily report") {
		t.Fatalf("made-now download %+v, %v", f.Name, err)
	}
	if err := d.ResendReport(ctx, who, "2026-13-01"); !errors.Is(err, mediawatch.ErrInvalid) {
		t.Errorf("bad date: %v", err)
	}
}

func TestResendWithoutMailer(t *testing.T) {
	d, _ := reportDesk(t, 0)
	err := d.ResendReport(context.Background(), mediawatch.Actor{Name: "admin"}, "2026-12-05")
	if !errors.Is(err, ErrNoMailer) || d.CanMailReports() {
		t.Fatalf("resend without a mailer: %v", err)
	}
	days, err := d.ReportArchive(context.Background())
	if err != nil || len(days) != 0 {
		t.Fatalf("empty archive: %+v %v", days, err)
	}
	// The scheduled job without a mailer keeps the report and marks it done.
	if err := d.ProduceReport(context.Background(), "2026-12-05"); err != nil {
		t.Fatal(err)
	}
	if days, _ := d.ReportArchive(context.Background()); len(days) != 1 || !days[0].Done {
		t.Fatalf("after produce: %+v", days)
	}
}
