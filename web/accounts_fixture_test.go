package web

import (
	"context"
	"fmt"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/store"
)

// fixtureAccounts are the authors addAccountPosts stores posts of: a
// Telegram channel with its subscribers (one post forwarded, one sharing
// an article), a YouTube channel whose audience is unknown and whose name
// is hostile markup.
var fixtureAccounts = []mediawatch.Account{
	{Platform: mediawatch.PlatformTelegram, Handle: "sonla24h", Name: "Sơn La 24h", URL: "https://t.me/sonla24h", Audience: 52000, Watched: true},
	{Platform: mediawatch.PlatformYouTube, Handle: "UCmocChauTV", Name: `<img src=x onerror=alert(1)>Mộc Châu TV`},
}

// addAccountPosts stores posts of fixtureAccounts in db (before the
// index is reconciled, so that search finds them): three of the Telegram
// channel, the newest flagged, and one video.
func addAccountPosts(t testing.TB, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	post := func(a mediawatch.Account, n int, title string, flagged bool, mod func(*mediawatch.Item)) {
		u := fmt.Sprintf("https://t.me/%s/%d", a.Handle, n)
		if a.Platform == mediawatch.PlatformYouTube {
			u = fmt.Sprintf("https://www.youtube.com/watch?v=vid%d", n)
		}
		it := mediawatch.Item{Source: string(a.Platform) + "-" + a.Handle, URL: u, CanonicalURL: u, Title: title,
			Text: title + ". Bà con vùng thấp chú ý an toàn.", Lang: "vi", ContentHash: u, Platform: a.Platform, Account: &a,
			PostID: fmt.Sprintf("%s/%d", a.Handle, n), FirstSeen: fixedNow.Add(-time.Duration(10-n) * time.Hour), Views: int64(1000 * n)}
		if mod != nil {
			mod(&it)
		}
		var flags []mediawatch.Flag
		if flagged {
			flags = append(flags, mediawatch.Flag{RuleID: "dam-rumour", RuleVersion: "v1", Severity: mediawatch.SeverityHigh,
				Snippet: title, CreatedAt: it.FirstSeen})
		}
		if _, err := db.SaveGrouped(ctx, it, store.Signature{Words: 100}, flags...); err != nil {
			t.Fatal(err)
		}
	}
	tg, yt := fixtureAccounts[0], fixtureAccounts[1]
	post(tg, 1, "Nước sông Đà lên nhanh", false, func(it *mediawatch.Item) { it.ForwardedFrom, it.Pinned = "Tin Tây Bắc", true })
	post(tg, 2, "Mưa lớn ở Mộc Châu", false, func(it *mediawatch.Item) { it.SharedURL = "https://baosonla.vn/thoi-su/mua-lon-42" })
	post(tg, 3, "Tin đồn vỡ đập thủy điện", true, nil)
	post(yt, 4, "Toàn cảnh lũ quét", false, nil)
}
