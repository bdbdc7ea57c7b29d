package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"mediawatch"
)

func TestSources(t *testing.T) {
	now := time.Date(2026, 12, 6, 8, 0, 0, 0, time.UTC)
	f := newFixture(t, Options{Now: func() time.Time { return now }})
	ctx := context.Background()
	err := f.db.SyncSources(ctx, []mediawatch.Source{
		{Name: "baosonla", DisplayName: "Báo Sơn La", Kind: mediawatch.KindFeed, URL: "https://baosonla.vn/rss", Interval: time.Hour, Weight: 1, Keep: mediawatch.KeepAll, Enabled: true},
		{Name: "baotaybac", Kind: mediawatch.KindFeed, URL: "https://baotaybac.vn/rss", Interval: time.Hour, Weight: 1, Keep: mediawatch.KeepAll, Enabled: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	at := now.Add(-time.Hour)
	for _, h := range []mediawatch.SourceHealth{
		{Source: "baosonla", LastAttempt: at, LastSuccess: at},
		{Source: "baotaybac", LastAttempt: at, LastSuccess: at.Add(-48 * time.Hour), LastError: "the feed has no items",
			LastErrorAt: at, ConsecutiveFailures: 3},
	} {
		if err := f.db.PutSourceHealth(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	resp, body := f.get(t, "/api/v1/sources", f.tokens[mediawatch.RoleViewer])
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	var list struct {
		Sources []SourceView `json:"sources"`
	}
	if err := json.Unmarshal(body, &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Sources) != 2 || list.Sources[0].Name != "baotaybac" || list.Sources[0].State != mediawatch.StateFailing ||
		list.Sources[0].Why != "the feed has no items" || list.Sources[0].Failures != 3 {
		t.Fatalf("list %s", body)
	}
	ok := list.Sources[1]
	if ok.State != mediawatch.StateOK || ok.Items != 1 || ok.NewestItem == nil || ok.NewestAge == nil || ok.DisplayName != "Báo Sơn La" {
		t.Errorf("baosonla %+v", ok)
	}
	if _, body := f.get(t, "/api/v1/sources?state=ok", f.tokens[mediawatch.RoleViewer]); !strings.Contains(string(body), `"baosonla"`) ||
		strings.Contains(string(body), "baotaybac") {
		t.Errorf("state=ok: %s", body)
	}

	resp, body = f.get(t, "/api/v1/sources/baosonla", f.tokens[mediawatch.RoleViewer])
	var one SourceDetail
	if err := json.Unmarshal(body, &one); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("%d %s %v", resp.StatusCode, body, err)
	}
	if len(one.DailyItems) != 28 || one.Silence.BaselineDays != 28 || one.DaysFrom.Format("2006-01-02") != "2026-11-08" {
		t.Errorf("detail %s", body)
	}

	for lang, want := range map[string]string{"en": `no source named "khong-co"`, "vi": `không có nguồn tin nào tên "khong-co"`} {
		req, _ := http.NewRequest(http.MethodGet, f.srv.URL+"/api/v1/sources/khong-co", nil)
		req.Header.Set("Authorization", "Bearer "+f.tokens[mediawatch.RoleViewer])
		req.Header.Set("Accept-Language", lang)
		resp, body := do(t, f.srv.Client(), req)
		p := checkProblem(t, http.StatusNotFound, resp.Header, resp.StatusCode, body)
		if !strings.Contains(p.Detail, want) {
			t.Errorf("%s: detail %q, want %q", lang, p.Detail, want)
		}
	}
	resp, body = f.get(t, "/api/v1/sources?state=sleeping", f.tokens[mediawatch.RoleViewer])
	checkProblem(t, http.StatusBadRequest, resp.Header, resp.StatusCode, body)
	resp, _ = f.get(t, "/api/v1/sources", "")
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("without a key: %d", resp.StatusCode)
	}
}
