package index

import (
	"maps"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	bindex "github.com/blevesearch/bleve_index_api"
)

// TestWordsFieldAgreesWithAnalyzer holds the two ways of producing mw_uni
// terms to one answer: the field documents are built with, and the
// analyzer the stored mapping names (bleve's own frequency counting over
// its token stream).
func TestWordsFieldAgreesWithAnalyzer(t *testing.T) {
	for _, tc := range []struct{ name, text string }{
		{"empty", ""},
		{"vietnamese", "Thủy điện Sơn La xả lũ; SƠN LA đón mưa, Lạng Sơn là nơi khác. Sơn La!"},
		{"decomposed marks and old tone placement", "Hoa\u0300 Bi\u0300nh, thuỷ điện hoà bình"},
		{"english and digits", "Flash floods in Son La province, 2024: floods again"},
		{"one word repeated", "la la la là lá"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := analysis.TokenFrequency(uniAnalyzer{}.Analyze([]byte(tc.text)), nil, optWords)
			f := newWordsField(fText, tc.text, optWords)
			f.Analyze()
			got := f.AnalyzedTokenFrequencies()
			if !slices.Equal(slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want))) {
				t.Fatalf("terms %v, want %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
			}
			wantLen := 0
			for term, w := range want {
				g := got[term]
				wantLen += w.Frequency()
				if string(g.Term) != term || g.Frequency() != w.Frequency() || !slices.Equal(positions(g), positions(w)) {
					t.Errorf("%q: freq %d at %v, want %d at %v", term, g.Frequency(), positions(g), w.Frequency(), positions(w))
				}
			}
			if f.AnalyzedLength() != wantLen {
				t.Errorf("length %d, want %d", f.AnalyzedLength(), wantLen)
			}
		})
	}
}

func positions(tf *bindex.TokenFreq) []int {
	var out []int
	for _, l := range tf.Locations {
		out = append(out, l.Position)
	}
	return out
}

// TestWordsFieldStored checks that the title keeps its stored value and
// the text, not stored, hands bleve none.
func TestWordsFieldStored(t *testing.T) {
	title := newWordsField(fTitle, "Sơn La", optWords|bindex.StoreField)
	text := newWordsField(fText, "Sơn La", optWords)
	if string(title.Value()) != "Sơn La" || !title.Options().IsStored() {
		t.Errorf("title value %q stored %v", title.Value(), title.Options().IsStored())
	}
	if text.Value() != nil || text.Options().IsStored() {
		t.Errorf("text value %q stored %v", text.Value(), text.Options().IsStored())
	}
}
