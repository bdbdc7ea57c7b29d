package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"mediawatch/config"
	"mediawatch/store"
)

// errJobBusy is the service's answer while it runs another index job.
var errJobBusy = errors.New("the service runs another job")

// runJob runs the named index job for a command, here or in the running
// service (connect), drawing its progress on a terminal unless quiet, and
// decodes its result into out.
func (g *globals) runJob(data, name string, opts connectOptions, params any, body io.Reader, quiet bool, out any) error {
	s, err := g.connect(data, opts)
	if err != nil {
		return err
	}
	defer s.close()
	if s.remote && !quiet {
		fmt.Fprintln(g.stderr, g.t.f(msgThroughService, s.holder.PID, s.dataDir))
	}
	var bar *jobBar
	var progress func(done, total int)
	if isTerminal(g.stderr) && !quiet {
		bar = newJobBar(g.stderr, g.t, name, time.Now)
		progress = bar.set
	}
	var warn func(string)
	if s.remote { // here the command's own log says it already
		warn = func(msg string) { fmt.Fprintln(g.stderr, msg) }
	}
	err = s.job(g.ctx, name, params, body, progress, warn, out)
	if bar != nil {
		bar.finish()
	}
	if errors.Is(err, errJobBusy) {
		return errors.New(g.t.f(msgServiceJobBusy))
	}
	return err
}

// openStore loads the configuration and opens only the store: what the
// commands that never touch the search index need. SQLite in WAL mode
// lets them run beside a service that writes.
func (g *globals) openStore(data string) (*store.DB, config.Config, error) {
	cfg, err := g.loadConfig(data)
	if err != nil {
		return nil, cfg, err
	}
	db, err := openStoreMaking(g.ctx, cfg)
	return db, cfg, err
}

// openStoreMaking opens cfg's store only, making its data directory first
// when it is missing.
func openStoreMaking(ctx context.Context, cfg config.Config) (*store.DB, error) {
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	return openStore(ctx, cfg)
}
