package ingest

import (
	"context"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/internal/pgtest"
	"mediawatch/store"
)

// TestStoriesAcrossNodes: two nodes ingest into one PostgreSQL store; a
// copy one node stores joins the story of the original the other stored
// after the first had started, both ways.
func TestStoriesAcrossNodes(t *testing.T) {
	url := pgtest.Database(t)
	ctx := context.Background()
	open := func() *store.DB {
		db, err := store.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	dbA, dbB := open(), open()
	clk := &clock{t: t0}
	a, b := storyPipeline(t, dbA, clk), storyPipeline(t, dbB, clk)
	a.stories.every, b.stories.every = 0, 0 // every item reads the others' first
	dam := storyText(t, "vo-dap.txt")
	orig := ingestAt(t, a, clk, t0, "baosonla", mediawatch.Article{URL: "https://baosonla.vn/vo-dap", Title: damTitle, Text: dam})
	copied := ingestAt(t, b, clk, t0.Add(time.Hour), "vnexpress", mediawatch.Article{URL: "https://vnexpress.net/a",
		Title: damTitle, Text: dam + "\n(Theo Báo Sơn La)"})
	if copied != orig {
		t.Errorf("a copy stored on node B is story %d; the original node A stored is story %d", copied, orig)
	}
	// And back: node A sees B's rewrite.
	back := ingestAt(t, a, clk, t0.Add(2*time.Hour), "tuoitre", mediawatch.Article{URL: "https://tuoitre.vn/b",
		Title: "Không có chuyện vỡ đập ở Sơn La", Text: rewrite(dam)})
	if back != orig {
		t.Errorf("a rewrite on node A is story %d, want %d", back, orig)
	}
	plums := ingestAt(t, b, clk, t0.Add(3*time.Hour), "baosonla", mediawatch.Article{URL: "https://baosonla.vn/man",
		Title: "Mộc Châu vào vụ mận hậu", Text: storyText(t, "mua-man.txt")})
	if plums == orig {
		t.Errorf("another article joined the dam story %d", orig)
	}
	if n := b.stories.g.Len(); n != 4 {
		t.Errorf("node B's grouper holds %d candidates after its next item, want 4 (two of them node A's)", n)
	}
}
