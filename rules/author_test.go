package rules

import (
	"slices"
	"testing"

	"mediawatch"
)

// TestAuthorAndPlatformInRules: a rule may watch what a key opinion
// leader posts (author:) on one platform (platform:); the author's names
// are metadata to the engine — never searched in the title or text —
// and evaluated by query itself, like source:.
func TestAuthorAndPlatformInRules(t *testing.T) {
	e := engine(t, `author:"son la 24h" lũ`, `platform:telegram`, `author:"telegram:sonla24h"`, `author:"Nguyễn Văn An"`)
	kol := &mediawatch.Account{Platform: mediawatch.PlatformTelegram, Handle: "sonla24h", Name: "Sơn La 24h"}
	tests := []struct {
		it   mediawatch.Item
		want []string
	}{
		{mediawatch.Item{Text: "Lũ về bản", Platform: mediawatch.PlatformTelegram, Account: kol}, []string{"r0", "r1", "r2"}},
		{mediawatch.Item{Text: "Nắng", Platform: mediawatch.PlatformTelegram, Account: kol}, []string{"r1", "r2"}},
		{mediawatch.Item{Text: "Lũ ở Sơn La 24h qua"}, nil}, // the name in the text is not the author
		{mediawatch.Item{Text: "Lũ", Author: "Nguyễn Văn An"}, []string{"r3"}},
	}
	for _, tc := range tests {
		if got := flagged(e, tc.it); !slices.Equal(got, tc.want) {
			t.Errorf("%+v flagged by %v, want %v", tc.it, got, tc.want)
		}
	}
}
