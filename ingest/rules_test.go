package ingest

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"

	"golang.org/x/text/unicode/norm"

	"mediawatch"
	"mediawatch/index"
	"mediawatch/query"
	"mediawatch/store"
	"mediawatch/textnorm"
)

// The store and the index are what ingest's interfaces are written for.
var (
	_ Store       = (*store.DB)(nil)
	_ ItemReader  = (*store.DB)(nil)
	_ FlagStore   = (*store.DB)(nil)
	_ ItemsReader = (*store.DB)(nil)
	_ Indexer     = (*index.Index)(nil)
)

// testRule is one rule as rules.Engine will judge it, built from
// query.Compile's matcher: the query, the rule's languages and sources,
// and a flag whose matches are query.Highlights in title and text.
type testRule struct {
	id      string
	sev     mediawatch.Severity
	node    query.Node
	m       *query.Matcher
	langs   []string
	sources []string
}

func newTestRule(t testing.TB, id string, sev mediawatch.Severity, q string) *testRule {
	t.Helper()
	n, err := query.Parse(q)
	if err != nil {
		t.Fatalf("rule %s: %v", id, err)
	}
	m, err := query.Compile(n)
	if err != nil {
		t.Fatalf("rule %s: %v", id, err)
	}
	return &testRule{id: id, sev: sev, node: n, m: m}
}

func (r *testRule) Match(it *mediawatch.Item) []mediawatch.Flag {
	if len(r.langs) > 0 && !slices.Contains(r.langs, it.Lang) ||
		len(r.sources) > 0 && !slices.Contains(r.sources, it.Source) {
		return nil
	}
	if !r.m.Match(query.Doc{Title: it.Title, Text: it.Text, Source: it.Source, Lang: it.Lang, URL: it.URL}) {
		return nil
	}
	f := mediawatch.Flag{RuleID: r.id, RuleVersion: "v1", Severity: r.sev}
	for _, field := range []struct{ name, text string }{{"title", it.Title}, {"text", it.Text}} {
		for _, sp := range query.Highlights(r.node, field.name, field.text) {
			end := min(sp.End, len(field.text))
			f.Matches = append(f.Matches, mediawatch.TermMatch{Term: r.node.String(), Field: field.name,
				Start: sp.Start, End: end, Text: field.text[sp.Start:end]})
		}
	}
	if len(f.Matches) > 0 {
		f.Snippet = f.Matches[0].Text
	}
	return []mediawatch.Flag{f}
}

// ruleList is several rules judged together, as an engine does.
type ruleList []RuleMatcher

func (l ruleList) Match(it *mediawatch.Item) []mediawatch.Flag {
	var out []mediawatch.Flag
	for _, r := range l {
		out = append(out, r.Match(it)...)
	}
	return out
}

func TestIngestWritesFlagsPerVersion(t *testing.T) {
	ctx := context.Background()
	p, db := newPipeline(t)
	dam := newTestRule(t, "vo-dap", mediawatch.SeverityHigh, `"vỡ đập"`)
	land := newTestRule(t, "thu-hoi-dat", mediawatch.SeverityMedium, `"thu hồi đất"`)
	p.SetRules(ruleList{dam, land})
	const url = "https://tinh.example/dap.html"
	steps := []struct {
		name    string
		a       mediawatch.Article
		outcome mediawatch.Outcome
		flags   int    // written by this step
		rules   string // of the item's current version
	}{
		{"decomposed text is matched as stored", mediawatch.Article{URL: url, Title: "Tin đồn",
			Text: norm.NFD.String("Mạng xã hội lan truyền tin vỡ đập thủy điện.")}, mediawatch.OutcomeKept, 1, "[vo-dap] high"},
		{"the same text again", mediawatch.Article{URL: url, Title: "Tin đồn",
			Text: "Mạng xã hội lan truyền tin vỡ đập thủy điện."}, mediawatch.OutcomeDuplicate, 0, "[vo-dap] high"},
		{"an edit is matched again", mediawatch.Article{URL: url, Title: "Tin đồn",
			Text: "Tin vỡ đập là giả; dân khiếu nại việc thu hồi đất."}, mediawatch.OutcomeUpdated, 2, "[thu-hoi-dat vo-dap] high"},
		{"an edit without either", mediawatch.Article{URL: url, Title: "Đính chính",
			Text: "Đập an toàn, người dân yên tâm."}, mediawatch.OutcomeUpdated, 0, "[] "},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			res, err := p.Ingest(ctx, keepAll, s.a)
			if err != nil {
				t.Fatal(err)
			}
			if res.Outcome != s.outcome || res.Flags != s.flags {
				t.Fatalf("Ingest = %+v, want %s with %d flags", res, s.outcome, s.flags)
			}
			it, err := db.Item(ctx, res.ItemID)
			if err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprintf("%v %s", it.RuleIDs, it.Severity); got != s.rules {
				t.Errorf("item rules = %s, want %s", got, s.rules)
			}
		})
	}
	page, err := db.Flags(ctx, store.FlagFilter{ItemID: 1})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range page.Flags {
		got = append(got, fmt.Sprintf("v%d:%s", f.ItemVersion, f.RuleID))
		vs, err := db.ItemVersions(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		v := vs[f.ItemVersion-1]
		for _, m := range f.Matches {
			field := map[string]string{"title": v.Title, "text": v.Text}[m.Field]
			if m.End > len(field) || field[m.Start:m.End] != m.Text || textnorm.Fold(m.Text) == "" {
				t.Errorf("flag %d: match %+v does not point into version %d's %s", f.ID, m, f.ItemVersion, m.Field)
			}
		}
	}
	slices.Sort(got)
	if fmt.Sprint(got) != "[v1:vo-dap v2:thu-hoi-dat v2:vo-dap]" {
		t.Errorf("flags = %v", got)
	}
	t.Run("no rules", func(t *testing.T) {
		p.SetRules(nil)
		res, err := p.Ingest(ctx, keepAll, mediawatch.Article{URL: "https://tinh.example/2", Title: "Vỡ đập", Text: "Tin vỡ đập."})
		if err != nil || res.Outcome != mediawatch.OutcomeKept || res.Flags != 0 {
			t.Errorf("Ingest without rules = %+v, %v", res, err)
		}
	})
}

// TestIngestIndexesRules requires an item flagged at ingest to be found by
// rule: and severity: once the pipeline's batch reaches the index.
func TestIngestIndexesRules(t *testing.T) {
	ctx := context.Background()
	p, db := newPipeline(t)
	idx, err := index.Open(filepath.Join(t.TempDir(), "index"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	p.WithIndex(idx, db)
	p.SetRules(ruleList{newTestRule(t, "vo-dap", mediawatch.SeverityCritical, `"vỡ đập"`),
		newTestRule(t, "thuy-dien", mediawatch.SeverityLow, `"thủy điện"`)})
	for i, text := range []string{"Tin vỡ đập thủy điện.", "Thủy điện xả lũ.", "Mùa mận Mộc Châu."} {
		if _, err := p.Ingest(ctx, keepAll, mediawatch.Article{URL: fmt.Sprintf("https://tinh.example/%d", i), Title: "Tin", Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{
		"rule:vo-dap": "[1]", "rule:thuy-dien": "[1 2]", "severity:critical": "[1]", "severity:low": "[2]",
	} {
		res, err := idx.Search(ctx, query.MustParse(q), index.Request{Sort: index.SortOldest})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		slices.Sort(ids)
		if fmt.Sprint(ids) != want {
			t.Errorf("%s finds %v, want %s", q, ids, want)
		}
	}
}

// TestSetRulesWhileIngesting swaps the rule set while articles are
// ingested: every article is judged by one whole set, so an item that
// both rules match has no flag, A's, or A's and B's — never B's alone.
func TestSetRulesWhileIngesting(t *testing.T) {
	ctx := context.Background()
	p, db := newPipeline(t)
	a := newTestRule(t, "a", mediawatch.SeverityLow, `"sạt lở"`)
	b := newTestRule(t, "b", mediawatch.SeverityHigh, `"lũ quét"`)
	sets := []RuleMatcher{ruleList{a}, ruleList{a, b}, nil}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
				p.SetRules(sets[i%len(sets)])
				runtime.Gosched()
			}
		}
	})
	var ingesters sync.WaitGroup
	for g := range 2 {
		ingesters.Go(func() {
			for i := range 40 {
				art := mediawatch.Article{URL: fmt.Sprintf("https://tinh.example/%d/%d", g, i), Title: "Mưa lớn",
					Text: fmt.Sprintf("Sạt lở và lũ quét ở bản %d-%d.", g, i)}
				if _, err := p.Ingest(ctx, keepAll, art); err != nil {
					t.Error(err)
				}
			}
		})
	}
	ingesters.Wait()
	close(stop)
	wg.Wait()
	items, err := db.Items(ctx, 0, 0)
	if err != nil || len(items) != 80 {
		t.Fatalf("%d items, %v", len(items), err)
	}
	for _, it := range items {
		if s := fmt.Sprint(it.RuleIDs); s != "[]" && s != "[a]" && s != "[a b]" {
			t.Errorf("item %d was judged by no one set: rules %s", it.ID, s)
		}
	}
}
