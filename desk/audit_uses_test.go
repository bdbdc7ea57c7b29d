package desk

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/store"
)

// TestChangesAreAudited: a story review is in the audit log under the
// person who made it, with what it did.
func TestChangesAreAudited(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "mw.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	d := New(Deps{Store: db, Audit: &Audit{Store: db}}, Options{Now: func() time.Time { return now }})
	url := "https://bao.example/1"
	res, err := db.SaveGrouped(ctx, mediawatch.Item{Source: "bao", URL: url, CanonicalURL: url, Title: "Tin",
		Text: "Tin", Lang: "vi", ContentHash: url, FirstSeen: now.Add(-time.Hour)}, store.Signature{Words: 100},
		mediawatch.Flag{RuleID: "r", RuleVersion: "v1", Severity: mediawatch.SeverityHigh, Snippet: "x"})
	if err != nil {
		t.Fatal(err)
	}
	lan := mediawatch.Actor{Kind: mediawatch.ActorPerson, Name: "nguyễn-lan", Address: "192.0.2.7"}
	if _, err := d.ReviewStory(ctx, lan, res.StoryID, store.StoryChange{Version: 1, Status: mediawatch.FlagDismissed}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.ReviewStory(ctx, lan, res.StoryID, store.StoryChange{Version: 1, Status: mediawatch.FlagNew}); err == nil {
		t.Fatal("a stale change was taken")
	}
	exp, err := d.StartFlagExport(ctx, lan, store.FlagFilter{Severities: []mediawatch.Severity{mediawatch.SeverityHigh}})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := exp.Rows(ctx, func(store.FlagView) error { return nil }); n != 1 || err != nil {
		t.Fatalf("flag export: %d rows, %v", n, err)
	}
	got, err := db.Audit(ctx, store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("audit %+v, want the one change made (a refused one changes nothing) and the export", got)
	}
	if x := got[0]; x.Action != "export" || x.Target != "flags" || x.Detail != "flags severity=high, 1 rows" || x.Actor != "nguyễn-lan" {
		t.Errorf("export audited as %+v", x)
	}
	e := got[1]
	if e.Action != "story.review" || e.Actor != "nguyễn-lan" || e.ActorKind != mediawatch.ActorPerson ||
		e.Address != "192.0.2.7" || !strings.Contains(e.Detail, "dismissed") || !strings.Contains(e.Target, "story") {
		t.Errorf("audit entry %+v", e)
	}
}
