package ingest

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/index"
	"mediawatch/store"
)

// ict is Asia/Ho_Chi_Minh's offset, without depending on tzdata.
var ict = time.FixedZone("ICT", 7*3600)

// fixture is testdata/backtest.jsonl imported through a pipeline (with
// rules, if given, active at ingest) into a real store and index.
type fixture struct {
	p   *Pipeline
	db  *store.DB
	idx *index.Index
}

func loadFixture(t *testing.T, rules RuleMatcher) fixture {
	t.Helper()
	ctx := context.Background()
	p, db := newPipeline(t)
	clock := time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC) // first seen of the undated records
	p.now = func() time.Time { clock = clock.Add(time.Minute); return clock }
	idx, err := index.Open(filepath.Join(t.TempDir(), "index"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	p.WithIndex(idx, db)
	if rules != nil {
		p.SetRules(rules)
	}
	f, err := os.Open(filepath.Join("testdata", "backtest.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sum, err := p.Import(ctx, f, ImportOptions{Keep: mediawatch.KeepAll, Location: ict})
	if err != nil || sum.Kept != 32 {
		t.Fatalf("import: %+v, %v", sum, err)
	}
	if err := p.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	return fixture{p: p, db: db, idx: idx}
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

// dated is the date of an item for since: published if believable, else
// first seen.
func dated(it mediawatch.Item) time.Time { return it.EffectiveDate() }
