package desk

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/query"
	"mediawatch/store"
)

// accountsDesk is a desk over a real store holding posts of three
// accounts — a Telegram channel of 52,000 subscribers (three posts, one
// flagged), a YouTube channel of unknown audience (one post) and a watched
// Mastodon account of 800 followers (two posts) — and a news article.
func accountsDesk(t *testing.T) (*Desk, *store.DB, map[string]int64) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "mw.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	accounts := map[string]mediawatch.Account{
		"tg": {Platform: mediawatch.PlatformTelegram, Handle: "sonla24h", Name: "Sơn La 24h", Audience: 52000},
		"yt": {Platform: mediawatch.PlatformYouTube, Handle: "UCmocchau", Name: "Mộc Châu TV"},
		"md": {Platform: mediawatch.PlatformMastodon, Handle: "tin@mastodon.social", Name: "Tin Tây Bắc", Audience: 800},
	}
	n := 0
	post := func(key string, flagged bool) int64 {
		n++
		a := accounts[key]
		u := fmt.Sprintf("https://%s.example/%d", a.Platform, n)
		it := mediawatch.Item{Source: string(a.Platform) + "-src", URL: u, CanonicalURL: u, Title: "Bài " + u, Text: "nội dung " + u,
			Lang: "vi", ContentHash: u, FirstSeen: now.Add(-time.Duration(10-n) * time.Hour), Platform: a.Platform, Account: &a}
		var flags []mediawatch.Flag
		if flagged {
			flags = append(flags, mediawatch.Flag{RuleID: "tin-gia", RuleVersion: "v1", Severity: mediawatch.SeverityHigh, Snippet: "x"})
		}
		res, err := db.SaveGrouped(ctx, it, store.Signature{Words: 100}, flags...)
		if err != nil {
			t.Fatal(err)
		}
		return res.StoryID
	}
	stories := map[string]int64{}
	post("tg", false)
	stories["tg"] = post("tg", true)
	post("tg", false)
	stories["yt"] = post("yt", true)
	post("md", false)
	stories["md"] = post("md", true)
	u := "https://bao.example/1"
	res, err := db.SaveGrouped(ctx, mediawatch.Item{Source: "bao", URL: u, CanonicalURL: u, Title: "Tin", Text: "x", Lang: "vi",
		ContentHash: u, FirstSeen: now.Add(-time.Hour), Author: "Nguyễn Văn An"}, store.Signature{Words: 100},
		mediawatch.Flag{RuleID: "tin-gia", RuleVersion: "v1", Severity: mediawatch.SeverityHigh, Snippet: "x"})
	if err != nil {
		t.Fatal(err)
	}
	stories["news"] = res.StoryID
	return New(Deps{Store: db}, Options{Now: func() time.Time { return now }}), db, stories
}

func TestAccountsListingAndPaging(t *testing.T) {
	d, _, _ := accountsDesk(t)
	ctx := context.Background()
	page, err := d.Accounts(ctx, AccountsQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Rows) != 3 || page.Next != "" {
		t.Fatalf("accounts %+v next %q", page.Rows, page.Next)
	}
	first := page.Rows[0]
	if first.Handle != "sonla24h" || first.Posts != 3 || first.Flagged != 1 || first.LastPost.IsZero() {
		t.Errorf("widest audience first with its counts: %+v", first)
	}
	var seen []string
	after := ""
	for range 4 {
		p, err := d.Accounts(ctx, AccountsQuery{Limit: 1, After: after})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Rows {
			seen = append(seen, r.Handle)
		}
		if after = p.Next; after == "" {
			break
		}
	}
	if fmt.Sprint(seen) != "[sonla24h tin@mastodon.social UCmocchau]" {
		t.Errorf("paged one by one: %v", seen)
	}
	tg, err := d.Accounts(ctx, AccountsQuery{Platform: "Telegram"})
	if err != nil || len(tg.Rows) != 1 || tg.Rows[0].Platform != mediawatch.PlatformTelegram {
		t.Errorf("platform filter: %+v %v", tg.Rows, err)
	}
	if _, err := d.Accounts(ctx, AccountsQuery{After: "not-a-cursor"}); !errors.Is(err, mediawatch.ErrInvalid) {
		t.Errorf("bad cursor: %v, want ErrInvalid", err)
	}
}

func TestAccountAndItsPosts(t *testing.T) {
	d, _, _ := accountsDesk(t)
	ctx := context.Background()
	page, err := d.Accounts(ctx, AccountsQuery{Platform: mediawatch.PlatformTelegram})
	if err != nil {
		t.Fatal(err)
	}
	id := page.Rows[0].ID
	rec, err := d.Account(ctx, id, 0, 2)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Account.Name != "Sơn La 24h" || len(rec.Items) != 2 || rec.Next != rec.Items[1].ID || rec.Items[0].ID < rec.Items[1].ID {
		t.Fatalf("record %+v", rec)
	}
	if rec.Search != `author:"telegram:sonla24h"` {
		t.Errorf("search %q", rec.Search)
	}
	m, err := query.Compile(query.MustParse(rec.Search))
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range rec.Items {
		if !m.Match(query.DocOf(&it)) {
			t.Errorf("the account's search misses its post %d (%q)", it.ID, query.AuthorText(&it))
		}
	}
	rest, err := d.Account(ctx, id, rec.Next, 2)
	if err != nil || len(rest.Items) != 1 || rest.Next != 0 {
		t.Errorf("second page %+v %v", rest, err)
	}
	if _, err := d.Account(ctx, 999, 0, 0); !errors.Is(err, mediawatch.ErrNotFound) {
		t.Errorf("unknown account: %v", err)
	}
}

func TestAuthorQueryParses(t *testing.T) {
	for _, a := range []mediawatch.Account{
		{Platform: "mastodon", Handle: "tin@mastodon.social"},
		{Platform: "reddit", Handle: "u/some_one"},
		{Platform: "facebook", Handle: `odd"handle`},
	} {
		if _, err := query.Parse(AuthorQuery(a)); err != nil {
			t.Errorf("AuthorQuery(%+v) = %q: %v", a, AuthorQuery(a), err)
		}
	}
}

func TestAudienceReach(t *testing.T) {
	for audience, want := range map[int64]float64{0: 1, -5: 1, 1000: 1.30103, 9000: 2, 99000: 3, 999000: 4, 50_000_000: 4} {
		if got := AudienceReach(audience); math.Abs(got-want) > 1e-4 {
			t.Errorf("AudienceReach(%d) = %v, want %v", audience, got, want)
		}
	}
}

// TestQueueReachFromAudience: a story holding a post of a large account
// ranks by that account's audience; one of an unknown audience, or an
// article, keeps its outlets' weight.
func TestQueueReachFromAudience(t *testing.T) {
	d, _, stories := accountsDesk(t)
	q, err := d.Queue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	reach := map[int64]float64{}
	for _, e := range q {
		reach[e.Story.ID] = e.Story.Reach
	}
	if got, want := reach[stories["tg"]], AudienceReach(52000); math.Abs(got-want) > 1e-9 {
		t.Errorf("Telegram story reach %v, want %v", got, want)
	}
	if got, want := reach[stories["md"]], AudienceReach(800); math.Abs(got-want) > 1e-9 || want <= 1 {
		t.Errorf("Mastodon story reach %v, want %v", got, want)
	}
	for _, k := range []string{"yt", "news"} {
		if reach[stories[k]] != 1 {
			t.Errorf("%s story reach %v, want 1", k, reach[stories[k]])
		}
	}
	if q[0].Story.ID != stories["tg"] {
		t.Errorf("queue head %d, want the Telegram story %d", q[0].Story.ID, stories["tg"])
	}
}
