package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const cliRules = `- id: dam-rumour
  name: {vi: Tin đồn vỡ đập, en: Dam burst rumour}
  query: '"vỡ đập" -"diễn tập"'
  severity: critical
  category: rumour
`

const cliArticles = `{"url":"https://a.example/1","title":"Tin đồn vỡ đập ở Sơn La","text":"Mạng xã hội đồn vỡ đập.","source":"a","published":"2026-11-20"}
{"url":"https://a.example/2","title":"Diễn tập vỡ đập ở Sơn La","text":"Buổi diễn tập vỡ đập.","source":"a","published":"2026-11-20"}
{"url":"https://a.example/3","title":"Lại đồn vỡ đập ở Sơn La","text":"Vẫn tin vỡ đập.","source":"a","published":"2026-11-21"}
{"url":"https://a.example/4","title":"Mận Sơn La","text":"Mận vào vụ.","source":"a","published":"2026-11-21"}
`

// rulesSetup writes a config naming a rule directory, and the articles.
func rulesSetup(t *testing.T, rules string) (*globals, string, string) {
	t.Helper()
	dir := t.TempDir()
	rdir := filepath.Join(dir, "rules")
	if err := os.Mkdir(rdir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(rdir, "pack.yaml"), []byte(rules), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "mediawatch.yaml")
	if err := os.WriteFile(cfg, []byte("rules:\n  dir: "+rdir+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	jsonl := filepath.Join(dir, "in.jsonl")
	if err := os.WriteFile(jsonl, []byte(cliArticles), 0o644); err != nil {
		t.Fatal(err)
	}
	g := &globals{ctx: context.Background(), configPath: cfg, explicitConfig: true, stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
	return g, filepath.Join(dir, "data"), jsonl
}

func TestRulesCheckPrintsEveryProblem(t *testing.T) {
	g, _, _ := rulesSetup(t, cliRules+`- id: Bad Id
  name: {vi: x, en: x}
  query: '"vỡ đập'
  severity: urgent
  category: rumour
`)
	var out bytes.Buffer
	g.stdout = &out
	err := (&RulesCheckCmd{}).Run(g)
	if !errors.Is(err, errProblems) {
		t.Fatalf("err = %v, want the problems exit", err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) < 3 {
		t.Fatalf("want a line per problem (id, query, severity), got:\n%s", out.String())
	}
	for _, l := range lines {
		parts := strings.SplitN(l, ":", 4)
		if len(parts) < 4 || !strings.HasSuffix(parts[0], "pack.yaml") || parts[1] == "" || parts[2] == "" {
			t.Errorf("%q is not file:line:col: message", l)
		}
	}

	g2, _, _ := rulesSetup(t, cliRules)
	out.Reset()
	g2.stdout = &out
	if err := (&RulesCheckCmd{}).Run(g2); err != nil || !strings.Contains(out.String(), "1 rules (1 enabled)") {
		t.Fatalf("valid set: %v\n%s", err, out.String())
	}
}

func TestRulesTestJSONAndApplyTwice(t *testing.T) {
	g, data, jsonl := rulesSetup(t, cliRules)
	if err := (&ImportCmd{DataFlag: DataFlag{Data: data}, File: jsonl, Keep: "all", Source: "import"}).Run(g); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	g.stdout = &out
	if err := (&RulesTestCmd{DataFlag: DataFlag{Data: data}, Query: `"vỡ đập" -"diễn tập"`, JSON: true}).Run(g); err != nil {
		t.Fatal(err)
	}
	var res struct {
		Matched int `json:"matched"`
		PerDay  []struct {
			Day string `json:"day"`
			N   int    `json:"n"`
		} `json:"per_day"`
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, out.String())
	}
	if res.Matched != 2 || len(res.PerDay) != 2 {
		t.Fatalf("rules test: %+v", res)
	}

	// The import flagged at ingest; apply finds nothing new, twice.
	for range 2 {
		out.Reset()
		if err := (&RulesApplyCmd{DataFlag: DataFlag{Data: data}, JSON: true}).Run(g); err != nil {
			t.Fatal(err)
		}
		var sum struct{ Examined, Flagged, Added int }
		if err := json.Unmarshal(out.Bytes(), &sum); err != nil {
			t.Fatal(err)
		}
		if sum.Examined != 4 || sum.Flagged != 2 || sum.Added != 0 {
			t.Fatalf("apply: %+v", sum)
		}
	}
	out.Reset()
	if err := (&SearchCmd{DataFlag: DataFlag{Data: data}, Query: "rule:dam-rumour", Count: true, Sort: "newest", Size: 20}).Run(g); err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(out.String()) != "2" {
		t.Fatalf("search rule:dam-rumour counted %q, want 2", out.String())
	}
}
