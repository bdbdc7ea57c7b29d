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
	"mediawatch/index"
	"mediawatch/ingest"
	"mediawatch/store"
)

// searchSite is a web server over a real store, a real index and a desk,
// with the people of newTestSite (lan, a viewer; minh; admin) — signed in
// through fakeAccounts, and present in the store for their saved searches.
type searchSite struct {
	*testSite
	db      *store.DB
	idx     *index.Index
	desk    *desk.Desk
	flood   int64 // "Lũ quét ở Sơn La": two versions, a flag, a copy elsewhere
	copy    int64 // its copy in another outlet
	hostile int64 // a crawled title with a script in it
}

// staticRules is an active rule set that never changes.
type staticRules []mediawatch.Rule

func (r staticRules) Status() desk.RulebookStatus {
	return desk.RulebookStatus{Version: "test", Rules: r}
}
func (staticRules) Reload(context.Context) error { return nil }

// hostileSearchTitle is a crawled title that must show as text.
const hostileSearchTitle = `<script>alert(1)</script> Sơn La`

// fixtureDay is the day of the fixture's first item, in Hanoi.
var fixtureDay = time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)

func newSearchSite(t testing.TB, extra int) *searchSite {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	db, err := store.Open(ctx, filepath.Join(dir, "mw.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	idx, err := index.Open(filepath.Join(dir, "index"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	for _, name := range []string{"lan", "minh", "admin"} { // ids 1, 2, 3 as in fakeAccounts
		if _, err := db.CreateUser(ctx, mediawatch.User{Name: name, Role: mediawatch.RoleViewer, PasswordHash: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	ss := &searchSite{db: db, idx: idx}
	save := func(it mediawatch.Item, flags ...mediawatch.Flag) mediawatch.IngestResult {
		t.Helper()
		if it.CanonicalURL == "" {
			it.CanonicalURL = it.URL
		}
		if it.FirstSeen.IsZero() {
			it.FirstSeen = it.Published
		}
		it.ContentHash = it.Title + it.Text
		res, err := db.SaveItem(ctx, it, flags...)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	v1 := "Mưa lớn gây lũ quét ở tỉnh Sơn La. Chính quyền bác bỏ tin đồn vỡ đập thủy điện.\nNgười dân đã sơ tán."
	v2 := "Mưa lớn gây lũ quét ở tỉnh Sơn La. Chính quyền xác nhận sự cố tràn đập thủy điện.\nNgười dân đã sơ tán."
	flood := mediawatch.Item{Source: "baosonla", URL: "https://baosonla.vn/lu-quet", Title: "Lũ quét ở Sơn La",
		Text: v1, Lang: "vi", Published: fixtureDay}
	ss.flood = save(flood).ItemID
	flood.Text = v2
	start := strings.Index(v2, "lũ")
	save(flood, mediawatch.Flag{RuleID: "lu-lut", RuleVersion: "r1", Severity: mediawatch.SeverityHigh, Status: mediawatch.FlagNew,
		Matches: []mediawatch.TermMatch{{Term: "lũ", Field: "text", Start: start, End: start + len("lũ"), Text: "lũ"}},
		Snippet: "lũ quét", CreatedAt: fixtureDay.Add(time.Hour)})
	it, err := db.Item(ctx, ss.flood)
	if err != nil {
		t.Fatal(err)
	}
	ss.copy = save(mediawatch.Item{Source: "vnexpress", URL: "https://vnexpress.net/lu-quet-son-la", Title: "Sơn La: lũ quét, dân sơ tán",
		Text: "Lũ quét ở Sơn La khiến người dân sơ tán.", Lang: "vi", Published: fixtureDay.Add(26 * time.Hour), StoryID: it.StoryID}).ItemID
	ss.hostile = save(mediawatch.Item{Source: "tinrac", URL: "javascript:alert(2)", Title: hostileSearchTitle,
		Text: `Tin <b>Sơn La</b> "><img src=x onerror=alert(3)> lũ`, Lang: "vi", Published: fixtureDay.Add(50 * time.Hour)}).ItemID
	save(mediawatch.Item{Source: "vnexpress-en", URL: "https://e.vnexpress.net/son-la-floods", Title: "Floods hit Son La",
		Text: "Flash floods hit Son La province; villagers evacuated.", Lang: "en", Published: fixtureDay.Add(30 * time.Hour)})
	for i := range extra {
		save(mediawatch.Item{Source: "baosonla", URL: fmt.Sprintf("https://baosonla.vn/man/%d", i), Title: fmt.Sprintf("Mận Sơn La số %d", i),
			Text: "Mận hậu Sơn La vào vụ, giá ổn định.", Lang: "vi", Published: fixtureDay.Add(time.Duration(i) * 7 * time.Hour)})
	}
	if _, err := ingest.Reconcile(ctx, db, idx, nil); err != nil {
		t.Fatal(err)
	}
	rules := staticRules{{ID: "lu-lut", Name: mediawatch.Names{VI: "Lũ lụt", EN: "Floods"}, Query: "lũ", Severity: mediawatch.SeverityHigh, Enabled: true}}
	ss.desk = desk.New(desk.Deps{Store: db, Index: idx, Rules: rules, Audit: &desk.Audit{Store: db}}, desk.Options{Now: func() time.Time { return fixedNow }})
	acc := newFakeAccounts(func() time.Time { return fixedNow })
	acc.add("lan", "mật-khẩu-đúng", mediawatch.RoleViewer, "vi")
	acc.add("minh", "editor-pass", mediawatch.RoleEditor, "en")
	acc.add("admin", "admin-pass", mediawatch.RoleAdmin, "vi")
	s := New(Deps{Accounts: acc, Desk: ss.desk, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		SourceNames: func() map[string]string { return map[string]string{"baosonla": "Báo Sơn La"} }},
		Options{Now: func() time.Time { return fixedNow }, Office: "Sở TT&TT Sơn La"})
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	ss.testSite = &testSite{srv: srv, acc: acc}
	return ss
}
