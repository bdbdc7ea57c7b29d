package desk

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/index"
	"mediawatch/ingest"
	"mediawatch/query"
	"mediawatch/rules"
	"mediawatch/store"
	"mediawatch/textnorm"
)

// ict is Asia/Ho_Chi_Minh's offset, without depending on tzdata.
var ict = time.FixedZone("ICT", 7*3600)

// fixture is ingest's testdata/backtest.jsonl imported through a real
// pipeline (with rules, if given, active at ingest) into a real store and
// index.
type fixture struct {
	p   *ingest.Pipeline
	db  *store.DB
	idx *index.Index
}

func loadFixture(t *testing.T, rules ingest.RuleMatcher) fixture {
	t.Helper()
	ctx := context.Background()
	clock := time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC) // first seen of the undated records
	p, db := newPipeline(t, func() time.Time { clock = clock.Add(time.Minute); return clock })
	idx, err := index.Open(filepath.Join(t.TempDir(), "index"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	p.WithIndex(idx, db)
	if rules != nil {
		p.SetRules(rules)
	}
	f, err := os.Open(filepath.Join("..", "ingest", "testdata", "backtest.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sum, err := p.Import(ctx, f, ingest.ImportOptions{Keep: mediawatch.KeepAll, Location: ict})
	if err != nil || sum.Kept != 32 {
		t.Fatalf("import: %+v, %v", sum, err)
	}
	if err := p.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	return fixture{p: p, db: db, idx: idx}
}

// newPipeline is a real pipeline over a real store, watching Sơn La, on
// the clock now (nil: time.Now).
func newPipeline(t testing.TB, now func() time.Time) (*ingest.Pipeline, *store.DB) {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "mw.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	watch, err := textnorm.NewWatchlist([]mediawatch.WatchTerm{{Term: "Sơn La"}, {Term: "Son La", Lang: "en"}})
	if err != nil {
		t.Fatal(err)
	}
	return ingest.New(db, watch, now, nil), db
}

// testRule is one rule as the running rule set judges it: the real engine
// over that rule alone, and its parsed query for the index.
type testRule struct {
	*rules.Engine
	node query.Node
}

func newTestRule(t testing.TB, id string, sev mediawatch.Severity, q string, langs, sources []string) testRule {
	t.Helper()
	n, err := query.Parse(q)
	if err != nil {
		t.Fatalf("rule %s: %v", id, err)
	}
	e, err := rules.NewEngine([]mediawatch.Rule{{ID: id, Query: q, Severity: sev, Enabled: true, Languages: langs,
		Sources: sources}})
	if err != nil {
		t.Fatalf("rule %s: %v", id, err)
	}
	return testRule{Engine: e, node: n}
}

// allItems reads every stored item.
func allItems(t testing.TB, db *store.DB) []mediawatch.Item {
	t.Helper()
	var out []mediawatch.Item
	for after := int64(0); ; {
		page, err := db.Items(context.Background(), after, 7)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			return out
		}
		out = append(out, page...)
		after = page[len(page)-1].ID
	}
}

// dated is the date of an item for since and per-day: published if
// believable, else first seen.
func dated(it mediawatch.Item) time.Time {
	return it.EffectiveDate()
}

// bruteForce is the answer Backtest must give: the matcher over every
// stored item dated at or after since, counted per local day.
func bruteForce(items []mediawatch.Item, m ingest.RuleMatcher, since time.Time) (int, []mediawatch.DayCount) {
	days := map[string]int{}
	n := 0
	for _, it := range items {
		if !since.IsZero() && dated(it).Before(since) || len(m.Match(&it)) == 0 {
			continue
		}
		n++
		days[dated(it).In(ict).Format(time.DateOnly)]++
	}
	out := []mediawatch.DayCount{}
	for d, c := range days {
		out = append(out, mediawatch.DayCount{Day: d, N: c})
	}
	slices.SortFunc(out, func(a, b mediawatch.DayCount) int { return strings.Compare(a.Day, b.Day) })
	return n, out
}

// backtestQueries are rules' queries over the fixture: accent traps, both
// tone placements, phrases, NEAR, prefixes, fields and metadata filters.
var backtestQueries = []string{
	`"Sơn La"`, `"son la"`, `sơn`, `la`, `"vỡ đập"`, `vỡ đập`, `"vo dap"`, `thủy điện`, `"thuỷ điện"`,
	`"thuy dien"`, `mộc*`, `moc*`, `"tin giả" OR "tin đồn"`, `"thu hồi đất" OR "đất đai"`,
	`"sạt lở" NOT "diễn tập"`, `lũ NEAR/3 quét`, `"vỡ đập" NEAR/5 "thủy điện"`, `đập ONEAR/3 thủy`,
	`title:"Sơn La"`, `text:(landslide OR flood*)`, `"son la" source:vnexpress`, `lang:en "son la"`,
	`url:baosonla.example "sơn la"`, `hydropower OR "thủy điện"`, `"hòa bình"`, `"hoa binh"`,
	`-"diễn tập" "vỡ đập"`, `"lừa đảo" OR "tin giả" OR rumour`,
}

// restrictions are the ways a rule narrows what it judges.
var restrictions = []struct {
	name    string
	since   time.Time
	langs   []string
	sources []string
}{
	{name: "everything"},
	{name: "since 5 January", since: time.Date(2025, 1, 5, 0, 0, 0, 0, ict)},
	{name: "vi only", langs: []string{"vi"}},
	{name: "two sources", sources: []string{"baosonla", "dantri"}},
	{name: "en since the 4th", since: time.Date(2025, 1, 4, 0, 0, 0, 0, ict), langs: []string{"en"}},
}

// TestBacktestEqualsMatcherOverEverything holds Backtest — candidates from
// the index, confirmed by the matcher — to the matcher alone run over every
// stored item, for the queries above and random ones, under every
// restriction.
func TestBacktestEqualsMatcherOverEverything(t *testing.T) {
	fx := loadFixture(t, nil)
	items := allItems(t, fx.db)
	queries := append([]string{}, backtestQueries...)
	queries = append(queries, randomQueries(items, 60)...)
	deps := BacktestDeps{Index: fx.idx, Store: fx.db}
	nonEmpty := 0
	for i, q := range queries {
		for _, rs := range restrictions {
			if i >= len(backtestQueries) && rs.name != "everything" && rs.name != "since 5 January" {
				continue // random queries: two restrictions are enough
			}
			rule := newTestRule(t, "r", mediawatch.SeverityMedium, q, rs.langs, rs.sources)
			got, err := Backtest(context.Background(), deps, BacktestRequest{Query: rule.node, Languages: rs.langs,
				Sources: rs.sources, Matcher: rule, Since: rs.since, Loc: ict, Page: 1 + i%4})
			if err != nil {
				t.Fatalf("%s (%s): %v", q, rs.name, err)
			}
			n, days := bruteForce(items, rule, rs.since)
			if got.Matched != n || !reflect.DeepEqual(got.PerDay, days) || got.Candidates < n ||
				len(got.Samples) != min(n, DefaultSamples) {
				t.Errorf("%s (%s): backtest %d %v of %d candidates, %d samples; the matcher over everything %d %v",
					q, rs.name, got.Matched, got.PerDay, got.Candidates, len(got.Samples), n, days)
			}
			if n > 0 {
				nonEmpty++
			}
		}
	}
	if nonEmpty < len(queries) {
		t.Errorf("only %d of the cases matched anything: the fixture does not exercise the backtest", nonEmpty)
	}
}

// randomQueries builds n queries from the fixture's own words, in both
// spellings, so that they do match.
func randomQueries(items []mediawatch.Item, n int) []string {
	r := rand.New(rand.NewPCG(4, 2))
	var words []string
	for _, it := range items {
		for _, w := range strings.Fields(it.Title) {
			w = strings.Trim(w, ",.:;")
			if len([]rune(w)) > 1 && !strings.ContainsAny(w, `"()-*`) && !isOperator(w) {
				words = append(words, strings.ToLower(w))
			}
		}
	}
	unit := func() string {
		w := words[r.IntN(len(words))]
		switch r.IntN(4) {
		case 0:
			return fmt.Sprintf("%q", w+" "+words[r.IntN(len(words))])
		case 1:
			if rs := []rune(w); len(rs) > 2 {
				return string(rs[:2]) + "*"
			}
		}
		return w
	}
	var out []string
	for range n {
		switch r.IntN(4) {
		case 0:
			out = append(out, unit()+" OR "+unit())
		case 1:
			out = append(out, unit()+" "+unit())
		case 2:
			out = append(out, unit()+" -"+unit())
		default:
			out = append(out, unit())
		}
	}
	return out
}

func isOperator(w string) bool { return w == "AND" || w == "OR" || w == "NOT" }

func TestBacktestSamplesAreTheNewest(t *testing.T) {
	fx := loadFixture(t, nil)
	items := allItems(t, fx.db)
	rule := newTestRule(t, "son-la", mediawatch.SeverityLow, `"son la"`, nil, nil)
	for _, want := range []int{0, 3, 100} {
		t.Run(fmt.Sprint(want), func(t *testing.T) {
			got, err := Backtest(context.Background(), BacktestDeps{Index: fx.idx, Store: fx.db},
				BacktestRequest{Query: rule.node, Matcher: rule, Samples: want, Page: 2})
			if err != nil {
				t.Fatal(err)
			}
			n, _ := bruteForce(items, rule, time.Time{})
			size := min(n, want)
			if want == 0 {
				size = min(n, DefaultSamples)
			}
			if len(got.Samples) != size || n <= 3 {
				t.Fatalf("%d samples of %d matches, want %d", len(got.Samples), n, size)
			}
			in := map[int64]bool{}
			for i, s := range got.Samples {
				in[s.Item.ID] = true
				if s.Flag.RuleID != "son-la" || s.Flag.ItemID != s.Item.ID || s.Flag.ItemVersion != s.Item.Version ||
					len(s.Flag.Matches) == 0 || s.Item.Text == "" {
					t.Errorf("sample %d = %+v", i, s.Flag)
				}
				if i > 0 && dated(s.Item).After(dated(got.Samples[i-1].Item)) {
					t.Errorf("sample %d is newer than sample %d", i, i-1)
				}
			}
			oldest := dated(got.Samples[len(got.Samples)-1].Item)
			for _, it := range items {
				if !in[it.ID] && len(rule.Match(&it)) > 0 && dated(it).After(oldest) {
					t.Errorf("item %d (%v) matches and is newer than the samples' oldest (%v)", it.ID, dated(it), oldest)
				}
			}
		})
	}
}

func TestBacktestRefuses(t *testing.T) {
	rule := newTestRule(t, "r", mediawatch.SeverityLow, `lũ`, nil, nil)
	for _, r := range []BacktestRequest{{Matcher: rule}, {Query: rule.node}, {Query: rule.node, Matcher: rule, Samples: -1},
		{Query: rule.node, Matcher: rule, Page: -1}} {
		if _, err := Backtest(context.Background(), BacktestDeps{}, r); !errors.Is(err, mediawatch.ErrInvalid) {
			t.Errorf("Backtest(%+v): err = %v, want ErrInvalid", r, err)
		}
	}
}

// TestBacktestConfirmsWithTheStore edits an item after the index took it:
// until the index catches up it is still a candidate, but the store's text
// no longer matches, and the backtest must not count it.
func TestBacktestConfirmsWithTheStore(t *testing.T) {
	ctx := context.Background()
	fx := loadFixture(t, nil)
	rule := newTestRule(t, "vo-dap", mediawatch.SeverityHigh, `"vỡ đập"`, nil, nil)
	before, err := Backtest(ctx, BacktestDeps{Index: fx.idx, Store: fx.db}, BacktestRequest{Query: rule.node, Matcher: rule})
	if err != nil {
		t.Fatal(err)
	}
	edit := mediawatch.Article{URL: "https://vnexpress.example/bai/3", Title: "Đập thủy điện an toàn",
		Text: "Cơ quan chức năng khẳng định đập vẫn an toàn."}
	if res, err := fx.p.Ingest(ctx, mediawatch.Source{Name: "provincial", Keep: mediawatch.KeepAll}, edit); err != nil || res.Outcome != mediawatch.OutcomeUpdated {
		t.Fatalf("edit: %+v, %v", res, err) // not flushed: the index still has the old text
	}
	after, err := Backtest(ctx, BacktestDeps{Index: fx.idx, Store: fx.db}, BacktestRequest{Query: rule.node, Matcher: rule})
	if err != nil {
		t.Fatal(err)
	}
	n, _ := bruteForce(allItems(t, fx.db), rule, time.Time{})
	if after.Candidates != before.Candidates || after.Matched != before.Matched-1 || after.Matched != n {
		t.Errorf("before the edit %d of %d candidates, after %d of %d; the matcher over everything finds %d",
			before.Matched, before.Candidates, after.Matched, after.Candidates, n)
	}
}
