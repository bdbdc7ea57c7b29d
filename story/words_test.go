package story

import (
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"mediawatch/textnorm"
)

// The signatures as they were computed from textnorm.Tokens, before
// foldedWords: stored signatures must not change, so the new code is
// held to these (FuzzCandidateAsTokens).

func tokensFingerprint(title, text []textnorm.Token) (uint64, int) {
	var acc [64]int32
	n := 0
	for _, toks := range [][]textnorm.Token{title, text} {
		for _, t := range toks {
			if stopWords[t.Folded] {
				continue
			}
			h := mix(hashWord([]byte(t.Folded)))
			for i := range acc {
				acc[i] += int32(h>>i&1)*2 - 1
			}
		}
		n += len(toks)
	}
	var fp uint64
	for i, v := range acc {
		if v > 0 {
			fp |= 1 << i
		}
	}
	return fp, n
}

func tokensSketch(parts ...[]textnorm.Token) Sketch {
	var hs []uint32
	for _, toks := range parts {
		k := min(shingleWords, len(toks))
		for i := 0; k > 0 && i+k <= len(toks); i++ {
			h := uint64(fnvOffset)
			for j, t := range toks[i : i+k] {
				if j > 0 {
					h = (h ^ ' ') * fnvPrime
				}
				for b := 0; b < len(t.Folded); b++ {
					h = (h ^ uint64(t.Folded[b])) * fnvPrime
				}
			}
			hs = append(hs, uint32(mix(h)>>32))
		}
	}
	slices.Sort(hs)
	hs = slices.Compact(hs)
	if len(hs) > SketchSize {
		hs = hs[:SketchSize:SketchSize]
	}
	return Sketch(hs)
}

func tokensTitleKey(toks []textnorm.Token) string {
	if len(toks) < titleMinWords {
		return ""
	}
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Folded)
	}
	return b.String()
}

// checkAsTokens fails unless NewCandidate, Fingerprint, NewSketch and
// TitleKey give what the Tokens-based signatures give.
func checkAsTokens(t *testing.T, title, text string) {
	t.Helper()
	tt, xt := textnorm.Tokens(title), textnorm.Tokens(text)
	fp, n := tokensFingerprint(tt, xt)
	sk, key := tokensSketch(tt, xt), tokensTitleKey(tt)
	c := NewCandidate(7, title, text, time.Time{})
	if c.Fingerprint != fp || c.Words != n || !slices.Equal(c.Sketch, sk) || c.TitleKey != key {
		t.Fatalf("NewCandidate(%q, %q) = fp %#x, %d words, title key %q, sketch %v;\nfrom Tokens: fp %#x, %d words, %q, %v",
			title, text, c.Fingerprint, c.Words, c.TitleKey, c.Sketch, fp, n, key, sk)
	}
	if got := Fingerprint(title, text); got != fp {
		t.Fatalf("Fingerprint = %#x, from Tokens %#x", got, fp)
	}
	if got := NewSketch(title, text); !slices.Equal(got, sk) {
		t.Fatalf("NewSketch = %v, from Tokens %v", got, sk)
	}
	if got := TitleKey(title); got != key {
		t.Fatalf("TitleKey = %q, from Tokens %q", got, key)
	}
}

// TestSignaturesAsTokens: long texts (more shingles than a sketch keeps,
// more words than one count of the fingerprint's lanes, repeated shingles)
// sign as they did.
func TestSignaturesAsTokens(t *testing.T) {
	var long strings.Builder
	for i := range 900 {
		long.WriteString([]string{"Sơn La ", "thủy điện ", "mưa lớn, ", "the dam ", "Mường La ", "đồi "}[i%6])
		long.WriteString(strings.Repeat("x", i%7))
		long.WriteString(" ")
	}
	for _, tc := range [][2]string{
		{"", ""},
		{"Sơn La", ""},
		{"", "Đập thủy điện Sơn La hoạt động bình thường."},
		{"Một hai ba bốn năm sáu", long.String()},
		{long.String(), long.String()},
		{strings.Repeat("của và là ", 300), strings.Repeat("Sơn La ", 600)},
		{norm.NFD.String("Mận hậu Mộc Châu vào vụ thu hoạch"), "hoà thuỷ khoẻ \xff\u0301x"},
	} {
		checkAsTokens(t, tc[0], tc[1])
	}
}

// FuzzCandidateAsTokens holds the signatures to those computed from
// textnorm.Tokens, on any input.
func FuzzCandidateAsTokens(f *testing.F) {
	for _, s := range signatureSeeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(checkAsTokens)
}
