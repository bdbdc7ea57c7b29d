package ingest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"mediawatch"
)

func TestImportPosts(t *testing.T) {
	p, db := newPipeline(t)
	ctx := context.Background()
	lines := strings.Join([]string{
		`{"url":"https://baosonla.vn/tin/1","title":"Sơn La mở hội hoa ban","text":"Lễ hội ở Sơn La.","source":"baosonla"}`,
		`{"platform":"Facebook","url":"https://www.facebook.com/sonla.page/posts/123","text":"Tin đồn ở Sơn La 😱","published":"2026-11-30 08:15",` +
			`"author_handle":"sonla.page","author_name":"Trang Sơn La","author_url":"https://www.facebook.com/sonla.page","audience":48000,` +
			`"post_id":"123","views":9100,"links":["https://www.facebook.com/x","https://baosonla.vn/tin/1?fbclid=abc"],"source":"facebook-export"}`,
		`{"platform":"tiktok","url":"https://www.tiktok.com/@kol/video/7","text":"Clip về Sơn La","author_handle":"@KOL","post_id":"7"}`,
		`{"url":"https://x.vn/1","text":"Sơn La","author_handle":"kol"}`,
		`{"platform":"tik tok","url":"https://x.vn/2","text":"Sơn La"}`,
		`{"platform":"facebook","url":"https://x.vn/3","text":"Sơn La","author_handle":"Trang Sơn La"}`,
	}, "\n")
	var refused []int
	sum, err := p.Import(ctx, strings.NewReader(lines), ImportOptions{Keep: mediawatch.KeepMentions,
		OnError: func(line int, _ error) { refused = append(refused, line) }})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Kept != 3 || sum.Errors != 3 || fmt.Sprint(refused) != "[4 5 6]" {
		t.Fatalf("summary %+v, refused lines %v", sum, refused)
	}
	fb, err := db.ItemByURL(ctx, "https://www.facebook.com/sonla.page/posts/123")
	if err != nil {
		t.Fatal(err)
	}
	if fb.Platform != "facebook" || fb.PostID != "123" || fb.Views != 9100 || fb.SharedURL != "https://baosonla.vn/tin/1" ||
		fb.Account == nil || fb.Account.Key() != "facebook:sonla.page" || fb.Account.Name != "Trang Sơn La" ||
		fb.Account.Audience != 48000 || fb.Account.URL != "https://www.facebook.com/sonla.page" {
		t.Errorf("facebook post = %+v, account %+v", fb, fb.Account)
	}
	article, _ := db.ItemByURL(ctx, "https://baosonla.vn/tin/1")
	if article.StoryID != fb.StoryID {
		t.Errorf("the post sharing the article is in story %d, the article in %d", fb.StoryID, article.StoryID)
	}
	tt, err := db.ItemByURL(ctx, "https://www.tiktok.com/@kol/video/7")
	if err != nil || tt.Account == nil || tt.Account.Key() != "tiktok:kol" || tt.Platform != "tiktok" {
		t.Errorf("tiktok post = %+v, %v", tt, err)
	}
}
