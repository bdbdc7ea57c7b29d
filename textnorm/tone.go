package textnorm

import (
	"unicode/utf8"
)

// edit replaces s[from:to] with repl in placeTones' output.
type edit struct {
	from, to int
	repl     [2 * utf8.UTFMax]byte
	n        int
}

func (e *edit) add(r rune) { e.n += utf8.EncodeRune(e.repl[e.n:], r) }

// placeTones moves tone marks in the NFC text s to the canonical vowel (see
// the package documentation). It returns s itself when nothing moves.
func placeTones(s string) string {
	var out []byte
	done := 0
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		v := vowelOf(r)
		var e edit
		ok := false
		if v.tone != 0 {
			switch v.base {
			case bO, bU:
				ok = glideTone(s, i, size, v, &e)
			case bA, bE, bY:
				ok = i > done && mainTone(s, i, size, v, &e)
			}
		}
		if !ok {
			i += size
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(s)+8)
		}
		out = append(out, s[done:e.from]...)
		out = append(out, e.repl[:e.n]...)
		done, i = e.to, e.to
	}
	if out == nil {
		return s
	}
	return string(append(out, s[done:]...))
}

// glideTone handles a tone written on a glide: the o of oa/oă/oe, the u of
// uy/uê/uâ/uô/uơ, or the u of qu. The tone stays only in a syllable ending
// in oa, oe or uy (not after q); otherwise it moves to the following vowel
// (to the ê of uyê).
func glideTone(s string, i, size int, v vowel, e *edit) bool {
	ok, afterQ := initialBefore(s, i)
	if !ok {
		return false
	}
	j := i + size
	r2, size2 := utf8.DecodeRuneInString(s[j:])
	v2 := vowelOf(r2)
	if v2.base == 0 || v2.tone != 0 || !glideTakes(v.base, v2.base, afterQ) {
		return false
	}
	end := j + size2
	if !afterQ && !wordRuneAt(s, end) &&
		(v.base == bO && (v2.base == bA || v2.base == bE) || v.base == bU && v2.base == bY) {
		return false // hòa, khỏe, thủy: already canonical
	}
	t, tv := j, v2
	if v2.base == bY {
		r3, size3 := utf8.DecodeRuneInString(s[end:])
		if v3 := vowelOf(r3); v3.base == bEe && v3.tone == 0 {
			t, tv, end = end, v3, end+size3
		}
	}
	e.from, e.to = i, end
	e.add(compose[v.base][0][b2i(v.upper)])
	e.n += copy(e.repl[e.n:], s[j:t])
	e.add(compose[tv.base][v.tone][b2i(tv.upper)])
	return true
}

// glideTakes reports whether the glide g may be followed by the vowel next
// within one syllable (so that a tone on g belongs to next or to the pair).
func glideTakes(g, next uint8, afterQ bool) bool {
	if g == bO {
		return next == bA || next == bAw || next == bE
	}
	if afterQ {
		return next != bU && next != bUw
	}
	return next == bY || next == bEe || next == bAa || next == bOo || next == bOw
}

// mainTone handles a tone written on the a or e of oa/oe, or the y of uy, at
// the end of a syllable: hoà, khoẻ, thuỷ become hòa, khỏe, thủy.
func mainTone(s string, i, size int, v vowel, e *edit) bool {
	g := s[i-1]
	var gb uint8
	switch {
	case (g == 'o' || g == 'O') && (v.base == bA || v.base == bE):
		gb = bO
	case (g == 'u' || g == 'U') && v.base == bY:
		gb = bU
	default:
		return false
	}
	ok, afterQ := initialBefore(s, i-1)
	if !ok || afterQ || wordRuneAt(s, i+size) {
		return false
	}
	e.from, e.to = i-1, i+size
	e.add(compose[gb][v.tone][b2i(g == 'O' || g == 'U')])
	e.add(compose[v.base][0][b2i(v.upper)])
	return true
}

// initials are the Vietnamese initial consonants, lower-case. Requiring one
// keeps the rule off foreign words such as "Chloé".
var initials = map[string]bool{
	"": true, "b": true, "c": true, "ch": true, "d": true, "đ": true, "g": true, "gh": true,
	"h": true, "k": true, "kh": true, "l": true, "m": true, "n": true, "ng": true, "ngh": true,
	"nh": true, "p": true, "ph": true, "q": true, "r": true, "s": true, "t": true, "th": true,
	"tr": true, "v": true, "x": true,
}

// initialBefore reports whether the letters between the start of the word
// and the glide at i form a Vietnamese initial consonant, and whether that
// initial is q (whose u is part of the consonant, not a glide).
func initialBefore(s string, i int) (ok, isQ bool) {
	j := i
	for j > 0 && i-j <= 4 {
		c := s[j-1]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
			j--
		} else if j >= 2 && s[j-2] == 0xC4 && (c == 0x90 || c == 0x91) { // Đ, đ
			j -= 2
		} else {
			break
		}
	}
	if i-j > 4 {
		return false, false
	}
	if inWordBefore(s, j) {
		return false, false
	}
	var buf [4]byte
	for k := j; k < i; k++ {
		c := s[k]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		} else if c == 0x90 {
			c = 0x91 // Đ → đ
		}
		buf[k-j] = c
	}
	init := buf[:i-j]
	return initials[string(init)], len(init) == 1 && init[0] == 'q'
}

// inWordBefore reports whether s[:j] ends inside a word, as Tokens sees it:
// with a letter or digit, possibly followed by combining marks. Marks after
// a space belong to no word.
func inWordBefore(s string, j int) bool {
	for j > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:j])
		if isWordStart(r) {
			return true
		}
		if !isWordRune(r) {
			return false
		}
		j -= size
	}
	return false
}

// wordRuneAt reports whether a letter, digit or mark starts at s[i].
func wordRuneAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	if s[i] < utf8.RuneSelf {
		return asciiWord[s[i]]
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isWordRune(r)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
