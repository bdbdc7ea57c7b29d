package ingest

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"mediawatch/index"
	"mediawatch/store"
)

// cancelAfterDelete is the index of a prune interrupted (Ctrl-C on the
// command, the service stopping) just as a batch left the index.
type cancelAfterDelete struct {
	idx    *index.Index
	cancel context.CancelFunc
}

func (c cancelAfterDelete) Delete(ctx context.Context, ids []int64) error {
	err := c.idx.Delete(ctx, ids)
	c.cancel()
	return err
}

// TestPruneInterruptedKeepsStoreAndIndexAgreeing interrupts a prune
// between a batch's index delete and its commit: the batch is finished
// whole (the index has already lost its items), then the prune stops.
// Rolling the store back there would leave items stored that no search
// finds until the next start.
func TestPruneInterruptedKeepsStoreAndIndexAgreeing(t *testing.T) {
	dir := t.TempDir()
	seedPrune(t, dir, 30, 10)
	db, err := store.Open(context.Background(), filepath.Join(dir, "mw.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	idx, err := index.Open(filepath.Join(dir, "index"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	old := pruneBatch
	pruneBatch = 7
	defer func() { pruneBatch = old }()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	res, err := Prune(ctx, db, cancelAfterDelete{idx, cancel}, Cutoff(pruneNow, 730*24*time.Hour), nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("interrupted prune: %v, want context.Canceled", err)
	}
	found, stored := findable(t, db, idx)
	if int(found) != stored || stored != 40-res.Items || res.Items != 7 {
		t.Errorf("after the interrupted prune: %d findable, %d stored, %d reported deleted; want 33, 33 and 7", found, stored, res.Items)
	}
}
