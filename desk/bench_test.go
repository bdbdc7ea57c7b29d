package desk

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"mediawatch"
	"mediawatch/index"
	"mediawatch/ingest"
)

// BenchmarkBacktest measures one backtest of a broad rule over the shared
// Vietnamese and English samples (4,000 articles, read from ../shared/data
// where present, else skipped): every candidate page searched, read back
// and confirmed. The rule is broad on purpose — every item naming the
// province in any spelling, or one of two common words — so that
// confirming candidates dominates.
func BenchmarkBacktest(b *testing.B) {
	ctx := context.Background()
	p, db := newPipeline(b, nil)
	idx, err := index.Open(filepath.Join(b.TempDir(), "index"), index.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { idx.Close() })
	p.WithIndex(idx, db)
	for _, name := range []string{"corpus-vi-sample.jsonl", "corpus-en-sample.jsonl"} {
		f, err := os.Open(filepath.Join("..", "..", "shared", "data", name))
		if err != nil {
			b.Skipf("shared data not present: %v", err)
		}
		_, err = p.Import(ctx, f, ingest.ImportOptions{Keep: mediawatch.KeepAll, Location: ict})
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
	if err := p.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	rule := newTestRule(b, "bench", mediawatch.SeverityLow, `"son la" OR "thủy điện" OR government`, nil, nil)
	var res BacktestResult
	for b.Loop() {
		res, err = Backtest(ctx, BacktestDeps{Index: idx, Store: db}, BacktestRequest{Query: rule.node, Matcher: rule, Loc: ict})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(res.Candidates), "candidates")
	b.ReportMetric(float64(res.Matched), "matched")
}
