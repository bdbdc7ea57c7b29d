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
// listed pair or of a pair of frequent words, under its folded form,
// counted; none for other pairs; and the same terms as the mw_pairs
// analyzer the mapping names.
func TestPairsField(t *testing.T) {
	set := newPairSet("test", []string{"son la", "thuy dien", "flash floods", "la la"}, "test", []string{"nguoi", "duoc", "khong", "the", "flash", "floods"})
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
		{"a listed pair of frequent words: its spellings", "Flash floods: flash floods again", gates(set, map[string]int{"flash floods|": 2}, "floods flash")},
		{"overlapping pairs", "la la la", map[string]int{"la la|": 2}},
		{"unlisted pairs only", "Hà Nội mưa to", map[string]int{}},
		{"pairs of frequent words: gate terms", "Người được không? Không được, người Sơn La được thế", gates(set, map[string]int{
			"son la|sơn la": 1}, "nguoi duoc", "duoc khong", "khong khong", "khong duoc", "duoc nguoi", "duoc the")},
		{"a frequent word beside an unlisted one", "người dân không đi", map[string]int{}},
		{"english frequent words", "The the THE", gates(set, map[string]int{}, "the the", "the the")},
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

// gates adds to want a count of the gate term of each folded pair.
func gates(set *pairSet, want map[string]int, pairs ...string) map[string]int {
	for _, p := range pairs {
		f1, f2, _ := strings.Cut(p, " ")
		want[string(set.appendGate(nil, f1, f2))]++
	}
	return want
}

// TestPairLookup checks which units are found through pair terms and how.
func TestPairLookup(t *testing.T) {
	set := newPairSet("test", []string{"son la", "hoc sinh"}, "test", []string{"nguoi", "duoc"})
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
		{"người được", false, pairLookup{}}, // frequent words: a gate, not a lookup
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

// TestPairGate checks which phrases are read through a gate term: two
// frequent words whose pair is not listed, with the gate their text gets.
func TestPairGate(t *testing.T) {
	set := newPairSet("test", []string{"son la", "nguoi dan"}, "test", []string{"nguoi", "duoc", "dan"})
	for _, tc := range []struct {
		src    string
		folded string // "" if no gate
	}{
		{"người được", "nguoi duoc"},
		{"nguoi duoc", "nguoi duoc"},
		{"NGƯỜI-ĐƯỢC", "nguoi duoc"},
		{"được người", "duoc nguoi"},
		{"người dân", ""}, // listed: a lookup
		{"người Sơn", ""},
		{"người được dân", ""},
		{"người", ""},
	} {
		term, err := textnorm.CompileTerm(tc.src)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := set.gate(tc.src, term.Words())
		if ok != (tc.folded != "") {
			t.Errorf("%q: gate %q %v", tc.src, got, ok)
			continue
		}
		if !ok {
			continue
		}
		f1, f2, _ := strings.Cut(tc.folded, " ")
		if want := string(set.appendGate(nil, f1, f2)); got != want {
			t.Errorf("%q: gate %q, want %q", tc.src, got, want)
		}
		toks := textnorm.Tokens(tc.src)
		if text, ok := set.appendTerm(nil, &toks[0], &toks[1], true); !ok || string(text) != got {
			t.Errorf("%q: the text's term %q %v, the query's gate %q", tc.src, text, ok, got)
		}
	}
}

// TestPairList checks the embedded lists: they parse, are named, and hold
// common pairs and frequent words of both languages; and malformed lists
// are refused.
func TestPairList(t *testing.T) {
	p := defaultPairs()
	if len(p.name) != 12 || len(p.pairs) < 1000 || len(p.wordsName) != 12 || len(p.words) < 100 {
		t.Fatalf("pair list %q of %d pairs, word list %q of %d words", p.name, len(p.pairs), p.wordsName, len(p.words))
	}
	for _, want := range []string{"giao thong", "hoc sinh", "prime minister"} {
		if ok, _ := p.listed(strings.Fields(want)[0], strings.Fields(want)[1], nil); !ok {
			t.Errorf("%q not listed", want)
		}
	}
	for _, w := range []string{"nguoi", "duoc", "khong", "mot", "the", "of"} {
		if !p.frequent(w) {
			t.Errorf("%q is not a frequent word", w)
		}
	}
	for _, w := range []string{"son", "lu", "flash", "quet"} {
		if p.frequent(w) {
			t.Errorf("%q is a frequent word", w)
		}
	}
	const words = "# words y\nnguoi\nduoc\n"
	for _, bad := range []string{"pairs x\nson la", "# pairs x\nSơn La", "# pairs x\nson la x", "# pairs \nson la"} {
		if _, err := parsePairs(bad, words); err == nil {
			t.Errorf("pairs %q parsed", bad)
		}
	}
	for _, bad := range []string{"words y\nnguoi", "# words y\nNgười", "# words y\nnguoi duoc", "# words \nnguoi", "# pairs y\nnguoi"} {
		if _, err := parsePairs("# pairs x\nson la\n", bad); err == nil {
			t.Errorf("words %q parsed", bad)
		}
	}
	if _, err := parsePairs("# pairs x\nson la\n", words); err != nil {
		t.Errorf("good lists: %v", err)
	}
}

// BenchmarkAnalyzeText is the analysis of one article's text as Put does
// it: its words with positions and, from the same tokens, its pair terms.
func BenchmarkAnalyzeText(b *testing.B) {
	text := strings.Repeat("Mưa lớn kéo dài nhiều ngày qua khiến nhiều tuyến đường ở tỉnh Sơn La bị sạt lở, "+
		"người dân được chính quyền hỗ trợ di dời đến nơi an toàn. Theo báo cáo của tỉnh, không có thiệt hại về người "+
		"nhưng nhiều diện tích hoa màu bị ngập úng, giao thông bị chia cắt. ", 8)
	set := defaultPairs()
	b.ReportAllocs()
	for b.Loop() {
		w, _ := newTextFields(fText, fTextPair, text, optWords, set)
		w.Analyze()
	}
}
