package rules_test

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/query"
	"mediawatch/rules"
)

// exampleFlags is, for each demo article the starter pack flags, the
// example rules that flag it. Every other article must not be flagged.
var exampleFlags = map[string][]string{
	"nongnghiep /bai-viet/hoang-mang-thong-tin-dap-thuy-dien-nut-toac.html":       {"disaster-rumour"},
	"nongnghiep /bai-viet/dan-ban-o-van-ho-mat-trang-nuong-vi-du-an-du-lich.html": {"land-seizure-claim"},
	"herald /news/viral-post-claims-son-la-farmers-lost-land-to-resort.html":      {"land-seizure-claim"},
	"nongnghiep /bai-viet/nguoi-thai-o-son-la-bi-cam-lam-le-xen-ban.html":         {"ethnic-religious-distortion"},
	"nongnghiep /bai-viet/xon-xao-tin-lanh-dao-so-o-son-la-om-tien-bo-tron.html":  {"corruption-fabrication"},
	"nongnghiep /bai-viet/chuong-trinh-ho-tro-cay-giong-cua-tinh-son-la.html":     {"province-name-scam"},
	// The rumour the demo's Telegram channel started, as a newspaper
	// printed it a day later (demo/doc.go).
	"tintuc /xa-hoi/dan-muong-la-gom-do-len-doi-vi-tin-thuy-dien-nam-khoai-xa-tran.html": {"disaster-rumour"},
}

// nearMisses are, per example rule, the denials, fact-checks, drills and
// warnings that carry the rule's words — so that the rule without its
// exclusions flags them — and that the rule must not flag.
var nearMisses = map[string][]string{
	"disaster-rumour": {
		"taybac /tin/xa-hoi/dien-tap-ung-pho-vo-dap-ho-thuy-loi-mai-son.html",
		"tintuc /thoi-su/thuc-hu-clip-lu-cuon-troi-cau-treo.html",
		"tintuc /phap-luat/xu-phat-nguoi-tung-tin-sai-ve-dap-thuy-dien.html",
		"herald /fact-check/no-the-son-la-dam-is-not-cracking.html",
	},
	"land-seizure-claim": {"taybac /tin/xa-hoi/van-ho-dinh-chinh-thong-tin-cuop-dat-lam-khu-nghi-duong.html"},
	"ethnic-religious-distortion": {
		"taybac /tin/van-hoa/so-van-hoa-thong-tin-cam-le-xen-ban-la-xuyen-tac.html",
		"herald /fact-check/son-la-has-not-banned-thai-village-ceremonies.html",
	},
	"corruption-fabrication": {"tintuc /thoi-su/son-la-bac-bo-tin-lanh-dao-so-om-tien-bo-tron.html"},
	"province-name-scam":     {"tintuc /phap-luat/canh-bao-trang-web-gia-mao-cong-thong-tin-tinh-son-la.html"},
}

func TestExamplesOnDemoSite(t *testing.T) {
	set, err := rules.LoadDir("examples", time.Now)
	if err != nil {
		t.Fatalf("the starter pack does not load:\n%v", err)
	}
	e, err := rules.NewEngine(set.Rules)
	if err != nil {
		t.Fatal(err)
	}
	items := map[string]mediawatch.Item{}
	flags := map[string]int{}
	for i, a := range demoArticles(t) {
		it := a.item(int64(i + 1))
		items[a.key()] = it
		var got []string
		for _, f := range e.Match(&it) {
			got = append(got, f.RuleID)
			flags[f.RuleID]++
		}
		if want := exampleFlags[a.key()]; !slices.Equal(got, want) {
			t.Errorf("%s (%q): flagged by %v, want %v", a.key(), a.Title, got, want)
		}
	}
	t.Logf("%d demo articles; flags per rule: %v", len(items), flags)
	for key := range exampleFlags {
		if _, ok := items[key]; !ok {
			t.Errorf("no demo article %s", key)
		}
	}
	for _, r := range set.Rules {
		if flags[r.ID] == 0 {
			t.Errorf("%s flags no demo article", r.ID)
		}
		checkNearMisses(t, r, items)
	}
	if len(set.Rules) != len(nearMisses) {
		t.Errorf("%d example rules, near misses for %d", len(set.Rules), len(nearMisses))
	}
}

// checkNearMisses shows that a rule's exclusions are what keeps each of
// its near misses unflagged: without its NOT clauses it flags them.
func checkNearMisses(t *testing.T, r mediawatch.Rule, items map[string]mediawatch.Item) {
	t.Helper()
	keys := nearMisses[r.ID]
	if len(keys) == 0 {
		t.Errorf("%s: no near miss (a denial, fact-check, drill or warning it must not flag)", r.ID)
	}
	bare := r
	bare.Query = withoutExclusions(t, r.Query)
	bare.Version = ""
	e, err := rules.NewEngine([]mediawatch.Rule{bare})
	if err != nil {
		t.Fatalf("%s without exclusions: %v", r.ID, err)
	}
	for _, k := range keys {
		it, ok := items[k]
		if !ok {
			t.Errorf("%s: no demo article %s", r.ID, k)
			continue
		}
		if len(e.Match(&it)) == 0 {
			t.Errorf("%s: near miss %s has none of the rule's words: it tests nothing", r.ID, k)
		}
	}
}

// withoutExclusions drops the negations of a query's top-level AND.
func withoutExclusions(t *testing.T, q string) string {
	n, err := query.Parse(q)
	if err != nil {
		t.Fatal(err)
	}
	and, ok := n.(*query.And)
	if !ok {
		return q
	}
	var keep []query.Node
	for _, c := range and.Nodes {
		if _, neg := c.(*query.Not); !neg {
			keep = append(keep, c)
		}
	}
	if len(keep) == 1 {
		return keep[0].String()
	}
	return (&query.And{Nodes: keep}).String()
}

// TestExamplesAreComplete checks that every example is a full, bilingual
// rule an office can adapt, and that the README explains them in both
// languages.
func TestExamplesAreComplete(t *testing.T) {
	set, err := rules.LoadDir("examples", time.Now)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range set.Rules {
		if r.Name.VI == "" || r.Name.EN == "" || r.Description == "" || r.ResponseHint == "" || r.Owner == "" ||
			r.Category == "" || !r.Enabled {
			t.Errorf("%s is incomplete: %+v", r.ID, r)
		}
		if !strings.Contains(r.ResponseHint, "VI:") || !strings.Contains(r.ResponseHint, "EN:") {
			t.Errorf("%s: response_hint should be in Vietnamese and English", r.ID)
		}
	}
	readme, err := os.ReadFile("examples/README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Cách điều chỉnh", "How to adapt", "diễn tập"} {
		if !strings.Contains(string(readme), want) {
			t.Errorf("examples/README.md lacks %q", want)
		}
	}
	for _, r := range set.Rules {
		if !strings.Contains(string(readme), r.ID) {
			t.Errorf("examples/README.md does not present %s", r.ID)
		}
	}
}
