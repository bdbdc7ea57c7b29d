package desk

import (
	"strings"
	"unicode"

	"github.com/sergi/go-diff/diffmatchpatch"

	"mediawatch/textnorm"
)

// DiffOp is what a part of a diff does: Equal text is in both versions,
// Insert only in the newer, Delete only in the older.
type DiffOp int

// The parts of a diff.
const (
	DiffEqual DiffOp = iota
	DiffInsert
	DiffDelete
)

// DiffPart is a run of text with one DiffOp. Text is plain (NFC), not
// escaped: the face escapes it as it draws <ins> and <del>.
type DiffPart struct {
	Op   DiffOp
	Text string
}

// WordDiff compares two versions of a text word by word — a stealth edit
// that swaps "bác bỏ" for "xác nhận" shows as two whole words, not as
// scattered letters. Both texts are normalised to NFC first, so the same
// words typed on different keyboards compare equal. The Equal and Insert
// parts, joined, are the new text (in NFC); Equal and Delete the old.
func WordDiff(old, new string) []DiffPart {
	a, b := wordTokens(textnorm.Normalize(old)), wordTokens(textnorm.Normalize(new))
	// Each distinct token becomes one rune, so the character diff of
	// diffmatchpatch works on words (the trick its DiffLinesToRunes uses
	// for lines).
	ids := map[string]rune{}
	var vocab []string
	encode := func(toks []string) []rune {
		out := make([]rune, len(toks))
		for i, t := range toks {
			r, ok := ids[t]
			if !ok {
				r = tokenRune(len(vocab))
				ids[t] = r
				vocab = append(vocab, t)
			}
			out[i] = r
		}
		return out
	}
	ra, rb := encode(a), encode(b)
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // exact, whatever the length: the diff is evidence
	diffs := dmp.DiffMainRunes(ra, rb, false)
	// A lone space kept between two changed words would cut one edit
	// ("bác bỏ" → "xác nhận") into two; semantic cleanup joins them.
	diffs = dmp.DiffCleanupSemantic(diffs)
	var parts []DiffPart
	for _, d := range diffs {
		var sb strings.Builder
		for _, r := range d.Text {
			sb.WriteString(vocab[runeToken(r)])
		}
		op := DiffEqual
		switch d.Type {
		case diffmatchpatch.DiffInsert:
			op = DiffInsert
		case diffmatchpatch.DiffDelete:
			op = DiffDelete
		}
		if n := len(parts); n > 0 && parts[n-1].Op == op {
			parts[n-1].Text += sb.String()
			continue
		}
		parts = append(parts, DiffPart{Op: op, Text: sb.String()})
	}
	return parts
}

// DiffChanged reports whether a diff has any insertion or deletion.
func DiffChanged(parts []DiffPart) bool {
	for _, p := range parts {
		if p.Op != DiffEqual {
			return true
		}
	}
	return false
}

// wordTokens splits s into runs of word characters, runs of space, and
// single other characters (punctuation), which together are s again.
func wordTokens(s string) []string {
	var toks []string
	start, kind := 0, -1
	for i, r := range s {
		k := 2 // punctuation: a token of its own
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			k = 0
		case unicode.IsSpace(r):
			k = 1
		}
		if i > start && (k != kind || k == 2) {
			toks = append(toks, s[start:i])
			start = i
		}
		kind = k
	}
	if start < len(s) {
		toks = append(toks, s[start:])
	}
	return toks
}

// tokenRune and runeToken number tokens with runes, skipping the
// surrogate range, which a Go string cannot hold.
func tokenRune(i int) rune {
	r := rune(i + 1)
	if r >= 0xD800 {
		r += 0x800
	}
	return r
}

func runeToken(r rune) int {
	if r >= 0xE000 {
		r -= 0x800
	}
	return int(r) - 1
}
