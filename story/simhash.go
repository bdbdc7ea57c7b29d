package story

import "math/bits"

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
	return withWords(title, text, func(w *foldedWords) uint64 {
		fp, _ := fingerprint(w)
		return fp
	})
}

// fingerprint returns the SimHash of the words of title and text and the
// number of words (stop words included) it was computed from.
//
// It counts each bit of the words' hashes eight at a time: a hash's
// eight bytes each add a table entry that holds a byte's eight bits one to
// a byte, so one sum counts up to 255 words for eight bits (it added to
// 64 counters a word).
func fingerprint(w *foldedWords) (uint64, int) {
	var ones [64]int // words with bit i set
	var lanes [8]uint64
	counted, inLanes := 0, 0
	flush := func() {
		for b, l := range lanes {
			for k := range 8 {
				ones[8*b+k] += int(l >> (8 * k) & 0xff)
			}
		}
		lanes = [8]uint64{}
		inLanes = 0
	}
	for _, ws := range w.parts() {
		for i := range ws {
			word := w.bytes(ws, i, i+1)
			if stopWords[string(word)] {
				continue
			}
			h := mix(hashWord(word))
			for b := range lanes {
				lanes[b] += spread[h>>(8*b)&0xff]
			}
			counted++
			if inLanes++; inLanes == 255 {
				flush()
			}
		}
	}
	flush()
	var fp uint64
	for i, n := range ones {
		if 2*n > counted { // more of the words have bit i set than not
			fp |= 1 << i
		}
	}
	return fp, len(w.spans)
}

// spread[x] holds bit k of x in its byte k.
var spread = func() (t [256]uint64) {
	for x := range t {
		for k := range 8 {
			t[x] |= uint64(x>>k&1) << (8 * k)
		}
	}
	return t
}()

// hashWord is FNV-1a over the bytes of w.
func hashWord(w []byte) uint64 {
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
	return withWords(title, "", titleKey)
}

// titleKey returns the title key of w's title.
func titleKey(w *foldedWords) string {
	ws := w.parts()[0]
	if len(ws) < titleMinWords {
		return ""
	}
	return string(w.bytes(ws, 0, len(ws)))
}
