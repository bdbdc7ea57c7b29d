package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"mediawatch"
)

func TestUpdateStoryTransitions(t *testing.T) {
	all := []mediawatch.FlagStatus{mediawatch.FlagNew, mediawatch.FlagInReview, mediawatch.FlagResponded,
		mediawatch.FlagDismissed, mediawatch.FlagFalsePositive}
	// allowed is the workflow written out by hand, not read from Transitions.
	allowed := map[string]bool{
		"new→in_review": true, "new→dismissed": true, "new→false_positive": true,
		"in_review→new": true, "in_review→responded": true, "in_review→dismissed": true, "in_review→false_positive": true,
		"responded→new": true, "responded→in_review": true,
		"dismissed→new": true, "dismissed→in_review": true,
		"false_positive→new": true, "false_positive→in_review": true,
	}
	for _, from := range all {
		for _, to := range all {
			name := fmt.Sprintf("%s→%s", from, to)
			t.Run(name, func(t *testing.T) {
				db, _ := openTest(t)
				ctx := context.Background()
				res := saveStory(t, db, copyOf("a", "https://a.vn/1", "x", s0), 0, testFlag("vo-dap", mediawatch.SeverityHigh))
				moveTo(t, db, res.StoryID, from, s0.Add(time.Hour))
				cur := mustStory(t, db, res.StoryID)
				ch := StoryChange{Version: cur.Version, Who: "editor-key", At: s0.Add(2 * time.Hour), Status: to}
				if to == mediawatch.FlagResponded && from != mediawatch.FlagResponded {
					ch.ResponseURL = "https://sonla.gov.vn/cai-chinh"
				}
				got, err := db.UpdateStory(ctx, res.StoryID, ch)
				want := allowed[name] || from == to
				if want != (err == nil) {
					t.Fatalf("err = %v, want allowed %v", err, want)
				}
				if !want {
					if !errors.Is(err, mediawatch.ErrConflict) || errors.Is(err, ErrStaleVersion) {
						t.Errorf("err = %v, want a workflow ErrConflict", err)
					}
					if after := mustStory(t, db, res.StoryID); after.Status != from || after.Version != cur.Version {
						t.Errorf("a refused move changed the story: %s v%d", after.Status, after.Version)
					}
					return
				}
				if got.Status != to || got.Version != cur.Version+1 || !got.StatusAt.Equal(ch.At) {
					t.Errorf("story = %s v%d at %v", got.Status, got.Version, got.StatusAt)
				}
				if fl := flagsOf(t, db, res.ItemID); fl[0].Status != to {
					t.Errorf("flag status %s, want %s", fl[0].Status, to)
				}
			})
		}
	}
}

func TestUpdateStoryStaleVersion(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	id := saveStory(t, db, copyOf("a", "https://a.vn/1", "x", s0), 0).StoryID
	lan, minh := "Lan", "Minh"
	if _, err := db.UpdateStory(ctx, id, StoryChange{Version: 1, Who: "lan-key", At: s0, Assignee: &lan}); err != nil {
		t.Fatal(err)
	}
	_, err := db.UpdateStory(ctx, id, StoryChange{Version: 1, Who: "minh-key", At: s0, Assignee: &minh,
		Status: mediawatch.FlagDismissed})
	if !errors.Is(err, ErrStaleVersion) || !errors.Is(err, mediawatch.ErrConflict) {
		t.Fatalf("second change against version 1: err = %v, want ErrStaleVersion", err)
	}
	s := mustStory(t, db, id)
	if s.Assignee != "Lan" || s.Status != mediawatch.FlagNew || s.Version != 2 {
		t.Errorf("the stale change was written: %+v", s)
	}
}

func TestUpdateStoryResponse(t *testing.T) {
	const link = "https://sonla.gov.vn/cai-chinh"
	for _, tc := range []struct {
		name string
		ch   StoryChange
		want error
	}{
		{"no URL", StoryChange{Status: mediawatch.FlagResponded}, mediawatch.ErrInvalid},
		{"not a web URL", StoryChange{Status: mediawatch.FlagResponded, ResponseURL: "javascript:alert(1)"}, mediawatch.ErrInvalid},
		{"in the future", StoryChange{Status: mediawatch.FlagResponded, ResponseURL: link, RespondedAt: s0.Add(5 * time.Hour)}, mediawatch.ErrInvalid},
		{"before first seen", StoryChange{Status: mediawatch.FlagResponded, ResponseURL: link, RespondedAt: s0.Add(-time.Hour)}, mediawatch.ErrInvalid},
		{"URL without responding", StoryChange{Status: mediawatch.FlagDismissed, ResponseURL: link}, mediawatch.ErrInvalid},
		{"nothing", StoryChange{}, mediawatch.ErrInvalid},
		{"unknown status", StoryChange{Status: "closed"}, mediawatch.ErrInvalid},
		{"responded", StoryChange{Status: mediawatch.FlagResponded, ResponseURL: link}, nil},
		{"responded earlier", StoryChange{Status: mediawatch.FlagResponded, ResponseURL: link, RespondedAt: s0.Add(time.Hour)}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, _ := openTest(t)
			id := saveStory(t, db, copyOf("a", "https://a.vn/1", "x", s0), 0).StoryID
			moveTo(t, db, id, mediawatch.FlagInReview, s0)
			tc.ch.Version, tc.ch.Who, tc.ch.At = 2, "editor-key", s0.Add(3*time.Hour)
			got, err := db.UpdateStory(context.Background(), id, tc.ch)
			if tc.want != nil {
				if !errors.Is(err, tc.want) {
					t.Errorf("err = %v, want %v", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			at := tc.ch.RespondedAt
			if at.IsZero() {
				at = tc.ch.At
			}
			if got.ResponseURL != link || !got.RespondedAt.Equal(at) {
				t.Errorf("response %q at %v, want %q at %v", got.ResponseURL, got.RespondedAt, link, at)
			}
		})
	}
}

func TestStoryHistory(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	first := saveStory(t, db, copyOf("a", "https://a.vn/1", "x", s0), 0, testFlag("vo-dap", mediawatch.SeverityHigh))
	id := first.StoryID
	lan, none := "Lan", ""
	steps := []StoryChange{
		{Status: mediawatch.FlagInReview, Assignee: &lan},
		{Note: "  đã liên hệ Sở TN&MT  "},
		{Status: mediawatch.FlagResponded, ResponseURL: "https://sonla.gov.vn/1"},
		{Status: mediawatch.FlagInReview, Assignee: &none},
	}
	for i, ch := range steps {
		ch.Version, ch.Who, ch.At = i+1, fmt.Sprint("key-", i), s0.Add(time.Duration(i+1)*time.Hour)
		if _, err := db.UpdateStory(ctx, id, ch); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	saveStory(t, db, copyOf("b", "https://b.vn/1", "y", s0.Add(9*time.Hour)), id)
	events, err := db.StoryEvents(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range events {
		got = append(got, fmt.Sprintf("%s@%d %s %s>%s a=%q n=%q u=%q", e.Who, e.At.Sub(s0)/time.Hour, e.Action,
			e.From, e.To, e.Assignee, e.Note, e.URL))
	}
	want := []string{
		`key-0@1 status new>in_review a="Lan" n="" u=""`,
		`key-1@2 note > a="" n="đã liên hệ Sở TN&MT" u=""`,
		`key-2@3 status in_review>responded a="" n="" u="https://sonla.gov.vn/1"`,
		`key-3@4 status responded>in_review a="" n="" u=""`,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("history:\n%v\nwant\n%v", got, want)
	}
	s := mustStory(t, db, id)
	if s.ResponseURL != "" || !s.RespondedAt.IsZero() || s.Assignee != "" || s.Status != mediawatch.FlagInReview {
		t.Errorf("reopened story still carries its old answer or assignee: %+v", s)
	}
	if fl := flagsOf(t, db, first.ItemID); fl[0].Status != mediawatch.FlagInReview {
		t.Errorf("flag status %s, want in_review", fl[0].Status)
	}
}

func TestConfirmClearsARaise(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	id := saveStory(t, db, copyOf("a", "https://a.vn/1", "x", s0), 0, testFlag("vo-dap", mediawatch.SeverityHigh)).StoryID
	moveTo(t, db, id, mediawatch.FlagResponded, s0.Add(time.Hour))
	saveStory(t, db, copyOf("b", "https://b.vn/1", "y", s0.Add(2*time.Hour)), id)
	s := mustStory(t, db, id)
	if s.RaisedAt.IsZero() || openIDs(t, db) != fmt.Sprint([]int64{id}) {
		t.Fatalf("story not raised: %+v", s)
	}
	// Assigning someone does not answer it; confirming the verdict does.
	lan := "Lan"
	s, err := db.UpdateStory(ctx, id, StoryChange{Version: s.Version, Who: "e", At: s0.Add(3 * time.Hour), Assignee: &lan})
	if err != nil || s.RaisedAt.IsZero() {
		t.Fatalf("after assigning: raised at %v, err %v", s.RaisedAt, err)
	}
	s, err = db.UpdateStory(ctx, id, StoryChange{Version: s.Version, Who: "e", At: s0.Add(4 * time.Hour),
		Status: mediawatch.FlagResponded, ResponseURL: "https://sonla.gov.vn/2"})
	if err != nil {
		t.Fatal(err)
	}
	if !s.RaisedAt.IsZero() || s.NewItems != 0 || s.ResponseURL != "https://sonla.gov.vn/2" ||
		!s.RespondedAt.Equal(s0.Add(time.Hour)) || openIDs(t, db) != "[]" {
		t.Errorf("after confirming: %+v, open %s", s, openIDs(t, db))
	}
	// A copy after the confirmation raises it again.
	if !saveStory(t, db, copyOf("c", "https://c.vn/1", "z", s0.Add(5*time.Hour)), id).Raised {
		t.Error("a copy after the confirmation did not raise the story")
	}
}
