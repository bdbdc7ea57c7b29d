package ingest

import (
	"context"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/story"
)

// TestRegroupLiveReloadsTheGrouper regroups under a running pipeline: a
// copy ingested afterwards joins the story that took the others in.
func TestRegroupLiveReloadsTheGrouper(t *testing.T) {
	db := openDB(t)
	dam := storyText(t, "vo-dap.txt")
	a := saveAlone(t, db, "https://baosonla.vn/1", damTitle, dam, t0)
	b := saveAlone(t, db, "https://vnexpress.net/1", damTitle, dam+"\nTheo Báo Sơn La", t0.Add(time.Hour))
	clk := &clock{t: t0.Add(2 * time.Hour)}
	p := storyPipeline(t, db, clk)
	sum, err := p.RegroupLive(context.Background(), db, story.DefaultParams(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Merged != 1 || storyOf(t, db, a) != storyOf(t, db, b) {
		t.Fatalf("regroup %+v left the copies in stories %d and %d", sum, storyOf(t, db, a), storyOf(t, db, b))
	}
	got := ingestAt(t, p, clk, t0.Add(3*time.Hour), "dantri", mediawatch.Article{URL: "https://dantri.vn/1",
		Title: damTitle, Text: dam + "\nTheo Báo Sơn La (Dân trí)"}) // nearest to b
	if want := storyOf(t, db, a); got != want {
		t.Errorf("a copy after the regroup went to story %d, want %d", got, want)
	}
}
