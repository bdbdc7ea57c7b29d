package store

import (
	"context"
	"testing"

	"mediawatch"
)

// TestChangeSequence: on a PostgreSQL store every node sees, in commit
// order, the items the other nodes changed — stored, reviewed — and not
// its own.
func TestChangeSequence(t *testing.T) {
	ctx := context.Background()
	nodes := nodesOn(t, 2)
	a, b := nodes[0], nodes[1]
	if a.Node() == b.Node() || a.Node() == "" {
		t.Fatalf("nodes %q and %q", a.Node(), b.Node())
	}
	flag := mediawatch.Flag{RuleID: "lu-sai", RuleVersion: "v1", Severity: mediawatch.SeverityHigh, Snippet: "lũ"}
	r1, err := a.SaveItem(ctx, testItem("https://a.vn/1", "Lũ ở Mường La, Sơn La"), flag)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := a.SaveItem(ctx, testItem("https://a.vn/2", "Mận hậu Sơn La"))
	if err != nil {
		t.Fatal(err)
	}
	got, last, err := b.ChangesAfter(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int64]bool{}
	for _, c := range got {
		if c.Node != a.Node() {
			t.Errorf("change %+v names node %q, want a's %q", c, c.Node, a.Node())
		}
		seen[c.ItemID] = true
	}
	if !seen[r1.ItemID] || !seen[r2.ItemID] || len(seen) != 2 {
		t.Fatalf("b sees changes to %v, want items %d and %d", seen, r1.ItemID, r2.ItemID)
	}
	own, alast, err := a.ChangesAfter(ctx, 0, 100)
	if err != nil || len(own) != 0 || alast != last {
		t.Fatalf("a sees its own changes %+v (last %d, b's %d, %v)", own, alast, last, err)
	}

	// A review made through b reaches a: the flag's status changes with
	// the story's.
	it, err := b.Item(ctx, r1.ItemID)
	if err != nil {
		t.Fatal(err)
	}
	st, err := b.Story(ctx, it.StoryID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.UpdateStory(ctx, st.ID, StoryChange{Version: st.Version, Who: "minh", At: st.FirstSeen.Add(1),
		Status: mediawatch.FlagInReview}); err != nil {
		t.Fatal(err)
	}
	got, last2, err := a.ChangesAfter(ctx, last, 100)
	if err != nil || len(got) == 0 || last2 <= last {
		t.Fatalf("after b's review a sees %+v (last %d → %d, %v)", got, last, last2, err)
	}
	for _, c := range got {
		if c.ItemID != r1.ItemID || c.Node != b.Node() {
			t.Errorf("change %+v, want item %d by b", c, r1.ItemID)
		}
	}

	// Paging: a limit of 1 moves one change at a time.
	var n int
	for seq := int64(0); ; n++ {
		_, next, err := b.ChangesAfter(ctx, seq, 1)
		if err != nil {
			t.Fatal(err)
		}
		if next == seq {
			break
		}
		seq = next
	}
	if n != int(last2) {
		t.Errorf("walked %d changes one at a time, want %d", n, last2)
	}
}
