package rules

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"mediawatch"
)

// writeTree creates files (path → content) under a new directory.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// ruleText is a valid one-rule file.
func ruleText(id, query string) string {
	return "id: " + id + "\nname: {vi: Luật, en: Rule}\nquery: '" + query + "'\nseverity: medium\n"
}

func TestLoadDir(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"b.yaml":                 "- " + strings.ReplaceAll(ruleText("flood", "lũ quét"), "\n", "\n  ") + "\n- " + strings.ReplaceAll(ruleText("dam", `"vỡ đập"`), "\n", "\n  "),
		"themes/scams/scam.yml":  ruleText("scam", `"chuyển khoản"`),
		"themes/empty.yaml":      "# nothing yet\n",
		"testdata/broken.yaml":   "id: [",
		".git/x.yaml":            "id: [",
		"_drafts/draft.yaml":     ruleText("flood", "x"),
		"README.md":              "not a rule",
		"themes/.hidden.yaml":    "id: [",
		"themes/notes.yaml.orig": "id: [",
	})
	now := time.Date(2026, 11, 22, 7, 0, 0, 0, time.UTC)
	set, err := LoadDir(dir, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	var ids, files []string
	for _, r := range set.Rules {
		ids = append(ids, r.ID)
		rel, _ := filepath.Rel(dir, r.File)
		files = append(files, filepath.ToSlash(rel))
		if r.Version != Version(r) {
			t.Errorf("%s: version %q, want %q", r.ID, r.Version, Version(r))
		}
	}
	if want := []string{"dam", "flood", "scam"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("ids %v, want %v", ids, want)
	}
	if want := []string{"b.yaml", "b.yaml", "themes/scams/scam.yml"}; !reflect.DeepEqual(files, want) {
		t.Errorf("files %v, want %v", files, want)
	}
	if set.Dir != dir || !set.LoadedAt.Equal(now) || len(set.Version) != 16 {
		t.Errorf("set %q %v %q", set.Dir, set.LoadedAt, set.Version)
	}
	again, err := LoadDir(dir, time.Now)
	if err != nil || again.Version != set.Version {
		t.Errorf("reloading gives version %q, want %q (%v)", again.Version, set.Version, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "themes/scams/scam.yml"), []byte(ruleText("scam", `"phí hồ sơ"`)), 0o644); err != nil {
		t.Fatal(err)
	}
	if edited, err := LoadDir(dir, time.Now); err != nil || edited.Version == set.Version {
		t.Errorf("an edited rule does not change the set's version (%v)", err)
	}
}

func TestLoadDirProblems(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"a.yaml":       ruleText("dam", `"vỡ đập"`),
		"b.yaml":       "- " + strings.ReplaceAll(ruleText("flood", "lũ AND"), "\n", "\n  ") + "\n- " + strings.ReplaceAll(ruleText("dam", "x"), "\n", "\n  "),
		"c/c.yaml":     "id: [\n",
		"c/d.yml":      ruleText("Bad_ID", "x"),
		"c/e.yaml":     ruleText("ok", "y"),
		"c/f/dam.yaml": ruleText("dam", "z"),
	})
	set, err := LoadDir(dir, time.Now)
	var le *LoadError
	if set != nil || !errors.As(err, &le) || !errors.Is(err, mediawatch.ErrInvalid) {
		t.Fatalf("LoadDir = %v, %v; want a *LoadError and no set", set, err)
	}
	want := []string{
		"b.yaml:3:17: query: expected a term after AND, found the end of the query",
		`b.yaml:6:7: duplicate id "dam": also at a.yaml:1:5`,
		"c/c.yaml:1: YAML: did not find expected node content",
		`c/d.yml:1:5: id "Bad_ID" is not a slug: use lower-case letters a-z, digits and single hyphens (dam-burst-rumour)`,
		`c/f/dam.yaml:1:5: duplicate id "dam": also at a.yaml:1:5`,
	}
	got := strings.Split(strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), ""), "\n")
	for i := range got {
		got[i] = filepath.ToSlash(got[i])
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestLoadDirNotADirectory(t *testing.T) {
	dir := writeTree(t, map[string]string{"a.yaml": ruleText("a", "x")})
	for _, path := range []string{filepath.Join(dir, "missing"), filepath.Join(dir, "a.yaml")} {
		set, err := LoadDir(path, time.Now)
		var le *LoadError
		if set != nil || !errors.As(err, &le) || len(le.Problems) != 1 || le.Problems[0].Line != 0 {
			t.Errorf("LoadDir(%s) = %v, %v", path, set, err)
			continue
		}
		if s := le.Problems[0].String(); !strings.HasPrefix(s, path+": rules directory: ") {
			t.Errorf("problem %q", s)
		}
	}
	empty, err := LoadDir(t.TempDir(), time.Now)
	if err != nil || len(empty.Rules) != 0 || empty.Version == "" {
		t.Errorf("an empty directory: %+v, %v", empty, err)
	}
}

func TestProblemString(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{File: "a.yaml", Line: 3, Col: 7, Msg: "m"}, "a.yaml:3:7: m"},
		{Problem{File: "a.yaml", Line: 3, Msg: "m"}, "a.yaml:3: m"},
		{Problem{File: "rules", Msg: "m"}, "rules: m"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.p, got, tt.want)
		}
	}
}
