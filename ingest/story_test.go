package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/store"
	"mediawatch/story"
	"mediawatch/textnorm"
)

var (
	_ StoryStore   = (*store.DB)(nil)
	_ RegroupStore = (*store.DB)(nil)
)

// t0 is when the story tests' first article arrives.
var t0 = time.Date(2026, 3, 1, 1, 0, 0, 0, time.UTC)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

func storyText(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "stories", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// storyPipeline is a pipeline grouping into stories over db, on clk.
func storyPipeline(t testing.TB, db *store.DB, clk *clock) *Pipeline {
	t.Helper()
	watch, err := textnorm.NewWatchlist(nil)
	if err != nil {
		t.Fatal(err)
	}
	p := New(db, watch, clk.now, nil)
	if err := p.WithStories(context.Background(), db, story.DefaultParams()); err != nil {
		t.Fatal(err)
	}
	return p
}

func openDB(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "mw.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// ingestAt ingests a from source at the clock time at and returns the
// stored item's story.
func ingestAt(t testing.TB, p *Pipeline, clk *clock, at time.Time, source string, a mediawatch.Article) int64 {
	t.Helper()
	clk.set(at)
	a.Source = source
	res, err := p.Ingest(context.Background(), mediawatch.Source{Name: source, Keep: mediawatch.KeepAll}, a)
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != mediawatch.OutcomeKept && res.Outcome != mediawatch.OutcomeUpdated {
		t.Fatalf("%s: outcome %s (%s)", a.URL, res.Outcome, res.Reason)
	}
	return storyOf(t, p.store.(*store.DB), res.ItemID)
}

func storyOf(t testing.TB, db *store.DB, item int64) int64 {
	t.Helper()
	it, err := db.Item(context.Background(), item)
	if err != nil {
		t.Fatal(err)
	}
	return it.StoryID
}

const damTitle = "Sơn La bác bỏ tin đồn vỡ đập thủy điện trên sông Đà"

// rewrite makes a light rewrite of text: two dates made precise, as an
// outlet's desk does (2 to 3 bits from the original's fingerprint).
func rewrite(text string) string {
	return strings.NewReplacer("Tối qua", "Tối hôm qua", "Sáng nay", "Sáng 1/3").Replace(text)
}

func TestStoriesGroupCopiesOfOneArticle(t *testing.T) {
	db := openDB(t)
	clk := &clock{t: t0}
	p := storyPipeline(t, db, clk)
	dam, plums := storyText(t, "vo-dap.txt"), storyText(t, "mua-man.txt")
	steps := []struct {
		name, source string
		a            mediawatch.Article
		story        string // a label: steps with one label share a story
	}{
		{"the original", "baosonla", mediawatch.Article{URL: "https://baosonla.vn/vo-dap", Title: damTitle, Text: dam}, "dam"},
		{"a syndicated copy with a credit line", "vnexpress", mediawatch.Article{URL: "https://vnexpress.net/a",
			Title: damTitle, Text: dam + "\n(Theo Báo Sơn La)"}, "dam"},
		{"a light rewrite under another title", "tuoitre", mediawatch.Article{URL: "https://tuoitre.vn/b",
			Title: "Không có chuyện vỡ đập ở Sơn La", Text: rewrite(dam)}, "dam"},
		{"a copy without accents", "blog", mediawatch.Article{URL: "https://blog.example/c",
			Title: textnorm.Fold(damTitle), Text: textnorm.Fold(dam)}, "dam"},
		{"a feed summary under the same title", "dantri", mediawatch.Article{URL: "https://dantri.vn/d", Title: damTitle,
			Summary: "Tỉnh Sơn La khẳng định các hồ chứa vận hành bình thường.", FeedOnly: true}, "dam"},
		{"another article", "baosonla", mediawatch.Article{URL: "https://baosonla.vn/man", Title: "Mộc Châu vào vụ mận hậu",
			Text: plums}, "plums"},
		{"the same article a week later", "nongnghiep", mediawatch.Article{URL: "https://nongnghiep.vn/e", Title: damTitle,
			Text: rewrite(dam) + "\nBáo Nông nghiệp", Published: t0.Add(7 * 24 * time.Hour)}, "week later"},
	}
	stories := map[string]int64{}
	ids := map[int64]string{}
	for i, s := range steps {
		at := t0.Add(time.Duration(i) * time.Hour)
		if !s.a.Published.IsZero() {
			at = s.a.Published
		}
		got := ingestAt(t, p, clk, at, s.source, s.a)
		if want, ok := stories[s.story]; ok && got != want {
			t.Errorf("%s: story %d, want %d (%s)", s.name, got, want, s.story)
		}
		if label, ok := ids[got]; ok && label != s.story {
			t.Errorf("%s: joined story %d of %q", s.name, got, label)
		}
		stories[s.story], ids[got] = got, s.story
	}
	s, err := db.Story(context.Background(), stories["dam"])
	if err != nil {
		t.Fatal(err)
	}
	if s.Items != 5 || fmt.Sprint(s.Outlets) != "[baosonla vnexpress tuoitre blog dantri]" {
		t.Errorf("story of the dam rumour: %d items from %v", s.Items, s.Outlets)
	}
}

func TestStoriesUpdateKeepsItsStory(t *testing.T) {
	db := openDB(t)
	clk := &clock{t: t0}
	p := storyPipeline(t, db, clk)
	const url = "https://baosonla.vn/vo-dap"
	first := ingestAt(t, p, clk, t0, "baosonla", mediawatch.Article{URL: url, Title: damTitle, Text: storyText(t, "vo-dap.txt")})
	// The page is replaced by another article: it stays in its story, and
	// copies of the new text now join that story too.
	edited := ingestAt(t, p, clk, t0.Add(time.Hour), "baosonla", mediawatch.Article{URL: url, Title: "Mộc Châu vào vụ mận hậu",
		Text: storyText(t, "mua-man.txt")})
	copyOfEdit := ingestAt(t, p, clk, t0.Add(2*time.Hour), "vtv", mediawatch.Article{URL: "https://vtv.vn/man",
		Title: "Mộc Châu vào vụ mận hậu", Text: storyText(t, "mua-man.txt") + "\nTheo Báo Sơn La"})
	if edited != first || copyOfEdit != first {
		t.Errorf("stories: first %d, after the edit %d, copy of the edit %d; want all %d", first, edited, copyOfEdit, first)
	}
}

func TestStoriesLoadedAtStart(t *testing.T) {
	db := openDB(t)
	clk := &clock{t: t0}
	dam := storyText(t, "vo-dap.txt")
	// Saved without grouping (no signature stored): loading computes it.
	res, err := db.SaveItem(context.Background(), mediawatch.Item{Source: "baosonla", URL: "https://baosonla.vn/1",
		CanonicalURL: "https://baosonla.vn/1", Title: damTitle, Text: dam, ContentHash: ContentHash(damTitle, dam), FirstSeen: t0})
	if err != nil {
		t.Fatal(err)
	}
	old := storyOf(t, db, res.ItemID)
	clk.set(t0.Add(time.Hour))
	p := storyPipeline(t, db, clk)
	got := ingestAt(t, p, clk, t0.Add(time.Hour), "vnexpress", mediawatch.Article{URL: "https://vnexpress.net/1",
		Title: damTitle, Text: rewrite(dam)})
	if got != old {
		t.Errorf("a copy after a restart got story %d, want the stored %d", got, old)
	}
	// Past the window at start, the old item is not loaded.
	clk.set(t0.Add(4 * 24 * time.Hour))
	late := storyPipeline(t, db, clk)
	if n := late.stories.g.Len(); n != 0 {
		t.Errorf("a pipeline started 4 days later holds %d candidates, want 0", n)
	}
}

func TestStoriesConcurrentCopiesMakeOneStory(t *testing.T) {
	db := openDB(t)
	clk := &clock{t: t0}
	p := storyPipeline(t, db, clk)
	dam := storyText(t, "vo-dap.txt")
	const n = 8
	var wg sync.WaitGroup
	got := make([]int64, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			a := mediawatch.Article{Source: fmt.Sprint("outlet", i), URL: fmt.Sprintf("https://outlet%d.vn/vo-dap", i),
				Title: damTitle, Text: fmt.Sprintf("%s\nNguồn: outlet %d", dam, i)}
			res, err := p.Ingest(context.Background(), mediawatch.Source{Name: a.Source, Keep: mediawatch.KeepAll}, a)
			got[i], errs[i] = res.ItemID, err
		})
	}
	wg.Wait()
	seen := map[int64]bool{}
	for i := range n {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		seen[storyOf(t, db, got[i])] = true
	}
	if len(seen) != 1 {
		t.Errorf("%d copies arriving together made %d stories, want 1", n, len(seen))
	}
}

func TestWithoutStoriesEachItemIsItsOwnStory(t *testing.T) {
	p, db := newPipeline(t)
	dam := storyText(t, "vo-dap.txt")
	seen := map[int64]bool{}
	for i := range 3 {
		res, err := p.Ingest(context.Background(), keepAll, mediawatch.Article{URL: fmt.Sprint("https://a.vn/", i),
			Title: damTitle, Text: fmt.Sprint(dam, i)})
		if err != nil {
			t.Fatal(err)
		}
		seen[storyOf(t, db, res.ItemID)] = true
	}
	if len(seen) != 3 {
		t.Errorf("3 copies without grouping made %d stories, want 3", len(seen))
	}
}

func TestCopyAfterAnswerRaisesStory(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	clk := &clock{t: t0}
	p := storyPipeline(t, db, clk)
	p.SetRules(newTestRule(t, "vo-dap", mediawatch.SeverityCritical, `"vỡ đập"`))
	dam := storyText(t, "vo-dap.txt")
	id := ingestAt(t, p, clk, t0, "baosonla", mediawatch.Article{URL: "https://baosonla.vn/1", Title: damTitle, Text: dam})
	for i, ch := range []store.StoryChange{
		{Status: mediawatch.FlagInReview},
		{Status: mediawatch.FlagResponded, ResponseURL: "https://sonla.gov.vn/dinh-chinh"},
	} {
		ch.Version, ch.Who, ch.At = i+1, "editor-key", t0.Add(time.Hour)
		if _, err := db.UpdateStory(ctx, id, ch); err != nil {
			t.Fatal(err)
		}
	}
	ingestAt(t, p, clk, t0.Add(3*time.Hour), "facebook-page", mediawatch.Article{URL: "https://fb.example/1",
		Title: damTitle, Text: rewrite(dam)})
	s, err := db.Story(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !s.RaisedAt.Equal(t0.Add(3*time.Hour)) || s.NewItems != 1 || s.Status != mediawatch.FlagResponded {
		t.Errorf("story after a copy past its answer: raised %v, new items %d, status %s", s.RaisedAt, s.NewItems, s.Status)
	}
	open, err := db.OpenStories(ctx)
	if err != nil || len(open) != 1 || open[0].ID != id {
		t.Errorf("open stories = %v, %v; want story %d", open, err, id)
	}
}

// TestStoriesBridgedByARewrite ingests the demo site's three near-copies
// of one plum-harvest story, each reworded in every paragraph, in every
// order. The two intros furthest apart are not one story by themselves
// (their fingerprints are 11 bits apart, their sketches overlap by a third),
// but each is close to the third; whichever arrives last, all three end
// in one story — merged when the last one bridges two.
func TestStoriesBridgedByARewrite(t *testing.T) {
	type copy struct{ source, file string }
	copies := []copy{{"tay-bac-moi", "syndicated-taybac.txt"}, {"tin-tuc-viet", "syndicated-tintuc.txt"},
		{"nong-nghiep-doi-song", "syndicated-nongnghiep.txt"}}
	orders := [][]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}
	for _, order := range orders {
		t.Run(fmt.Sprint(order), func(t *testing.T) {
			db := openDB(t)
			clk := &clock{t: t0}
			p := storyPipeline(t, db, clk)
			var items []int64
			for i, k := range order {
				title, text, _ := strings.Cut(storyText(t, copies[k].file), "\n\n")
				clk.set(t0.Add(time.Duration(i) * time.Hour))
				res, err := p.Ingest(context.Background(), mediawatch.Source{Name: copies[k].source, Keep: mediawatch.KeepAll},
					mediawatch.Article{Source: copies[k].source, URL: "https://" + copies[k].source + ".example/man-hau", Title: title, Text: text})
				if err != nil || res.Outcome != mediawatch.OutcomeKept {
					t.Fatalf("%s: %v %+v", copies[k].file, err, res)
				}
				items = append(items, res.ItemID)
			}
			first := storyOf(t, db, items[0])
			for _, id := range items[1:] {
				if got := storyOf(t, db, id); got != first {
					t.Fatalf("items %v: item %d in story %d, item %d in story %d", items, items[0], first, id, got)
				}
			}
			s, err := db.Story(context.Background(), first)
			if err != nil {
				t.Fatal(err)
			}
			if s.Items != 3 || len(s.Outlets) != 3 {
				t.Errorf("story %d: %d items from %v, want 3 from 3 outlets", first, s.Items, s.Outlets)
			}
		})
	}
}
