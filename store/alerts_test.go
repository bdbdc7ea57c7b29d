package store

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"mediawatch"
)

func TestAlertsRecordedOnceListedAndMailed(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	t0 := time.Date(2026, 12, 6, 1, 0, 0, 0, time.UTC)
	spike := mediawatch.Alert{ID: "spike-rule-dam-1h-2026-12-06T01", Kind: mediawatch.AlertSpike, At: t0,
		Spike: &mediawatch.Spike{Scope: mediawatch.SpikeRule, Key: "dam", Window: time.Hour, End: t0, Count: 9, Mean: 1.5,
			StoryIDs: []int64{3, 4}}}
	silent := mediawatch.Alert{ID: "source-a-silent", Kind: mediawatch.AlertSourceSilent, At: t0.Add(time.Minute),
		Source: &mediawatch.SourceAlert{Source: "a", Label: "Báo A", From: mediawatch.StateOK, To: mediawatch.StateSilent}}
	for _, a := range []mediawatch.Alert{spike, silent} {
		if isNew, err := db.RecordAlert(ctx, a); err != nil || !isNew {
			t.Fatalf("record %s: new %v, %v", a.ID, isNew, err)
		}
	}
	again := spike
	again.Spike = &mediawatch.Spike{Count: 99}
	if isNew, err := db.RecordAlert(ctx, again); err != nil || isNew {
		t.Fatalf("a repeat: new %v, %v; want false and no error", isNew, err)
	}
	if _, err := db.RecordAlert(ctx, mediawatch.Alert{Kind: mediawatch.AlertFlag}); err == nil {
		t.Error("an alert without an id was recorded")
	}
	all, err := db.Alerts(ctx, time.Time{}, "", 0)
	if err != nil || len(all) != 2 || all[0].ID != silent.ID || all[1].Spike.Count != 9 || !slices.Equal(all[1].Spike.StoryIDs, []int64{3, 4}) {
		t.Fatalf("alerts newest first: %+v, %v", all, err)
	}
	if got, _ := db.Alerts(ctx, time.Time{}, mediawatch.AlertSpike, 0); len(got) != 1 || got[0].ID != spike.ID {
		t.Errorf("by kind: %+v", got)
	}
	if got, _ := db.Alerts(ctx, t0.Add(30*time.Second), "", 0); len(got) != 1 || got[0].ID != silent.ID {
		t.Errorf("since: %+v", got)
	}
	if got, _ := db.Alerts(ctx, time.Time{}, "", 1); len(got) != 1 {
		t.Errorf("limit 1: %d", len(got))
	}
	un, err := db.UnmailedAlerts(ctx, 0)
	if err != nil || len(un) != 2 || un[0].ID != spike.ID {
		t.Fatalf("unmailed oldest first: %+v, %v", un, err)
	}
	if err := db.MarkAlertsMailed(ctx, []string{spike.ID, "no-such"}, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if un, _ := db.UnmailedAlerts(ctx, 0); len(un) != 1 || un[0].ID != silent.ID {
		t.Errorf("after marking: %+v", un)
	}
}

func TestFlaggedItemCountsPerSpan(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	t0 := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	save := func(n int, at time.Time, rules ...string) {
		url := fmt.Sprintf("https://bao.example/%d", n)
		it := testItem(url, "Tin số "+url)
		it.FirstSeen = at
		var flags []mediawatch.Flag
		for _, r := range rules {
			flags = append(flags, mediawatch.Flag{RuleID: r, RuleVersion: "v1", Severity: mediawatch.SeverityHigh, Snippet: "x"})
		}
		if _, err := db.SaveGrouped(ctx, it, Signature{Words: 10}, flags...); err != nil {
			t.Fatal(err)
		}
	}
	save(1, t0.Add(-10*time.Minute), "dam", "flood")
	save(2, t0.Add(-59*time.Minute), "dam")
	save(3, t0.Add(-60*time.Minute), "dam") // on the boundary: the earlier span's end is open, this one's start closed
	save(4, t0.Add(-24*time.Hour-5*time.Minute), "dam")
	save(5, t0.Add(-30*time.Minute)) // unflagged
	spans := []Span{{t0.Add(-time.Hour), t0}, {t0.Add(-25 * time.Hour), t0.Add(-24 * time.Hour)}, {t0.Add(-49 * time.Hour), t0.Add(-48 * time.Hour)}}
	got, err := db.FlaggedItemCounts(ctx, spans)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got["dam"], []int{3, 1, 0}) || !slices.Equal(got["flood"], []int{1, 0, 0}) || len(got) != 2 {
		t.Errorf("counts %v", got)
	}
	stories, err := db.FlaggedStories(ctx, "dam", spans[0], 10)
	if err != nil || len(stories) != 3 {
		t.Errorf("stories %v, %v", stories, err)
	}
	first, err := db.FirstItemAt(ctx)
	if err != nil || !first.Equal(t0.Add(-24*time.Hour-5*time.Minute)) {
		t.Errorf("first item at %v, %v", first, err)
	}
}
