package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The sync mark (DATA/index.synced) lets a start skip the reconcile that
// reads every stored item, which at a million items took start-up past a
// minute (issue 14). A process that knew the index in step with the store
// (its start reconciled, or found the mark valid) and saw no index write
// fail writes, at its clean close, the store's sync point
// (store.DB.SyncPoint: identity, item count, newest version, newest flag)
// and the index's count. A start that finds both unchanged skips the
// reconcile: nothing reconcile repairs — an item missing from the index or
// held at an older version — can have come about without changing them.
// Any item, version or flag stored since (by a process that then crashed,
// or by an older binary that writes no mark) changes the sync point, and
// the next start reconciles in full, then writes the mark at its own clean
// close. Read-only commands leave the mark as it is. What the mark cannot
// see: an index that a disk fault made bleve open at an older snapshot
// with as many items (older versions of some) — a reconcile compared
// versions, the mark compares counts; deleting the mark, or reindex,
// repairs it. And an item the index refuses at every try keeps every
// start reconciling in full (its Put fails each time), as before the mark.

// syncMarkPath is the mark's file in a data directory.
func syncMarkPath(dataDir string) string { return filepath.Join(dataDir, "index.synced") }

// syncPoint is what the mark records: the store's sync point and the
// index's count.
func (a *app) syncPoint(ctx context.Context) (string, error) {
	sp, err := a.db.SyncPoint(ctx)
	if err != nil {
		return "", err
	}
	n, err := a.idx.Count()
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s index=%d", sp, n), nil
}

// inSync reports whether the mark names the store and index as they are.
func (a *app) inSync(ctx context.Context) bool {
	b, err := os.ReadFile(syncMarkPath(a.cfg.DataDir))
	if err != nil {
		return false
	}
	now, err := a.syncPoint(ctx)
	return err == nil && strings.TrimSpace(string(b)) == now
}

// writeSyncMark records point as the mark, through a temporary file and a
// rename, so that a crash never leaves half a mark.
func writeSyncMark(dataDir, point string) error {
	return writeAtomic(syncMarkPath(dataDir), []byte(point+"\n"))
}

// closeIndex flushes the pipeline and closes the index; when the index was
// in step with the store all along, it then writes the sync mark for the
// next start. A failure to write the mark only costs that start a full
// reconcile, so it is logged, not returned.
func (a *app) closeIndex() error {
	if a.idx == nil {
		return a.pipeline.Flush(context.Background())
	}
	ctx := context.Background()
	err := a.pipeline.Flush(ctx)
	var point string
	mark := err == nil && a.inStep.Load() && !a.indexFailed.Load()
	if mark {
		var perr error
		if point, perr = a.syncPoint(ctx); perr != nil {
			mark = false
		}
	}
	err = errors.Join(err, a.idx.Close())
	if mark && err == nil {
		if merr := writeSyncMark(a.cfg.DataDir, point); merr != nil {
			a.log.Warn("index sync mark not written: the next start reconciles in full", "err", merr)
		}
	}
	return err
}

// writeAtomic replaces path with data: a crash leaves the old file or the
// new one.
func writeAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o640); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
