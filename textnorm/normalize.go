package textnorm

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize returns s in NFC with Vietnamese tone marks in one canonical
// placement (case preserved). Every other function of the package works on
// this form, so that composed and decomposed input, and the two tone-mark
// styles, are one text. Byte offsets reported by Tokens refer to it.
//
// The canonical placement is the classic one, the most common in Vietnamese
// news: see the package documentation for the rule. Each run of invalid
// UTF-8 bytes becomes one U+FFFD, which separates words: left in place,
// stray bytes could join with their neighbours into new characters.
func Normalize(s string) string {
	if isASCII(s) {
		return s
	}
	if !knownNFC(s) {
		if !utf8.ValidString(s) {
			s = strings.ToValidUTF8(s, "\uFFFD")
		}
		s = norm.NFC.String(s)
	}
	return placeTones(s)
}

// knownNFC reports whether s is valid UTF-8 made only of runes that are NFC
// whatever surrounds them: ASCII, Latin up to U+02FF (below the combining
// marks), Latin Extended Additional and common punctuation. That is nearly
// all Vietnamese and English text, checked several times faster than
// norm's general quick check. A false answer only means "ask norm".
func knownNFC(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r < 0x300 && size > 1 || r >= extStart && r < extEnd || r >= 0x2002 && r < 0x2070 {
			i += size
			continue
		}
		return false
	}
	return true
}

// Lower returns Normalize(s) lower-cased: the "exact" form compared when a
// term is written with diacritics. It is the case mapping of Token.Exact.
func Lower(s string) string {
	return strings.ToLower(Normalize(s))
}

// Fold returns the accent-folded form of s: Normalize, lower-case, every
// Vietnamese or other Latin diacritic removed, đ/Đ → d. It is what a term
// written without diacritics is compared in, so "son la" finds "Sơn La".
// Separators are kept; combining diacritics left over by NFC are dropped;
// letters of other scripts made of a letter plus such marks fold likewise
// (й → и).
func Fold(s string) string {
	n := Normalize(s)
	if isASCII(n) {
		return strings.ToLower(n)
	}
	return string(appendFold(make([]byte, 0, len(n)), n))
}

// HasDiacritic reports whether s, after Normalize, carries any diacritic
// that Fold would remove: Vietnamese tone marks, circumflex, breve, horn,
// đ, and the other Latin accents (é, ü, ñ …). It is what makes a term exact:
// a user who typed an accent meant that spelling. Only letters and the
// marks on them count, not a stray mark after a space or a symbol. For a term,
// HasDiacritic(s) == CompileTerm(s).Exact().
func HasDiacritic(s string) bool {
	if isASCII(s) {
		return false
	}
	inWord := false // only letters and the marks on them count
	for _, r := range Normalize(s) {
		inWord = isWordStart(r) || inWord && isWordRune(r)
		if inWord && r >= utf8.RuneSelf && foldRune(r) != lowerRune(r) {
			return true
		}
	}
	return false
}

// appendFold appends the folded form of the normalised text s to dst.
func appendFold(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:]) // s is valid: Normalize made it so
		if f := foldRune(r); f >= 0 {
			dst = utf8.AppendRune(dst, f)
		}
		i += size
	}
	return dst
}

// isASCII reports whether s is pure ASCII, eight bytes at a time.
func isASCII(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if x&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
