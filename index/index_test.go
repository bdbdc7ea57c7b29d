package index

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/query"
)

// fixture is one item of testdata/corpus.json.
type fixture struct {
	ID        int64  `json:"id"`
	Source    string `json:"source"`
	Lang      string `json:"lang"`
	URL       string `json:"url"`
	Published string `json:"published"`
	FirstSeen string `json:"first_seen"`
	Title     string `json:"title"`
	Text      string `json:"text"`
}

// loadCorpus reads the fixture corpus as items.
func loadCorpus(t testing.TB) []mediawatch.Item {
	t.Helper()
	data, err := os.ReadFile("testdata/corpus.json")
	if err != nil {
		t.Fatal(err)
	}
	var fs []fixture
	if err := json.Unmarshal(data, &fs); err != nil {
		t.Fatal(err)
	}
	parse := func(s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	items := make([]mediawatch.Item, len(fs))
	for i, f := range fs {
		items[i] = mediawatch.Item{ID: f.ID, Source: f.Source, Lang: f.Lang, URL: f.URL, Title: f.Title, Text: f.Text,
			Published: parse(f.Published), FirstSeen: parse(f.FirstSeen), Version: 1}
		withAuthor(&items[i])
	}
	return items
}

// corpusAuthors are the posts' accounts and the articles' bylines the
// corpus's items get by id (withAuthor), for author: and platform:.
var corpusAuthors = []mediawatch.Account{
	{Platform: mediawatch.PlatformTelegram, Handle: "sonla24h", Name: "Sơn La 24h", Audience: 52000},
	{Platform: mediawatch.PlatformYouTube, Handle: "UCmocChauTV", Name: "Mộc Châu TV"},
	{Platform: mediawatch.PlatformMastodon, Handle: "tin@mastodon.social", Name: "Tin Tây Bắc"},
	{Platform: mediawatch.PlatformTelegram, Handle: "son_la_news", Name: "Son La News"},
}

// withAuthor makes some corpus items posts of corpusAuthors, some
// articles with a byline and leaves the rest as they were (platform "").
func withAuthor(it *mediawatch.Item) {
	switch it.ID % 5 {
	case 1, 2:
		a := corpusAuthors[int(it.ID/5)%len(corpusAuthors)]
		it.Platform, it.Account = a.Platform, &a
	case 3:
		it.Platform = mediawatch.PlatformNews
		it.Author = []string{"Nguyễn Văn An", "Lò Thị Hoa", "Sơn Tùng"}[int(it.ID/5)%3]
	}
}

// openTemp opens an empty index in a temporary directory, closed when the
// test ends.
func openTemp(t testing.TB, opts Options) *Index {
	t.Helper()
	x, err := Open(t.TempDir(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return x
}

// openCorpus opens an index in a temporary directory holding the corpus.
func openCorpus(t testing.TB, opts Options) (*Index, []mediawatch.Item) {
	t.Helper()
	x := openTemp(t, opts)
	items := loadCorpus(t)
	for i := 0; i < len(items); i += 10 { // several segments per shard
		if err := x.Put(context.Background(), items[i:min(len(items), i+10)]); err != nil {
			t.Fatal(err)
		}
	}
	return x, items
}

// searchIDs returns the ids of every match of q, in result order.
func searchIDs(t testing.TB, x *Index, q string, req Request) []int64 {
	t.Helper()
	n, err := query.Parse(q)
	if err != nil {
		t.Fatalf("parse %q: %v", q, err)
	}
	if req.Size == 0 {
		req.Size = 1000
	}
	res, err := x.Search(context.Background(), n, req)
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	ids := make([]int64, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	if uint64(len(ids)) != res.Total {
		t.Fatalf("search %q: %d hits, total %d", q, len(ids), res.Total)
	}
	return ids
}

func sorted(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

func TestSearches(t *testing.T) {
	data, err := os.ReadFile("testdata/searches.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Name string  `json:"name"`
		Q    string  `json:"q"`
		IDs  []int64 `json:"ids"`
	}
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	for _, opts := range []Options{{}, {OneShard: true}, {pairs: corpusPairs(t)}} {
		x, items := openCorpus(t, opts)
		for _, c := range cases {
			t.Run(c.Name, func(t *testing.T) {
				got := sorted(searchIDs(t, x, c.Q, Request{}))
				want := sorted(c.IDs)
				if !slices.Equal(got, want) {
					t.Errorf("%s (one shard %v): got %v, want %v", c.Q, opts.OneShard, got, want)
				}
				if m := matcherIDs(t, c.Q, items); !slices.Equal(m, want) {
					t.Errorf("%s: the in-memory matcher says %v, the case %v", c.Q, m, want)
				}
			})
		}
	}
}

// matcherIDs evaluates q with query's in-memory matcher over items.
func matcherIDs(t testing.TB, q string, items []mediawatch.Item) []int64 {
	t.Helper()
	m, err := query.Compile(query.MustParse(q))
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, it := range items {
		if m.Match(query.DocOf(&it)) {
			ids = append(ids, it.ID)
		}
	}
	return sorted(ids)
}

func TestRanking(t *testing.T) {
	// One shard: monthly shards score with their own term statistics
	// (bleve's alias does not share them under tf-idf), and 22 is alone in
	// the undated shard.
	// The second index finds the phrases through pair terms.
	for _, opts := range []Options{{OneShard: true}, {OneShard: true, pairs: corpusPairs(t)}} {
		x, _ := openCorpus(t, opts)
		// 6 and 22 spell "son la" as typed; 4 and 3, in the same fields,
		// only fold to it.
		ids := searchIDs(t, x, `"son la"`, Request{})
		rank := func(id int64) int { return slices.Index(ids, id) }
		if rank(6) > rank(4) || rank(22) > rank(3) {
			t.Errorf(`"son la" (pairs %s): %v, want 6 before 4 and 22 before 3 (same spelling)`, x.pairs.name, ids)
		}
		// Doc 16 has "vỡ đập" in its title and text, 10 and 17 only in text.
		if ids := searchIDs(t, x, `"vỡ đập"`, Request{}); ids[0] != 16 {
			t.Errorf(`"vỡ đập" (pairs %s): first hit %d, want 16 (title)`, x.pairs.name, ids[0])
		}
	}
}

func TestSortAndDates(t *testing.T) {
	x, _ := openCorpus(t, Options{})
	newest := searchIDs(t, x, `"son la"`, Request{Sort: SortNewest})
	// 21 has no publication date: its first-seen date (Mar 9) places it;
	// 22 has no date at all and sorts oldest.
	if want := []int64{3, 2, 1, 21, 18, 10, 5, 4, 24, 6, 7, 22}; !slices.Equal(newest, want) {
		t.Errorf("newest: %v, want %v", newest, want)
	}
	oldest := searchIDs(t, x, `"son la"`, Request{Sort: SortOldest})
	if want := []int64{22, 7, 6, 24, 4, 5, 10, 18, 21, 1, 2, 3}; !slices.Equal(oldest, want) {
		t.Errorf("oldest: %v, want %v", oldest, want)
	}
	ict, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Skip("no tzdata:", err)
	}
	from := time.Date(2025, 3, 11, 0, 0, 0, 0, ict) // 2025-03-10T17:00Z: after 1, from 2 on
	to := time.Date(2025, 3, 31, 0, 0, 0, 0, ict)
	if got := sorted(searchIDs(t, x, `"son la"`, Request{From: from, To: to})); !slices.Equal(got, []int64{2, 3}) {
		t.Errorf("from %v: %v, want [2 3]", from, got)
	}
	if got := sorted(searchIDs(t, x, `"son la"`, Request{To: time.Date(2025, 1, 31, 0, 0, 0, 0, time.UTC)})); !slices.Equal(got, []int64{6, 7, 24}) {
		t.Errorf("to January: %v, want [6 7 24]", got)
	}
	if got := sorted(searchIDs(t, x, `"son la"`, Request{Sources: []string{"VnExpress", "reuters"}, Langs: []string{"vi"}})); !slices.Equal(got, []int64{2, 3, 10}) {
		t.Errorf("sources and langs: %v, want [2 3 10]", got)
	}
}

func TestFacets(t *testing.T) {
	ict, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Skip("no tzdata:", err)
	}
	x, _ := openCorpus(t, Options{})
	n := query.MustParse(`"son la"`)
	res, err := x.Search(context.Background(), n, Request{Facets: true, Loc: ict, Size: 1,
		From: time.Date(2025, 3, 1, 0, 0, 0, 0, ict), To: time.Date(2025, 3, 31, 0, 0, 0, 0, ict)})
	if err != nil {
		t.Fatal(err)
	}
	// 1 at 23:59 ICT on Mar 10, 2 at 00:01 ICT on Mar 11, 3 at 09:00 on Mar 11.
	want := []mediawatch.DayCount{{Day: "2025-03-03", N: 1}, {Day: "2025-03-08", N: 1}, {Day: "2025-03-09", N: 1}, {Day: "2025-03-10", N: 1}, {Day: "2025-03-11", N: 2}}
	if !slices.Equal(res.Facets.Days, want) {
		t.Errorf("days %v, want %v", res.Facets.Days, want)
	}
	if want := []Count{{"vnexpress", 3}, {"baomoi", 1}, {"baosonla", 1}, {"dantri", 1}}; !slices.Equal(res.Facets.Sources, want) {
		t.Errorf("sources %v, want %v", res.Facets.Sources, want)
	}
	if want := []Count{{"vi", 6}}; !slices.Equal(res.Facets.Langs, want) || res.Total != 6 || len(res.Hits) != 1 {
		t.Errorf("langs %v total %d hits %d", res.Facets.Langs, res.Total, len(res.Hits))
	}
}

func TestPaging(t *testing.T) {
	for _, opts := range []Options{{}, {OneShard: true}} {
		x, _ := openCorpus(t, opts)
		for _, sort := range []string{SortRelevance, SortNewest, SortOldest} {
			all := searchIDs(t, x, `la OR moc* OR dam`, Request{Sort: sort})
			var paged []int64
			req := Request{Sort: sort, Size: 3}
			for range 20 {
				res, err := x.Search(context.Background(), query.MustParse(`la OR moc* OR dam`), req)
				if err != nil {
					t.Fatal(err)
				}
				for _, h := range res.Hits {
					paged = append(paged, h.ID)
				}
				if res.Next == "" {
					break
				}
				req.After = res.Next
			}
			if !slices.Equal(paged, all) {
				t.Errorf("%s (one shard %v): pages %v, one page %v", sort, opts.OneShard, paged, all)
			}
			res, err := x.Search(context.Background(), query.MustParse(`la OR moc* OR dam`), Request{Sort: sort, Size: 3, Page: 2})
			if err != nil || len(res.Hits) != 3 || res.Hits[0].ID != all[3] {
				t.Errorf("%s page 2: %+v %v", sort, res, err)
			}
		}
	}
}

func TestHitFields(t *testing.T) {
	x, items := openCorpus(t, Options{})
	res, err := x.Search(context.Background(), query.MustParse(`hanoi`), Request{})
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("%+v %v", res, err)
	}
	it := items[19]
	want := Hit{ID: 20, Title: it.Title, URL: it.URL, Source: "bbc", Lang: "en", Platform: "news", Published: it.Published}
	got := res.Hits[0]
	got.Score = 0
	if got != want {
		t.Errorf("hit %+v, want %+v", got, want)
	}
}

func TestVersionsAndReplace(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	x, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	items := loadCorpus(t)
	if err := x.Put(ctx, items[:10]); err != nil {
		t.Fatal(err)
	}
	v, err := x.Versions(ctx, []int64{1, 2, 11, 99})
	if err != nil || !sameVersions(v, map[int64]int{1: 1, 2: 1}) {
		t.Fatalf("versions %v %v", v, err)
	}
	// Item 1 is edited and moves to another month: the new version replaces it.
	edited := items[0]
	edited.Version, edited.Title, edited.Text = 2, "Bản tin chiều", "Không còn nhắc tên tỉnh."
	edited.Published = time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
	if err := x.Put(ctx, []mediawatch.Item{edited}); err != nil {
		t.Fatal(err)
	}
	if got := sorted(searchIDs(t, x, `"Sơn La"`, Request{})); !slices.Equal(got, []int64{4, 5, 10}) {
		t.Errorf("after edit: %v", got)
	}
	if got := searchIDs(t, x, `"bản tin"`, Request{}); !slices.Equal(got, []int64{1}) {
		t.Errorf("edited text: %v", got)
	}
	if c, _ := x.Count(); c != 10 {
		t.Errorf("count %d, want 10", c)
	}
	if err := x.Delete(ctx, []int64{2, 3, 404}); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	x, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	v, err = x.Versions(ctx, []int64{1, 2, 3, 4})
	if err != nil || !sameVersions(v, map[int64]int{1: 2, 4: 1}) {
		t.Errorf("after reopen: versions %v %v", v, err)
	}
	if c, _ := x.Count(); c != 8 {
		t.Errorf("count after reopen %d, want 8", c)
	}
}

func sameVersions(a, b map[int64]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestBadRequests(t *testing.T) {
	x, _ := openCorpus(t, Options{})
	n := query.MustParse("dam")
	for _, req := range []Request{{Sort: "random"}, {After: "not-a-cursor"}} {
		if _, err := x.Search(context.Background(), n, req); err == nil {
			t.Errorf("%+v: no error", req)
		}
	}
	if _, err := x.Search(context.Background(), &query.Not{Node: &query.Term{Text: "dam"}}, Request{}); err == nil {
		t.Error("a query without a positive term: no error")
	}
}

// TestRuleAndSeverityFilters checks rule: and severity: against the rule
// ids and highest severity an item carries, as the in-memory matcher sees
// them.
func TestRuleAndSeverityFilters(t *testing.T) {
	x := openTemp(t, Options{})
	day := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	items := []mediawatch.Item{
		{ID: 1, Source: "a", Lang: "vi", Title: "Lũ quét ở Sơn La", Published: day, Version: 1,
			RuleIDs: []string{"disaster-rumour", "scam"}, Severity: mediawatch.SeverityCritical},
		{ID: 2, Source: "a", Lang: "vi", Title: "Lũ quét ở Lai Châu", Published: day, Version: 1,
			RuleIDs: []string{"disaster-rumour"}, Severity: mediawatch.SeverityHigh},
		{ID: 3, Source: "a", Lang: "vi", Title: "Lũ quét diễn tập", Published: day, Version: 1},
	}
	if err := x.Put(context.Background(), items); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string][]int64{
		"lũ rule:disaster-rumour":           {1, 2},
		"lũ rule:SCAM":                      {1},
		"lũ severity:critical":              {1},
		"lũ -rule:disaster-rumour":          {3},
		"rule:disaster-rumour OR rule:scam": {1, 2},
	} {
		got := searchIDs(t, x, q, Request{Sort: SortOldest})
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: index found %v, want %v", q, got, want)
		}
		n, _ := query.Parse(q)
		m, err := query.Compile(n)
		if err != nil {
			t.Fatal(err)
		}
		var mem []int64
		for _, it := range items {
			if m.Match(query.Doc{Title: it.Title, Source: it.Source, Lang: it.Lang, Rules: it.RuleIDs, Severity: string(it.Severity)}) {
				mem = append(mem, it.ID)
			}
		}
		if !slices.Equal(mem, want) {
			t.Errorf("%s: matcher found %v, want %v", q, mem, want)
		}
	}
}
