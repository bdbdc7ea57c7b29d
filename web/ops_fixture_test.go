package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/desk"
	"mediawatch/internal/smtptest"
	"mediawatch/report"
	"mediawatch/store"
)

// hostile is a crawled string that must stay text on every page.
const hostile = `<script>alert(1)</script>`

// opsSite is the web face over a real store and desk: sources in each
// state (one failing), a flagged item on 5 December 2026, a report
// archive and, when mail is true, a mailer to a real SMTP server on
// 127.0.0.1. evil is written into the failing source's stored error and
// the flagged item's title (hostile for the escaping tests, "" for the
// README's screenshots).
type opsSite struct {
	*testSite
	desk *desk.Desk
	dir  string // the report archive
	sink *smtptest.Server
}

func newOpsSite(t *testing.T, mail bool, evil string) *opsSite {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "mw.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	src := func(name string, enabled bool) mediawatch.Source {
		return mediawatch.Source{Name: name, Kind: mediawatch.KindFeed, URL: "https://" + name + ".example/rss",
			Interval: time.Hour, Weight: 1, Keep: mediawatch.KeepAll, Enabled: enabled}
	}
	bad := src("baotaybac", true)
	if evil != "" {
		bad.URL = "javascript:alert(1)"
	}
	if err := db.SyncSources(ctx, []mediawatch.Source{src("baosonla", true), bad, src("dienbien", true),
		src("laichau", false), src("moclan", true)}); err != nil {
		t.Fatal(err)
	}
	ok := fixedNow.Add(-20 * time.Minute)
	for _, h := range []mediawatch.SourceHealth{
		{Source: "baosonla", LastAttempt: ok, LastSuccess: ok, Warning: "listing cut: 1000 of 1400 links taken (crawler.max_links is 1000)"},
		{Source: "baotaybac", LastAttempt: ok, LastSuccess: ok.Add(-50 * time.Hour), ConsecutiveFailures: 4,
			LastError: strings.TrimSpace("fetch https://baotaybac.example/rss: status 503 " + evil), LastErrorAt: ok},
		{Source: "dienbien", LastAttempt: ok, LastSuccess: ok},
		{Source: "moclan", LastAttempt: ok, LastSuccess: ok},
	} {
		if err := db.PutSourceHealth(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	// moclan was failing when the health check last looked: it has
	// recovered since.
	if err := db.PutSourceState(ctx, "moclan", mediawatch.StateFailing, ok.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	ict := desk.DefaultLocation()
	for i, it := range []struct {
		source, title string
		seen          time.Time
		flagged       bool
	}{
		{"baosonla", strings.TrimSpace(evil + " Tin đồn vỡ đập thủy điện Sơn La"), time.Date(2026, 12, 5, 9, 0, 0, 0, ict), true},
		{"baosonla", "Mùa hoa ban", time.Date(2026, 12, 5, 10, 0, 0, 0, ict), false},
		{"dienbien", "Tin cũ", fixedNow.Add(-10 * 24 * time.Hour), false}, // none in the last 7 days: silent
	} {
		var flags []mediawatch.Flag
		if it.flagged {
			flags = append(flags, mediawatch.Flag{RuleID: "dam-rumour", RuleVersion: "v1",
				Severity: mediawatch.SeverityCritical, Snippet: "vỡ đập"})
		}
		u := fmt.Sprintf("https://%s.example/%d", it.source, i)
		_, err := db.SaveGrouped(ctx, mediawatch.Item{Source: it.source, URL: u, CanonicalURL: u, Title: it.title,
			Text: "x", Lang: "vi", ContentHash: u, FirstSeen: it.seen.UTC()}, store.Signature{Words: 10}, flags...)
		if err != nil {
			t.Fatal(err)
		}
	}
	now := func() time.Time { return fixedNow }
	site := &opsSite{dir: filepath.Join(t.TempDir(), "reports")}
	send := desk.ReportSending{Archive: report.Archive{Dir: site.dir}}
	if mail {
		site.sink = smtptest.Start(t)
		m, err := report.NewMailer(report.MailConfig{Host: "127.0.0.1", Port: site.sink.Port(), TLS: "none",
			From: "mediawatch@sonla.example", To: []string{"lanhdao@sonla.example"}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		send.Mailer = m
	}
	site.desk = desk.New(desk.Deps{Store: db, Reports: &report.Builder{Source: db, Loc: ict, Lang: "vi", Now: now,
		SourceNames: func() map[string]string { return map[string]string{"baosonla": "Báo Sơn La"} }},
		Send: send}, desk.Options{Location: ict, Now: now})
	acc := newFakeAccounts(now)
	acc.add("lan", "mật-khẩu-đúng", mediawatch.RoleViewer, "vi")
	acc.add("minh", "editor-pass", mediawatch.RoleEditor, "en")
	acc.add("admin", "admin-pass", mediawatch.RoleAdmin, "vi")
	s := New(Deps{Accounts: acc, Desk: site.desk, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))},
		Options{Now: now, Office: "Sở TT&TT Sơn La"})
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	site.testSite = &testSite{srv: srv, acc: acc}
	return site
}
