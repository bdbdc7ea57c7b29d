package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"mediawatch/backup"
	"mediawatch/ingest"
	"mediawatch/store"
)

// RestoreCmd is `mediawatch restore`.
type RestoreCmd struct {
	DataFlag
	File string `arg:"" help:"Archive made by mediawatch backup." type:"existingfile" placeholder:"FILE"`
}

// restoredConfigDir is where a restore puts the backup's rules and
// configuration: beside the data, not over the files in use, so that the
// admin decides what to take back.
const restoredConfigDir = "restored-config"

// partialDir is where an archive is unpacked and checked before anything
// moves into the data directory; a data directory holding only it is what
// an interrupted restore left, and counts as empty.
const partialDir = ".restore-partial"

// Run restores an archive into an empty (or new) data directory: it
// checks every file against the manifest, checks the store copy, puts it
// in place, sets the rules and configuration aside in restored-config/
// and rebuilds the search index from the store.
func (c *RestoreCmd) Run(g *globals) error {
	cfg, err := g.loadConfig(c.Data)
	if err != nil {
		return err
	}
	if cfg.Store.URL != "" {
		return errors.New(g.t.f(msgRestoreOnPostgres))
	}
	dir := cfg.DataDir
	created, err := prepareEmpty(dir)
	if err != nil {
		return errors.New(g.t.f(msgRestoreNotEmpty, dir, err))
	}
	ok := false
	defer func() {
		if !ok { // leave the directory as it was: empty, or absent
			cleanDir(dir, created)
		}
	}()
	m, err := backup.ReadManifest(c.File)
	if err != nil {
		return err
	}
	fmt.Fprintln(g.stderr, g.t.f(msgRestoreChecking, c.File, when(m.Created, cfg.Location())))
	if err := unpack(g, c.File, dir); err != nil {
		return err
	}
	ok = true // the store is in place: an interrupted index build is finished by the next start
	a, err := openApp(g.ctx, cfg, g.logger(cfg))
	if err != nil {
		return err
	}
	defer a.Close()
	fmt.Fprintln(g.stderr, g.t.f(msgRestoreIndexing))
	var progress func(int)
	if isTerminal(g.stderr) {
		bar := countBar(g.stderr, m.Items, "index")
		defer bar.Finish()
		progress = func(n int) { bar.Set(n) }
	}
	start := time.Now()
	n, err := ingest.Reconcile(g.ctx, a.db, a.idx, progress)
	if err != nil {
		return err
	}
	fmt.Fprintln(g.stdout, g.t.f(msgRestoreDone, c.File, dir, m.Items, m.Flags, m.Stories,
		when(m.Created, cfg.Location()), n, time.Since(start).Round(time.Millisecond)))
	if countUnder(m, archiveRules+"/")+countUnder(m, archiveConfig+"/") == 0 {
		fmt.Fprintln(g.stdout, g.t.f(msgRestoreNoConfig))
		return nil
	}
	fmt.Fprintln(g.stdout, g.t.f(msgRestoreConfig, filepath.Join(dir, restoredConfigDir), dir))
	return nil
}

// unpack extracts and checks the archive in dir/.restore-partial, then
// moves the store into dir and the rest into dir/restored-config.
func unpack(g *globals, file, dir string) error {
	part := filepath.Join(dir, partialDir)
	var progress func(done, total int64)
	if isTerminal(g.stderr) {
		bar := byteBar(g.stderr, "restore")
		defer bar.Finish()
		progress = func(done, total int64) { bar.ChangeMax64(total); bar.Set64(done) }
	}
	m, err := backup.Extract(g.ctx, file, part, progress)
	if err != nil {
		return err
	}
	snap, err := store.CheckCopy(g.ctx, filepath.Join(part, archiveStore))
	if err != nil {
		return fmt.Errorf("%w: %w", backup.ErrDamaged, err)
	}
	if snap.Items != m.Items || snap.Flags != m.Flags || snap.Stories != m.Stories || snap.Schema != m.Schema || m.Store != "" && snap.Identity != m.Store {
		return fmt.Errorf("%w: the store holds %+v, the manifest says %d items, %d flags, %d stories at schema %d",
			backup.ErrDamaged, snap, m.Items, m.Flags, m.Stories, m.Schema)
	}
	known, err := store.KnownSchema()
	if err != nil {
		return err
	}
	if snap.Schema > known {
		return fmt.Errorf("%w: the backup's store is at schema version %d, this mediawatch knows up to %d; restore it with a newer mediawatch",
			store.ErrSchemaTooNew, snap.Schema, known)
	}
	return placeRestored(part, dir)
}

// placeRestored moves the checked files from part into dir.
func placeRestored(part, dir string) error {
	aside := filepath.Join(dir, restoredConfigDir)
	for _, name := range []string{archiveRules, archiveConfig} {
		src := filepath.Join(part, name)
		if _, err := os.Stat(src); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		dst := aside
		if name == archiveRules {
			dst = filepath.Join(aside, archiveRules)
		}
		if err := moveInto(src, dst); err != nil {
			return err
		}
	}
	if err := os.Rename(filepath.Join(part, archiveStore), storePath(dir)); err != nil {
		return err
	}
	return os.RemoveAll(part)
}

// moveInto moves every entry of the directory src into dst.
func moveInto(src, dst string) error {
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dst, 0o750); err != nil {
		return err
	}
	for _, e := range entries {
		if err := os.Rename(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// prepareEmpty makes sure dir exists and is empty (what an interrupted
// restore left aside), and reports whether it created it.
func prepareEmpty(dir string) (created bool, err error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return true, os.MkdirAll(dir, 0o750)
	}
	if err != nil {
		return false, err
	}
	for _, e := range entries {
		if e.Name() != partialDir {
			return false, fmt.Errorf("it holds %s", e.Name())
		}
	}
	return false, os.RemoveAll(filepath.Join(dir, partialDir))
}

// cleanDir empties dir of what a failed restore put there, and removes
// dir itself when the restore created it.
func cleanDir(dir string, created bool) {
	if created {
		os.RemoveAll(dir)
		return
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}
