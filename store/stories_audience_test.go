package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"mediawatch"
)

// TestStoryAudiences: each story holding posts of accounts with a known
// audience gets the largest of them; a story of articles or of accounts
// whose audience is unknown is absent.
func TestStoryAudiences(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	now := time.Date(2026, 12, 6, 1, 0, 0, 0, time.UTC)
	n := 0
	save := func(story int64, a *mediawatch.Account) int64 {
		n++
		u := fmt.Sprintf("https://x.example/%d", n)
		it := mediawatch.Item{Source: "s", URL: u, CanonicalURL: u, Title: u, Text: u, Lang: "vi", ContentHash: u,
			FirstSeen: now.Add(time.Duration(n) * time.Minute), StoryID: story, Account: a}
		if a != nil {
			it.Platform = a.Platform
		}
		res, err := db.SaveGrouped(ctx, it, Signature{Words: 100})
		if err != nil {
			t.Fatal(err)
		}
		return res.StoryID
	}
	big := &mediawatch.Account{Platform: mediawatch.PlatformTelegram, Handle: "big", Audience: 52000}
	small := &mediawatch.Account{Platform: mediawatch.PlatformMastodon, Handle: "small@m.social", Audience: 800}
	unknown := &mediawatch.Account{Platform: mediawatch.PlatformYouTube, Handle: "UCx"}
	s1 := save(0, small)
	save(s1, big)
	save(s1, nil)
	s2 := save(0, unknown)
	s3 := save(0, nil)
	got, err := db.StoryAudiences(ctx, []int64{s1, s2, s3, 999})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[s1] != 52000 {
		t.Errorf("audiences %v, want only story %d with 52000", got, s1)
	}
	if got, err := db.StoryAudiences(ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("no stories: %v %v", got, err)
	}
}
