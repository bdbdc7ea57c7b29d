package rules

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"mediawatch"
)

func TestParseValid(t *testing.T) {
	full := `# two rules
- id: dam-burst-rumour
  name:
    vi: Tin đồn vỡ đập
    en: Dam-burst rumour
  description: Tin đồn.
  query: '"vỡ đập" AND ("Sơn La" OR "son la") NOT "diễn tập"'
  severity: High
  category: rumour
  languages: [VI, en]
  sources:
    - tin-tuc-viet
    - " weekly-herald "
  enabled: false
  response_hint: |
    Dẫn thông cáo.
  owner: Ban biên tập
- id: scam-2
  name: {vi: Lừa đảo, en: Scam}
  query: >-
    "tỉnh Sơn La"
    AND "chuyển khoản"
  severity: low
  languages: en
`
	tests := []struct {
		name string
		data string
		want []mediawatch.Rule
	}{
		{"list", full, []mediawatch.Rule{{
			ID: "dam-burst-rumour", Name: mediawatch.Names{VI: "Tin đồn vỡ đập", EN: "Dam-burst rumour"},
			Description: "Tin đồn.", Query: `"vỡ đập" AND ("Sơn La" OR "son la") NOT "diễn tập"`,
			Severity: mediawatch.SeverityHigh, Category: "rumour", Languages: []string{"vi", "en"},
			Sources: []string{"tin-tuc-viet", "weekly-herald"}, Enabled: false, ResponseHint: "Dẫn thông cáo.\n",
			Owner: "Ban biên tập", File: "f.yaml", Line: 2,
		}, {
			ID: "scam-2", Name: mediawatch.Names{VI: "Lừa đảo", EN: "Scam"}, Query: `"tỉnh Sơn La" AND "chuyển khoản"`,
			Severity: mediawatch.SeverityLow, Languages: []string{"en"}, Enabled: true, File: "f.yaml", Line: 18,
		}}},
		{"one rule", "id: a\nname: {vi: x, en: y}\nquery: lũ\nseverity: critical\n", []mediawatch.Rule{{
			ID: "a", Name: mediawatch.Names{VI: "x", EN: "y"}, Query: "lũ", Severity: mediawatch.SeverityCritical,
			Enabled: true, File: "f.yaml", Line: 1,
		}}},
		{"empty", "", nil},
		{"comments only", "# nothing yet\n\n", nil},
		{"null document", "~\n", nil},
		{"crlf", "id: a\r\nname: {vi: x, en: y}\r\nquery: lũ\r\nseverity: low\r\n", []mediawatch.Rule{{
			ID: "a", Name: mediawatch.Names{VI: "x", EN: "y"}, Query: "lũ", Severity: mediawatch.SeverityLow,
			Enabled: true, File: "f.yaml", Line: 1,
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse("f.yaml", []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			for i := range tt.want {
				tt.want[i].Version = Version(tt.want[i])
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

// rule is a valid rule file with one line replaced or added, for the
// problem cases: key k gets the YAML value v ("" drops the key).
func rule(k, v string) string {
	lines := []string{"id: a", "name: {vi: x, en: y}", "query: lũ", "severity: low"}
	for i, l := range lines {
		if strings.HasPrefix(l, k+":") {
			if v == "" {
				return strings.Join(append(lines[:i:i], lines[i+1:]...), "\n") + "\n"
			}
			lines[i] = k + ": " + v
			return strings.Join(lines, "\n") + "\n"
		}
	}
	return strings.Join(append(lines, k+": "+v), "\n") + "\n"
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name string
		data string
		want []string
	}{
		{"unknown key", rule("severty", "high"), []string{`f.yaml:5:1: unknown key "severty"; did you mean severity?`}},
		{"unknown key far off", rule("colour", "red"), []string{
			`f.yaml:5:1: unknown key "colour" (keys are id, name, description, query, severity, category, languages, sources, enabled, response_hint, owner)`}},
		{"missing keys", "id: a\n", []string{
			"f.yaml:1:1: missing name: every rule needs id, name (vi and en), query and severity",
			"f.yaml:1:1: missing query: every rule needs id, name (vi and en), query and severity",
			"f.yaml:1:1: missing severity: every rule needs id, name (vi and en), query and severity"}},
		{"bad slug", rule("id", "Dam_Burst"), []string{
			`f.yaml:1:5: id "Dam_Burst" is not a slug: use lower-case letters a-z, digits and single hyphens (dam-burst-rumour)`}},
		{"long id", rule("id", strings.Repeat("a", 65)), []string{`f.yaml:1:5: id "` + strings.Repeat("a", 65) + `" is longer than 64 characters`}},
		{"empty id", rule("id", `""`), []string{"f.yaml:1:5: id must be a slug such as dam-burst-rumour"}},
		{"duplicate key", rule("id", "a\nid: b"), []string{`f.yaml:2:1: duplicate key "id": first at line 1`}},
		{"bad severity", rule("severity", "urgent"), []string{`f.yaml:4:11: severity must be low, medium, high or critical, not the value "urgent"`}},
		{"bad languages", rule("languages", "[vi, vn, english, '']"), []string{
			`f.yaml:5:17: bad language "vn": the code of Vietnamese is vi (vn is the country)`,
			`f.yaml:5:21: bad language "english": use ISO 639 codes such as vi and en`,
			`f.yaml:5:30: empty entry in languages`}},
		{"enabled yes", rule("enabled", "yes"), []string{`f.yaml:5:10: enabled must be true or false, not the value "yes"`}},
		{"name as text", rule("name", "Đập"), []string{"f.yaml:2:7: name needs a Vietnamese and an English label: name: {vi: …, en: …}"}},
		{"name without en", rule("name", "{vi: Đập, fr: Barrage}"), []string{
			"f.yaml:2:1: name needs both vi and en labels", `f.yaml:2:17: unknown key "fr" in name: it has vi and en`}},
		{"query as list", rule("query", "[a, b]"), []string{"f.yaml:3:8: query must be text, not a list"}},
		{"alias", "- &r\n  id: a\n  name: {vi: x, en: y}\n  query: lũ\n  severity: low\n- id: b\n  name: *r\n  query: x\n  severity: low\n",
			[]string{"f.yaml:7:9: aliases (*r) are not supported in rule files: write the value out"}},
		{"duplicate id in file", "- id: a\n  name: {vi: x, en: y}\n  query: lũ\n  severity: low\n- id: a\n  name: {vi: x, en: y}\n  query: mưa\n  severity: low\n",
			[]string{`f.yaml:5:7: duplicate id "a": also at f.yaml:1:7`}},
		{"top-level text", "hello\n", []string{`f.yaml:1:1: a rule file holds a list of rules or one rule, not the value "hello"`}},
		{"list of text", "- hello\n", []string{`f.yaml:1:3: each rule is a mapping of keys (id: …, query: …), not the value "hello"`}},
		{"two documents", rule("owner", "x") + "---\n" + rule("owner", "y"), []string{
			`f.yaml:6:1: a rule file holds one YAML document: remove this "---" or move the rules into a list`}},
		{"yaml unclosed list", "id: a\nname: [x\nquery: y\n", []string{"f.yaml:2: YAML: did not find expected ',' or ']'"}},
		{"yaml bad indentation", "id: a\nquery: x\n  b: c\nseverity: low\n", []string{"f.yaml:3: YAML: mapping values are not allowed in this context"}},
		{"yaml error after a list spanning lines", "name: [a,\n b]\nquery: [c\n", []string{"f.yaml:3: YAML: did not find expected ',' or ']'"}},
		{"yaml tab", "id: a\n\tquery: x\n", []string{"f.yaml:2: YAML: found a tab character that violates indentation"}},
		{"not utf-8", "id: a\nname: \xff\n", []string{"f.yaml:2:7: not UTF-8 text: rule files must be saved as UTF-8"}},
		{"control character", "id: a\nquery: x\x01\n", []string{"f.yaml:2:9: control character U+0001 in the text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkProblems(t, tt.data, tt.want)
		})
	}
}

// checkProblems parses data and compares the problems it reports.
func checkProblems(t *testing.T, data string, want []string) {
	t.Helper()
	rs, err := Parse("f.yaml", []byte(data))
	var le *LoadError
	if !errors.As(err, &le) || rs != nil {
		t.Fatalf("Parse = %v, %v; want a *LoadError and no rules", rs, err)
	}
	if !errors.Is(err, mediawatch.ErrInvalid) {
		t.Errorf("%v does not wrap ErrInvalid", err)
	}
	var got []string
	for _, p := range le.Problems {
		got = append(got, p.String())
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if err.Error() != strings.Join(got, "\n") {
		t.Errorf("Error() = %q", err.Error())
	}
}

// TestQueryProblemPositions points query errors at their column in the
// file, for each way YAML can write the query.
func TestQueryProblemPositions(t *testing.T) {
	tests := []struct {
		name, query string
		want        string
	}{
		{"plain", "query: lũ AND", "f.yaml:3:14: query: expected a term after AND, found the end of the query"},
		{"plain mid", "query: Sơn La NEAR/0 lũ", "f.yaml:3:15: query: NEAR needs a distance from 1 to 100: NEAR/n"},
		{"plain comment", "query: (lũ OR  # why\n", "f.yaml:3:14: query: expected a term after OR, found the end of the query"},
		{"single quoted", `query: 'a ''b'' NEAR/0 c'`, "f.yaml:3:17: query: NEAR needs a distance from 1 to 100: NEAR/n"},
		{"double quoted", `query: "\"Sơn La\" AND (x"`, `f.yaml:3:24: query: "(" without ")"`},
		{"double quoted unicode escape", `query: "\u0053ơn NEAR/x"`, "f.yaml:3:18: query: NEAR needs a distance from 1 to 100: NEAR/n"},
		{"literal block", "query: |\n  \"Sơn La\" AND\n    (lũ OR mưa\n", `f.yaml:5:5: query: "(" without ")"`},
		{"literal block at the end", "query: |\n  \"Sơn La\" AND\n    (lũ OR\n", "f.yaml:5:11: query: expected a term after OR, found the end of the query"},
		{"folded block", "query: >-\n  \"Sơn La\"\n  AND lũ\n  AND\n", "f.yaml:6:6: query: expected a term after AND, found the end of the query"},
		{"plain over lines", "query: lũ AND\n  mưa OR\n  )\n", `f.yaml:5:3: query: expected a term after OR, found ")"`},
		{"rule filter", "query: 'lũ AND -Rule:dam'", "f.yaml:3:17: query: rule: filters searches by the flags rules raised; a rule cannot use it"},
		{"severity filter in block", "query: |\n  lũ\n  (severity:high OR x)\n", "f.yaml:5:4: query: severity: filters searches by the flags rules raised; a rule cannot use it"},
		{"quoted filter name is text", `query: '"rule:x" AND severity:low'`, "f.yaml:3:22: query: severity: filters searches by the flags rules raised; a rule cannot use it"},
		{"no positive term", "query: NOT lũ", "f.yaml:3:8: query: a query needs at least one positive term (NOT, - and OR with a negation match almost everything)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := "id: a\nname: {vi: x, en: y}\nseverity: low\n"
			data = strings.Replace(data, "severity: low\n", "", 1) + tt.query + "\n"
			if !strings.Contains(tt.query, "\n") {
				data = strings.TrimSuffix(data, "\n") + "\n"
			}
			data += "severity: low\n"
			checkProblems(t, data, []string{tt.want})
		})
	}
}

func TestVersion(t *testing.T) {
	base := mediawatch.Rule{ID: "a", Name: mediawatch.Names{VI: "x", EN: "y"}, Query: "lũ", Severity: "low", Enabled: true}
	moved := base
	moved.File, moved.Line, moved.Version = "other.yaml", 40, "stale"
	if Version(base) != Version(moved) || len(Version(base)) != 16 {
		t.Errorf("Version depends on where a rule was loaded from: %s, %s", Version(base), Version(moved))
	}
	edits := []func(r *mediawatch.Rule){
		func(r *mediawatch.Rule) { r.Query = "lũ quét" },
		func(r *mediawatch.Rule) { r.Severity = "high" },
		func(r *mediawatch.Rule) { r.Languages = []string{"vi"} },
		func(r *mediawatch.Rule) { r.Sources = []string{"x"} },
		func(r *mediawatch.Rule) { r.Enabled = false },
		func(r *mediawatch.Rule) { r.ResponseHint = "x" },
		func(r *mediawatch.Rule) { r.Name.EN = "z" },
	}
	for i, edit := range edits {
		r := base
		edit(&r)
		if Version(r) == Version(base) {
			t.Errorf("edit %d does not change the version", i)
		}
	}
}
