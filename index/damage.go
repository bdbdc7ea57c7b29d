package index

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
)

// ErrDamaged means the index on disk cannot be read: a shard's files are
// missing or cut short, or bleve failed or panicked reading them (a
// damaged segment makes zap panic with "makeslice: len out of range").
// The index is derived, so the remedy is always the same: move it aside
// (MoveAside) and build it again from the store; the program does that at
// start.
var ErrDamaged = errors.New("search index is damaged")

// ErrOtherStore means the index was built from another store than the one
// it is opened beside (BindStore): its hits would name items the store
// does not hold, or other items under their ids.
var ErrOtherStore = errors.New("search index was built from another store")

// damaged wraps ErrDamaged with where and why.
func damaged(where string, cause any) error {
	return fmt.Errorf("%w: %s: %v", ErrDamaged, where, cause)
}

// checkShardFiles checks the layout of one shard directory as scorch
// writes it: a non-empty index_meta.json and a store directory with its
// root.bolt. A shard that lacks them was cut short or half deleted.
func checkShardFiles(path string) error {
	for _, f := range []string{"index_meta.json", filepath.Join("store", "root.bolt")} {
		fi, err := os.Stat(filepath.Join(path, f))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return damaged(path, f+" is missing")
		case err != nil:
			return fmt.Errorf("check index shard %s: %w", path, err)
		case fi.Size() == 0:
			return damaged(path, f+" is empty")
		}
	}
	return nil
}

// openShard opens the bleve index at path. A damaged shard fails or
// panics inside bleve; both are ErrDamaged, except a permission error,
// which moving the index aside would not mend.
func openShard(path string) (b bleve.Index, err error) {
	if err := checkShardFiles(path); err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			b, err = nil, damaged(path, fmt.Sprintf("panic: %v", r))
		}
	}()
	b, err = bleve.OpenUsing(path, runtimeConfig())
	if err != nil && !errors.Is(err, fs.ErrPermission) {
		return nil, damaged(path, err)
	}
	return b, err
}

// verify reads every shard once — its count and its first document by
// sort key with a stored field, through the dictionary, doc values and
// stored fields of its segments — so that a damaged segment is found at
// Open, not by the first search that reaches it.
func (x *Index) verify(ctx context.Context) error {
	shards, err := x.all()
	if err != nil {
		return err
	}
	for _, s := range shards {
		if err := verifyShard(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

// verifyShard is verify for one shard.
func verifyShard(ctx context.Context, s shard) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = damaged(s.name, fmt.Sprintf("panic: %v", r))
		}
	}()
	if _, err := s.index.DocCount(); err != nil {
		return damaged(s.name, err)
	}
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 1, 0, false)
	req.SortByCustom(search.SortOrder{&search.SortField{Field: fKey, Type: search.SortFieldAsString}})
	req.Fields = []string{fVersion, fTitle}
	if _, err := s.index.SearchInContext(ctx, req); err != nil && ctx.Err() == nil {
		return damaged(s.name, err)
	}
	return ctx.Err()
}

// MoveAside renames a damaged index directory to dir.damaged-<time>
// beside it, so that a new index can be built in dir while the old one is
// kept for a look (or a bug report) rather than deleted. It returns the
// new name.
func MoveAside(dir string, now time.Time) (string, error) {
	aside := fmt.Sprintf("%s.damaged-%s", filepath.Clean(dir), now.UTC().Format("20060102T150405Z"))
	if err := os.Rename(dir, aside); err != nil {
		return "", fmt.Errorf("move damaged index aside: %w", err)
	}
	return aside, nil
}

// storeFile is the name of the file that holds the identity of the store
// the index was built from.
const storeFile = "STORE"

// BindStore records that the index is derived from the store whose
// identity is id, or checks that it is. An index without a record adopts
// id — a new one, or one built before indexes kept it — unless it holds
// items while the store holds none (stored says how many the store has):
// that is a store replaced under its index. Another record is refused
// with ErrOtherStore, unless the index is empty: nothing in it can
// contradict the store.
func (x *Index) BindStore(id string, stored int) error {
	path := filepath.Join(x.dir, storeFile)
	b, err := os.ReadFile(path)
	if err == nil && strings.TrimSpace(string(b)) == id {
		return nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("read %s: %w", path, err)
	}
	n, cerr := x.Count()
	switch {
	case cerr != nil:
		return cerr
	case err == nil && n > 0:
		return fmt.Errorf("%w (%s names store %s, this store is %s)", ErrOtherStore, path, strings.TrimSpace(string(b)), id)
	case n > 0 && stored == 0:
		return fmt.Errorf("%w (the index holds %d items, the store none)", ErrOtherStore, n)
	}
	if err := os.WriteFile(path, []byte(id+"\n"), 0o644); err != nil {
		return fmt.Errorf("record the index's store: %w", err)
	}
	return nil
}
