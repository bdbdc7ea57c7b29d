package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/config"
	"mediawatch/store"
)

// TestPruneCommandDryRunThenReal stores old and new items, shows what a
// dry run would delete without deleting, then deletes it; a second run
// has nothing left to do.
func TestPruneCommandDryRunThenReal(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	db, err := store.Open(ctx, storePath(data))
	if err != nil {
		t.Fatal(err)
	}
	for i, age := range []time.Duration{800, 900, 1000, 10} {
		at := time.Now().Add(-age * 24 * time.Hour)
		url := fmt.Sprintf("https://a.example/%d", i)
		it := mediawatch.Item{Source: "baosonla", URL: url, CanonicalURL: url, Title: "Sơn La", Text: fmt.Sprint("tin ", i),
			ContentHash: fmt.Sprint(i), FirstSeen: at}
		if _, err := db.SaveItem(ctx, it); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	var out bytes.Buffer
	g := testGlobals(ctx, &out)
	if err := (&PruneCmd{DataFlag: DataFlag{Data: data}}).Run(g); err == nil || !strings.Contains(err.Error(), "retention.items") {
		t.Errorf("prune with no period: %v", err)
	}
	if err := (&PruneCmd{DataFlag: DataFlag{Data: data}, OlderThan: "730d", DryRun: true}).Run(g); err != nil {
		t.Fatal(err)
	}
	if s := out.String(); !strings.Contains(s, ": 3 to delete") || !strings.Contains(s, "baosonla  3") || !strings.Contains(s, "Dry run") {
		t.Errorf("dry run said:\n%s", s)
	}
	a := testApp(t, data, func(*config.Config) {})
	if n, _ := a.db.CountItems(ctx); n != 4 {
		t.Fatalf("the dry run deleted: %d left", n)
	}
	a.Close()
	out.Reset()
	if err := (&PruneCmd{DataFlag: DataFlag{Data: data}, OlderThan: "730d"}).Run(g); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Deleted 3 items") {
		t.Errorf("prune said:\n%s", out.String())
	}
	out.Reset()
	if err := (&PruneCmd{DataFlag: DataFlag{Data: data}, OlderThan: "730d"}).Run(g); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Nothing to delete") {
		t.Errorf("second prune said:\n%s", out.String())
	}
}
