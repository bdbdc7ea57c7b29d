package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/config"
	"mediawatch/notify"
	"mediawatch/store"
)

// TestWebhookDeliversNewFlags: the hook sends each new flag at or above
// the minimum severity as a signed POST, records every attempt in the
// store, and does not send a rule again for an edited version.
func TestWebhookDeliversNewFlags(t *testing.T) {
	const secret = "bí-mật-chung"
	got := make(chan notify.Event, 8)
	attempts := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := notify.Verify(secret, r.Header.Get("X-Mediawatch-Signature"), r.Header.Get("X-Mediawatch-Timestamp"), body); err != nil {
			t.Errorf("signature: %v", err)
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		attempts++
		if attempts == 1 { // the first attempt fails, so that a retry is logged too
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		var e notify.Event
		if err := json.Unmarshal(body, &e); err != nil {
			t.Errorf("body: %v", err)
		}
		got <- e
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	a := testApp(t, t.TempDir(), func(c *config.Config) {
		c.Webhook = config.Webhook{URL: srv.URL + "/hook", Secret: secret, MinSeverity: "high", Timeout: 5 * time.Second, Retries: 2}
	})
	hook, stop := a.startWebhook(context.Background())

	ctx := context.Background()
	seen := time.Date(2026, 3, 14, 2, 0, 0, 0, time.UTC)
	raised := []mediawatch.Flag{
		{RuleID: "dam-rumour", RuleVersion: "v1", Severity: mediawatch.SeverityCritical, Snippet: "vỡ đập",
			Matches: []mediawatch.TermMatch{{Term: "vỡ đập", Field: "title", Start: 0, End: 9, Text: "Vỡ đập"}}},
		{RuleID: "minor", RuleVersion: "v1", Severity: mediawatch.SeverityLow, Snippet: "nhỏ"},
	}
	it := mediawatch.Item{Source: "baosonla", URL: "https://baosonla.vn/vo-dap", CanonicalURL: "https://baosonla.vn/vo-dap",
		Title: "Vỡ đập ở Sơn La?", Text: "v1", Lang: "vi", ContentHash: "v1", FirstSeen: seen}
	res, err := a.db.SaveItem(ctx, it, raised...)
	if err != nil {
		t.Fatal(err)
	}
	it.ID, it.Version = res.ItemID, res.Version
	hook(it, raised)
	// An edit that the same rules match again is not news.
	it.Text, it.ContentHash, it.FirstSeen = "v2", "v2", seen.Add(time.Hour)
	res2, err := a.db.SaveItem(ctx, it, raised...)
	if err != nil || res2.Version != 2 {
		t.Fatalf("edit: %+v, %v", res2, err)
	}
	it.Version = res2.Version
	hook(it, raised)
	stop()

	close(got)
	var events []notify.Event
	for e := range got {
		events = append(events, e)
	}
	if len(events) != 1 {
		t.Fatalf("delivered %d events, want 1 (the critical flag of version 1): %+v", len(events), events)
	}
	e := events[0]
	page, err := a.db.Flags(ctx, store.FlagFilter{ItemID: it.ID, Rules: []string{"dam-rumour"}})
	if err != nil {
		t.Fatal(err)
	}
	var first store.FlagView
	for _, f := range page.Flags {
		if f.ItemVersion == 1 {
			first = f
		}
	}
	if e.Flag.ID != first.ID || e.ID != "flag-"+strconv.FormatInt(first.ID, 10) || e.Flag.Severity != mediawatch.SeverityCritical ||
		!e.Flag.CreatedAt.Equal(seen) || e.Item.Title != "Vỡ đập ở Sơn La?" || !slices.Equal(e.Flag.MatchedTerms, []string{"Vỡ đập"}) {
		t.Errorf("event %+v, want flag %d of version 1", e, first.ID)
	}
	log, err := a.db.Deliveries(ctx, e.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 || log[0].Status != http.StatusServiceUnavailable || log[1].Status != http.StatusNoContent ||
		log[1].Attempt != 2 || log[0].URL != srv.URL+"/hook" {
		t.Errorf("delivery log %+v, want a 503 then a 204", log)
	}
}

// TestWebhookOff: with no URL the hook does nothing and stop returns.
func TestWebhookOff(t *testing.T) {
	a := testApp(t, t.TempDir(), func(*config.Config) {})
	hook, stop := a.startWebhook(context.Background())
	hook(mediawatch.Item{ID: 1, Version: 1}, []mediawatch.Flag{{RuleID: "x", Severity: mediawatch.SeverityCritical}})
	stop()
	if log, err := a.db.Deliveries(context.Background(), "", 0); err != nil || len(log) != 0 {
		t.Errorf("deliveries %+v, %v", log, err)
	}
}
