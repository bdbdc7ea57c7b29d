package textnorm

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Vowel bases, in the order of the rows of viVowels. Zero means "not a
// Vietnamese vowel", so the zero vowel value is a safe "no" answer.
const (
	bA     = iota + 1 // a
	bAw               // ă
	bAa               // â
	bE                // e
	bEe               // ê
	bI                // i
	bO                // o
	bOo               // ô
	bOw               // ơ
	bU                // u
	bUw               // ư
	bY                // y
	nBases = bY
)

// viVowels lists every Vietnamese vowel letter, one row per base, one column
// per tone: none, grave (huyền), acute (sắc), hook (hỏi), tilde (ngã), dot
// below (nặng). Upper-case forms are derived with unicode.ToUpper.
var viVowels = [nBases]string{
	"aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "eèéẻẽẹ", "êềếểễệ", "iìíỉĩị",
	"oòóỏõọ", "ôồốổỗộ", "ơờớởỡợ", "uùúủũụ", "ưừứửữự", "yỳýỷỹỵ",
}

// vowel describes one precomposed Vietnamese vowel rune, so that the tone
// rule can move a tone mark without decomposing text.
type vowel struct {
	base  uint8 // bA … bY, 0 when the rune is not a Vietnamese vowel
	tone  uint8 // 0 none, 1 grave, 2 acute, 3 hook, 4 tilde, 5 dot below
	upper bool
}

// Ranges covered by the rune tables: Latin (ASCII to Latin Extended-B and
// IPA) and Latin Extended Additional, where all Vietnamese letters live.
const (
	latinEnd = 0x250
	extStart = 0x1E00
	extEnd   = 0x1F00
)

// runeInfo is everything the package asks about a rune of the covered
// ranges, precomputed so that Vietnamese text needs no Unicode table search.
type runeInfo struct {
	lower rune // unicode.ToLower
	fold  rune // foldRune
	v     vowel
	word  bool // a letter or digit
}

var (
	latinInfo [latinEnd]runeInfo
	extInfo   [extEnd - extStart]runeInfo
	// compose[base][tone][upper] is the precomposed rune.
	compose [nBases + 1][6][2]rune
)

func init() {
	for r := rune(0); r < latinEnd; r++ {
		latinInfo[r] = computeInfo(r)
	}
	for r := rune(extStart); r < extEnd; r++ {
		extInfo[r-extStart] = computeInfo(r)
	}
	for b, row := range viVowels {
		t := 0
		for _, r := range row {
			up := unicode.ToUpper(r)
			info(r).v = vowel{uint8(b + 1), uint8(t), false}
			info(up).v = vowel{uint8(b + 1), uint8(t), true}
			compose[b+1][t][0], compose[b+1][t][1] = r, up
			t++
		}
	}
}

func computeInfo(r rune) runeInfo {
	fold := unicode.ToLower(r)
	if f := tableFold(r); f != 0 {
		fold = f
	}
	return runeInfo{lower: unicode.ToLower(r), fold: fold, word: unicode.IsLetter(r) || unicode.IsDigit(r)}
}

// covered reports whether r has a runeInfo entry.
func covered(r rune) bool {
	return r < latinEnd || r >= extStart && r < extEnd
}

// info returns the table entry of r, which must be covered.
func info(r rune) *runeInfo {
	if r < latinEnd {
		return &latinInfo[r]
	}
	return &extInfo[r-extStart]
}

// vowelOf returns what the tone rule needs to know about r.
func vowelOf(r rune) vowel {
	if covered(r) {
		return info(r).v
	}
	return vowel{}
}

// tableFold computes the folded form of a letter of the covered ranges.
func tableFold(r rune) rune {
	if !unicode.IsLetter(r) {
		return 0
	}
	switch r {
	case 'đ', 'Đ':
		return 'd'
	case 'ø', 'Ø':
		return 'o'
	case 'ł', 'Ł':
		return 'l'
	}
	return decomposeFold(unicode.ToLower(r))
}

// decomposeFold returns the base letter of r when r's canonical
// decomposition is one letter plus diacritics, and r itself otherwise (a
// Hangul syllable, say, decomposes into several letters and is kept whole).
func decomposeFold(r rune) rune {
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	d := norm.NFD.Properties(buf[:n]).Decomposition()
	if d == nil {
		return r
	}
	base := rune(-1)
	for len(d) > 0 {
		c, size := utf8.DecodeRune(d)
		d = d[size:]
		if isDiacritic(c) {
			continue
		}
		if base >= 0 {
			return r
		}
		base = c
	}
	if base < 0 {
		return r
	}
	return unicode.ToLower(base)
}

// isDiacritic reports whether r is a combining mark from one of the
// "combining diacritical marks" blocks: the accents Fold removes. Other
// combining marks (Indic vowel signs, say) carry meaning and are kept.
func isDiacritic(r rune) bool {
	switch {
	case r < 0x300:
		return false
	case r <= 0x36F, // Combining Diacritical Marks
		r >= 0x1AB0 && r <= 0x1AFF, // … Extended
		r >= 0x1DC0 && r <= 0x1DFF, // … Supplement
		r >= 0x20D0 && r <= 0x20FF, // … for Symbols
		r >= 0xFE20 && r <= 0xFE2F: // Combining Half Marks
		return true
	}
	return false
}

// foldRune returns the accent-folded, lower-case form of r, or -1 when r is a
// diacritic that folding drops.
func foldRune(r rune) rune {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	case covered(r):
		return info(r).fold
	case isDiacritic(r):
		return -1
	case !unicode.IsLetter(r):
		return unicode.ToLower(r) // symbols such as ΅ keep their accents
	}
	return decomposeFold(unicode.ToLower(r))
}

// lowerRune is unicode.ToLower with fast paths; it is the one case mapping
// used for the exact form, so Lower and Token.Exact agree.
func lowerRune(r rune) rune {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	case covered(r):
		return info(r).lower
	}
	return unicode.ToLower(r)
}

// asciiWord marks the ASCII bytes that belong to words: letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	return t
}()

// isWordStart reports whether r can begin a word: a letter or a decimal digit.
func isWordStart(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWord[r]
	}
	if covered(r) {
		return info(r).word
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// isWordRune reports whether r continues a word: a letter, a digit or a
// combining mark (a mark that NFC could not compose stays with its letter).
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWord[r]
	}
	if covered(r) {
		return info(r).word
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}
