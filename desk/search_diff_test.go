package desk

import (
	"strings"
	"testing"
	"unicode/utf8"

	"mediawatch/textnorm"
)

// join is the text of the parts whose op is keep or DiffEqual.
func join(parts []DiffPart, keep DiffOp) string {
	var b strings.Builder
	for _, p := range parts {
		if p.Op == DiffEqual || p.Op == keep {
			b.WriteString(p.Text)
		}
	}
	return b.String()
}

func TestWordDiff(t *testing.T) {
	old := "Chính quyền bác bỏ tin đồn về vỡ đập ở Sơn La."
	new := "Chính quyền xác nhận tin về vỡ đập ở Sơn La, sáng nay."
	parts := WordDiff(old, new)
	var ins, del []string
	for _, p := range parts {
		switch p.Op {
		case DiffInsert:
			ins = append(ins, p.Text)
		case DiffDelete:
			del = append(del, p.Text)
		}
	}
	// Whole words change, never letters inside a word.
	if !strings.Contains(strings.Join(del, "|"), "bác bỏ") || !strings.Contains(strings.Join(ins, "|"), "xác nhận") ||
		strings.Contains(strings.Join(del, "|"), "Chính") {
		t.Fatalf("deleted %q inserted %q", del, ins)
	}
	if !DiffChanged(parts) || DiffChanged(WordDiff(old, old)) {
		t.Fatal("DiffChanged")
	}
	// NFD input compares equal to NFC.
	if DiffChanged(WordDiff("Sơn La", "So\u031bn La")) {
		t.Fatal("NFD and NFC of the same words differ")
	}
}

// FuzzWordDiff is the diff's property: Equal+Insert is the new text and
// Equal+Delete the old, in NFC, whatever the texts.
func FuzzWordDiff(f *testing.F) {
	f.Add("Lũ quét ở Sơn La", "Lũ ống ở Sơn La, 3 người mất tích")
	f.Add("", "mới")
	f.Add("a b c", "")
	f.Add("x\n\ny", "x\ny  z!")
	f.Fuzz(func(t *testing.T, old, new string) {
		if !utf8.ValidString(old) || !utf8.ValidString(new) {
			return
		}
		parts := WordDiff(old, new)
		if got, want := join(parts, DiffInsert), textnorm.Normalize(new); got != want {
			t.Fatalf("equal+insert %q, want %q", got, want)
		}
		if got, want := join(parts, DiffDelete), textnorm.Normalize(old); got != want {
			t.Fatalf("equal+delete %q, want %q", got, want)
		}
	})
}
