package crawler

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// metaCharsetRe finds a charset declaration in a <meta> tag. It backs up the
// standard prescan, which looks at the first 1,024 bytes only: real pages put
// kilobytes of scripts before their <meta charset>.
var metaCharsetRe = regexp.MustCompile(`(?i)<meta[^>]{0,512}?charset\s*=\s*["']?\s*([a-z0-9_:.\-]{2,40})`)

// metaScanLimit bounds how far the backup <meta> scan looks.
const metaScanLimit = 64 << 10

// decodeHTML converts an HTML body to NFC UTF-8. The encoding comes from a
// byte-order mark; else a body that is valid non-ASCII UTF-8 is UTF-8 (pages
// converted to UTF-8 often keep a stale label); else from the Content-Type
// header, a <meta> declaration, or windows-1252. Invalid sequences become
// U+FFFD; nothing fails.
func decodeHTML(body []byte, contentType string) []byte {
	enc, name, certain := charset.DetermineEncoding(body, contentType)
	switch {
	case hasBOM(body):
	case hasHighBit(body) && utf8.Valid(body):
		// Bytes that are valid UTF-8 and not ASCII are UTF-8 whatever the
		// labels say: a legacy-encoded text almost never is.
		enc, name = nil, "utf-8"
	case !certain && name == "windows-1252":
		if m := metaCharsetRe.FindSubmatch(firstBytes(body, metaScanLimit)); m != nil {
			if e, n := charset.Lookup(string(m[1])); e != nil {
				enc, name = e, n
			}
		}
	}
	out := body
	if name != "utf-8" && enc != nil {
		if dec, _, err := transform.Bytes(enc.NewDecoder(), body); err == nil {
			out = dec
		}
	}
	out = bytes.TrimPrefix(out, []byte("\uFEFF"))
	if !utf8.Valid(out) {
		out = bytes.ToValidUTF8(out, []byte("\uFFFD"))
	}
	return norm.NFC.Bytes(out)
}

func hasBOM(b []byte) bool {
	return bytes.HasPrefix(b, []byte("\uFEFF")) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) || bytes.HasPrefix(b, []byte{0xFF, 0xFE})
}

func firstBytes(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

func hasHighBit(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// nfc returns s as valid UTF-8 in Unicode normalisation form C.
func nfc(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return norm.NFC.String(s)
}

// cleanLine returns s as NFC with runs of white space (line breaks
// included) folded to one space and control characters dropped.
func cleanLine(s string) string {
	s = nfc(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.IsControl(r) || r == '\uFEFF':
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// plainText strips HTML from a fragment (a feed title or description) and
// returns one clean line. Entities are decoded; script and style content is
// dropped; block boundaries become spaces.
func plainText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return cleanLine(s)
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return cleanLine(b.String())
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			if tag := string(name); tag == "script" || tag == "style" {
				skip++
			}
			b.WriteByte(' ')
		case html.EndTagToken:
			name, _ := z.TagName()
			if tag := string(name); (tag == "script" || tag == "style") && skip > 0 {
				skip--
			}
			b.WriteByte(' ')
		}
	}
}

// langCode reduces a language tag ("vi-VN", "en_US", "VI") to its
// lower-case primary subtag, or "" when it is not a plausible code.
func langCode(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "-_ ;,"); i >= 0 {
		s = s[:i]
	}
	s = strings.ToLower(s)
	if len(s) < 2 || len(s) > 3 {
		return ""
	}
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return ""
		}
	}
	return s
}
