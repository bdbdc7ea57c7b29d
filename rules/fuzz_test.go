package rules

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"mediawatch"
	"mediawatch/query"
)

// FuzzParse holds the rule file loader to its promises on any input: no
// panic; either rules that all compile into an engine, or a *LoadError
// wrapping ErrInvalid whose problems point inside the file.
func FuzzParse(f *testing.F) {
	examples, err := filepath.Glob("examples/*.yaml")
	if err != nil || len(examples) == 0 {
		f.Fatalf("no examples to seed with: %v", err)
	}
	for _, name := range examples {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{"", "id: [", "- id: a\n  query: \"x\\u00e9 AND\"\n", "query: |\n  (a\n", "a: &x 1\nb: *x\n", "\xff", "---\n---\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, err := Parse("f.yaml", data)
		if err == nil {
			for i := range rs {
				if rs[i].Version != Version(rs[i]) {
					t.Fatalf("rule %q has version %q, not its hash", rs[i].ID, rs[i].Version)
				}
				rs[i].Enabled = true // disabled rules must be valid too
			}
			if _, err := NewEngine(rs); err != nil {
				t.Fatalf("Parse accepted rules that NewEngine refuses: %v", err)
			}
			return
		}
		var le *LoadError
		if !errors.As(err, &le) || !errors.Is(err, mediawatch.ErrInvalid) || len(le.Problems) == 0 || rs != nil {
			t.Fatalf("Parse error %v (%T) with %d rules", err, err, len(rs))
		}
		lines := len(splitLines(string(data)))
		for _, p := range le.Problems {
			if p.File != "f.yaml" || p.Line < 1 || p.Line > lines || p.Col < 0 || p.Msg == "" {
				t.Fatalf("problem %+v outside the file's %d lines", p, lines)
			}
		}
	})
}

// FuzzMatch holds the engine to query's matcher on any rule query and any
// item, and checks that every match it reports is the text at its offsets.
func FuzzMatch(f *testing.F) {
	f.Add(`"Sơn La" NEAR/2 lũ -"diễn tập"`, "SƠN LA", "lũ ở Sơn La \xff")
	f.Add(`title:mộc* OR (lang:vi "son la")`, "Mộc Châu", "Sơn là")
	f.Add(`thủy* "hoà bình"`, "Thuỷ điện", "Hoà\u0301 Bình")
	f.Add(`"son la tinh" OR nguyễ* OR ab*`, "tỉnh Sơn", "La nguyễn la son a b c d")
	f.Fuzz(func(t *testing.T, q, title, text string) {
		n, err := query.Parse(q)
		if err != nil || searchOnly(n) != "" {
			return
		}
		m, err := query.Compile(n)
		if err != nil {
			t.Fatalf("Compile(Parse(%q)): %v", q, err)
		}
		e, err := NewEngine([]mediawatch.Rule{{ID: "r", Query: q, Severity: "low", Enabled: true}})
		if err != nil {
			t.Fatalf("NewEngine(%q): %v", q, err)
		}
		it := mediawatch.Item{Title: title, Text: text, Source: title, Lang: text, URL: text}
		flags := e.Match(&it)
		if want := m.Match(query.Doc{Title: title, Text: text, Source: title, Lang: text, URL: text}); (len(flags) == 1) != want {
			t.Fatalf("%q on title %q, text %q: engine %v, matcher %v", q, title, text, len(flags) == 1, want)
		}
		for _, fl := range flags {
			for _, tm := range fl.Matches {
				s := text
				if tm.Field == FieldTitle {
					s = title
				}
				if tm.Start < 0 || tm.End > len(s) || tm.Start >= tm.End || s[tm.Start:tm.End] != tm.Text {
					t.Fatalf("%q: match %+v is not the text at its offsets", q, tm)
				}
			}
		}
	})
}
