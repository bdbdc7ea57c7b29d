package query

import (
	"encoding/json"
	"os"
	"testing"
)

// matchCase is one data-driven case of testdata/cases.json: a query, one
// document, and whether the query must match it.
type matchCase struct {
	Name   string `json:"name"`
	Query  string `json:"query"`
	Title  string `json:"title"`
	Text   string `json:"text"`
	Source string `json:"source"`
	Lang   string `json:"lang"`
	URL    string `json:"url"`
	Want   bool   `json:"want"`
}

// loadCases reads testdata/cases.json.
func loadCases(t testing.TB) []matchCase {
	t.Helper()
	data, err := os.ReadFile("testdata/cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []matchCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	return cases
}

func TestMatchCases(t *testing.T) {
	for _, tc := range loadCases(t) {
		t.Run(tc.Name, func(t *testing.T) {
			m, err := Compile(MustParse(tc.Query))
			if err != nil {
				t.Fatalf("Compile(%q): %v", tc.Query, err)
			}
			d := Doc{Title: tc.Title, Text: tc.Text, Source: tc.Source, Lang: tc.Lang, URL: tc.URL}
			if got := m.Match(d); got != tc.Want {
				t.Errorf("%q on %+v = %v, want %v", tc.Query, d, got, tc.Want)
			}
			if got := m.MatchPrepared(Prepare(d)); got != tc.Want {
				t.Errorf("MatchPrepared %q = %v, want %v", tc.Query, got, tc.Want)
			}
		})
	}
}

// TestPreparedShared evaluates many matchers against one Prepared from
// several goroutines, as the rules engine will, under -race.
func TestPreparedShared(t *testing.T) {
	p := Prepare(Doc{Title: "LŨ QUÉT Ở MỘC CHÂU", Text: "Thuỷ điện Sơn La xả lũ; sức khoẻ người dân ổn định."})
	queries := map[string]bool{
		"mộc*": true, "moc*": true, `"thủy điện" NEAR/3 lũ`: true, `"thủy điện" NEAR/2 lũ`: false, `"sức khỏe"`: true,
		`title:lu -text:quet`: true, "son la ONEAR/0001 xả": true, "xả ONEAR/3 sơn": false,
	}
	done := make(chan struct{})
	for range 4 {
		go func() {
			defer func() { done <- struct{}{} }()
			for q, want := range queries {
				if got := mustCompile(t, q).MatchPrepared(p); got != want {
					t.Errorf("%q = %v, want %v", q, got, want)
				}
			}
		}()
	}
	for range 4 {
		<-done
	}
}

// mustCompile parses and compiles q or fails the test.
func mustCompile(t testing.TB, q string) *Matcher {
	t.Helper()
	n, err := Parse(q)
	if err != nil {
		t.Fatalf("Parse(%q): %v", q, err)
	}
	m, err := Compile(n)
	if err != nil {
		t.Fatalf("Compile(%q): %v", q, err)
	}
	return m
}

func TestCompileRejects(t *testing.T) {
	tests := []struct {
		name string
		node Node
	}{
		{"nil", nil},
		{"pure negative", &Not{Node: &Term{Text: "a"}}},
		{"empty and", &And{}},
		{"two words in a term", &Term{Text: "sơn la"}},
		{"unnormalised word", &Term{Text: "Hoà"}},
		{"empty phrase", &Phrase{}},
		{"short prefix", &Prefix{Text: "a"}},
		{"near of prefix", &Near{A: &Prefix{Text: "ab"}, B: &Term{Text: "c"}, Dist: 2}},
		{"near distance 0", &Near{A: &Term{Text: "a"}, B: &Term{Text: "c"}, Dist: 0}},
		{"near distance too big", &Near{A: &Term{Text: "a"}, B: &Term{Text: "c"}, Dist: MaxDistance + 1}},
		{"nested fields", &Field{Name: FieldTitle, Node: &Field{Name: FieldText, Node: &Term{Text: "a"}}}},
		{"filter in field", &Field{Name: FieldTitle, Node: &Filter{Name: FieldLang, Value: "vi"}}},
		{"unknown field", &Field{Name: "body", Node: &Term{Text: "a"}}},
		{"unknown filter", &Filter{Name: "title", Value: "a"}},
		{"empty filter", &Filter{Name: FieldLang, Value: " "}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Compile(tc.node); err == nil {
				t.Errorf("Compile(%v) succeeded", tc.node)
			}
		})
	}
}
