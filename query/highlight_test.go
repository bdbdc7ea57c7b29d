package query

import (
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"mediawatch/textnorm"
)

func TestHighlights(t *testing.T) {
	cases := []struct {
		name, q, field, text string
		want                 []string
	}{
		{"exact phrase skips the near miss", `"Sơn La"`, FieldText, "Lạng Sơn là tỉnh bạn của Sơn La.", []string{"Sơn La"}},
		{"folded phrase marks every variant", `"son la"`, FieldText, "SƠN LA và Sơn là", []string{"SƠN LA", "Sơn là"}},
		{"prefix", `thủy*`, FieldText, "Thủy điện và thuỷ lợi, không phải thùy", []string{"Thủy", "thủy"}},
		{"negated terms are not marked", `mận -xoài`, FieldText, "mận và xoài", []string{"mận"}},
		{"field restricts", `title:mận xoài`, FieldText, "mận và xoài", []string{"xoài"}},
		{"NEAR operands", `lũ NEAR/3 "Mường La"`, FieldText, "Lũ quét ở huyện Mường La", []string{"Lũ", "Mường La"}},
		{"decomposed text", `"Sơn La"`, FieldText, norm.NFD.String("tỉnh Sơn La"), []string{"Sơn La"}},
		{"overlaps merge", `"Sơn La" La`, FieldText, "Sơn La", []string{"Sơn La"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := MustParse(tc.q)
			norm := textnorm.Normalize(tc.text)
			var got []string
			for _, s := range Highlights(n, tc.field, tc.text) {
				got = append(got, norm[s.Start:s.End])
			}
			if len(got) != len(tc.want) {
				t.Fatalf("Highlights = %q, want %q", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("span %d = %q, want %q", i, got[i], tc.want[i])
				}
			}
		})
	}
}

// FuzzHighlights: spans lie inside the normalised text, on rune
// boundaries, in order and apart, whatever the query and text.
func FuzzHighlights(f *testing.F) {
	f.Add(`"Sơn La" OR thủy*`, "Lạng Sơn là, Sơn La, thuỷ điện")
	f.Add(`son NEAR/1 la`, norm.NFD.String("SƠN LA"))
	f.Add(`a*`, "\xff\xfeab")
	f.Fuzz(func(t *testing.T, q, text string) {
		n, err := Parse(q)
		if err != nil {
			return
		}
		normed := textnorm.Normalize(text)
		prev := -1
		for _, s := range Highlights(n, FieldText, text) {
			if s.Start < 0 || s.End > len(normed) || s.Start >= s.End || s.Start <= prev {
				t.Fatalf("bad span %+v in %q (prev end %d)", s, normed, prev)
			}
			if !utf8.ValidString(normed[s.Start:s.End]) {
				t.Fatalf("span %+v cuts a rune in %q", s, normed)
			}
			prev = s.End
		}
	})
}
