package story

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

// signatureSeeds are titles and texts the fuzz targets of signatures start
// from.
var signatureSeeds = [][2]string{
	{"", ""},
	{"Sơn La", "Đập thủy điện Sơn La hoạt động bình thường."},
	{norm.NFD.String("Mận hậu Mộc Châu"), "hoà thuỷ khoẻ"},
	{"a\xffb", "\u0301x"},
	{"của và là", "the of and"},
	{"Sơn-La: mận vào vụ!", "don't  stop\n\nthe   \tđồi"},
}

// FuzzFingerprint holds what storing fingerprints relies on: any input is
// fingerprinted without panic, the same input always gives the same
// fingerprint, and composed and decomposed Unicode give one fingerprint.
func FuzzFingerprint(f *testing.F) {
	for _, s := range signatureSeeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, title, text string) {
		fp := Fingerprint(title, text)
		if again := Fingerprint(title, text); again != fp {
			t.Fatalf("Fingerprint not deterministic: %#x then %#x", fp, again)
		}
		if d := Fingerprint(norm.NFD.String(title), norm.NFD.String(text)); d != fp {
			t.Fatalf("NFD fingerprint %#x, NFC %#x", d, fp)
		}
		if c := Fingerprint(norm.NFC.String(title), norm.NFC.String(text)); c != fp {
			t.Fatalf("NFC fingerprint %#x, input's %#x", c, fp)
		}
		c := NewCandidate(1, title, text, time.Time{})
		if c.Fingerprint != fp || c.Words < 0 || c.TitleKey != TitleKey(title) {
			t.Fatalf("NewCandidate %+v disagrees with Fingerprint %#x / TitleKey", c, fp)
		}
		if !Same(DefaultParams(), c, c) && c.Words >= DefaultParams().MinWords {
			t.Fatalf("a long item is not the same story as itself: %+v", c)
		}
	})
}

// FuzzTitleKey checks that a key is stable under Unicode form and under
// spacing and punctuation around the title, and that a key is five or more
// words joined by single spaces.
func FuzzTitleKey(f *testing.F) {
	for _, s := range []string{"", "Tin vắn", "Sơn La: mận vào vụ!", norm.NFD.String("SƠN LA – MẬN VÀO VỤ"), "a\xffb c d e f", "Giá vàng hôm nay"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, title string) {
		k := TitleKey(title)
		if d := TitleKey(norm.NFD.String(title)); d != k {
			t.Fatalf("TitleKey(NFD) = %q, TitleKey = %q", d, k)
		}
		if p := TitleKey("  " + title + " !"); p != k {
			t.Fatalf("TitleKey with spaces and punctuation around = %q, TitleKey = %q", p, k)
		}
		if k == "" {
			return
		}
		if f := strings.Fields(k); len(f) < titleMinWords || strings.Join(f, " ") != k {
			t.Fatalf("TitleKey(%q) = %q: not %d or more words joined by single spaces", title, k, titleMinWords)
		}
	})
}
