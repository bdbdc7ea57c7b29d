package web

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/desk"
	"mediawatch/index"
	"mediawatch/ingest"
	"mediawatch/store"
	"mediawatch/textnorm"
)

// The rules pages' fixture: a real store, index and ingest pipeline, a
// real rule directory loaded by a real Rulebook whose set flags what is
// imported, and the desk over them, behind the web face.

// rulesZone is Asia/Ho_Chi_Minh's offset, without depending on tzdata.
var rulesZone = time.FixedZone("ICT", 7*3600)

// hostileName is a rule name and a crawled title that must stay text.
const hostileName = `<img src=x onerror=alert(1)>`

const rulesYAML = `# Rules of the test site.
- id: dam
  name: {vi: Tin đồn vỡ đập, en: Dam burst rumour}
  query: '"vỡ đập" -"diễn tập"'
  severity: critical
  category: rumour
  response_hint: "Sở Công Thương: đập an toàn."
  owner: ban-tuyen-giao

- id: hostile
  name: {vi: "<img src=x onerror=alert(1)>", en: "<img src=x onerror=alert(1)>"}
  query: 'lừa AND đảo'
  severity: low
  category: "<b>bold</b>"
  response_hint: "<script>alert(2)</script>"
`

const rulesItems = `{"url": "https://baosonla.example/1", "title": "Tin đồn vỡ đập thủy điện ở Sơn La", "text": "Mạng xã hội lan truyền tin vỡ đập ở Sơn La; chính quyền bác bỏ.", "source": "baosonla", "lang": "vi", "published": "2026-11-20T08:00:00+07:00"}
{"url": "https://tinmoi.example/2", "title": "<script>alert(1)</script> vỡ đập ở Mường La", "text": "Lại có tin vỡ đập ở Mường La, Sơn La.", "source": "tinmoi", "lang": "vi", "published": "2026-11-23T09:00:00+07:00"}
{"url": "https://baosonla.example/3", "title": "Diễn tập phương án vỡ đập", "text": "Sơn La tổ chức diễn tập vỡ đập.", "source": "baosonla", "lang": "vi", "published": "2026-11-24T09:00:00+07:00"}
{"url": "https://baosonla.example/4", "title": "Mưa lớn ở Sơn La", "text": "Mưa lớn kéo dài ở Sơn La.", "source": "baosonla", "lang": "vi", "published": "2026-11-25T09:00:00+07:00"}
`

// rulesSite is the test site with the rules pages over real parts.
type rulesSite struct {
	*testSite
	dir  string
	book *desk.Rulebook
	desk *desk.Desk
}

// newRulesSite builds the site over rulesYAML; extra are more JSON lines
// to import.
func newRulesSite(t *testing.T, editing bool, extra ...string) *rulesSite {
	return newRulesSiteWith(t, editing, rulesYAML, extra...)
}

// newRulesSiteWith is newRulesSite over the rule file ruleFile.
func newRulesSiteWith(t *testing.T, editing bool, ruleFile string, extra ...string) *rulesSite {
	t.Helper()
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "rules")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "rules.yaml"), []byte(ruleFile), 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "mw.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	idx, err := index.Open(filepath.Join(t.TempDir(), "index"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	watch, err := textnorm.NewWatchlist([]mediawatch.WatchTerm{{Term: "Sơn La"}})
	if err != nil {
		t.Fatal(err)
	}
	p := ingest.New(db, watch, func() time.Time { return fixedNow }, nil)
	p.WithIndex(idx, db)
	book := desk.NewRulebook(dir, p.SetRules, func() time.Time { return fixedNow }, nil)
	if err := book.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Import(ctx, strings.NewReader(rulesItems+strings.Join(extra, "")), ingest.ImportOptions{Keep: mediawatch.KeepAll, Location: rulesZone}); err != nil {
		t.Fatal(err)
	}
	if err := p.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	d := desk.New(desk.Deps{Store: db, Index: idx, Rules: book}, desk.Options{Location: rulesZone, Now: func() time.Time { return fixedNow }})
	acc := newFakeAccounts(func() time.Time { return fixedNow })
	acc.add("lan", "mật-khẩu-đúng", mediawatch.RoleViewer, "vi")
	acc.add("minh", "editor-pass", mediawatch.RoleEditor, "en")
	acc.add("admin", "admin-pass", mediawatch.RoleAdmin, "vi")
	s := New(Deps{Accounts: acc, Desk: d, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))},
		Options{Now: func() time.Time { return fixedNow }, Location: rulesZone, Office: "Sở TT&TT Sơn La", RuleEditing: editing})
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return &rulesSite{testSite: &testSite{srv: srv, acc: acc}, dir: dir, book: book, desk: d}
}
