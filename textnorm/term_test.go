package textnorm

import (
	"errors"
	"reflect"
	"testing"

	"mediawatch"
)

// TestTermContains is the product's core promise: accent-smart matching.
func TestTermContains(t *testing.T) {
	tests := []struct {
		term string
		text string
		want bool
	}{
		// Written with diacritics: only that spelling, any case, any form.
		{"Sơn La", "Sơn La", true},
		{"Sơn La", "SƠN LA", true},
		{"Sơn La", "sơn la", true},
		{"Sơn La", nfd("Sơn La"), true},
		{"Sơn La", "tỉnh Sơn La.", true},
		{"Sơn La", "Sơn-La", true}, // a hyphen separates words
		{"Sơn La", "(Sơn La)", true},
		{"Sơn La", "Lạng Sơn là một tỉnh", false},
		{"Sơn La", "anh Sơn là kỹ sư", false},
		{"Sơn La", "Sơn Lâm", false},
		{"Sơn La", "Sơn", false},
		{"Sơn La", "Son La", false},
		{"Sơn La", "SơnLa", false},
		{nfd("Sơn La"), "tỉnh Sơn La", true},
		// Written without: every accent variant.
		{"son la", "Sơn La", true},
		{"son la", "SƠN LA", true},
		{"son la", "Son La", true},
		{"son la", nfd("Sơn La"), true},
		{"son la", "anh Sơn là kỹ sư", true},
		{"son la", "sonla", false},
		{"son la", "Son Lam", false},
		{"Son La", "tỉnh Sơn La", true},
		// Old and new tone placement are one spelling.
		{"hòa bình", "hoà bình", true},
		{"hòa bình", "Hòa Bình", true},
		{"hoà bình", "Hòa Bình", true},
		{"hoa binh", "hoà bình", true},
		{"hoa binh", "Hòa Bình", true},
		{"thủy điện", "thuỷ điện", true},
		{"thuỷ điện", "Thủy điện Sơn La", true},
		{"sức khỏe", "sức khoẻ", true},
		{"sức khoẻ", "SỨC KHỎE", true},
		{"quý", "qúy I", true},
		{"hòa", "hóa", false},
		// đ folds to d.
		{"da nang", "Đà Nẵng", true},
		{"Đà Nẵng", "da nang", false},
		{"Đà Nẵng", "ĐÀ NẴNG", true},
		{"dien bien", "Điện Biên Phủ", true},
		// Single words are whole words.
		{"lũ", "lũ quét", true},
		{"lu", "lũ quét", true},
		{"lũ", "lụ", false},
		{"lu", "lưu", false},
	}
	for _, tt := range tests {
		t.Run(tt.term+"/"+tt.text, func(t *testing.T) {
			term, err := CompileTerm(tt.term)
			if err != nil {
				t.Fatal(err)
			}
			if got := term.Contains(tt.text); got != tt.want {
				t.Errorf("%q.Contains(%q) = %v, want %v", tt.term, tt.text, got, tt.want)
			}
			if got := len(term.MatchTokens(Tokens(tt.text))) > 0; got != tt.want {
				t.Errorf("%q.MatchTokens(%q) found = %v, want %v", tt.term, tt.text, got, tt.want)
			}
		})
	}
}

func TestCompileTerm(t *testing.T) {
	tests := []struct {
		in    string
		exact bool
		words []string
	}{
		{"Sơn La", true, []string{"sơn", "la"}},
		{"SON LA", false, []string{"son", "la"}},
		{"Thuỷ điện", true, []string{"thủy", "điện"}},
		{" «Hoà Bình» ", true, []string{"hòa", "bình"}},
		{"Zürich", true, []string{"zürich"}},
		{"Đà-Nẵng", true, []string{"đà", "nẵng"}},
	}
	for _, tt := range tests {
		term, err := CompileTerm(tt.in)
		if err != nil {
			t.Fatalf("CompileTerm(%q): %v", tt.in, err)
		}
		if term.Exact() != tt.exact || !reflect.DeepEqual(term.Words(), tt.words) {
			t.Errorf("CompileTerm(%q) = exact %v words %q, want %v %q",
				tt.in, term.Exact(), term.Words(), tt.exact, tt.words)
		}
		if term.String() != tt.in {
			t.Errorf("String() = %q, want %q", term.String(), tt.in)
		}
	}
	for _, bad := range []string{"", "   ", "-- !!", "\xff"} {
		_, err := CompileTerm(bad)
		if !errors.Is(err, ErrNoWord) || !errors.Is(err, mediawatch.ErrInvalid) {
			t.Errorf("CompileTerm(%q) error = %v, want ErrNoWord", bad, err)
		}
	}
}

func TestMatchTokens(t *testing.T) {
	term, _ := CompileTerm("son la")
	toks := Tokens("Sơn La, Sơn là và son la; Sơn Lâm")
	if got, want := term.MatchTokens(toks), []int{0, 2, 5}; !reflect.DeepEqual(got, want) {
		t.Errorf("MatchTokens = %v, want %v", got, want)
	}
	exact, _ := CompileTerm("Sơn La")
	if got, want := exact.MatchTokens(toks), []int{0}; !reflect.DeepEqual(got, want) {
		t.Errorf("exact MatchTokens = %v, want %v", got, want)
	}
	if got := exact.MatchTokens(toks[1:]); got != nil {
		t.Errorf("MatchTokens on a window = %v, want none", got)
	}
	var zero Term
	if zero.Contains("anything") || zero.MatchTokens(toks) != nil {
		t.Error("zero Term matched")
	}
}
