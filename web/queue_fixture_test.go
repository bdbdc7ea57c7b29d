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
	"mediawatch/store"
)

// hostileTitle is a crawled title that must stay text.
const hostileTitle = `<script>alert(1)</script> Tin đồn vỡ đập "Nậm Chiến"`

// queueSite is a web server over a real store and desk with people of
// each role (lan viewer, minh and hoa editors writing in vi, mai an
// editor writing in en) and
// three flagged stories: a critical one with a hostile title carried by
// two outlets, a high one, and a low one assigned to hoa.
type queueSite struct {
	*testSite
	db   *store.DB
	desk *desk.Desk
	// critical, high and low are the stories' ids.
	critical, high, low int64
}

func newQueueSite(t testing.TB) *queueSite {
	t.Helper()
	return buildQueueSite(t, hostileTitle, map[string]string{"baosonla": "Báo Sơn La"})
}

// buildQueueSite is newQueueSite with the critical story's title and the
// outlets' display names given (the screenshots' site reads as a real
// morning's queue).
func buildQueueSite(t testing.TB, title string, outlets map[string]string) *queueSite {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "mw.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := func() time.Time { return fixedNow }
	rules := &fixtureRules{}
	weights := desk.DefaultQueueWeights()
	weights.Names = rules
	d := desk.New(desk.Deps{Store: db, Rules: rules}, desk.Options{Now: clock, Queue: weights})
	acc := newFakeAccounts(clock)
	acc.add("lan", "mật-khẩu-đúng", mediawatch.RoleViewer, "vi")
	acc.add("minh", "editor-pass", mediawatch.RoleEditor, "vi")
	acc.add("hoa", "editor-pass", mediawatch.RoleEditor, "vi")
	acc.add("mai", "editor-pass", mediawatch.RoleEditor, "en")
	s := New(Deps{Accounts: acc, Desk: d, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		SourceNames: func() map[string]string { return outlets }},
		Options{Now: clock, Office: "Sở TT&TT Sơn La"})
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	qs := &queueSite{testSite: &testSite{srv: srv, acc: acc}, db: db, desk: d}
	qs.critical = qs.add(t, 0, "baosonla", "https://baosonla.vn/a", title, 5*time.Hour, mediawatch.SeverityCritical, "dam-rumour")
	qs.add(t, qs.critical, "tinmoi", "https://tinmoi.example/a", title, 2*time.Hour, mediawatch.SeverityCritical, "dam-rumour")
	qs.high = qs.add(t, 0, "tinmoi", "https://tinmoi.example/b", "Thu hồi đất trái phép ở Mộc Châu", 3*time.Hour, mediawatch.SeverityHigh, "land-claim")
	qs.low = qs.add(t, 0, "baosonla", "https://baosonla.vn/c", "Lừa đảo mượn danh sở", time.Hour, mediawatch.SeverityLow, "scam")
	hoa := "hoa"
	if _, err := d.ReviewStory(ctx, mediawatch.Actor{Kind: mediawatch.ActorPerson, Name: "hoa"}, qs.low,
		store.StoryChange{Version: 1, Assignee: &hoa}); err != nil {
		t.Fatal(err)
	}
	return qs
}

// add stores an article from source, first seen ago before fixedNow, in
// story (0: its own), flagged by rule with sev, and returns its story.
func (qs *queueSite) add(t testing.TB, story int64, source, url, title string, ago time.Duration, sev mediawatch.Severity, rule string) int64 {
	t.Helper()
	matched := "vỡ đập"
	if title == hostileTitle {
		matched = "<b>vỡ đập</b>"
	}
	res, err := qs.db.SaveGrouped(context.Background(), mediawatch.Item{Source: source, URL: url, CanonicalURL: url,
		Title: title, Text: title + " " + url, Lang: "vi", ContentHash: url, FirstSeen: fixedNow.Add(-ago), StoryID: story},
		store.Signature{Words: 100}, mediawatch.Flag{RuleID: rule, RuleVersion: "v1", Severity: sev, Snippet: title,
			Matches: []mediawatch.TermMatch{{Term: "vỡ đập", Field: "title", Start: 0, End: 3, Text: matched}}})
	if err != nil {
		t.Fatal(err)
	}
	return res.StoryID
}

// story reads a story as it now is.
func (qs *queueSite) story(t testing.TB, id int64) mediawatch.Story {
	t.Helper()
	s, err := qs.db.Story(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// fixtureRules is the running rule set of the fixture: names in both
// languages and a response hint, as the starter pack writes them.
type fixtureRules struct{}

func (*fixtureRules) Status() desk.RulebookStatus {
	return desk.RulebookStatus{Version: "v1", LoadedAt: fixedNow, Rules: []mediawatch.Rule{
		{ID: "dam-rumour", Name: mediawatch.Names{VI: "Tin đồn thảm họa bịa đặt", EN: "Fabricated disaster rumours"},
			Severity: mediawatch.SeverityCritical, Enabled: true,
			ResponseHint: "VI: Dẫn thông báo của Ban Chỉ huy PCTT tỉnh; đăng cải chính trên cổng thông tin tỉnh.\n" +
				"EN: Cite the provincial disaster-prevention command's notice; publish a correction on the province's portal."},
		{ID: "land-claim", Name: mediawatch.Names{VI: "Tố cáo sai về thu hồi đất", EN: "False land-seizure claims"},
			Severity: mediawatch.SeverityHigh, Enabled: true},
		{ID: "scam", Name: mediawatch.Names{VI: "Lừa đảo mạo danh cơ quan nhà nước", EN: "Scams in the office's name"},
			Severity: mediawatch.SeverityLow, Enabled: true},
	}}
}

func (*fixtureRules) Reload(context.Context) error { return nil }

func (r *fixtureRules) RuleNames() map[string]mediawatch.Names {
	m := map[string]mediawatch.Names{}
	for _, x := range r.Status().Rules {
		m[x.ID] = x.Name
	}
	return m
}
