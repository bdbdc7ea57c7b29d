package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/config"
)

// TestSearchByAuthorAndPlatform: `mediawatch search` finds posts by
// author: (typed without accents, or as platform:handle) and platform:,
// and its table shows each post's account.
func TestSearchByAuthorAndPlatform(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	a := testApp(t, data, func(*config.Config) {})
	kol := mediawatch.Account{Platform: mediawatch.PlatformTelegram, Handle: "sonla24h", Name: "Sơn La 24h", Audience: 52000}
	for i, it := range []mediawatch.Item{
		{Source: "tg-sonla24h", URL: "https://t.me/sonla24h/1", Title: "Lũ về bản Mường La", Text: "Nước lên nhanh.",
			Platform: mediawatch.PlatformTelegram, Account: &kol},
		{Source: "baosonla", URL: "https://baosonla.vn/lu", Title: "Lũ quét ở Sơn La 24h qua", Text: "Lũ quét.", Author: "Nguyễn Văn An"},
	} {
		it.CanonicalURL, it.ContentHash, it.Lang, it.FirstSeen = it.URL, it.URL, "vi", time.Now().Add(-time.Duration(i)*time.Hour)
		if _, err := a.db.SaveItem(ctx, it); err != nil {
			t.Fatal(err)
		}
	}
	a.Close()
	var out bytes.Buffer
	g := testGlobals(ctx, &out)
	for q, want := range map[string]string{
		`author:"son la 24h"`:        "telegram:sonla24h",
		`author:"telegram:sonla24h"`: "Lũ về bản Mường La",
		`platform:telegram lũ`:       "telegram:sonla24h",
		`author:"nguyen van an"`:     "Lũ quét ở Sơn La 24h qua",
		`platform:news "Sơn La 24h"`: "baosonla",
	} {
		out.Reset()
		if err := (&SearchCmd{DataFlag: DataFlag{Data: data}, Query: q, Sort: "relevance", Size: 20}).Run(g); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if s := out.String(); !strings.HasPrefix(s, "1 ") || !strings.Contains(s, want) {
			t.Errorf("search %s:\n%s", q, s)
		}
	}
}
