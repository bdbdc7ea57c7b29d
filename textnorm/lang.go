package textnorm

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Language guesses returned by DetectLang, named so that callers compare
// against constants rather than repeating strings.
const (
	// LangVietnamese is Vietnamese, with or without diacritics.
	LangVietnamese = "vi"
	// LangEnglish is English.
	LangEnglish = "en"
	// LangOther is any other language or script.
	LangOther = "other"
)

// detectMaxWords bounds the work DetectLang does on long texts: a few
// hundred words decide any language it knows.
const detectMaxWords = 400

// DetectLang guesses the language of s: "vi", "en", "other", or "" when
// there is too little text to tell (fewer than three words, or no word that
// speaks for any language). It exists so that a source without a language
// hint still gets the right watch terms (see Watchlist.Mentions); it is a
// heuristic, without dependencies or models:
//
//   - letters only Vietnamese uses (ă, ơ, ư, đ, hook and dot-below tones,
//     tones on â/ê/ô …) in at least a tenth of the words mean "vi";
//   - otherwise frequent function words vote: English ("the", "of", "is" …),
//     other European languages ("el", "der", "est" …, and letters such as ñ,
//     ü, ß) and Vietnamese typed without accents ("khong", "nguoi", "duoc" …);
//   - text mostly in a non-Latin script is "other".
func DetectLang(s string) string {
	return DetectLangNormal(Normalize(s))
}

// DetectLangNormal is DetectLang of texts already normalised (what
// Normalize returns) and read one after the other, as if joined by line
// breaks: the pipeline's title and text, which it has normalised, without
// a second pass over them or a copy of both.
func DetectLangNormal(texts ...string) string {
	var c langCounts
	var buf [32]byte
	for _, s := range texts {
		it := words{s: s}
		for c.words < detectMaxWords {
			start, end, ok := it.next()
			if !ok {
				break
			}
			c.add(it.s[start:end], buf[:0])
		}
	}
	return c.decide()
}

// langCounts holds the evidence DetectLang gathers, word by word.
type langCounts struct {
	words    int
	viLetter int // words with a letter only Vietnamese uses
	nonLatin int // words in a script other than Latin
	en       int // English function words
	other    int // other European function words or letters
	viPlain  int // unaccented Vietnamese syllables
}

func (c *langCounts) add(w string, buf []byte) {
	c.words++
	if !isASCII(w) {
		switch letterClass(w) {
		case classVi:
			c.viLetter++
			return
		case classForeign:
			c.other++
			return
		case classNonLatin:
			c.nonLatin++
			return
		}
	}
	if len(w) > cap(buf) {
		return
	}
	for _, r := range w {
		buf = utf8.AppendRune(buf, lowerRune(r))
	}
	// Indexing with string(buf) does not allocate.
	switch {
	case enWords[string(buf)]:
		c.en++
	case otherWords[string(buf)]:
		c.other++
	case viPlainWords[string(buf)]:
		c.viPlain++
	}
}

func (c *langCounts) decide() string {
	switch {
	case c.words < 3:
		return ""
	case c.nonLatin*2 > c.words:
		return LangOther
	case c.viLetter >= 2 && c.viLetter*10 >= c.words:
		return LangVietnamese
	}
	best, lang := 0, ""
	for _, v := range []struct {
		n    int
		lang string
	}{{c.en, LangEnglish}, {c.other, LangOther}, {c.viPlain, LangVietnamese}} {
		if v.n > best {
			best, lang = v.n, v.lang
		}
	}
	if best == 0 || best*20 < c.words {
		if c.nonLatin > 0 || c.other > 0 {
			return LangOther
		}
		return ""
	}
	return lang
}

// Letter classes of a non-ASCII word, strongest evidence first.
const (
	classNone     = iota
	classVi       // a letter only Vietnamese uses
	classForeign  // a Latin letter Vietnamese does not use (ñ, ü, ß, ç …)
	classNonLatin // a letter of another script
)

func letterClass(w string) int {
	class := classNone
	for _, r := range w {
		if r < utf8.RuneSelf {
			continue
		}
		if viOnly(r) {
			return classVi
		}
		switch {
		case vowelOf(r).base != 0:
		case r < latinEnd || r >= extStart && r < extEnd:
			if unicode.IsLetter(r) {
				class = classForeign
			}
		case unicode.IsLetter(r) && class == classNone:
			class = classNonLatin
		}
	}
	return class
}

// viOnly reports whether r is a letter that, among languages written in the
// Latin alphabet, practically only Vietnamese uses.
func viOnly(r rune) bool {
	if r == 'đ' || r == 'Đ' {
		return true
	}
	v := vowelOf(r)
	switch {
	case v.base == 0:
		return false
	case v.base == bAw || v.base == bOw || v.base == bUw:
		return true
	case v.tone == 3 || v.tone == 5: // hook above, dot below
		return true
	case v.tone == 4: // tilde: ã õ are Portuguese too
		return v.base != bA && v.base != bO
	case v.base == bAa || v.base == bEe || v.base == bOo:
		return v.tone != 0 // French has â ê ô, but not with a tone
	case v.base == bY:
		return v.tone != 0 && v.tone != 2
	}
	return false
}

func wordSet(s string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// Function-word lists. A word belongs to one list only: ambiguous words
// ("la", "de", "in", "a") are left out or given to the language that uses
// them most.
var (
	enWords = wordSet(`the of and to is that for it was on with as by at from he be are has
		have said its this were which will not but had been they his their would or who
		more after also we you she her there than can about up out new one two into over
		our what when all year years could been should last first people may these those
		i government million percent company told s inc corp co ltd vs net shr cts qtr div
		pay record prior profit loss sales revs mln dlrs pct billion quarter share shares
		stock market price prices oil trade dividend report reported minister official
		week month today per cent january february march april june july august
		september october november december monday tuesday wednesday thursday friday
		saturday sunday`)
	otherWords = wordSet(`el los las del que y en un una por para es al lo como más pero sus
		le les des et est du une pour dans qui pas sur au ce il elle ne sont avec nous
		der die das und ist ein eine zu den mit von sich nicht auch im dem auf für wird
		che di per non sono della degli gli della não em uma ao os na um é och att är
		het een van niet`)
	viPlainWords = wordSet(`khong nguoi duoc nhung cua nhieu cac mot voi nay den theo tai khi
		ngay tinh cung nhu thi ve va trong cho nam viec thanh chinh phai minh cong hien
		nuoc lam nhan hanh quan truong dong bao ong vao dang dia biet cuoc toi chung sau
		tren duoi giua xa huyen ubnd dieu`)
)
