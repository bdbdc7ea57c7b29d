package rules

import (
	"math/bits"
	"strings"
	"unicode/utf8"
)

// Snippet geometry, in characters (runes): about SnippetLen characters of
// text, starting up to snippetBefore characters before the first match.
const (
	SnippetLen    = 200
	snippetBefore = 60
)

// Snippet returns about SnippetLen characters of text around byte offset
// at, cut on word boundaries, with white space collapsed and "…" where
// text was cut: plain text, never HTML. Invalid UTF-8 becomes U+FFFD.
func Snippet(text string, at int) string {
	at = max(0, min(at, len(text)))
	start, end, from, plain := snippetSpan(text, at)
	if plain { // the span as it is: no white space to collapse, nothing invalid
		s := text[from:end]
		if start > 0 {
			s = "…" + s
		}
		if end < len(text) {
			s += "…"
		}
		return s
	}
	var b strings.Builder
	b.Grow(end - start + 2*len("…"))
	if start > 0 {
		b.WriteString("…")
	}
	// text[run:i] is written as it is when a character that is not (white
	// space, then the space kept of it, or invalid UTF-8) ends it.
	space, wrote, run := false, false, start
	for i := start; i < end; {
		switch c := text[i]; { // most characters: neither white space nor invalid
		case c < utf8.RuneSelf && !asciiSpace[c]:
			i++
			continue
		case c >= 0xC3 && c < 0xE0 && i+1 < end && text[i+1]&0xC0 == 0x80: // U+00C0 to U+07FF
			i += 2
			continue
		case c == 0xE1 && i+2 < end && text[i+1]&0xFE == 0xBA && text[i+2]&0xC0 == 0x80: // U+1E80 to U+1EFF
			i += 3
			continue
		}
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = decodeRune(text[:end], i)
		}
		single := r == ' ' && i > run && i+1 < end && !isSpaceAt(text[:end], i+1)
		if !single && (isSpace(r) || r == utf8.RuneError && size == 1) {
			if run < i {
				if space {
					b.WriteByte(' ')
				}
				b.WriteString(text[run:i])
				space, wrote = false, true
			}
			if isSpace(r) {
				space = wrote
			} else {
				if space {
					b.WriteByte(' ')
					space = false
				}
				b.WriteRune(r)
				wrote = true
			}
			run = i + size
		}
		i += size
	}
	if run < end {
		if space {
			b.WriteByte(' ')
		}
		b.WriteString(text[run:end])
	}
	if end < len(text) {
		b.WriteString("…")
	}
	return b.String()
}

// asciiSpace holds the ASCII characters unicode.IsSpace accepts.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// isSpace is unicode.IsSpace: the White_Space characters.
func isSpace(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return r == ' ' || r >= '\t' && r <= '\r'
	case r < 0x1680:
		return r == 0x85 || r == 0xA0
	}
	return r == 0x1680 || r >= 0x2000 && r <= 0x200A || r == 0x2028 || r == 0x2029 || r == 0x202F || r == 0x205F || r == 0x3000
}

// isSpaceAt reports whether the character at byte i of s is white space.
func isSpaceAt(s string, i int) bool {
	if s[i] < utf8.RuneSelf {
		return isSpace(rune(s[i]))
	}
	r, _ := decodeRune(s, i)
	return isSpace(r)
}

// decodeRune is utf8.DecodeRuneInString(s[i:]), with the two-byte and the
// three-byte forms (Vietnamese letters) inline.
func decodeRune(s string, i int) (rune, int) {
	if i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
		c := s[i]
		switch {
		case c >= 0xC2 && c < 0xE0:
			return rune(c&0x1F)<<6 | rune(s[i+1]&0x3F), 2
		case c >= 0xE1 && c < 0xF0 && c != 0xED && i+2 < len(s) && s[i+2]&0xC0 == 0x80:
			return rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F), 3
		}
	}
	return utf8.DecodeRuneInString(s[i:])
}

// lastRuneSize is the size utf8.DecodeLastRuneInString(s) returns, with
// the two-byte and three-byte forms inline.
func lastRuneSize(s string) int {
	n := len(s)
	switch {
	case s[n-1] < utf8.RuneSelf:
		return 1
	case s[n-1]&0xC0 != 0x80:
	case n >= 2 && s[n-2] >= 0xC2 && s[n-2] < 0xE0:
		return 2
	case n >= 3 && s[n-2]&0xC0 == 0x80 && s[n-3] >= 0xE1 && s[n-3] < 0xF0 && s[n-3] != 0xED:
		return 3
	}
	_, size := utf8.DecodeLastRuneInString(s)
	return size
}

// notInWord moves start, a character start at or before at, forward to
// the first white space in text[start:at] (or to at) when it is inside a
// word: a snippet does not begin with part of one.
func notInWord(text string, start, at int) int {
	if start == 0 || isSpaceAt(text, start-lastRuneSize(text[:start])) {
		return start
	}
	if i := strings.IndexFunc(text[start:at], isSpace); i >= 0 {
		return start + i
	}
	return at
}

// snippetSpan returns the bytes of text a snippet around at shows: from up
// to snippetBefore characters before at, not inside a word, to about
// SnippetLen characters on, before a space. The scan that finds the end
// also tells whether text[from:end] is the snippet as it is (plain): from
// is start, or start+1 past a leading space, and the span is valid UTF-8
// whose only white space is single spaces between other characters.
func snippetSpan(text string, at int) (start, end, from int, plain bool) {
	start = at
	for n := 0; start > 0 && n < snippetBefore; n++ {
		start -= lastRuneSize(text[:start])
	}
	start = notInWord(text, start, at)
	from = start
	if start < len(text) && text[start] == ' ' {
		from++
	}
	// odd is the first byte from which the span is not plain; lastSpace
	// the last white space after at.
	odd, lastSpace, invalid, prevSpace := len(text), -1, false, false
	end = start
	for n := 0; end < len(text) && n < SnippetLen; n++ {
		c := text[end]
		switch {
		case c < utf8.RuneSelf:
			space := asciiSpace[c]
			if space {
				if end > at {
					lastSpace = end
				}
				if prevSpace { // a space and then more white space
					odd = min(odd, end-1)
				}
				if c != ' ' {
					odd = min(odd, end)
				}
			}
			prevSpace = space
			end++
			continue
		case c >= 0xC3 && c < 0xE0 && end+1 < len(text) && text[end+1]&0xC0 == 0x80: // U+00C0 to U+07FF
			end += 2
		case c == 0xE1 && end+2 < len(text) && text[end+1]&0xFE == 0xBA && text[end+2]&0xC0 == 0x80: // U+1E80 to U+1EFF
			end += 3
		default:
			r, size := decodeRune(text, end)
			if r == utf8.RuneError && size == 1 {
				invalid = true
			}
			if isSpace(r) {
				if end > at {
					lastSpace = end
				}
				if prevSpace {
					odd = min(odd, end-1)
				}
				odd = min(odd, end)
			}
			end += size
		}
		prevSpace = false
	}
	if end < len(text) { // end before a space, not inside a word
		if invalid { // backwards, invalid UTF-8 may decode otherwise
			if i := strings.LastIndexFunc(text[at:end], isSpace); i > 0 {
				end = at + i
			}
		} else if lastSpace >= 0 {
			end = lastSpace
		}
	}
	plain = !invalid && odd >= end && from <= end && (from == end || text[end-1] != ' ')
	return start, end, from, plain
}

// snippetNFC is Snippet of text that textnorm.Stream reports KnownNFC —
// valid UTF-8 of runes NFC whatever surrounds them, known at no cost for
// the fields of an item — eight bytes at a time: a flag's snippet was a
// tenth of matching an item with 10,000 rules when made character by
// character. Characters are counted as the bytes that start one, and
// white space is looked for only at the bytes that can start it in such
// text (the ASCII ones up to the space, C2 for U+0085 and U+00A0, E2 for
// U+2002 to U+205F; the others are not known NFC); each candidate is then
// checked exactly.
func snippetNFC(text string, at int) string {
	at = max(0, min(at, len(text)))
	if at < len(text) && !utf8.RuneStart(text[at]) { // inside a character
		return Snippet(text, at)
	}
	start := notInWord(text, backRunes(text, at, snippetBefore), at)
	// The span without its leading white space, which the snippet drops.
	from := skipSpace(text, start)
	// Counting the span's characters also finds, in most snippets, the
	// first white space to collapse from, or that there is none.
	end, odd, checked := forwardRunesOdd(text, start, SnippetLen, from)
	if end < len(text) { // end before white space after at, not inside a word
		if i := lastSpace(text, at+1, end); i >= 0 {
			end = i
		}
	}
	from = min(from, end)
	to := end // and without its trailing white space
	for to > from {
		size := lastRuneSize(text[:to])
		if ok, _ := spaceAt(text, to-size); !ok {
			break
		}
		to -= size
	}
	prefix, suffix := "", ""
	if start > 0 {
		prefix = "…"
	}
	if end < len(text) {
		suffix = "…"
	}
	switch {
	case odd >= to:
		odd = to
	case odd < 0: // not found in the bytes looked at while counting
		odd = nextOdd(text, from, max(from, min(checked, to)), to)
	}
	if odd == to { // no white space to collapse: the span as it is
		return prefix + text[from:to] + suffix
	}
	var b strings.Builder
	b.Grow(len(prefix) + to - from + len(suffix))
	b.WriteString(prefix)
	for i := from; ; {
		b.WriteString(text[i:odd])
		if odd == to {
			break
		}
		odd = skipSpace(text, odd) // the run of white space, then one space for it
		b.WriteByte(' ')
		i, odd = odd, nextOdd(text, odd, odd, to)
	}
	b.WriteString(suffix)
	return b.String()
}

// Eight-byte words of text, little-endian: byte k of a word is bits 8k to
// 8k+7, and masks hold the top bit of each byte they pick.
const (
	ones = 0x0101010101010101
	tops = 0x8080808080808080
	lows = 0x7F7F7F7F7F7F7F7F
)

// word8 returns bytes i to i+7 of s as a little-endian word.
func word8(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// runeStarts picks the bytes of x that start a character: all but the
// continuation bytes (10xxxxxx).
func runeStarts(x uint64) uint64 { return tops &^ (x &^ (x << 1)) }

// bytesEq picks the bytes of x equal to c.
func bytesEq(x uint64, c byte) uint64 {
	y := x ^ ones*uint64(c)
	return tops &^ ((y&lows + lows) | y)
}

// spaceCands picks the bytes of x that white space may start at in known
// NFC text: ASCII up to the space, and C2 and E2 (one test: they differ
// only in bit 5).
func spaceCands(x uint64) uint64 {
	return tops&^(x&lows+ones*(0x80-0x21))&^x | bytesEq(x|ones*0x20, 0xE2)
}

// isCand reports whether spaceCands picks byte c.
func isCand(c byte) bool { return spaceCands(uint64(c))&0x80 != 0 }

// spaceAt reports whether a white space character starts at byte i of
// valid UTF-8 s (i < len(s)), and the size of the character there.
func spaceAt(s string, i int) (bool, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return asciiSpace[c], 1
	}
	r, size := decodeRune(s, i)
	return isSpace(r), size
}

// skipSpace returns where the first character at or after byte i of
// valid UTF-8 s that is not white space starts, or len(s).
func skipSpace(s string, i int) int {
	for i < len(s) {
		ok, size := spaceAt(s, i)
		if !ok {
			break
		}
		i += size
	}
	return i
}

// backRunes returns where the character n characters before byte i of
// valid UTF-8 s starts, or 0 if there are fewer; i starts a character.
func backRunes(s string, i, n int) int {
	for n > 0 && i >= 8 {
		k := bits.OnesCount64(runeStarts(word8(s, i-8)))
		if k >= n {
			break
		}
		n, i = n-k, i-8
	}
	for n > 0 && i > 0 {
		i--
		if utf8.RuneStart(s[i]) {
			n--
		}
	}
	return i
}

// forwardRunesOdd returns where the character n characters after the one
// at byte i of known NFC s starts, or len(s) if there are fewer; and,
// found on the way in the bytes it reads eight at a time, where the first
// run of white space that is not one space starts at or after from
// (oddAt), or -1 if none starts before checked, the first byte it did not
// look at.
func forwardRunesOdd(s string, i, n, from int) (end, odd, checked int) {
	odd = -1
	for n > 0 && i+8 <= len(s) {
		x := word8(s, i)
		k := bits.OnesCount64(runeStarts(x))
		if k >= n {
			break
		}
		if odd < 0 && i+8 > from {
			m := oddCands(x)
			if i < from {
				m &= ^uint64(0) << (8 * (from - i))
			}
			for ; m != 0; m &= m - 1 {
				if p := oddAt(s, from, i+bits.TrailingZeros64(m)/8); p >= 0 {
					odd = p
					break
				}
			}
		}
		n, i = n-k, i+8
	}
	checked = i
	// i may be inside a character already counted: count from the next.
	for ; i < len(s); i++ {
		if utf8.RuneStart(s[i]) {
			if n == 0 {
				break
			}
			n--
		}
	}
	return i, odd, checked
}

// lastSpace returns where the last white space character that starts in
// s[lo:hi] starts, or -1; s is known NFC and hi starts a character.
func lastSpace(s string, lo, hi int) int {
	i := hi
	for ; i-8 >= lo; i -= 8 {
		for m := spaceCands(word8(s, i-8)); m != 0; {
			k := 63 - bits.LeadingZeros64(m)
			if q := i - 8 + k/8; isSpaceAt(s, q) {
				return q
			}
			m &^= 1 << k
		}
	}
	for i > lo {
		i--
		if isCand(s[i]) && isSpaceAt(s, i) {
			return i
		}
	}
	return -1
}

// nextOdd returns where, in s[i:to], the first run of white space that is
// not one space starts, or to; the run may start one space before i, but
// not before from. s is known NFC, from starts a character that is not
// white space, from ≤ i ≤ to, and s[to-1] is no white space.
func nextOdd(s string, from, i, to int) int {
	for ; i+8 <= to; i += 8 {
		for m := oddCands(word8(s, i)); m != 0; m &= m - 1 {
			if p := oddAt(s, from, i+bits.TrailingZeros64(m)/8); p >= 0 {
				return p
			}
		}
	}
	for ; i < to; i++ {
		if isCand(s[i]) {
			if p := oddAt(s, from, i); p >= 0 {
				return p
			}
		}
	}
	return to
}

// oddCands picks the bytes of x where a run of white space that is not
// one space may start or be seen: every candidate but spaces, and the
// spaces followed by a candidate or last in the word. Spaces are many;
// one space between two characters is kept as it is.
func oddCands(x uint64) uint64 {
	c, sp := spaceCands(x), bytesEq(x, ' ')
	return c&^sp | sp&(c>>8|1<<63)
}

// oddAt returns where the run of white space that candidate byte q of
// known NFC s starts starts, if it is not one space followed by a
// character, else -1. A space before q belongs to the run, if it is not
// before from.
func oddAt(s string, from, q int) int {
	if !isSpaceAt(s, q) || s[q] == ' ' && (q+1 == len(s) || !isSpaceAt(s, q+1)) {
		return -1
	}
	if q > from && s[q-1] == ' ' {
		q--
	}
	return q
}
