package desk

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"mediawatch"
	"mediawatch/rules"
	"mediawatch/store"
)

// editFixture is a Desk over a real store and a Rulebook of a temporary
// rule directory.
type editFixture struct {
	d   *Desk
	b   *Rulebook
	dir string
}

func newEditFixture(t *testing.T, files map[string]string) editFixture {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		writeRules(t, dir, name, body)
	}
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "mw.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	b := NewRulebook(dir, nil, nil, nil)
	if err := b.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	return editFixture{d: New(Deps{Store: db, Rules: b}, Options{}), b: b, dir: dir}
}

var ruleAdmin = mediawatch.Actor{Kind: mediawatch.ActorPerson, Name: "admin"}

// noTempFiles fails when the atomic write left anything behind.
func noTempFiles(t *testing.T, dir string) {
	t.Helper()
	_ = filepath.WalkDir(dir, func(p string, de os.DirEntry, _ error) error {
		if strings.HasPrefix(de.Name(), ".rule-") {
			t.Errorf("temporary file left behind: %s", p)
		}
		return nil
	})
}

// randText is text a person might type: Vietnamese, quotes, YAML's
// special characters, words YAML reads as other types, spaces, newlines.
func randText(rng *rand.Rand, multiline bool) string {
	parts := []string{"vỡ đập", "Sơn La", `"`, "'", ": ", " #", "- ", "[", "]", "{", "}", "&a", "*b", "!x", "%", "@",
		"`", "|", ">", "yes", "no", "null", "~", "true", "0x1F", "1e3", "12:30", "  ", "\t", "é", "đ", "ẫ", "—",
		"https://example.vn/a?b=c#d", "\\", "---", "...", "? ", ",", "\u00a0"}
	if multiline {
		parts = append(parts, "\n", "\n\n", " \n", "\n  ")
	}
	var b strings.Builder
	for n := rng.IntN(6); n >= 0; n-- {
		b.WriteString(parts[rng.IntN(len(parts))])
	}
	return b.String()
}

// randRule is a valid rule with random texts.
func randRule(rng *rand.Rand, i int) mediawatch.Rule {
	words := []string{`"vỡ đập"`, "lũ", "sạt*", `"Sơn La"`, "dam", `"lừa đảo"`}
	q := words[rng.IntN(len(words))]
	if rng.IntN(2) == 0 {
		q += " AND " + words[rng.IntN(len(words))]
	}
	if rng.IntN(3) == 0 {
		q += ` -"diễn tập"`
	}
	r := mediawatch.Rule{
		ID:           "rule-" + string(rune('a'+i%26)) + strings.Repeat("x", i/26),
		Name:         mediawatch.Names{VI: "tên " + randText(rng, false), EN: "name " + randText(rng, false)},
		Description:  randText(rng, true),
		Query:        q,
		Severity:     mediawatch.Severities[rng.IntN(4)],
		Category:     randText(rng, false),
		Enabled:      rng.IntN(2) == 0,
		ResponseHint: randText(rng, true),
		Owner:        randText(rng, false),
	}
	for range rng.IntN(3) {
		r.Languages = append(r.Languages, []string{"vi", "en", "fr"}[rng.IntN(3)])
	}
	for range rng.IntN(3) {
		r.Sources = append(r.Sources, "src-"+randText(rng, false))
	}
	return r
}

// TestRuleYAMLRoundTrip: whatever a person types, the YAML the page writes
// loads to the same rule, alone and in a file of other rules.
func TestRuleYAMLRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 14000))
	for i := range 500 {
		r := normalizeRule(randRule(rng, i))
		if r.Name.VI == "" || r.Name.EN == "" {
			continue
		}
		data := encodeRule(r, rng.IntN(2) == 0, 0)
		got, err := rules.Parse("r.yaml", data)
		if err != nil || len(got) != 1 {
			t.Fatalf("rule %d does not load: %v\n%s", i, err, data)
		}
		if got[0].Version != r.Version || !sameRule(got[0], r) {
			t.Fatalf("rule %d reads back otherwise:\n%#v\n%#v\n%s", i, r, got[0], data)
		}
		if _, err := CheckRule(r); err != nil {
			t.Fatalf("rule %d refused: %v", i, err)
		}
	}
}

// sameRule compares what an author writes.
func sameRule(a, b mediawatch.Rule) bool {
	a.File, a.Line, b.File, b.Line = "", 0, "", 0
	return reflect.DeepEqual(a, b)
}

const sharedFile = `# Rules of the flood season.
- id: flood
  name: {vi: Lũ, en: Flood}
  query: 'lũ AND "Sơn La"'   # keep the quotes
  severity: high

# The dam rule below is the one edited.
- id: dam
  name: {vi: Vỡ đập, en: Dam}
  query: '"vỡ đập"'
  severity: critical
  response_hint: |
    Sở Công Thương: đập an toàn.
    # not a comment: part of the hint

# The last rule.
- id: scam
  name: {vi: Lừa đảo, en: Scam}
  query: '"lừa đảo"'
  severity: medium
# end of file
`

// TestSaveRuleSharedFile: editing one rule of a shared file replaces its
// lines only; the others keep their text, comments and versions.
func TestSaveRuleSharedFile(t *testing.T) {
	f := newEditFixture(t, map[string]string{"season.yaml": sharedFile})
	ctx := context.Background()
	old, err := f.d.ActiveRule(ctx, "dam")
	if err != nil {
		t.Fatal(err)
	}
	versions := map[string]string{}
	for _, r := range f.b.Status().Rules {
		versions[r.ID] = r.Version
	}
	first := f.b.Status().Version
	edit := old
	edit.Query = `"vỡ đập" OR "nứt đập"`
	edit.Category = "rumour: dam"
	saved, err := f.d.SaveRule(ctx, ruleAdmin, RuleEdit{Rule: edit, Base: old.Version})
	if err != nil {
		t.Fatal(err)
	}
	if saved.Query != edit.Query || saved.Category != "rumour: dam" || saved.Version == old.Version {
		t.Fatalf("saved %+v", saved)
	}
	if f.b.Status().Version == first {
		t.Fatal("the set's version did not change")
	}
	for _, r := range f.b.Status().Rules {
		if r.ID != "dam" && r.Version != versions[r.ID] {
			t.Errorf("rule %s changed", r.ID)
		}
	}
	data, _ := os.ReadFile(filepath.Join(f.dir, "season.yaml"))
	for _, keep := range []string{"# Rules of the flood season.\n- id: flood\n  name: {vi: Lũ, en: Flood}\n  query: 'lũ AND \"Sơn La\"'   # keep the quotes\n",
		"\n# The dam rule below is the one edited.\n- id: dam\n", "\n# The last rule.\n- id: scam\n", "# end of file\n"} {
		if !strings.Contains(string(data), keep) {
			t.Errorf("lost %q from the shared file:\n%s", keep, data)
		}
	}
	if strings.Count(string(data), "    # not a comment: part of the hint\n") != 1 {
		t.Errorf("the hint's lines were lost or doubled:\n%s", data)
	}
	noTempFiles(t, f.dir)

	// The form opened on the old version is refused; nothing is written.
	if _, err := f.d.SaveRule(ctx, ruleAdmin, RuleEdit{Rule: edit, Base: old.Version}); !errors.Is(err, ErrRuleChanged) {
		t.Fatalf("stale edit: %v", err)
	}
	// Disable the last rule of the file: the file's last comment stays.
	scam, _ := f.d.ActiveRule(ctx, "scam")
	off, err := f.d.DisableRule(ctx, ruleAdmin, "scam", scam.Version)
	if err != nil || off.Enabled {
		t.Fatalf("disable: %+v %v", off, err)
	}
	data, _ = os.ReadFile(filepath.Join(f.dir, "season.yaml"))
	if !strings.HasSuffix(string(data), "  enabled: false\n# end of file\n") {
		t.Fatalf("after disable:\n%s", data)
	}
}

// TestSaveRuleNewAndRefused: a new rule gets its own file; a refused rule
// is every problem by field, nothing written; a set refused by the reload
// puts the previous file back.
func TestSaveRuleNewAndRefused(t *testing.T) {
	f := newEditFixture(t, map[string]string{"a.yaml": goodRule, "scam.yaml": "# someone else's file\n"})
	ctx := context.Background()
	r := mediawatch.Rule{ID: "scam", Name: mediawatch.Names{VI: "Lừa đảo", EN: "Scam"}, Query: `"lừa đảo"`,
		Severity: "high", Enabled: true, Languages: []string{" VI "}}
	saved, err := f.d.SaveRule(ctx, ruleAdmin, RuleEdit{Rule: r, New: true})
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(saved.File) != "scam-2.yaml" || !reflect.DeepEqual(saved.Languages, []string{"vi"}) {
		t.Fatalf("new rule %+v", saved)
	}
	if _, err := f.d.SaveRule(ctx, ruleAdmin, RuleEdit{Rule: r, New: true}); !errors.Is(err, ErrRuleExists) {
		t.Fatalf("same id again: %v", err)
	}

	bad := mediawatch.Rule{ID: "Bad Id", Name: mediawatch.Names{VI: "x"}, Query: `"vỡ đập" AND`, Severity: "urgent"}
	_, err = f.d.SaveRule(ctx, ruleAdmin, RuleEdit{Rule: bad, New: true})
	var re *RuleEditError
	if !errors.As(err, &re) || !errors.Is(err, mediawatch.ErrInvalid) {
		t.Fatalf("bad rule: %v", err)
	}
	for _, field := range []string{"id", "name", "query", "severity"} {
		if len(re.Fields[field]) == 0 {
			t.Errorf("no problem on %s: %v", field, re.Fields)
		}
	}
	if re.Query == nil || re.Query.Col != 13 {
		t.Errorf("query error %+v", re.Query)
	}
	if _, err := os.Stat(filepath.Join(f.dir, "Bad Id.yaml")); err == nil {
		t.Error("a refused rule was written")
	}

	// Another file breaks by hand (not reloaded yet): the page's edit is
	// refused by the reload, and the previous file comes back.
	before, _ := os.ReadFile(filepath.Join(f.dir, "a.yaml"))
	active := f.b.Status().Version
	writeRules(t, f.dir, "zz-broken.yaml", "- id: [\n")
	dam, _ := f.d.ActiveRule(ctx, "dam-rumour")
	dam.Category = "changed"
	_, err = f.d.SaveRule(ctx, ruleAdmin, RuleEdit{Rule: dam, Base: dam.Version})
	if !errors.As(err, &re) || len(re.Set) == 0 || !strings.Contains(re.Set[0].File, "zz-broken.yaml") {
		t.Fatalf("refused set: %v", err)
	}
	after, _ := os.ReadFile(filepath.Join(f.dir, "a.yaml"))
	if string(after) != string(before) {
		t.Fatalf("the previous file was not put back:\n%s", after)
	}
	if f.b.Status().Version != active {
		t.Fatal("the active set changed")
	}
	// A new rule refused by the reload leaves no file.
	r2 := r
	r2.ID = "other"
	if _, err := f.d.SaveRule(ctx, ruleAdmin, RuleEdit{Rule: r2, New: true}); !errors.As(err, &re) {
		t.Fatalf("new rule in a refused set: %v", err)
	}
	if _, err := os.Stat(filepath.Join(f.dir, "other.yaml")); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("the refused new rule's file stayed")
	}
	noTempFiles(t, f.dir)
}

// TestSaveRuleFlowFile: a file the page cannot edit line by line is left
// alone.
func TestSaveRuleFlowFile(t *testing.T) {
	f := newEditFixture(t, map[string]string{"flow.yaml": `[{id: a, name: {vi: A, en: A}, query: lũ, severity: low}, {id: b, name: {vi: B, en: B}, query: dam, severity: low}]` + "\n"})
	a, _ := f.d.ActiveRule(context.Background(), "a")
	a.Owner = "me"
	if _, err := f.d.SaveRule(context.Background(), ruleAdmin, RuleEdit{Rule: a, Base: a.Version}); !errors.Is(err, ErrRuleFileForm) {
		t.Fatalf("flow file: %v", err)
	}
}

// TestWriteFileAtomic: rules.WriteFile leaves the old file whole when the write cannot
// happen, and no temporary file either way.
func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "r.yaml")
	if err := rules.WriteFile(p, []byte("one\n")); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := rules.WriteFile(p, []byte("two\n")); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(p)
	data, _ := os.ReadFile(p)
	if string(data) != "two\n" || info.Mode().Perm() != 0o600 {
		t.Fatalf("%q %v", data, info.Mode())
	}
	if err := rules.WriteFile(filepath.Join(dir, "missing", "r.yaml"), []byte("x")); err == nil {
		t.Fatal("write into a missing directory succeeded")
	}
	noTempFiles(t, dir)
}
