package textnorm

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkStream adds texts to a stream and holds it to Tokens: the same
// words with the same folded and exact forms, the byte layout the
// automaton relies on, positions, and offsets into each text as given.
// With strict, every word's span must also hold exactly that word, which
// is the case unless NFC merges or splits words.
func checkStream(t *testing.T, st *Stream, strict bool, texts ...string) {
	t.Helper()
	st.Reset()
	for _, s := range texts {
		st.Add(s)
	}
	var want strings.Builder
	i := 0
	for f, s := range texts {
		if got, want := st.KnownNFC(f), knownNFC(s); got != want {
			t.Fatalf("%q: KnownNFC = %v, knownNFC %v", s, got, want)
		}
		toks := Tokens(s)
		prev := 0
		for k, tok := range toks {
			if i >= st.Len() {
				t.Fatalf("%q: stream has %d words, Tokens more", texts, st.Len())
			}
			w := st.Word(i)
			want.WriteString(" " + tok.Folded)
			if got := st.Folded(i); got != tok.Folded {
				t.Fatalf("%q word %d: folded %q, Tokens %q", s, k, got, tok.Folded)
			}
			if got := st.Exact(i); got != tok.Exact || !st.ExactIs(i, tok.Exact) || !st.ExactHasPrefix(i, tok.Exact) {
				t.Fatalf("%q word %d: exact %q, Tokens %q", s, k, got, tok.Exact)
			}
			if gf, gp := st.FieldOf(i); gf != f || gp != k {
				t.Fatalf("%q word %d: FieldOf = %d, %d", s, k, gf, gp)
			}
			if j, ok := st.WordAt(int(w.At)); !ok || j != i {
				t.Fatalf("%q word %d: WordAt(%d) = %d, %v", s, k, w.At, j, ok)
			}
			checkSpan(t, s, w, prev, strict, tok)
			prev = int(w.Start)
			i++
		}
		want.WriteString(" \n")
	}
	if i != st.Len() || string(st.Bytes()) != want.String() {
		t.Fatalf("%q: stream %q (%d words), want %q (%d words)", texts, st.Bytes(), st.Len(), want.String(), i)
	}
}

// checkSpan checks the offsets of one word in the text as given.
func checkSpan(t *testing.T, s string, w StreamWord, prev int, strict bool, tok Token) {
	t.Helper()
	start, end := int(w.Start), int(w.End)
	if start < prev || start >= end || end > len(s) || !boundary(s, start) || !boundary(s, end) {
		t.Fatalf("%q: span [%d,%d) after %d is out of order or not on rune boundaries", s, start, end, prev)
	}
	if strict {
		if got := Lower(s[start:end]); got != tok.Exact {
			t.Fatalf("%q: span [%d,%d) holds %q, the word is %q", s, start, end, got, tok.Exact)
		}
	}
}

// boundary reports whether byte i of s is where decoding s rune by rune
// (an invalid byte counting as one rune) starts a rune or ends.
func boundary(s string, i int) bool {
	j := 0
	for j < i {
		_, size := utf8.DecodeRuneInString(s[j:])
		j += size
	}
	return j == i
}

// streamCases are texts with every kind of chunk: ASCII, NFC Vietnamese,
// new-style tones, decomposed marks, invalid bytes, other scripts, and
// runes outside the fast path's set (€, emoji) beside Vietnamese words.
var streamCases = []string{
	"",
	" .,;- ",
	"Son La, 2024!",
	"Tỉnh Sơn La.",
	"SƠN LA ĐÓN MƯA LỚN",
	"Sơn-La don't",
	"Hoà Bình, thuỷ điện, khoẻ, Thuỳ, qúy, hòang, thùyên",
	"giá 5 € ở Hoà Bình — thuỷ điện 😀 Sơn La",
	"ab\xffcd Hoà\xfe Bình",
	"00\x80 x\xe1\xbb",
	"\u0301ab x\u0301y",
	"Привет мир, 中文 Sơn La",
	"«Sơn La» “thủy điện” – 10:30",
	"Hoà\u0301 Bình\u200b Sơn\u2060La",
}

func TestStreamMatchesTokens(t *testing.T) {
	var st Stream
	para, err := os.ReadFile("testdata/paragraph-vi.txt")
	if err != nil {
		t.Fatal(err)
	}
	cases := append([]string{string(para), nfd(string(para)), strings.ReplaceAll(string(para), "hòa", "hoà")}, streamCases...)
	for _, s := range cases {
		checkStream(t, &st, true, s)
		checkStream(t, &st, true, nfd(s))
		checkStream(t, &st, true, s, nfd(s), "", s)
	}
	for _, s := range fuzzCorpus(t) {
		checkStream(t, &st, false, s)
		checkStream(t, &st, false, s, s)
	}
}

// fuzzCorpus returns the string inputs of the package's fuzz corpora.
func fuzzCorpus(t testing.TB) []string {
	files, err := filepath.Glob("testdata/fuzz/*/*")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			line := sc.Text()
			if arg, ok := strings.CutPrefix(line, "string("); ok {
				if s, err := strconv.Unquote(strings.TrimSuffix(arg, ")")); err == nil {
					out = append(out, s)
				}
			}
		}
		f.Close()
	}
	if len(out) < 10 {
		t.Fatalf("only %d fuzz corpus strings", len(out))
	}
	return out
}

func TestStreamReuse(t *testing.T) {
	var st Stream
	checkStream(t, &st, true, "Hoà\u0301 Bình xyz", "ab\xffcd")
	checkStream(t, &st, true, "Sơn La")
	if _, ok := st.WordAt(1); ok {
		t.Error("WordAt(1) found a word that does not start at a space")
	}
}

func TestExactHasPrefix(t *testing.T) {
	var st Stream
	st.Add("Hoàng HÒA Mộc")
	tests := []struct {
		word   int
		prefix string
		want   bool
	}{
		{0, "hoà", true}, {0, "hòa", false}, {0, "ho", true}, {0, "hoàng", true}, {0, "hoàngx", false},
		{1, "hòa", true}, {1, "hoa", false}, {2, "mộ", true}, {2, "mô", false}, {2, "", true},
	}
	for _, tt := range tests {
		if got := st.ExactHasPrefix(tt.word, tt.prefix); got != tt.want {
			t.Errorf("ExactHasPrefix(%d, %q) = %v, want %v", tt.word, tt.prefix, got, tt.want)
		}
	}
}

// FuzzStream holds Stream to Tokens on any two texts. Its seeds are those
// of the package's other fuzz targets and the cases above.
func FuzzStream(f *testing.F) {
	for _, s := range append(fuzzCorpus(f), streamCases...) {
		f.Add(s, "Sơn La")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		var st Stream
		checkStream(t, &st, false, a, b)
		checkStream(t, &st, false, b)
	})
}

func BenchmarkStream(b *testing.B) {
	s := paragraph(b)
	var st Stream
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		st.Reset()
		st.Add(s)
	}
}

// TestKnownNFCRune keeps the stream's per-rune test in step with knownNFC.
func TestKnownNFCRune(t *testing.T) {
	for r := rune(0x80); r <= 0x10FFFF; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		if got, want := isKnownNFCRune(r, utf8.RuneLen(r)), knownNFC(string(r)); got != want {
			t.Fatalf("%U: isKnownNFCRune %v, knownNFC %v", r, got, want)
		}
	}
}
