package query

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"mediawatch"
)

// Shorthands for expected trees.
func term(s string) *Term           { return &Term{Text: s} }
func phrase(w ...string) *Phrase    { return &Phrase{Words: w} }
func and(n ...Node) *And            { return &And{Nodes: n} }
func or(n ...Node) *Or              { return &Or{Nodes: n} }
func not(n Node) *Not               { return &Not{Node: n} }
func field(f string, n Node) *Field { return &Field{Name: f, Node: n} }
func filter(f, v string) *Filter    { return &Filter{Name: f, Value: v} }
func near(a, b Node, d int) *Near   { return &Near{A: a, B: b, Dist: d} }
func onear(a, b Node, d int) *Near  { return &Near{A: a, B: b, Dist: d, Ordered: true} }
func nfd(s string) string {
	return strings.NewReplacer("ơ", "o\u031b", "à", "a\u0300", "ạ", "a\u0323", "ộ", "o\u0323\u0302").Replace(s)
}

func TestParseTree(t *testing.T) {
	tests := []struct {
		name, q string
		want    Node
	}{
		{"word", "lũ", term("lũ")},
		{"NFD word is NFC", nfd("Sơn"), term("Sơn")},
		{"new-style tone is classic", "hoà", term("hòa")},
		{"phrase", `"Sơn La"`, phrase("Sơn", "La")},
		{"smart quotes", "“Sơn La”", phrase("Sơn", "La")},
		{"one-word phrase", `"lũ"`, phrase("lũ")},
		{"quoted operator", `"AND"`, phrase("AND")},
		{"operator word with punctuation", `AND.`, phrase("AND")},
		{"hyphenated is a phrase", "Sơn-La", phrase("Sơn", "La")},
		{"trailing punctuation dropped", "lũ,", term("lũ")},
		{"implicit and", "lũ quét", and(term("lũ"), term("quét"))},
		{"explicit and flattens", "a AND b AND c", and(term("a"), term("b"), term("c"))},
		{"group flattens", "a (b c)", and(term("a"), term("b"), term("c"))},
		{"or", "a OR b OR c", or(term("a"), term("b"), term("c"))},
		{"and before or", "a b OR c", or(and(term("a"), term("b")), term("c"))},
		{"or then and", "a OR b c", or(term("a"), and(term("b"), term("c")))},
		{"group", "(a OR b) c", and(or(term("a"), term("b")), term("c"))},
		{"not tightest", "NOT a b", and(not(term("a")), term("b"))},
		{"minus", "a -b", and(term("a"), not(term("b")))},
		{"minus group", "a -(b OR c)", and(term("a"), not(or(term("b"), term("c"))))},
		{"minus phrase", `a -"b c"`, and(term("a"), not(phrase("b", "c")))},
		{"not after and", "a AND NOT b", and(term("a"), not(term("b")))},
		{"lower-case operators are words", "a and b or not c", and(term("a"), term("and"), term("b"), term("or"), term("not"), term("c"))},
		{"near", "a NEAR/5 b", near(term("a"), term("b"), 5)},
		{"onear", `"a b" ONEAR/2 c`, onear(phrase("a", "b"), term("c"), 2)},
		{"near before and", "x a NEAR/3 b y", and(term("x"), near(term("a"), term("b"), 3), term("y"))},
		{"near before or", "a NEAR/3 b OR c", or(near(term("a"), term("b"), 3), term("c"))},
		{"near leading zeros", "a NEAR/007 b", near(term("a"), term("b"), 7)},
		{"word starting with NEAR", "NEARBY", term("NEARBY")},
		{"prefix", "mộc*", &Prefix{Text: "mộc"}},
		{"title word", "title:lũ", field(FieldTitle, term("lũ"))},
		{"title phrase", `title:"Son La"`, field(FieldTitle, phrase("Son", "La"))},
		{"text prefix", "text:thuy*", field(FieldText, &Prefix{Text: "thuy"})},
		{"field name any case", "TITLE:lũ", field(FieldTitle, term("lũ"))},
		{"title group", "title:(a OR b NEAR/2 c)", field(FieldTitle, or(term("a"), near(term("b"), term("c"), 2)))},
		{"negated field", "a -title:b", and(term("a"), not(field(FieldTitle, term("b"))))},
		{"source", "source:BaoSonLa", filter(FieldSource, "BaoSonLa")},
		{"lang group", "lang:(vi OR en) a", and(or(filter(FieldLang, "vi"), filter(FieldLang, "en")), term("a"))},
		{"url with colon", "url:https://baosonla.vn/a", filter(FieldURL, "https://baosonla.vn/a")},
		{"quoted filter", `source:"Báo Sơn La"`, filter(FieldSource, "Báo Sơn La")},
		{"unknown field is text", "10:30 sáng", and(phrase("10", "30"), term("sáng"))},
		{"glued group", "a(b)", and(term("a"), term("b"))},
		{"design example", `"Sơn La" AND (lũ OR "sạt lở") NOT "diễn tập"`,
			and(phrase("Sơn", "La"), or(term("lũ"), phrase("sạt", "lở")), not(phrase("diễn", "tập")))},
		{"design near example", `thủy điện NEAR/5 "vỡ đập"`,
			and(term("thủy"), near(term("điện"), phrase("vỡ", "đập"), 5))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(tc.q)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.q, err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Parse(%q) = %s, want %s", tc.q, got, tc.want)
			}
			assertRoundTrip(t, tc.q, got)
		})
	}
}

// assertRoundTrip checks that n prints as text that parses back to n.
func assertRoundTrip(t testing.TB, q string, n Node) {
	t.Helper()
	s := n.String()
	again, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q).String() = %q, which does not parse: %v", q, s, err)
	}
	if !reflect.DeepEqual(again, n) {
		t.Fatalf("round trip of %q: %q parses to %s (%#v), want %#v", q, s, again, again, n)
	}
}

func TestRoundTripCases(t *testing.T) {
	for _, tc := range loadCases(t) {
		t.Run(tc.Name, func(t *testing.T) {
			assertRoundTrip(t, tc.Query, MustParse(tc.Query))
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, q string
		col     int
		msg     string
	}{
		{"empty", "   ", 1, "empty query"},
		{"unclosed quote", `"Sơn La`, 1, "unclosed quote"},
		{"unclosed quote later", `lũ "Sơn La`, 4, "unclosed quote"},
		{"stray close paren", "lũ quét)", 8, `")" without "("`},
		{"unclosed paren", "lũ (quét OR sạt", 4, `"(" without ")"`},
		{"empty parens", "lũ ()", 4, "empty parentheses"},
		{"near without right", "thủy điện NEAR/5", 17, "expected a word or phrase after NEAR/5"},
		{"near without left", "NEAR/5 lũ", 1, "expected a term before NEAR/5"},
		{"near without distance", "a NEAR b", 3, "NEAR needs a distance from 1 to 100"},
		{"near zero", "a NEAR/0 b", 3, "NEAR needs a distance"},
		{"near too far", "a ONEAR/101 b", 3, "ONEAR needs a distance"},
		{"near of prefix", "ab* NEAR/2 c", 1, "expected a word or phrase before NEAR/2"},
		{"near of group", "a NEAR/2 (b OR c)", 10, "expected a word or phrase after NEAR/2"},
		{"near chained", "a NEAR/2 b NEAR/2 c", 12, "cannot follow another NEAR"},
		{"short prefix", "lũ a*", 5, "prefix needs at least 2 letters before *"},
		{"lone star", "lũ *", 4, "prefix needs at least 2 letters before *"},
		{"star inside", "a*b", 2, "* may only end a word"},
		{"prefix of two words", "covid-19*", 1, "a prefix is one word directly before *"},
		{"or at end", "lũ OR", 6, "expected a term after OR, found the end of the query"},
		{"and at start", "AND lũ", 1, "expected a term before AND"},
		{"and and", "a AND AND b", 7, "expected a term after AND"},
		{"not at end", "lũ NOT", 7, "expected a term after NOT"},
		{"lone minus", "Sơn La - Lai Châu", 8, "expected a term right after -"},
		{"no word", "lũ & quét", 4, `no word in "&"`},
		{"empty phrase", `lũ "..."`, 4, "no word in the quotes"},
		{"field without value", "title: lũ", 7, "expected a word, phrase or ( right after title:"},
		{"unknown field", `titel:"Sơn La"`, 1, `unknown field "titel"`},
		{"nested fields", "title:(text:a)", 8, "fields do not nest"},
		{"minus after field", "title:-a", 1, "put - before the field"},
		{"filter prefix", "source:bao*", 11, "source: takes a whole value"},
		{"near of filters", "lang:(vi NEAR/2 en)", 10, "needs words or phrases"},
		{"pure negative", "NOT lũ", 1, "a query needs at least one positive term"},
		{"pure negative minus", "-lũ -quét", 1, "at least one positive term"},
		{"or with negation", "lũ OR -quét", 1, "at least one positive term"},
		{"columns count runes", "Sơn La đã )", 11, `")" without "("`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, err := Parse(tc.q)
			var qe *Error
			if !errors.As(err, &qe) {
				t.Fatalf("Parse(%q) = %v, %v; want *Error", tc.q, n, err)
			}
			if qe.Col != tc.col || !strings.Contains(qe.Msg, tc.msg) {
				t.Errorf("Parse(%q) error %q, want col %d: …%s…", tc.q, qe.Error(), tc.col, tc.msg)
			}
			if qe.Pos < 0 || qe.Pos > len(tc.q) || utf8.RuneCountInString(tc.q[:qe.Pos])+1 != qe.Col {
				t.Errorf("Pos %d and Col %d disagree in %q", qe.Pos, qe.Col, tc.q)
			}
			if !errors.Is(err, mediawatch.ErrInvalid) {
				t.Errorf("error %v does not wrap ErrInvalid", err)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	words := strings.Repeat("ab ", MaxClauses)
	tests := []struct {
		name, q string
		msg     string // "" if the query must parse
	}{
		{"length at limit", strings.Repeat("a", MaxLength), ""},
		{"too long", strings.Repeat("a", MaxLength+1), "the limit is 4096"},
		{"clauses at limit", words, ""},
		{"too many clauses", words + "cd", "too many terms"},
		{"depth at limit", strings.Repeat("(", MaxDepth) + "a" + strings.Repeat(")", MaxDepth), ""},
		{"too deep", strings.Repeat("(", MaxDepth+1) + "a" + strings.Repeat(")", MaxDepth+1), "nested too deep"},
		{"deep negation", "a " + strings.Repeat("-", 2000) + "b", "nested too deep"},
		{"deep NOT", "a" + strings.Repeat(" NOT", 1000) + " b", "nested too deep"},
		{"huge parens", strings.Repeat("(", 4000), "nested too deep"},
		{"near at limit", "a NEAR/100 b", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, err := Parse(tc.q)
			if tc.msg == "" {
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				if _, err := Compile(n); err != nil {
					t.Fatalf("Compile: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("Parse = %v, want an error containing %q", err, tc.msg)
			}
		})
	}
}

func TestTerms(t *testing.T) {
	got := Terms(MustParse(`"Sơn La" (lũ OR title:"sạt lở" OR moc*) -"diễn tập" lang:vi "son la" NEAR/3 Lũ`))
	want := []TermInfo{
		{Text: "sơn la", Exact: true},
		{Text: "lũ", Exact: true},
		{Text: "sạt lở", Exact: true, Field: FieldTitle},
		{Text: "moc", Prefix: true},
		{Text: "son la"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Terms = %+v\nwant %+v", got, want)
	}
}

func TestNeedsTerm(t *testing.T) {
	tests := map[string]bool{
		"lũ":                      true,
		"lũ lang:vi":              true,
		"lang:vi":                 false,
		"lũ OR source:a":          false,
		"title:lũ OR a ONEAR/2 b": true,
		"source:a -lũ":            false,
	}
	for q, want := range tests {
		if got := NeedsTerm(MustParse(q)); got != want {
			t.Errorf("NeedsTerm(%q) = %v, want %v", q, got, want)
		}
	}
}
