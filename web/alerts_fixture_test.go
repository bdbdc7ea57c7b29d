package web

import (
	"context"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/store"
)

// recordFixtureAlerts records one alert of each kind about the fixture's
// stories dam and land: a spike of both, a flag on dam's item, a term's
// spike, and a source gone silent whose label is hostile.
func recordFixtureAlerts(t testing.TB, db *store.DB, dam, land int64) {
	t.Helper()
	ctx := context.Background()
	items, err := db.StoryItems(ctx, dam)
	if err != nil || len(items) == 0 {
		t.Fatalf("the dam story's items: %v, %v", items, err)
	}
	it := items[0]
	for _, a := range []mediawatch.Alert{
		{ID: "flag-fixture", Kind: mediawatch.AlertFlag, At: fixedNow.Add(-5 * time.Hour),
			Flag: &mediawatch.FlagAlert{FlagID: 1, ItemID: it.ID, StoryID: dam, RuleID: "dam-rumour", Severity: mediawatch.SeverityCritical,
				Title: it.Title, URL: it.URL, Source: it.Source}},
		{ID: "spike-rule-dam-rumour-1h-fixture", Kind: mediawatch.AlertSpike, At: fixedNow.Add(-2 * time.Hour),
			Spike: &mediawatch.Spike{Scope: mediawatch.SpikeRule, Key: "dam-rumour", Window: time.Hour, End: fixedNow.Add(-2 * time.Hour),
				Count: 12, Mean: 1.5, SD: 0.5, Threshold: 3, Days: 14, StoryIDs: []int64{dam, land}}},
		{ID: "spike-term-fixture", Kind: mediawatch.AlertSpike, At: fixedNow.Add(-90 * time.Minute),
			Spike: &mediawatch.Spike{Scope: mediawatch.SpikeTerm, Key: "vỡ đập", Window: 24 * time.Hour, End: fixedNow.Add(-90 * time.Minute),
				Count: 30, Mean: 4, SD: 2, Threshold: 10, Days: 14}},
		{ID: "source-fixture-silent", Kind: mediawatch.AlertSourceSilent, At: fixedNow.Add(-time.Hour),
			Source: &mediawatch.SourceAlert{Source: "tinmoi", Label: `<img src=x onerror=alert(1)>`, From: mediawatch.StateOK,
				To: mediawatch.StateSilent, Why: "7-day mean 0.0 below 28-day mean 5.2 − 1.5 × 1.1"}},
	} {
		if _, err := db.RecordAlert(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
}
