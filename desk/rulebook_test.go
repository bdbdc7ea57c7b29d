package desk

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/ingest"
)

const goodRule = `- id: dam-rumour
  name: {vi: Tin đồn vỡ đập, en: Dam burst rumour}
  query: '"vỡ đập" -"diễn tập"'
  severity: critical
  category: rumour
`

const otherRule = `- id: scam
  name: {vi: Lừa đảo, en: Scam}
  query: '"lừa đảo"'
  severity: high
  category: scam
`

func writeRules(t *testing.T, dir, name, body string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRulebookKeepsActiveSetOnError: a set with one bad rule is refused
// whole, the running set stays in the pipeline, and the refusal is shown
// until the files are good again.
func TestRulebookKeepsActiveSetOnError(t *testing.T) {
	dir := t.TempDir()
	writeRules(t, dir, "a.yaml", goodRule)
	var applied atomic.Int32
	var active atomic.Value
	b := NewRulebook(dir, func(m ingest.RuleMatcher) { applied.Add(1); active.Store(m) }, nil, nil)
	var loads, refusals atomic.Int32
	b.OnLoad = func(ok bool, _ int) {
		if ok {
			loads.Add(1)
		} else {
			refusals.Add(1)
		}
	}
	ctx := context.Background()
	if err := b.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	st := b.Status()
	if len(st.Rules) != 1 || st.Version == "" || st.Refused != nil || applied.Load() != 1 {
		t.Fatalf("first load: %+v, applied %d", st, applied.Load())
	}
	first := st.Version

	// Reloading unchanged files swaps nothing.
	if err := b.Reload(ctx); err != nil || applied.Load() != 1 {
		t.Fatalf("unchanged reload: err %v, applied %d", err, applied.Load())
	}

	// A second file with a good rule and a broken one: refused whole.
	writeRules(t, dir, "b.yaml", otherRule+`- id: broken
  name: {vi: Hỏng, en: Broken}
  query: '"vỡ đập" AND'
  severity: high
  category: rumour
`)
	err := b.Reload(ctx)
	if err == nil {
		t.Fatal("a set with a bad query was accepted")
	}
	st = b.Status()
	if st.Version != first || len(st.Rules) != 1 || applied.Load() != 1 {
		t.Fatalf("refused set replaced the active one: %+v", st)
	}
	if st.Refused == nil || len(st.Refused.Problems) == 0 || !strings.Contains(st.Refused.Error, "b.yaml:") {
		t.Fatalf("refusal not reported with its place: %+v", st.Refused)
	}
	it := &mediawatch.Item{Title: "Tin đồn vỡ đập thủy điện", Lang: "vi"}
	if flags := active.Load().(ingest.RuleMatcher).Match(it); len(flags) != 1 || flags[0].RuleID != "dam-rumour" {
		t.Fatalf("active matcher after refusal: %+v", flags)
	}
	// The same refusal again is counted once.
	_ = b.Reload(ctx)
	if refusals.Load() != 1 {
		t.Errorf("refusals counted %d times, want 1", refusals.Load())
	}

	// Fixed: the new set loads, the refusal is gone.
	writeRules(t, dir, "b.yaml", otherRule)
	if err := b.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	st = b.Status()
	if st.Version == first || len(st.Rules) != 2 || st.Refused != nil || applied.Load() != 2 || loads.Load() != 2 {
		t.Fatalf("fixed set: %+v applied %d loads %d", st, applied.Load(), loads.Load())
	}
}

// TestRulebookMissingDir: no directory is no rules, not an error.
func TestRulebookMissingDir(t *testing.T) {
	b := NewRulebook(filepath.Join(t.TempDir(), "none"), nil, nil, nil)
	if err := b.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if st := b.Status(); !st.Missing || len(st.Rules) != 0 || b.Engine() == nil {
		t.Fatalf("status %+v", st)
	}
}

// TestRulebookWatch: an edited file takes effect without a call.
func TestRulebookWatch(t *testing.T) {
	dir := t.TempDir()
	writeRules(t, dir, "a.yaml", goodRule)
	b := NewRulebook(dir, nil, nil, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := b.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	go b.Watch(ctx, 10*time.Millisecond)
	writeRules(t, dir, "b.yaml", otherRule)
	deadline := time.Now().Add(10 * time.Second)
	for len(b.Status().Rules) != 2 {
		if time.Now().After(deadline) {
			t.Fatal("the watcher never loaded the new file")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestOnFlagsSeesStoredFlags: the hook hears of flagged items once they
// are stored, with their ids, and not of duplicates.
func TestOnFlagsSeesStoredFlags(t *testing.T) {
	ctx := context.Background()
	p, _ := newPipeline(t, nil)
	dir := t.TempDir()
	writeRules(t, dir, "a.yaml", goodRule)
	b := NewRulebook(dir, p.SetRules, nil, nil)
	if err := b.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	type call struct {
		item  mediawatch.Item
		flags []mediawatch.Flag
	}
	var calls []call
	p.OnFlags(func(it mediawatch.Item, fs []mediawatch.Flag) { calls = append(calls, call{it, fs}) })
	src := mediawatch.Source{Name: "a", Keep: mediawatch.KeepAll}
	art := mediawatch.Article{Source: "a", URL: "https://a.example/1", Title: "Tin đồn vỡ đập", Text: "Đồn vỡ đập."}
	for range 2 { // the second is a duplicate: no new flag, no call
		if _, err := p.Ingest(ctx, src, art); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := p.Ingest(ctx, src, mediawatch.Article{Source: "a", URL: "https://a.example/2", Title: "Mận", Text: "Mận."}); err != nil {
		t.Fatal(err)
	}
	if len(calls) != 1 {
		t.Fatalf("%d calls, want 1", len(calls))
	}
	c := calls[0]
	if c.item.ID == 0 || len(c.flags) != 1 || c.flags[0].ItemID != c.item.ID || c.flags[0].ItemVersion != 1 ||
		c.flags[0].RuleID != "dam-rumour" {
		t.Fatalf("call %+v", c)
	}
}
