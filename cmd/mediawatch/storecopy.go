package main

import (
	"errors"
	"fmt"
	"time"

	"mediawatch/store"
)

// StoreCmd is `mediawatch store`.
type StoreCmd struct {
	Copy StoreCopyCmd `cmd:"" help:"Copy the SQLite store into a PostgreSQL database (resumable; verified by counts and checksums at the end)."`
}

// StoreCopyCmd is `mediawatch store copy`.
type StoreCopyCmd struct {
	DataFlag
	To string `required:"" help:"PostgreSQL URL of a new, empty database to copy into (postgres://user@host/db)." placeholder:"URL"`
}

// Run copies every row of the data directory's SQLite store into the
// PostgreSQL database --to names, with a progress bar, and compares the
// two at the end. Interrupted, it resumes when run again. It reads the
// SQLite store only, so it runs beside serve; rows serve changes during
// the copy are copied again at the verification.
func (c *StoreCopyCmd) Run(g *globals) error {
	cfg, err := g.loadConfig(c.Data)
	if err != nil {
		return err
	}
	if cfg.Store.URL != "" {
		return fmt.Errorf("%s", g.t.f(msgCopyNotSQLite))
	}
	if !store.IsPostgresURL(c.To) {
		return fmt.Errorf("%s", g.t.f(msgCopyNotPostgres, c.To))
	}
	src, err := openStore(g.ctx, cfg)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := store.Open(g.ctx, c.To)
	if err != nil {
		return err
	}
	defer dst.Close()
	fmt.Fprintln(g.stderr, g.t.f(msgCopyStart, storePath(cfg.DataDir), store.RedactURL(c.To)))

	start := time.Now()
	opt := store.CopyOptions{Resuming: func() { fmt.Fprintln(g.stderr, g.t.f(msgCopyResumed)) }}
	if isTerminal(g.stderr) {
		bar := countBar(g.stderr, 0, g.t.f(msgCopyBar))
		defer bar.Finish()
		opt.Progress = func(done, total int64) { bar.ChangeMax64(total); bar.Set64(done) }
	} else {
		// Without a terminal, a line every ten seconds: nothing waits silently.
		var last time.Time
		opt.Progress = func(done, total int64) {
			if time.Since(last) >= 10*time.Second || done == total {
				last = time.Now()
				fmt.Fprintln(g.stderr, g.t.f(msgCopyProgress, done, total))
			}
		}
	}
	rep, err := store.CopyTo(g.ctx, src, dst, opt)
	switch {
	case errors.Is(err, store.ErrCopyDone):
		return fmt.Errorf("%s", g.t.f(msgCopyAlreadyDone, err))
	case errors.Is(err, store.ErrCopyTarget):
		return fmt.Errorf("%s", g.t.f(msgCopyTargetUsed, err))
	case err != nil && g.ctx.Err() != nil:
		fmt.Fprintln(g.stdout, g.t.f(msgCopyInterrupted, rep.Copied))
		return g.ctx.Err()
	case err != nil:
		return err
	}
	var rows int64
	for _, t := range rep.Tables {
		rows += t.Rows
	}
	fmt.Fprintln(g.stdout, g.t.f(msgCopyDone, rows, time.Since(start).Round(time.Millisecond)))
	for _, t := range rep.Tables {
		fmt.Fprintln(g.stdout, g.t.f(msgCopyTable, t.Table, t.Rows, t.Checksum[:16]))
	}
	fmt.Fprintln(g.stdout, g.t.f(msgCopyNext))
	auditCLI(g.ctx, dst, "store_copy", store.RedactURL(c.To), fmt.Sprintf("%d rows from %s", rows, storePath(cfg.DataDir)))
	return nil
}
