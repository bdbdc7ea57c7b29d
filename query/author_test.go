package query

import (
	"errors"
	"strings"
	"testing"

	"mediawatch"
)

// tgPost is a Telegram post by the channel "Sơn La 24h", and bylined a news
// bylined with a byline, for the author: and platform: tests.
var (
	tgPost = &mediawatch.Item{Title: "Tin nhanh", Text: "Mưa lớn ở Mộc Châu", Source: "tg-sonla24h",
		Platform: mediawatch.PlatformTelegram,
		Account:  &mediawatch.Account{Platform: mediawatch.PlatformTelegram, Handle: "sonla24h", Name: "Sơn La 24h"}}
	bylined = &mediawatch.Item{Title: "Lũ quét ở Sơn La", Text: "Phóng viên Nguyễn Văn An đưa tin.", Source: "baosonla",
		Author: "Nguyễn Văn An"}
	mastodonPost = &mediawatch.Item{Title: "Flood", Text: "Son La flood", Platform: mediawatch.PlatformMastodon,
		Account: &mediawatch.Account{Platform: mediawatch.PlatformMastodon, Handle: "reporter@mastodon.social", Name: "Reporter"}}
)

func TestAuthorAndPlatform(t *testing.T) {
	tests := []struct {
		q    string
		it   *mediawatch.Item
		want bool
	}{
		{`author:"son la 24h"`, tgPost, true}, // typed without accents
		{`author:"Sơn La 24h"`, tgPost, true},
		{`author:"Sơn Lá"`, tgPost, false}, // written with a diacritic: exact
		{`author:sonla24h`, tgPost, true},
		{`author:"telegram:sonla24h"`, tgPost, true},
		{`author:telegram:sonla24h`, tgPost, true},
		{`author:"youtube:sonla24h"`, tgPost, false},
		{`author:(sonla* OR "Báo Sơn La")`, tgPost, true},
		{`author:"Nguyễn Văn An"`, bylined, true},
		{`author:"nguyen van an"`, bylined, true},
		{`author:"son la"`, bylined, false}, // the title is not the author
		{`"son la 24h"`, tgPost, false},     // nor the author the text
		{`author:"reporter@mastodon.social"`, mastodonPost, true},
		{`author:"mastodon:reporter@mastodon.social"`, mastodonPost, true},
		{`platform:telegram mưa`, tgPost, true},
		{`platform:Telegram`, tgPost, true},
		{`platform:news`, tgPost, false},
		{`platform:news`, bylined, true}, // "" is news
		{`platform:mastodon -author:reporter`, mastodonPost, false},
		{`platform:facebook OR author:an`, bylined, true},
	}
	for _, tc := range tests {
		m, err := Compile(MustParse(tc.q))
		if err != nil {
			t.Fatalf("Compile(%q): %v", tc.q, err)
		}
		d := DocOf(tc.it)
		if got := m.Match(d); got != tc.want {
			t.Errorf("%q on %q = %v, want %v", tc.q, d.Author, got, tc.want)
		}
	}
}

func TestAuthorFieldShape(t *testing.T) {
	n := MustParse(`author:"Sơn La 24h" platform:telegram lũ`)
	if got, want := n.String(), `author:"Sơn La 24h" AND platform:telegram AND lũ`; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
	if back := MustParse(n.String()).String(); back != n.String() {
		t.Errorf("round trip %q", back)
	}
	if terms := Terms(n); len(terms) != 1 || terms[0].Text != "lũ" {
		t.Errorf("Terms = %+v, want lũ alone: author's words are not title or text terms", terms)
	}
	if NeedsTerm(MustParse(`author:sonla24h`)) {
		t.Error("NeedsTerm(author:x) = true: a prefilter over title and text would skip its posts")
	}
	if h := Highlights(MustParse(`author:mưa`), FieldText, "Mưa lớn"); len(h) != 0 {
		t.Errorf("author: words highlighted in the text: %v", h)
	}
}

func TestPlatformValues(t *testing.T) {
	for _, q := range []string{"platform:news x", "platform:tiktok", "platform:vk", "platform:X"} {
		if _, err := Parse(q); err != nil {
			t.Errorf("Parse(%q): %v", q, err)
		}
	}
	tests := []struct {
		q, suggest, vi string
		col            int
	}{
		{"lũ platform:youtub", "platform:youtube", "có phải ý bạn là platform:youtube?", 13},
		{"lũ platform:telegarm", "platform:telegram", "có phải ý bạn là platform:telegram?", 13},
		{"lũ platfrom:news", "platform:", "có phải ý bạn là platform:?", 4},
		{"lũ athor:x", "author:", "có phải ý bạn là author:?", 4},
		{"lũ platform:ý_kiến", "", "tên một nền tảng như news, youtube, telegram hoặc facebook", 13},
	}
	for _, tc := range tests {
		_, err := Parse(tc.q)
		var qe *Error
		if !errors.As(err, &qe) {
			t.Fatalf("Parse(%q) = %v, want *Error", tc.q, err)
		}
		if qe.Suggest != tc.suggest || qe.Col != tc.col || !strings.Contains(qe.Message("vi"), tc.vi) {
			t.Errorf("%q: col %d suggest %q vi %q", tc.q, qe.Col, qe.Suggest, qe.Message("vi"))
		}
	}
}

func TestAuthorText(t *testing.T) {
	if got, want := AuthorText(tgPost), "Sơn La 24h\nsonla24h\ntelegram:sonla24h"; got != want {
		t.Errorf("AuthorText(tgPost) = %q, want %q", got, want)
	}
	if got := AuthorText(bylined); got != "Nguyễn Văn An" {
		t.Errorf("AuthorText(bylined) = %q", got)
	}
	if got := AuthorText(&mediawatch.Item{}); got != "" {
		t.Errorf("AuthorText(empty) = %q", got)
	}
}
