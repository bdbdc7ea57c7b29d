package textnorm

import (
	"strings"
	"testing"

	"mediawatch"
)

// defaultWatch is the product's out-of-the-box watch list.
var defaultWatch = []mediawatch.WatchTerm{{Term: "Sơn La"}, {Term: "Son La", Lang: "en"}}

func TestWatchlistMentions(t *testing.T) {
	w, err := NewWatchlist(defaultWatch)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		lang  string
		texts []string
		want  string // "" for no mention
	}{
		{"Lạng Sơn là", "vi", []string{"Lạng Sơn là một tỉnh"}, ""},
		{"anh Sơn là", "vi", []string{"anh Sơn là kỹ sư"}, ""},
		{"Spanish other", "other", []string{"Esta canción son la mejor"}, ""},
		{"Spanish unknown", "", []string{"Esta canción son la mejor"}, ""},
		{"Spanish detected", DetectLang("Esta canción son la mejor de todas"), []string{"Esta canción son la mejor de todas"}, ""},
		{"upper case", "vi", []string{"SƠN LA"}, "Sơn La"},
		{"nfd", "vi", []string{nfd("Sơn La")}, "Sơn La"},
		{"any language", "", []string{"tỉnh Sơn La"}, "Sơn La"},
		{"English", "en", []string{"Son La province is in the northwest"}, "Son La"},
		{"English case", "EN", []string{"SON LA"}, "Son La"},
		{"English not vi", "vi", []string{"Son La province is in the northwest"}, ""},
		{"English with accents", "en", []string{"Sơn La province"}, "Sơn La"},
		{"English Sơn là is folded", "en", []string{"Sơn là"}, "Son La"},
		{"second text", "vi", []string{"Tin tức", "Thời sự", "Mưa lớn ở Sơn La"}, "Sơn La"},
		{"no texts", "vi", nil, ""},
		{"first in list order", "en", []string{"Son La, then Sơn La"}, "Sơn La"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := w.Mentions(tt.lang, tt.texts...)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("Mentions(%q, %q) = %q, %v, want %q", tt.lang, tt.texts, got, ok, tt.want)
			}
		})
	}
}

func TestNewWatchlistError(t *testing.T) {
	_, err := NewWatchlist([]mediawatch.WatchTerm{{Term: "Sơn La"}, {Term: " - "}})
	if err == nil || !strings.Contains(err.Error(), `" - "`) || !strings.Contains(err.Error(), "2") {
		t.Errorf("error = %v, want it to name term 2", err)
	}
	var nilW *Watchlist
	if _, ok := nilW.Mentions("vi", "Sơn La"); ok {
		t.Error("nil watchlist mentioned")
	}
	empty, err := NewWatchlist(nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := empty.Mentions("vi", "Sơn La"); ok {
		t.Error("empty watchlist mentioned")
	}
}
