package api

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"mediawatch"
)

// TestAlertsRoute: GET /api/v1/alerts lists the recorded alerts newest
// first, filtered by kind and since, each in words in both languages with
// its page; the response matches the document (the fixture validates).
func TestAlertsRoute(t *testing.T) {
	f := newFixture(t, Options{})
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Second)
	for _, a := range []mediawatch.Alert{
		{ID: "spike-rule-dam-1h-x", Kind: mediawatch.AlertSpike, At: now.Add(-2 * time.Hour),
			Spike: &mediawatch.Spike{Scope: mediawatch.SpikeRule, Key: "dam", Window: time.Hour, End: now, Count: 12, Mean: 1.5,
				Threshold: 4, Days: 14, StoryIDs: []int64{41}}},
		{ID: "source-baosonla-recovered", Kind: mediawatch.AlertSourceRecovered, At: now.Add(-time.Hour),
			Source: &mediawatch.SourceAlert{Source: "baosonla", Label: "Báo Sơn La", From: mediawatch.StateFailing, To: mediawatch.StateRecovered}},
		{ID: "old", Kind: mediawatch.AlertSourceFailing, At: now.Add(-72 * time.Hour),
			Source: &mediawatch.SourceAlert{Source: "x", Label: "X", From: mediawatch.StateOK, To: mediawatch.StateFailing}},
	} {
		if _, err := f.db.RecordAlert(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	get := func(q string) (int, alertsBody) {
		t.Helper()
		resp, raw := f.get(t, "/api/v1/alerts"+q, f.tokens[mediawatch.RoleViewer])
		var b alertsBody
		if resp.StatusCode == http.StatusOK {
			if err := json.Unmarshal(raw, &b); err != nil {
				t.Fatalf("%s: %v", raw, err)
			}
		}
		return resp.StatusCode, b
	}
	code, b := get("")
	if code != http.StatusOK || len(b.Alerts) != 2 || b.Alerts[0].ID != "source-baosonla-recovered" {
		t.Fatalf("the last 24 hours: %d %+v", code, b)
	}
	sp := b.Alerts[1]
	if sp.Kind != "spike" || sp.Spike.WindowSeconds != 3600 || sp.Path != "/stories/41" ||
		sp.Text.VI != "Tăng đột biến: quy tắc “dam” có 12 bài trong giờ qua, bình thường 1,5" ||
		sp.Text.EN != "Spike: rule “dam” had 12 items in the last hour, usually 1.5" {
		t.Errorf("spike %+v %+v", sp, sp.Spike)
	}
	if b.Alerts[0].Text.EN != "Source “Báo Sơn La” is working again" || b.Alerts[0].Path != "/sources" {
		t.Errorf("recovered %+v", b.Alerts[0])
	}
	if _, b := get("?kind=spike"); len(b.Alerts) != 1 || b.Alerts[0].ID != "spike-rule-dam-1h-x" {
		t.Errorf("kind=spike: %+v", b)
	}
	since := now.Add(-100 * time.Hour).Format(time.RFC3339)
	if _, b := get("?since=" + since); len(b.Alerts) != 3 {
		t.Errorf("since %s: %d alerts", since, len(b.Alerts))
	}
	if code, _ := get("?kind=rumour"); code != http.StatusBadRequest {
		t.Errorf("an unknown kind: %d", code)
	}
	if code, _ := get("?since=yesterday"); code != http.StatusBadRequest {
		t.Errorf("a bad since: %d", code)
	}
	if resp, _ := f.get(t, "/api/v1/alerts", ""); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("no key: %d", resp.StatusCode)
	}
}
