package query

import (
	"errors"
	"strings"
	"testing"
)

func TestUnknownNamesAreErrorsWithSuggestions(t *testing.T) {
	tests := []struct {
		q       string
		col     int
		suggest string
		en, vi  string
	}{
		{"lũ sourse:baosonla", 4, "source:", `unknown field "sourse"; did you mean source:?`, `không có trường "sourse"; có phải ý bạn là source:?`},
		{"lang:english lũ", 6, "lang:en", `unknown lang: value "english"; did you mean lang:en?`, `giá trị lang: "english" không hợp lệ; có phải ý bạn là lang:en?`},
		{"lũ lang:vietnamese", 9, "lang:vi", "did you mean lang:vi?", "có phải ý bạn là lang:vi?"},
		{"lũ severity:hight", 13, "severity:high", "did you mean severity:high?", "có phải ý bạn là severity:high?"},
		{"lũ tilte:(a OR b)", 4, "title:", "did you mean title:?", "có phải ý bạn là title:?"},
		{"lũ zzzzzz:x", 4, "", `unknown field "zzzzzz" (fields are`, `không có trường "zzzzzz" (các trường là`},
		{"lũ severity:urgentissimo", 13, "", "(low, medium, high or critical)", "(low, medium, high hoặc critical)"},
		{"Sơn La lang:x1", 13, "", "(a language code such as vi, en or other)", "(một mã ngôn ngữ như vi, en hoặc other)"},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			_, err := Parse(tc.q)
			var qe *Error
			if !errors.As(err, &qe) {
				t.Fatalf("Parse(%q) = %v, want *Error", tc.q, err)
			}
			if qe.Col != tc.col || qe.Suggest != tc.suggest {
				t.Errorf("col %d suggest %q, want col %d suggest %q (%v)", qe.Col, qe.Suggest, tc.col, tc.suggest, qe)
			}
			if !strings.Contains(qe.Error(), tc.en) || !strings.HasPrefix(qe.Error(), "col ") {
				t.Errorf("English %q, want …%s…", qe.Error(), tc.en)
			}
			if vi := qe.Message("vi"); !strings.Contains(vi, tc.vi) || !strings.HasPrefix(vi, "cột ") {
				t.Errorf("Vietnamese %q, want …%s…", vi, tc.vi)
			}
			if qe.Message("en") != qe.Error() {
				t.Errorf("Message(en) %q differs from Error() %q", qe.Message("en"), qe.Error())
			}
		})
	}
}

func TestKnownNamesAndTextWithColonsStillParse(t *testing.T) {
	for _, q := range []string{"10:30 sáng", "lang:vi lũ", "lang:EN flood", "lang:other x", "lang:zh-hant x", "severity:Critical x",
		"https://baosonla.vn/lu lũ", "Sơn:La", "lũ:", "a:1", "source:baosonla lũ"} {
		if _, err := Parse(q); err != nil {
			t.Errorf("Parse(%q): %v", q, err)
		}
	}
}

func TestVietnameseMessagesOfParseErrors(t *testing.T) {
	for q, want := range map[string]string{
		"lũ OR":               "cột 6: cần một từ khoá sau OR, nhưng truy vấn đã hết",
		`lũ "Sơn La`:          "cột 4: dấu ngoặc kép chưa đóng",
		"a NEAR/2 b NEAR/2 c": "cột 12: NEAR/2 không được đi sau một NEAR khác; hãy nối chúng bằng AND",
		"title: lũ":           "cột 7: cần một từ, cụm từ hoặc ( ngay sau title:",
	} {
		_, err := Parse(q)
		var qe *Error
		if !errors.As(err, &qe) {
			t.Fatalf("Parse(%q) = %v", q, err)
		}
		if got := qe.Message("vi"); got != want {
			t.Errorf("Parse(%q) in Vietnamese = %q, want %q", q, got, want)
		}
	}
}

// TestCatalogueInBothLanguages: every sentence exists in English and in
// Vietnamese, with the same verbs in the same order.
func TestCatalogueInBothLanguages(t *testing.T) {
	en, vi := catalogue["en"], catalogue["vi"]
	if len(en) != len(vi) {
		t.Errorf("%d English sentences, %d Vietnamese", len(en), len(vi))
	}
	for code, e := range en {
		v, ok := vi[code]
		if !ok || v == "" {
			t.Errorf("%s: no Vietnamese", code)
			continue
		}
		if verbs(e) != verbs(v) {
			t.Errorf("%s: verbs %q in English, %q in Vietnamese", code, verbs(e), verbs(v))
		}
	}
}

func verbs(format string) string {
	var b strings.Builder
	for i := 0; i+1 < len(format); i++ {
		if format[i] == '%' {
			b.WriteByte(format[i+1])
			i++
		}
	}
	return b.String()
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		d    int
	}{{"sourse", "source", 1}, {"tilte", "title", 1}, {"", "ab", 2}, {"lang", "lang", 0}, {"hight", "high", 1}, {"ab", "ba", 1}} {
		if got := editDistance(tc.a, tc.b); got != tc.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.d)
		}
	}
}
