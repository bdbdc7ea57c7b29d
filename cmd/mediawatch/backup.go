package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"mediawatch/backup"
	"mediawatch/config"
	"mediawatch/store"
)

// BackupCmd is `mediawatch backup`.
type BackupCmd struct {
	DataFlag
	Out string `required:"" help:"Archive to write (a .tar.gz; replaced when it exists, only once the new one is complete)." type:"path" placeholder:"FILE"`
}

// Run copies the store, the rule directory and the configuration into one
// archive. It opens neither the store's writer nor the search index, so it
// runs beside `serve`: the index is rebuilt from the store on restore.
func (c *BackupCmd) Run(g *globals) error {
	cfg, err := g.loadConfig(c.Data)
	if err != nil {
		return err
	}
	if cfg.Store.URL != "" {
		return errors.New(g.t.f(msgBackupOnPostgres))
	}
	start := time.Now()
	fmt.Fprintln(g.stderr, g.t.f(msgBackupCopying, storePath(cfg.DataDir)))
	var progress func(done, total int64)
	if isTerminal(g.stderr) {
		bar := byteBar(g.stderr, g.t.f(msgBackupArchiving))
		defer bar.Finish()
		progress = func(done, total int64) { bar.ChangeMax64(total); bar.Set64(done) }
	}
	m, err := makeBackup(g.ctx, cfg, g.configPath, c.Out, progress)
	if err != nil {
		return err
	}
	fi, err := os.Stat(c.Out)
	if err != nil {
		return err
	}
	if db, err := openStore(g.ctx, cfg); err == nil { // the backup is made; an unrecorded one is still a backup
		auditCLI(g.ctx, db, "backup", c.Out, fmt.Sprintf("%d items, %d bytes", m.Items, fi.Size()))
		db.Close()
	}
	fmt.Fprintln(g.stdout, g.t.f(msgBackupDone, c.Out, m.Items, m.Flags, m.Stories, countUnder(m, "rules/"),
		countUnder(m, "config/"), megabytes(fi.Size()), time.Since(start).Round(time.Millisecond)))
	return nil
}

// Names of the parts inside an archive.
const (
	archiveStore  = "mediawatch.db"
	archiveRules  = "rules"
	archiveConfig = "config"
)

// makeBackup writes the archive out: a snapshot of the store in the data
// directory, the rule directory and the configuration file with the
// sources file it names (each when it exists). It stages them in a
// temporary directory beside out, removed whatever happens.
func makeBackup(ctx context.Context, cfg config.Config, configPath, out string, progress func(done, total int64)) (backup.Manifest, error) {
	db := storePath(cfg.DataDir)
	if _, err := os.Stat(db); err != nil {
		return backup.Manifest{}, fmt.Errorf("backup: no store to back up: %w", err)
	}
	stage, err := os.MkdirTemp(filepath.Dir(out), ".mediawatch-backup-*")
	if err != nil {
		return backup.Manifest{}, fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(stage)
	created := time.Now().UTC().Truncate(time.Second)
	snap, err := store.SnapshotTo(ctx, db, filepath.Join(stage, archiveStore))
	if err != nil {
		return backup.Manifest{}, err
	}
	if err := copyTree(ctx, cfg.Rules.Dir, filepath.Join(stage, archiveRules)); err != nil {
		return backup.Manifest{}, fmt.Errorf("backup: rules: %w", err)
	}
	for _, p := range []string{configPath, cfg.SourcesPath(configPath)} {
		if err := copyFile(p, filepath.Join(stage, archiveConfig, filepath.Base(p))); err != nil {
			return backup.Manifest{}, fmt.Errorf("backup: config: %w", err)
		}
	}
	m := backup.Manifest{Created: created, Schema: snap.Schema, Store: snap.Identity, Items: snap.Items, Flags: snap.Flags, Stories: snap.Stories}
	return backup.Write(ctx, stage, m, out, progress)
}

// copyTree copies the regular files under src (missing: nothing) to dst.
// Links are followed as the rule loader follows them.
func copyTree(ctx context.Context, src, dst string) error {
	if src == "" {
		return nil
	}
	if _, err := os.Stat(src); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		return copyFile(p, filepath.Join(dst, rel))
	})
}

// copyFile copies the file src to dst, creating dst's directory; a
// missing or unnamed src, or one that is not a regular file, is skipped.
func copyFile(src, dst string) error {
	if src == "" {
		return nil
	}
	fi, err := os.Stat(src)
	if errors.Is(err, fs.ErrNotExist) || err == nil && !fi.Mode().IsRegular() {
		return nil
	}
	if err != nil {
		return err
	}
	r, err := os.Open(src)
	if err != nil {
		return err
	}
	defer r.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return err
	}
	w, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, r)
	return errors.Join(err, w.Close())
}

// countUnder counts the archived files under a prefix.
func countUnder(m backup.Manifest, prefix string) int {
	n := 0
	for _, f := range m.Files {
		if strings.HasPrefix(f.Path, prefix) {
			n++
		}
	}
	return n
}

// megabytes renders a size for people.
func megabytes(n int64) string {
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}

// byteBar is the progress bar of a command that works through bytes.
func byteBar(w io.Writer, desc string) *progressbar.ProgressBar {
	return progressbar.NewOptions64(-1, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription(desc),
		progressbar.OptionShowBytes(true), progressbar.OptionClearOnFinish())
}
