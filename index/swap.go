package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blevesearch/bleve/v2"
)

// Replace puts the index built in dir (by Open on dir, filled, then
// closed) in the place of x's own, under x: operations in flight finish
// on the old shards, later ones see the new. It is how a rebuild runs
// beside a serving index without taking it away (`mediawatch reindex`
// builds in DATA/index.new and swaps).
//
// The directories are swapped by two renames: x's directory moves to
// x.dir+".old" (removed once the new shards are open), then dir takes its
// name. A process killed between the renames leaves no directory under
// x's name and the complete old index in x.dir+".old", which the next
// owner puts back before Open (mediawatch does at start). On an error
// before the second rename the old index is put back and reopened.
func (x *Index) Replace(dir string) error {
	if err := checkBuilt(dir, layout(x.pairs)); err != nil {
		return fmt.Errorf("replace index: %w", err)
	}
	x.swap.Lock()
	defer x.swap.Unlock()
	x.mu.Lock()
	if x.closed {
		x.mu.Unlock()
		return errors.New("replace index: index is closed")
	}
	x.stop() // compaction works on the old shards: stop it and wait
	x.mu.Unlock()
	x.wg.Wait()

	x.mu.Lock()
	defer x.mu.Unlock()
	errs := []error{x.cold.err}
	for _, b := range x.shards {
		errs = append(errs, b.Close())
	}
	if err := errors.Join(errs...); err != nil {
		// Closing failed half way: reopen what is there and say so.
		return errors.Join(fmt.Errorf("replace index: close old shards: %w", err), x.reopen())
	}
	old := x.dir + ".old"
	err := os.RemoveAll(old)
	if err == nil {
		err = os.Rename(x.dir, old)
	}
	if err == nil {
		if err = os.Rename(dir, x.dir); err != nil {
			err = errors.Join(err, os.Rename(old, x.dir))
		}
	}
	if err != nil {
		return errors.Join(fmt.Errorf("replace index: %w", err), x.reopen())
	}
	if err := x.reopen(); err != nil {
		return fmt.Errorf("replace index: %w", err)
	}
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("replace index: remove the old index: %w", err)
	}
	return nil
}

// reopen opens every shard under x.dir afresh and restarts compaction.
// The caller holds x.mu.
func (x *Index) reopen() error {
	x.shards = map[string]bleve.Index{}
	x.cold = newColdShards()
	x.bg, x.stop = context.WithCancel(context.Background())
	entries, err := os.ReadDir(x.dir)
	if err != nil {
		return fmt.Errorf("reopen index: %w", err)
	}
	for _, e := range entries {
		if !e.IsDir() || !shardName.MatchString(e.Name()) {
			continue
		}
		b, err := bleve.OpenUsing(filepath.Join(x.dir, e.Name()), runtimeConfig())
		if err != nil {
			return fmt.Errorf("reopen index shard %s: %w", e.Name(), err)
		}
		b.SetName(e.Name())
		x.shards[e.Name()] = b
		x.cold.wrote(e.Name())
	}
	return nil
}

// checkBuilt accepts dir if Open recorded layout want in it: a directory
// that is no index of this layout must never take the live one's place.
func checkBuilt(dir, want string) error {
	b, err := os.ReadFile(filepath.Join(dir, layoutFile))
	if err != nil {
		return fmt.Errorf("%s is not a search index: %w", dir, err)
	}
	if got := string(b); got != want+"\n" {
		return fmt.Errorf("%w (%s says %q, want %q)", ErrOldLayout, dir, got, want)
	}
	return nil
}
