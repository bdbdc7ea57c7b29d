package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"mediawatch"
)

// TestSaveItemPreparesItsStatementsOnce saves items one after another and
// from several goroutines at once: the statements the first save met are
// prepared after its commit and reused, their number does not grow with
// the items, and saves that queue on the one writer connection while
// statements are being prepared never wait on each other for good.
func TestSaveItemPreparesItsStatementsOnce(t *testing.T) {
	db, _ := openTest(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	flag := mediawatch.Flag{RuleID: "r", RuleVersion: "v1", Severity: mediawatch.SeverityLow, Snippet: "x"}
	save := func(i int) {
		t.Helper()
		res, err := db.SaveItem(ctx, testItem(fmt.Sprintf("https://a.vn/%d", i), fmt.Sprintf("text %d", i)), flag)
		if err != nil || res.Outcome != mediawatch.OutcomeKept || res.Flags != 1 {
			t.Fatalf("save %d: %+v, %v", i, res, err)
		}
	}
	save(0)
	count := func() int {
		db.stmts.mu.Lock()
		defer db.stmts.mu.Unlock()
		return len(db.stmts.m)
	}
	prepared := count()
	if prepared == 0 {
		t.Fatal("no statement prepared after the first save")
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 25 {
				res, err := db.SaveItem(ctx, testItem(fmt.Sprintf("https://b.vn/%d/%d", g, i), fmt.Sprintf("b %d %d", g, i)), flag)
				if err != nil || res.Outcome != mediawatch.OutcomeKept {
					t.Errorf("save %d/%d: %+v, %v", g, i, res, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if got := count(); got != prepared {
		t.Errorf("%d statements prepared after 101 saves, %d after the first: the same saves should prepare nothing more", got, prepared)
	}
	n, err := db.CountItems(ctx)
	if err != nil || n != 101 {
		t.Fatalf("CountItems = %d, %v; want 101", n, err)
	}
	// The same text at another URL is still found through a prepared
	// statement: a duplicate, nothing written.
	dup, err := db.SaveItem(ctx, testItem("https://c.vn/x", "text 0"))
	if err != nil || dup.Outcome != mediawatch.OutcomeDuplicate {
		t.Fatalf("same text at another URL: %+v, %v", dup, err)
	}
}

// TestCurrentVersions walks every item's id and current version by pages,
// a new version showing as the item's version.
func TestCurrentVersions(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	for i := range 5 {
		if _, err := db.SaveItem(ctx, testItem(fmt.Sprintf("https://a.vn/%d", i), fmt.Sprintf("text %d", i))); err != nil {
			t.Fatal(err)
		}
	}
	edited := testItem("https://a.vn/3", "text 3, edited")
	if res, err := db.SaveItem(ctx, edited); err != nil || res.Outcome != mediawatch.OutcomeUpdated {
		t.Fatalf("edit: %+v, %v", res, err)
	}
	var got []IDVersion
	for after := int64(0); ; {
		page, err := db.CurrentVersions(ctx, after, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		if len(page) > 2 {
			t.Fatalf("a page of %d, limit 2", len(page))
		}
		got = append(got, page...)
		after = page[len(page)-1].ID
	}
	want := []IDVersion{{1, 1}, {2, 1}, {3, 1}, {4, 2}, {5, 1}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("CurrentVersions walk = %v, want %v", got, want)
	}
}
