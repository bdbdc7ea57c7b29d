package main

import (
	"strings"
	"testing"

	"mediawatch/crawler"
)

// TestEveryMessageInBothLanguages: a sentence missing in one language
// would print as an empty line to that reader.
func TestEveryMessageInBothLanguages(t *testing.T) {
	for k := range messages["en"] {
		for _, lang := range []string{"en", "vi"} {
			if strings.TrimSpace(messages[lang][k]) == "" {
				t.Errorf("message %d has no %s text", k, lang)
			}
		}
	}
	if len(messages["vi"]) != len(messages["en"]) {
		t.Errorf("vi has %d messages, en %d", len(messages["vi"]), len(messages["en"]))
	}
}

func TestWhyInVietnamese(t *testing.T) {
	vi := textsFor("vi")
	cases := []struct {
		e    crawler.Event
		want string
	}{
		{crawler.Event{Outcome: "not_mentioned", Lang: "es"}, "không có từ khóa theo dõi (ngôn ngữ es)"},
		{crawler.Event{Outcome: "updated", ItemID: 3, Version: 2}, "phiên bản 2 của tin 3"},
		{crawler.Event{Outcome: "kept", FeedOnly: true}, "không lấy được trang"},
		{crawler.Event{Outcome: "error", Detail: "status 500"}, "status 500"},
	}
	for _, tc := range cases {
		if got := vi.why(tc.e); !strings.Contains(got, tc.want) {
			t.Errorf("why(%+v) = %q, want it to contain %q", tc.e, got, tc.want)
		}
	}
	if got := textsFor("xx").f(msgKept); got != "Kept (new items)" {
		t.Errorf("unknown language falls back to %q", got)
	}
}
