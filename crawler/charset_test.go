package crawler

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

// toneMarks are the Vietnamese tone marks windows-1258 writes as combining
// characters (bytes 0xCC, 0xEC, 0xD2, 0xDE, 0xF2).
var toneMarks = map[rune]bool{0x0300: true, 0x0301: true, 0x0303: true, 0x0309: true, 0x0323: true}

// cp1258 encodes NFC Vietnamese the way windows-1258 does: base letters
// (ơ, ư, â, ê, ô, ă, đ) as single bytes, tone marks as combining bytes.
func cp1258(t *testing.T, s string) []byte {
	t.Helper()
	var b strings.Builder
	for _, r := range s {
		var base, tones []rune
		for _, d := range norm.NFD.String(string(r)) {
			if toneMarks[d] {
				tones = append(tones, d)
			} else {
				base = append(base, d)
			}
		}
		b.WriteString(norm.NFC.String(string(base)))
		b.WriteString(string(tones))
	}
	out, err := charmap.Windows1258.NewEncoder().Bytes([]byte(b.String()))
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	return out
}

func TestCP1258Fixture(t *testing.T) {
	// thủy: ủ is u + hook above (0xD2); Sơn: ơ is one byte (0xF5).
	got := cp1258(t, "thủy Sơn")
	want := []byte{'t', 'h', 'u', 0xD2, 'y', ' ', 'S', 0xF5, 'n'}
	if string(got) != string(want) {
		t.Errorf("cp1258 = % x, want % x", got, want)
	}
}

func TestDecodeHTML(t *testing.T) {
	const text = "Thủy điện Sơn La"
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String("<p>" + text + "</p>")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, body, contentType string
	}{
		{"utf-8", "<p>" + text + "</p>", ""},
		{"utf-8 with bom", "\uFEFF<p>" + text + "</p>", ""},
		{"nfd", "<p>" + norm.NFD.String(text) + "</p>", "text/html; charset=utf-8"},
		{"utf-16le with bom", utf16, ""},
		{"windows-1258 by meta", `<meta charset="windows-1258"><p>` + string(cp1258(t, text)) + "</p>", ""},
		{"windows-1258 by header", "<p>" + string(cp1258(t, text)) + "</p>", "text/html; charset=windows-1258"},
		{"meta after 1024 bytes", "<script>" + strings.Repeat("x", 2000) + `</script><meta http-equiv="Content-Type" content="text/html; charset=windows-1258"><p>` + string(cp1258(t, text)) + "</p>", ""},
		{"utf-8 despite a stale label", `<meta charset="iso-8859-1"><p>` + text + "</p>", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(decodeHTML([]byte(tt.body), tt.contentType))
			if !strings.Contains(got, "<p>"+text+"</p>") || strings.HasPrefix(got, "\uFEFF") {
				t.Errorf("decodeHTML = %q", got)
			}
			if !norm.NFC.IsNormalString(got) {
				t.Errorf("not NFC: %q", got)
			}
		})
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  Sơn\n\tLa  ", "Sơn La"},
		{"<p>Một</p><p>Hai</p>", "Một Hai"},
		{"a &amp; b &nbsp;c", "a & b c"},
		{"<script>x()</script>Text<style>p{}</style>", "Text"},
		{"1 < 2", "1 < 2"},
		{norm.NFD.String("thủy"), "thủy"},
		{"bad \xff byte", "bad \uFFFD byte"},
	}
	for _, tt := range tests {
		if got := plainText(tt.in); got != tt.want {
			t.Errorf("plainText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLangCode(t *testing.T) {
	tests := map[string]string{"vi-VN": "vi", "en_US": "en", "VI": "vi", " fr ": "fr", "": "", "x": "", "123": "", "vietnamese": ""}
	for in, want := range tests {
		if got := langCode(in); got != want {
			t.Errorf("langCode(%q) = %q, want %q", in, got, want)
		}
	}
}
