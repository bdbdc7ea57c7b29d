package desk

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/store"
)

func TestParseQueueFilter(t *testing.T) {
	f, err := ParseQueueFilter(" high ", AssigneeMine, "minh")
	if err != nil || f.MinSeverity != mediawatch.SeverityHigh || f.Assignee != AssigneeMine || f.Me != "minh" || !f.Active() {
		t.Errorf("ParseQueueFilter = %+v, %v", f, err)
	}
	if f, err := ParseQueueFilter("", "", "minh"); err != nil || f.Active() {
		t.Errorf("empty filter = %+v, %v; want inactive", f, err)
	}
	if _, err := ParseQueueFilter("urgent", "", ""); !errors.Is(err, mediawatch.ErrInvalid) {
		t.Errorf("unknown severity: err = %v, want ErrInvalid", err)
	}
}

func TestQueueFilterKeeps(t *testing.T) {
	story := func(sev mediawatch.Severity, who string) mediawatch.Story {
		return mediawatch.Story{Severity: sev, Assignee: who}
	}
	for _, tc := range []struct {
		f    QueueFilter
		s    mediawatch.Story
		want bool
	}{
		{QueueFilter{}, story(mediawatch.SeverityLow, ""), true},
		{QueueFilter{MinSeverity: mediawatch.SeverityHigh}, story(mediawatch.SeverityCritical, ""), true},
		{QueueFilter{MinSeverity: mediawatch.SeverityHigh}, story(mediawatch.SeverityHigh, ""), true},
		{QueueFilter{MinSeverity: mediawatch.SeverityHigh}, story(mediawatch.SeverityMedium, ""), false},
		{QueueFilter{MinSeverity: mediawatch.SeverityLow}, story("", ""), false},
		{QueueFilter{Assignee: AssigneeMine, Me: "minh"}, story(mediawatch.SeverityLow, "minh"), true},
		{QueueFilter{Assignee: AssigneeMine, Me: "minh"}, story(mediawatch.SeverityLow, "hoa"), false},
		{QueueFilter{Assignee: AssigneeMine}, story(mediawatch.SeverityLow, ""), false},
		{QueueFilter{Assignee: AssigneeUnassigned}, story(mediawatch.SeverityLow, ""), true},
		{QueueFilter{Assignee: AssigneeUnassigned}, story(mediawatch.SeverityLow, "hoa"), false},
		{QueueFilter{Assignee: "hoa"}, story(mediawatch.SeverityLow, "hoa"), true},
		{QueueFilter{Assignee: "hoa", MinSeverity: mediawatch.SeverityCritical}, story(mediawatch.SeverityLow, "hoa"), false},
	} {
		if got := tc.f.Keeps(tc.s); got != tc.want {
			t.Errorf("%+v keeps %s/%q = %v, want %v", tc.f, tc.s.Severity, tc.s.Assignee, got, tc.want)
		}
	}
}

// queueDesk is a desk over a real store holding four flagged stories:
// critical (assigned to minh), high (unassigned), medium (assigned to hoa)
// and low (unassigned).
func queueDesk(t *testing.T) (*Desk, map[mediawatch.Severity]int64) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "mw.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	d := New(Deps{Store: db}, Options{Now: func() time.Time { return now }})
	ids := map[mediawatch.Severity]int64{}
	for i, sev := range mediawatch.Severities {
		url := fmt.Sprintf("https://bao.example/%d", i)
		res, err := db.SaveGrouped(ctx, mediawatch.Item{Source: "bao", URL: url, CanonicalURL: url, Title: "Tin " + url,
			Text: url, Lang: "vi", ContentHash: url, FirstSeen: now.Add(-time.Hour)}, store.Signature{Words: 100},
			mediawatch.Flag{RuleID: "r-" + string(sev), RuleVersion: "v1", Severity: sev, Snippet: "x"})
		if err != nil {
			t.Fatal(err)
		}
		ids[sev] = res.StoryID
	}
	who := mediawatch.Actor{Kind: mediawatch.ActorPerson, Name: "minh"}
	for sev, name := range map[mediawatch.Severity]string{mediawatch.SeverityCritical: "minh", mediawatch.SeverityMedium: "hoa"} {
		if _, err := d.ReviewStory(ctx, who, ids[sev], store.StoryChange{Version: 1, Assignee: &name}); err != nil {
			t.Fatal(err)
		}
	}
	return d, ids
}

func TestQueuePage(t *testing.T) {
	d, _ := queueDesk(t)
	ctx := context.Background()
	for _, tc := range []struct {
		sev, who string
		want     []mediawatch.Severity
	}{
		{"", "", []mediawatch.Severity{"critical", "high", "medium", "low"}},
		{"high", "", []mediawatch.Severity{"critical", "high"}},
		{"", AssigneeMine, []mediawatch.Severity{"critical"}},
		{"", AssigneeUnassigned, []mediawatch.Severity{"high", "low"}},
		{"", "hoa", []mediawatch.Severity{"medium"}},
		{"medium", AssigneeUnassigned, []mediawatch.Severity{"high"}},
		{"", "nobody", nil},
	} {
		f, err := ParseQueueFilter(tc.sev, tc.who, "minh")
		if err != nil {
			t.Fatal(err)
		}
		v, err := d.QueuePage(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var got []mediawatch.Severity
		for _, e := range v.Entries {
			got = append(got, e.Story.Severity)
			if len(v.Next[e.Story.ID]) == 0 {
				t.Errorf("story %d: no next statuses", e.Story.ID)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("filter %q/%q: %v, want %v", tc.sev, tc.who, got, tc.want)
		}
		if v.Open != 4 || fmt.Sprint(v.Assignees) != "[hoa minh]" {
			t.Errorf("filter %q/%q: open %d, assignees %v", tc.sev, tc.who, v.Open, v.Assignees)
		}
	}
}

func TestStoryPageChangesSince(t *testing.T) {
	d, ids := queueDesk(t)
	ctx := context.Background()
	id := ids[mediawatch.SeverityCritical] // version 2 after its assignment
	hoa := mediawatch.Actor{Kind: mediawatch.ActorPerson, Name: "hoa"}
	if _, err := d.ReviewStory(ctx, hoa, id, store.StoryChange{Version: 2, Status: mediawatch.FlagInReview, Note: "đang xác minh"}); err != nil {
		t.Fatal(err)
	}
	v, err := d.StoryPage(ctx, id, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Changes) != 2 || v.Changes[0].Who != "minh" || v.Changes[1].Who != "hoa" || v.Changes[1].Note != "đang xác minh" {
		t.Errorf("changes since version 1: %+v", v.Changes)
	}
	if v, _ := d.StoryPage(ctx, id, 3); len(v.Changes) != 0 {
		t.Errorf("changes since the current version: %+v", v.Changes)
	}
	if v, _ := d.StoryPage(ctx, id, 0); len(v.Changes) != 0 || len(v.Items) != 1 || len(v.Flags) != 1 || len(v.Events) != 2 {
		t.Errorf("story page without a version read: %+v", v)
	}
	if fmt.Sprint(v.Next) != "[new responded dismissed false_positive]" {
		t.Errorf("next statuses from in review: %v", v.Next)
	}
	if _, err := d.StoryPage(ctx, 999, 0); !errors.Is(err, mediawatch.ErrNotFound) {
		t.Errorf("unknown story: err = %v", err)
	}
}
