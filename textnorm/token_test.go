package textnorm

import (
	"reflect"
	"testing"
)

func TestTokens(t *testing.T) {
	type tok struct {
		exact, folded string
		start, end    int
	}
	tests := []struct {
		name string
		in   string
		want []tok
	}{
		{"empty", "", nil},
		{"punctuation only", " .,;- ", nil},
		{"ascii", "Son La, 2024!", []tok{{"son", "son", 0, 3}, {"la", "la", 4, 6}, {"2024", "2024", 8, 12}}},
		{"vietnamese", "Tỉnh Sơn La.", []tok{{"tỉnh", "tinh", 0, 6}, {"sơn", "son", 7, 11}, {"la", "la", 12, 14}}},
		{"hyphen splits", "Sơn-La", []tok{{"sơn", "son", 0, 4}, {"la", "la", 5, 7}}},
		{"apostrophe splits", "don't", []tok{{"don", "don", 0, 3}, {"t", "t", 4, 5}}},
		{"nfd offsets into nfc", nfd("Sơn La"), []tok{{"sơn", "son", 0, 4}, {"la", "la", 5, 7}}},
		{"tone placement", "Hoà Bình", []tok{{"hòa", "hoa", 0, 4}, {"bình", "binh", 5, 10}}},
		{"đ", "ĐÀ NẴNG", []tok{{"đà", "da", 0, 4}, {"nẵng", "nang", 5, 11}}},
		{"invalid utf8 separates", "ab\xffcd", []tok{{"ab", "ab", 0, 2}, {"cd", "cd", 5, 7}}},
		{"leading mark is not a word", "\u0301ab", []tok{{"ab", "ab", 2, 4}}},
		{"mark that does not compose", "x\u0301y", []tok{{"x\u0301y", "xy", 0, 4}}},
		{"other scripts", "Привет мир", []tok{{"привет", "привет", 0, 12}, {"мир", "мир", 13, 19}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []tok
			toks := Tokens(tt.in)
			for i, k := range toks {
				if k.Pos != i {
					t.Errorf("token %d has Pos %d", i, k.Pos)
				}
				got = append(got, tok{k.Exact, k.Folded, k.Start, k.End})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Tokens(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestTokensOffsetsSliceNormalized(t *testing.T) {
	in := nfd("Tỉnh SƠN LA: thuỷ điện Hoà Bình, khoẻ.")
	n := Normalize(in)
	for _, k := range Tokens(in) {
		if got := Lower(n[k.Start:k.End]); got != k.Exact {
			t.Errorf("Lower(n[%d:%d]) = %q, Exact %q", k.Start, k.End, got, k.Exact)
		}
		if got := Fold(n[k.Start:k.End]); got != k.Folded {
			t.Errorf("Fold(n[%d:%d]) = %q, Folded %q", k.Start, k.End, got, k.Folded)
		}
	}
}
