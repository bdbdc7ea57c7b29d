package rules

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"golang.org/x/text/unicode/norm"

	"mediawatch"
)

// engine builds an engine of one enabled rule per query, ids r0, r1, ….
func engine(t *testing.T, queries ...string) *Engine {
	t.Helper()
	var rs []mediawatch.Rule
	for i, q := range queries {
		rs = append(rs, mediawatch.Rule{ID: fmt.Sprintf("r%d", i), Query: q, Severity: mediawatch.SeverityHigh, Enabled: true})
	}
	e, err := NewEngine(rs)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// flagged returns the ids of the rules that flag it.
func flagged(e *Engine, it mediawatch.Item) []string {
	var ids []string
	for _, f := range e.Match(&it) {
		ids = append(ids, f.RuleID)
	}
	return ids
}

func TestMatchSemantics(t *testing.T) {
	tests := []struct {
		name  string
		query string
		match []mediawatch.Item
		miss  []mediawatch.Item
	}{
		{"exact phrase", `"Sơn La"`,
			[]mediawatch.Item{{Text: "tỉnh SƠN LA"}, {Title: "Sơn La"}, {Text: norm.NFD.String("Sơn La!")}},
			[]mediawatch.Item{{Text: "Lạng Sơn là"}, {Text: "Son La"}, {Text: "Sơn Lá"}, {Text: "Sơn"}}},
		{"folded phrase", `"son la"`,
			[]mediawatch.Item{{Text: "Sơn là"}, {Text: "SON-LA"}, {Text: "sơn la"}},
			[]mediawatch.Item{{Text: "Sơn Lạng"}, {Text: "son lam"}, {Text: "sonla"}}},
		{"bare words are AND", `Sơn La`,
			[]mediawatch.Item{{Text: "La Sơn"}, {Title: "Sơn", Text: "La"}, {Text: "Sơn là"}},
			[]mediawatch.Item{{Text: "Sơn"}, {Text: "Son La"}}},
		{"tone placement", `"thủy điện" hoà`,
			[]mediawatch.Item{{Text: "thuỷ điện Hoà Bình"}, {Text: "Thủy điện hòa lưới"}},
			[]mediawatch.Item{{Text: "thủy điện hoàng"}}},
		{"đ folds to d", `"da nang"`,
			[]mediawatch.Item{{Text: "ĐÀ NẴNG"}, {Text: "Da Nang"}}, nil},
		{"near", `lũ NEAR/2 "Sơn La"`,
			[]mediawatch.Item{{Text: "lũ ở tỉnh Sơn La"}, {Text: "Sơn La có lũ"}, {Text: "Sơn La lũ"}},
			[]mediawatch.Item{{Text: "lũ quét ở tỉnh Sơn La"}, {Title: "lũ", Text: "Sơn La"}, {Text: "lũ"}}},
		{"onear", `lũ ONEAR/2 "Sơn La"`,
			[]mediawatch.Item{{Text: "lũ ở Sơn La"}},
			[]mediawatch.Item{{Text: "Sơn La có lũ"}}},
		{"near with repeated words", `"a b" NEAR/1 b`,
			[]mediawatch.Item{{Text: "a b x b"}, {Text: "b a b"}},
			[]mediawatch.Item{{Text: "a b"}, {Text: "a b x y b"}}},
		{"not", `"vỡ đập" NOT ("diễn tập" OR "bác bỏ")`,
			[]mediawatch.Item{{Text: "nguy cơ vỡ đập"}},
			[]mediawatch.Item{{Text: "diễn tập ứng phó vỡ đập"}, {Title: "Bác bỏ tin vỡ đập"}}},
		{"title field", `title:lũ`,
			[]mediawatch.Item{{Title: "Lũ lớn"}},
			[]mediawatch.Item{{Text: "lũ lớn"}}},
		{"text group", `text:(lũ OR mưa) title:"Sơn La"`,
			[]mediawatch.Item{{Title: "Sơn La", Text: "mưa to"}},
			[]mediawatch.Item{{Title: "Sơn La mưa"}, {Title: "Lai Châu", Text: "mưa"}}},
		{"exact prefix", `mộc*`,
			[]mediawatch.Item{{Text: "Mộc Châu"}, {Text: "mộc mạc"}},
			[]mediawatch.Item{{Text: "moc chau"}, {Text: "mốc"}}},
		{"folded prefix", `moc*`,
			[]mediawatch.Item{{Text: "Mộc Châu"}, {Text: "mốc"}, {Text: "MOCHA"}},
			[]mediawatch.Item{{Text: "amoc"}}},
		{"filters", `lũ (source:baosonla OR lang:en) -url:example.com`,
			[]mediawatch.Item{{Text: "lũ", Source: "BaoSonLa", URL: "https://x.vn/a"}, {Text: "lũ", Lang: "EN"}},
			[]mediawatch.Item{{Text: "lũ", Source: "baosonla", URL: "https://www.example.com/a"}, {Text: "lũ", Lang: "vi"}}},
		{"metadata only", `lang:en OR "Sơn La"`,
			[]mediawatch.Item{{Lang: "en"}, {Text: "Sơn La", Lang: "vi"}},
			[]mediawatch.Item{{Lang: "vi", Text: "lũ"}}},
		{"url prefix", `lũ url:baosonla.vn/thoi-su`,
			[]mediawatch.Item{{Text: "lũ", URL: "http://www.baosonla.vn/thoi-su/x"}},
			[]mediawatch.Item{{Text: "lũ", URL: "http://baosonla.vn/kinh-te/x"}}},
		{"hyphenated word is a phrase", `covid-19`,
			[]mediawatch.Item{{Text: "Covid 19"}},
			[]mediawatch.Item{{Text: "covid"}}},
		{"invalid utf-8 separates words", `"son la"`,
			[]mediawatch.Item{{Text: "Sơn\xffLa"}},
			[]mediawatch.Item{{Text: "Sơn\u0301La"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := engine(t, tt.query)
			for _, it := range tt.match {
				if got := flagged(e, it); !reflect.DeepEqual(got, []string{"r0"}) {
					t.Errorf("%s does not flag %+v", tt.query, it)
				}
			}
			for _, it := range tt.miss {
				if got := flagged(e, it); got != nil {
					t.Errorf("%s flags %+v", tt.query, it)
				}
			}
		})
	}
}

func TestLanguagesAndSources(t *testing.T) {
	rs := []mediawatch.Rule{
		{ID: "any", Query: "lũ", Severity: "low", Enabled: true},
		{ID: "en-vi", Query: "lũ", Severity: "low", Enabled: true, Languages: []string{"EN", "vi"}},
		{ID: "herald", Query: "lũ", Severity: "low", Enabled: true, Sources: []string{"Weekly-Herald "}},
		{ID: "off", Query: "lũ", Severity: "low", Enabled: false},
	}
	e, err := NewEngine(rs)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		it   mediawatch.Item
		want []string
	}{
		{mediawatch.Item{Text: "lũ", Lang: "vi", Source: "tin-tuc"}, []string{"any", "en-vi"}},
		{mediawatch.Item{Text: "lũ", Lang: "En", Source: "weekly-herald"}, []string{"any", "en-vi", "herald"}},
		{mediawatch.Item{Text: "lũ", Lang: "es", Source: "WEEKLY-HERALD"}, []string{"any", "herald"}},
		{mediawatch.Item{Text: "lũ"}, []string{"any"}},
	}
	for _, tt := range tests {
		if got := flagged(e, tt.it); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%+v: flagged by %v, want %v", tt.it, got, tt.want)
		}
	}
	var ids []string
	for _, r := range e.Rules() {
		ids = append(ids, r.ID)
	}
	if want := []string{"any", "en-vi", "herald"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("Rules() = %v, want %v (enabled, by id)", ids, want)
	}
}

func TestFlagContents(t *testing.T) {
	rs := []mediawatch.Rule{
		{ID: "z-dam", Query: `("Sơn La" OR thuy*) "vỡ đập" -"diễn tập" -title:lũ`, Severity: mediawatch.SeverityCritical, Enabled: true},
		{ID: "a-title", Query: `title:"son la" OR text:nothing`, Severity: mediawatch.SeverityLow, Enabled: true, Version: "v-given"},
	}
	e, err := NewEngine(rs)
	if err != nil {
		t.Fatal(err)
	}
	title := norm.NFD.String("SƠN LA: thuỷ điện")
	text := "Tin vỡ đập ở Sơn La.  Thuỷ điện\nSơn La an toàn; không có vỡ đập."
	flags := e.Match(&mediawatch.Item{Title: title, Text: text})
	if len(flags) != 2 || flags[0].RuleID != "a-title" || flags[1].RuleID != "z-dam" {
		t.Fatalf("flags %+v, want a-title then z-dam", flags)
	}
	a, z := flags[0], flags[1]
	if a.RuleVersion != "v-given" || a.Severity != mediawatch.SeverityLow || z.RuleVersion != Version(rs[0]) ||
		z.Severity != mediawatch.SeverityCritical || z.Status != "" || z.ID != 0 {
		t.Errorf("flag fields: %+v / %+v", a, z)
	}
	nfdSonLa := norm.NFD.String("SƠN LA")
	wantA := []mediawatch.TermMatch{{Term: "son la", Field: "title", Start: 0, End: len(nfdSonLa), Text: nfdSonLa}}
	if !reflect.DeepEqual(a.Matches, wantA) {
		t.Errorf("a-title matches:\n%+v\nwant\n%+v", a.Matches, wantA)
	}
	at := func(s string, n int) int { // byte offset of the n-th s in text
		i := -1
		for ; n > 0; n-- {
			i += 1 + strings.Index(text[i+1:], s)
		}
		return i
	}
	tStart := len(nfdSonLa) + 2
	wantZ := []mediawatch.TermMatch{
		{Term: "Sơn La", Field: "title", Start: 0, End: len(nfdSonLa), Text: nfdSonLa},
		{Term: "thuy*", Field: "title", Start: tStart, End: tStart + len(norm.NFD.String("thuỷ")), Text: norm.NFD.String("thuỷ")},
		{Term: "vỡ đập", Field: "text", Start: at("vỡ đập", 1), End: at("vỡ đập", 1) + len("vỡ đập"), Text: "vỡ đập"},
		{Term: "Sơn La", Field: "text", Start: at("Sơn La", 1), End: at("Sơn La", 1) + len("Sơn La"), Text: "Sơn La"},
		{Term: "thuy*", Field: "text", Start: at("Thuỷ", 1), End: at("Thuỷ", 1) + len("Thuỷ"), Text: "Thuỷ"},
		{Term: "Sơn La", Field: "text", Start: at("Sơn La", 2), End: at("Sơn La", 2) + len("Sơn La"), Text: "Sơn La"},
		{Term: "vỡ đập", Field: "text", Start: at("vỡ đập", 2), End: at("vỡ đập", 2) + len("vỡ đập"), Text: "vỡ đập"},
	}
	if !reflect.DeepEqual(z.Matches, wantZ) {
		t.Errorf("z-dam matches:\n%+v\nwant\n%+v", z.Matches, wantZ)
	}
	if want := "Tin vỡ đập ở Sơn La. Thuỷ điện Sơn La an toàn; không có vỡ đập."; z.Snippet != want {
		t.Errorf("snippet %q, want %q", z.Snippet, want)
	}
	if a.Snippet != title {
		t.Errorf("title-only snippet %q, want the title", a.Snippet)
	}
}

func TestSnippet(t *testing.T) {
	words := make([]string, 120)
	for i := range words {
		words[i] = fmt.Sprintf("từ%03d", i)
	}
	long := strings.Join(words, " ")
	at := strings.Index(long, "từ060")
	tests := []struct {
		name, text string
		at         int
		want       string
	}{
		{"short", "Sơn La  mưa\nlớn", 4, "Sơn La mưa lớn"},
		{"middle of a long text", long, at, "…" + strings.Join(words[50:83], " ") + "…"},
		{"start", long, 0, strings.Join(words[:33], " ") + "…"},
		{"end", long, strings.Index(long, "từ119"), "…" + strings.Join(words[109:], " ")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Snippet(tt.text, tt.at)
			if got != tt.want {
				t.Errorf("Snippet = %q\nwant      %q", got, tt.want)
			}
			if n := len([]rune(got)); n > SnippetLen+2 {
				t.Errorf("snippet of %d characters", n)
			}
		})
	}
}

func TestNewEngineErrors(t *testing.T) {
	ok := mediawatch.Rule{ID: "a", Query: "lũ", Severity: "low", Enabled: true}
	with := func(f func(r *mediawatch.Rule)) mediawatch.Rule { r := ok; f(&r); return r }
	tests := []struct {
		name  string
		rules []mediawatch.Rule
		want  string
	}{
		{"no id", []mediawatch.Rule{with(func(r *mediawatch.Rule) { r.ID = "" })}, "a rule has no id"},
		{"duplicate", []mediawatch.Rule{ok, ok}, `duplicate rule id "a"`},
		{"severity", []mediawatch.Rule{with(func(r *mediawatch.Rule) { r.Severity = "urgent" })}, `rule "a": bad severity "urgent"`},
		{"query", []mediawatch.Rule{with(func(r *mediawatch.Rule) { r.Query = "lũ AND" })}, `rule "a": query: col 7: expected a term after AND`},
		{"search-only", []mediawatch.Rule{with(func(r *mediawatch.Rule) { r.Query = "lũ severity:high" })}, `rule "a": query: col 4: severity: filters`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewEngine(tt.rules)
			if err == nil || !errors.Is(err, mediawatch.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("NewEngine = %v, want %q wrapping ErrInvalid", err, tt.want)
			}
		})
	}
	off := with(func(r *mediawatch.Rule) { r.Query, r.Enabled = "((", false })
	e, err := NewEngine([]mediawatch.Rule{off})
	if err != nil || e.Match(&mediawatch.Item{Text: "(("}) != nil || len(e.Rules()) != 0 {
		t.Errorf("a disabled rule takes part: %v", err)
	}
}

// TestMatchConcurrent shares one engine between goroutines (run with
// -race): each must see its own item's flags.
func TestMatchConcurrent(t *testing.T) {
	e := engine(t, `"Sơn La"`, `lũ NEAR/3 "Sơn La"`, `mộc*`)
	items := []mediawatch.Item{{Text: "lũ ở Sơn La"}, {Text: "Mộc Châu"}, {Text: "Lạng Sơn là"}}
	want := [][]string{{"r0", "r1"}, {"r2"}, nil}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 300 {
				k := (i + g) % len(items)
				if got := flagged(e, items[k]); !reflect.DeepEqual(got, want[k]) {
					t.Errorf("item %d: %v, want %v", k, got, want[k])
					return
				}
			}
		}()
	}
	wg.Wait()
}
