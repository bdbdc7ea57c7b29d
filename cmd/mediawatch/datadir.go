package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"mediawatch/config"
	"mediawatch/index"
	"mediawatch/ingest"
	"mediawatch/report"
	"mediawatch/store"
)

// The data directory's two halves are checked at every start: the store
// is the record and the index is derived from it, so a damaged or missing
// index is rebuilt from the store (with a log line saying so), while a
// store that is not the one the index was built from — an emptied file, a
// replaced one — is refused with what to do, because nothing can rebuild
// a store.

// refusedError is a start refused with a sentence for the person who runs
// mediawatch; it wraps the cause for errors.Is.
type refusedError struct {
	msg   string
	cause error
}

func (e *refusedError) Error() string { return e.msg }
func (e *refusedError) Unwrap() error { return e.cause }

// storePath is where the store lives in a data directory.
func storePath(dataDir string) string { return filepath.Join(dataDir, "mediawatch.db") }

// storeName names cfg's store for a person: the SQLite file, or the
// PostgreSQL URL without its password.
func storeName(cfg config.Config) string {
	if cfg.Store.URL != "" {
		return store.RedactURL(cfg.Store.URL)
	}
	return storePath(cfg.DataDir)
}

// openStore opens the store cfg names: the PostgreSQL database of
// store.url, or else the SQLite file of the data directory. A zero-byte
// store file is refused (store.ErrEmptyFile) in the interface language.
func openStore(ctx context.Context, cfg config.Config) (*store.DB, error) {
	if cfg.Store.URL != "" {
		return store.Open(ctx, cfg.Store.URL)
	}
	path := storePath(cfg.DataDir)
	db, err := store.Open(ctx, path)
	if errors.Is(err, store.ErrEmptyFile) {
		return nil, &refusedError{textsFor(cfg.UILang).f(msgStoreEmpty, path), err}
	}
	return db, err
}

// openIndex opens the search index beside db. A damaged index is moved
// aside (index.damaged-<time>) and a new one started, which rebuildIndex
// fills; an index built from another store is refused.
func openIndex(ctx context.Context, cfg config.Config, db *store.DB, log *slog.Logger) (*index.Index, error) {
	dir := indexDir(cfg.DataDir)
	idx, err := index.Open(dir, index.Options{Watch: cfg.Watch})
	if errors.Is(err, index.ErrDamaged) {
		aside, merr := index.MoveAside(dir, time.Now())
		if merr != nil {
			return nil, errors.Join(err, merr)
		}
		log.Warn("search index is damaged: moved aside, it will be rebuilt from the store", "error", err, "moved_to", aside)
		idx, err = index.Open(dir, index.Options{Watch: cfg.Watch})
	}
	if err != nil {
		return nil, err
	}
	if err := bindIndex(ctx, cfg, db, idx); err != nil {
		idx.Close()
		return nil, err
	}
	return idx, nil
}

// bindIndex checks that idx was built from db, or records that it is.
func bindIndex(ctx context.Context, cfg config.Config, db *store.DB, idx *index.Index) error {
	id, err := db.Identity(ctx)
	if err != nil {
		return err
	}
	stored, err := db.CountItems(ctx)
	if err != nil {
		return err
	}
	err = idx.BindStore(id, stored)
	if errors.Is(err, index.ErrOtherStore) {
		return &refusedError{textsFor(cfg.UILang).f(msgIndexOtherStore, indexDir(cfg.DataDir), storeName(cfg), err), err}
	}
	return err
}

// rebuildIndex fills an index that holds fewer items than the store — one
// deleted by hand or moved aside as damaged (empty), or one bleve opened
// at an older snapshot because the newest had a damaged segment (scorch
// falls back without an error) — so that no command answers a search
// from a silently partial index. Only the missing items are sent.
func (a *app) rebuildIndex(ctx context.Context) error {
	have, err := a.idx.Count()
	if err != nil {
		return err
	}
	stored, err := a.db.CountItems(ctx)
	if err != nil || uint64(stored) <= have {
		return err
	}
	if have == 0 {
		a.log.Warn("search index is empty while the store holds items: rebuilding it from the store",
			"items", stored, "index", indexDir(a.cfg.DataDir))
	} else {
		a.log.Warn("search index holds fewer items than the store: indexing the missing ones",
			"indexed", have, "stored", stored, "index", indexDir(a.cfg.DataDir))
	}
	start := time.Now()
	last := start
	// A line every ten seconds with how far and how long still: a new
	// node of a large store builds for minutes before it listens.
	progress := func(examined int) {
		if time.Since(last) < 10*time.Second || examined == 0 {
			return
		}
		last = time.Now()
		left := time.Duration(float64(time.Since(start)) * float64(stored-examined) / float64(examined))
		a.log.Info("rebuilding the search index", "examined", examined, "stored", stored,
			"percent", 100*examined/max(stored, 1), "left", left.Round(time.Second))
	}
	if isTerminal(os.Stderr) {
		// On a terminal, a progress bar with the time left instead.
		bar := newJobBar(os.Stderr, textsFor(a.cfg.UILang), "reindex", time.Now)
		defer bar.finish()
		progress = func(examined int) { bar.set(examined, stored) }
	}
	n, err := ingest.Reconcile(ctx, a.db, a.counting(), progress)
	if err != nil {
		return fmt.Errorf("rebuild the search index: %w", err)
	}
	a.log.Info("search index rebuilt from the store", "items", n, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// checkReportDate refuses a --date that is not a day a report covers, in
// the interface language, before anything is opened.
func checkReportDate(t texts, date string, loc *time.Location) error {
	_, _, err := report.Day(date, loc)
	switch {
	case errors.Is(err, report.ErrDayOutOfRange):
		return &refusedError{t.f(msgReportDateRange, date, report.FirstDay, report.LastDay), err}
	case err != nil:
		return &refusedError{t.f(msgReportDateBad, date), err}
	}
	return nil
}
