package textnorm

import (
	"os"
	"strings"
	"testing"
)

// paragraph loads the ~5 KB Vietnamese benchmark text.
func paragraph(b *testing.B) string {
	data, err := os.ReadFile("testdata/paragraph-vi.txt")
	if err != nil {
		b.Fatal(err)
	}
	return string(data)
}

func BenchmarkTokens(b *testing.B) {
	s := paragraph(b)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		Tokens(s)
	}
}

func BenchmarkFold(b *testing.B) {
	s := paragraph(b)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		Fold(s)
	}
}

func BenchmarkNormalize(b *testing.B) {
	for _, bc := range []struct{ name, s string }{
		{"nfc", paragraph(b)},
		{"nfd", nfd(paragraph(b))},
		{"ascii", strings.Repeat("Son La province is in the northwest. ", 140)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.s)))
			b.ReportAllocs()
			for b.Loop() {
				Normalize(bc.s)
			}
		})
	}
}

// BenchmarkMentions runs the default watch list over the paragraph: "hit"
// stops at the first mention, "miss" (the place renamed) scans every word.
func BenchmarkMentions(b *testing.B) {
	w, err := NewWatchlist(defaultWatch)
	if err != nil {
		b.Fatal(err)
	}
	s := paragraph(b)
	for _, bc := range []struct{ name, lang, s string }{
		{"hit", "vi", s},
		{"miss", "vi", strings.ReplaceAll(s, "Sơn La", "Lai Châu")},
		{"miss-en-term-active", "en", strings.ReplaceAll(s, "Sơn La", "Lai Châu")},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.s)))
			b.ReportAllocs()
			for b.Loop() {
				w.Mentions(bc.lang, bc.s)
			}
		})
	}
}

func BenchmarkDetectLang(b *testing.B) {
	s := paragraph(b)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		DetectLang(s)
	}
}
