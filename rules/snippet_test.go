package rules

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"mediawatch/textnorm"
)

// snippetRef is the plain definition of Snippet — rune by rune with the
// standard library's decoding and unicode.IsSpace — that the faster
// Snippet is held to.
func snippetRef(text string, at int) string {
	at = max(0, min(at, len(text)))
	start := at
	for n := 0; start > 0 && n < snippetBefore; n++ {
		_, size := utf8.DecodeLastRuneInString(text[:start])
		start -= size
	}
	if r, _ := utf8.DecodeLastRuneInString(text[:start]); start > 0 && !unicode.IsSpace(r) { // not inside a word
		if i := strings.IndexFunc(text[start:at], unicode.IsSpace); i >= 0 {
			start += i
		} else {
			start = at
		}
	}
	end := start
	for n := 0; end < len(text) && n < SnippetLen; n++ {
		_, size := utf8.DecodeRuneInString(text[end:])
		end += size
	}
	if end < len(text) { // end before a space, not inside a word
		if i := strings.LastIndexFunc(text[at:end], unicode.IsSpace); i > 0 {
			end = at + i
		}
	}
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	space, wrote := false, false
	for _, r := range text[start:end] {
		if unicode.IsSpace(r) {
			space = wrote
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
		wrote = true
	}
	if end < len(text) {
		b.WriteString("…")
	}
	return b.String()
}

// snippetPieces are what texts of TestSnippetAgrees are made of: words,
// ASCII and Unicode white space, invalid UTF-8 and U+FFFD itself.
var snippetPieces = []string{"Sơn", "La", "lũ", "a", "thủy", " ", "  ", "\n", "\t", "\r\n", "\u00a0", "\u3000",
	"\u2028", "\u0085", "\u1680", "\u200a", "\u205f", "\xff", "\xe1\xbb", "\xc3", "\xed\xa0\x80", "\xe0\x80\x80",
	"\xe0\xa4\x85", "\ufffd", ".", "…", "Nguyễn", "😀", "\xf0\x9f", "Ớ", "Ú", "“", "–", "«", "©", "ぁ", "\x01",
	"\x7f", " ", " ", "thuỷ điện Sơn La "}

// TestSnippetAgrees holds Snippet to snippetRef on generated texts and
// every offset, odd ones (inside a character) included.
func TestSnippetAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		var b strings.Builder
		for range r.IntN(200) {
			b.WriteString(snippetPieces[r.IntN(len(snippetPieces))])
		}
		text := b.String()
		for at := -1; at <= len(text)+1; at += 1 + r.IntN(7) {
			if got, want := Snippet(text, at), snippetRef(text, at); got != want {
				t.Fatalf("Snippet(%q, %d) = %q, want %q", text, at, got, want)
			}
		}
	}
}

// TestSnippetNFCAgrees holds snippetNFC, Snippet for known NFC text, to
// snippetRef on generated known NFC texts — long enough for every path,
// and with the bytes it treats specially (C2, E2) inside and outside
// white space — at every offset.
func TestSnippetNFCAgrees(t *testing.T) {
	var pieces []string
	for _, p := range snippetPieces {
		if knownNFC(p) {
			pieces = append(pieces, p)
		}
	}
	if len(pieces) < 20 {
		t.Fatalf("only %d known NFC pieces", len(pieces))
	}
	r := rand.New(rand.NewPCG(3, 4))
	for n := range 3000 {
		var b strings.Builder
		for range r.IntN(400) {
			if n%2 == 0 && r.IntN(4) > 0 { // mostly words and single spaces, as in news text
				b.WriteString([]string{"Sơn", "La", "thủy", "điện", "the", "a", " "}[r.IntN(7)])
				continue
			}
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		text := b.String()
		for at := -1; at <= len(text)+1; at += 1 + r.IntN(5) {
			if got, want := snippetNFC(text, at), snippetRef(text, at); got != want {
				t.Fatalf("snippetNFC(%q, %d) = %q, want %q", text, at, got, want)
			}
		}
	}
}

// FuzzSnippet holds Snippet to snippetRef on any text and offset, and to
// valid UTF-8 of bounded length; and snippetNFC too on known NFC text.
func FuzzSnippet(f *testing.F) {
	f.Add("Sơn La  mưa\nlớn", 4)
	f.Add("a\xffb\u00a0c \u3000 d", 2)
	f.Add(strings.Repeat("từ ", 150), 300)
	f.Fuzz(func(t *testing.T, text string, at int) {
		got, want := Snippet(text, at), snippetRef(text, at)
		if got != want {
			t.Fatalf("Snippet(%q, %d) = %q, want %q", text, at, got, want)
		}
		if knownNFC(text) {
			if v := snippetNFC(text, at); v != want {
				t.Fatalf("snippetNFC(%q, %d) = %q, want %q", text, at, v, want)
			}
		}
		if !utf8.ValidString(got) || utf8.RuneCountInString(got) > SnippetLen+2 {
			t.Fatalf("Snippet(%q, %d) = %q: invalid or longer than %d characters", text, at, got, SnippetLen+2)
		}
	})
}

// BenchmarkSnippet makes snippets of the demo site's articles at every
// tenth word, as flags do: snippetNFC for known NFC text, and Snippet.
func BenchmarkSnippet(b *testing.B) {
	files, err := filepath.Glob("../demo/site/*.txt")
	if err != nil || len(files) < 4 {
		b.Fatalf("demo fixtures: %v (%d files)", err, len(files))
	}
	type at struct {
		text string
		at   int
	}
	var ats []at
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		text := textnorm.Normalize(string(data))
		if !knownNFC(text) {
			b.Fatalf("%s is not known NFC: snippetNFC is not for it", f)
		}
		for k, w := range textnorm.Tokens(text) {
			if k%10 == 0 {
				ats = append(ats, at{text, w.Start})
			}
		}
	}
	for _, f := range []struct {
		name string
		fn   func(string, int) string
	}{{"nfc", snippetNFC}, {"any", Snippet}} {
		b.Run(f.name, func(b *testing.B) {
			for b.Loop() {
				for _, a := range ats {
					f.fn(a.text, a.at)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ats)), "ns/snippet")
		})
	}
}

// knownNFC reports whether the stream takes s as known NFC, the texts
// snippetNFC is for.
func knownNFC(s string) bool {
	var st textnorm.Stream
	st.Add(s)
	return st.KnownNFC(0)
}
