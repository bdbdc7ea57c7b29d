package index

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	bindex "github.com/blevesearch/bleve_index_api"

	"mediawatch/textnorm"
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

// TestPairsField checks the pair terms of a text: one per spelling of a
// listed pair, under its folded form, counted; none for other pairs; and
// the same terms as the mw_pairs analyzer the mapping names.
func TestPairsField(t *testing.T) {
	set := newPairSet("test", []string{"son la", "thuy dien", "flash floods", "la la"})
	for _, tc := range []struct {
		name, text string
		want       map[string]int
	}{
		{"empty", "", map[string]int{}},
		{"spellings of one pair", "Sơn La, SƠN LA và Son La; Lạng Sơn là nơi khác.", map[string]int{
			"son la|sơn la": 2, "son la|": 1, "son la|sơn là": 1,
		}},
		{"old tone placement is one spelling", "thuỷ điện Sơn La, thủy điện", map[string]int{
			"thuy dien|thủy điện": 2, "son la|sơn la": 1,
		}},
		{"english, no diacritics", "Flash floods: flash floods again", map[string]int{"flash floods|": 2}},
		{"overlapping pairs", "la la la", map[string]int{"la la|": 2}},
		{"unlisted pairs only", "Hà Nội mưa to", map[string]int{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			words, pairs := newTextFields(fText, fTextPair, tc.text, optWords, set)
			pairs.Analyze()
			got := map[string]int{}
			for term, tf := range pairs.AnalyzedTokenFrequencies() {
				got[term] = tf.Frequency()
				if len(tf.Locations) != 0 {
					t.Errorf("%q has positions", term)
				}
			}
			if !maps.Equal(got, tc.want) {
				t.Errorf("terms %v, want %v", got, tc.want)
			}
			if pairs.AnalyzedLength() != words.AnalyzedLength() {
				t.Errorf("length %d, words %d", pairs.AnalyzedLength(), words.AnalyzedLength())
			}
			fromAnalyzer := map[string]int{}
			for term, tf := range analysis.TokenFrequency(pairAnalyzer{set}.Analyze([]byte(tc.text)), nil, 0) {
				fromAnalyzer[term] = tf.Frequency()
			}
			if !maps.Equal(got, fromAnalyzer) {
				t.Errorf("field %v, analyzer %v", got, fromAnalyzer)
			}
		})
	}
}

// TestPairLookup checks which units are found through pair terms and how.
func TestPairLookup(t *testing.T) {
	set := newPairSet("test", []string{"son la", "hoc sinh"})
	for _, tc := range []struct {
		src  string
		ok   bool
		want pairLookup
	}{
		{"Sơn La", true, pairLookup{term: "son la|sơn la", exact: true}},
		{"son la", true, pairLookup{term: "son la|", typed: "son la|"}},
		{"SON-LA", true, pairLookup{term: "son la|", typed: "son la|"}},
		{"học sinh", true, pairLookup{term: "hoc sinh|học sinh", exact: true}},
		{"hoc sinh gioi", false, pairLookup{}},
		{"la son", false, pairLookup{}},
		{"son", false, pairLookup{}},
	} {
		term, err := textnorm.CompileTerm(tc.src)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := set.lookup(tc.src, term.Words(), term.Exact())
		if ok != tc.ok || got != tc.want {
			t.Errorf("%q: %+v %v, want %+v %v", tc.src, got, ok, tc.want, tc.ok)
		}
	}
}

// TestPairList checks the embedded list: it parses, is named, and holds
// common pairs of both languages.
func TestPairList(t *testing.T) {
	p := defaultPairs()
	if len(p.name) != 12 || len(p.pairs) < 1000 {
		t.Fatalf("list %q of %d pairs", p.name, len(p.pairs))
	}
	for _, want := range []string{"giao thong", "hoc sinh", "prime minister"} {
		if ok, _ := p.has(strings.Fields(want)[0], strings.Fields(want)[1], nil); !ok {
			t.Errorf("%q not listed", want)
		}
	}
	for _, bad := range []string{"pairs x\nson la", "# pairs x\nSơn La", "# pairs x\nson la x", "# pairs \nson la"} {
		if _, err := parsePairs(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}
