package story

import (
	"math/bits"
	"strings"

	"mediawatch/textnorm"
)

// titleMinWords is the fewest words a title needs to be grouped on by
// itself: shorter titles ("Tin vắn", "Thời sự", "Giá vàng hôm nay") are
// reused by unrelated articles.
const titleMinWords = 5

// FNV-1a (64-bit) parameters. The hash is fixed by its specification, so a
// fingerprint computed today equals one computed by any later version: it is
// stored, and must be.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// Fingerprint returns the 64-bit SimHash of an item's title and text, or 0
// when they have no word outside the stop list.
//
// The features are the words of title and text (shingles of one word), in
// the folded form of package textnorm — NFC, lower case, diacritics
// removed, đ → d — so that a copy whose accents were stripped, or whose case
// or Unicode form differs, has the same fingerprint. Every occurrence
// counts once, so a word used often weighs more. The most frequent words of
// Vietnamese and English news (StopWords) are left out: they are in every
// text and only pull unrelated texts together. Each word is hashed with
// FNV-1a, then mixed with the murmur3 finaliser so that every bit is a fair
// coin; bit i of the result is set when more of the features have bit i set
// than not.
//
// Single words and not the usual 3-word shingles, because bench/story
// measured them better for this use: a substituted word changes one feature
// instead of three, so light rewrites stay within a small MaxDistance, while
// different articles on one subject stay as far apart (BENCHMARKS.md,
// issue 5). Fingerprints are stored: the words, the folding, the stop list
// and the hash must not change without recomputing every stored fingerprint.
func Fingerprint(title, text string) uint64 {
	fp, _ := fingerprint(textnorm.Tokens(title), textnorm.Tokens(text))
	return fp
}

// fingerprint returns the SimHash of the words of title and text and the
// number of words (stop words included) it was computed from.
func fingerprint(title, text []textnorm.Token) (uint64, int) {
	var acc [64]int32
	n := addWords(&acc, title)
	n += addWords(&acc, text)
	var fp uint64
	for i, v := range acc {
		if v > 0 {
			fp |= 1 << i
		}
	}
	return fp, n
}

// addWords adds every word of toks outside the stop list to the bit
// counters and returns the number of words.
func addWords(acc *[64]int32, toks []textnorm.Token) int {
	for _, t := range toks {
		if stopWords[t.Folded] {
			continue
		}
		h := mix(hashWord(t.Folded))
		for i := range acc {
			acc[i] += int32(h>>i&1)*2 - 1
		}
	}
	return len(toks)
}

// hashWord is FNV-1a over the bytes of w.
func hashWord(w string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(w); i++ {
		h ^= uint64(w[i])
		h *= fnvPrime
	}
	return h
}

// mix is the murmur3 64-bit finaliser. FNV-1a alone leaves its high bits
// poorly mixed for short inputs; SimHash needs all 64 bits to be fair.
func mix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// Distance returns the Hamming distance between two fingerprints: the
// number of bits in which they differ, 0 to 64.
func Distance(a, b uint64) int {
	return bits.OnesCount64(a ^ b)
}

// TitleKey returns the form of a title that "identical titles" compares:
// its words in the folded form of package textnorm joined by single spaces,
// so that case, accents, Unicode form, punctuation and spacing do not
// matter ("Sơn La: mận vào vụ!" and "SON LA - MAN VAO VU" have one key). It
// returns "" for a title of fewer than five words, too generic to say that
// two items carry one story.
func TitleKey(title string) string {
	return titleKey(textnorm.Tokens(title))
}

func titleKey(toks []textnorm.Token) string {
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
