package web

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/desk"
	"mediawatch/index"
	"mediawatch/ingest"
	"mediawatch/report"
	"mediawatch/store"
)

// adminSite is the web face over the real people, keys and audit use
// cases on a real store, with an admin, an editor and a viewer. The
// all-pages sweep (TestBrowserEveryPage) runs on it: when a page needs
// another dependency in Deps, build it here over the same store.
type adminSite struct {
	*testSite
	db     *store.DB
	people *desk.People
	web    *Server
}

// The fixture's people and their passwords.
const (
	adminName, adminPass   = "Quản-trị", "mật khẩu quản trị"
	editorName, editorPass = "minh", "editor-password"
	viewerName, viewerPass = "lan", "viewer-password"
)

func newAdminSite(t *testing.T) *adminSite {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "mw.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := func() time.Time { return fixedNow }
	hcm := time.FixedZone("ICT", 7*3600)
	audit := &desk.Audit{Store: db, Now: clock}
	p := &desk.People{Store: db, Audit: audit, Now: clock,
		Sleep: func(context.Context, time.Duration) error { return nil }}
	cli := mediawatch.Actor{Kind: mediawatch.ActorCLI, Name: "root", Role: mediawatch.RoleAdmin}
	for _, u := range []struct{ name, role, lang, pw string }{
		{adminName, "admin", "vi", adminPass}, {editorName, "editor", "en", editorPass}, {viewerName, "viewer", "vi", viewerPass},
	} {
		if _, err := p.CreateUser(ctx, cli, u.name, u.role, u.lang, "", u.pw); err != nil {
			t.Fatal(err)
		}
	}
	adm := desk.Admin{People: p, Keys: &desk.Keys{Store: db, Audit: audit}, Log: audit}
	// The other pages over the same store: the queue's fixture rules and
	// two flagged stories, one with a hostile title.
	rules := &fixtureRules{}
	weights := desk.DefaultQueueWeights()
	weights.Names = rules
	names := func() map[string]string { return map[string]string{"baosonla": "Báo Sơn La"} }
	qs := &queueSite{db: db}
	dam := qs.add(t, 0, "baosonla", "https://baosonla.vn/a", hostileTitle, 5*time.Hour, mediawatch.SeverityCritical, "dam-rumour")
	land := qs.add(t, 0, "tinmoi", "https://tinmoi.example/b", "Thu hồi đất trái phép ở Mộc Châu", 3*time.Hour, mediawatch.SeverityHigh, "land-claim")
	recordFixtureAlerts(t, db, dam, land)
	qs.add(t, 0, "baosonla", "https://baosonla.vn/a", hostileTitle, 5*time.Hour, mediawatch.SeverityCritical, "dam-rumour")
	qs.add(t, 0, "tinmoi", "https://tinmoi.example/b", "Thu hồi đất trái phép ở Mộc Châu", 3*time.Hour, mediawatch.SeverityHigh, "land-claim")
	addAccountPosts(t, db) // the accounts pages: accounts_fixture_test.go
	idx, err := index.Open(filepath.Join(t.TempDir(), "index"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	if _, err := ingest.Reconcile(ctx, db, idx, nil); err != nil {
		t.Fatal(err)
	}
	d := desk.New(desk.Deps{Store: db, Index: idx, Rules: rules,
		Reports: &report.Builder{Source: db, Loc: hcm, Lang: "vi", Now: clock, SourceNames: names},
		Send:    desk.ReportSending{Archive: report.Archive{Dir: t.TempDir()}}},
		desk.Options{Location: hcm, Now: clock, Queue: weights})
	s := New(Deps{Accounts: p, Admin: adm, Desk: d, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		SourceNames: names},
		Options{Now: clock, Office: "Sở TT&TT Sơn La"})
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return &adminSite{testSite: &testSite{srv: srv}, db: db, people: p, web: s}
}
