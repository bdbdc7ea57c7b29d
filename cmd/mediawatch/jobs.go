package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"mediawatch"
	"mediawatch/index"
	"mediawatch/ingest"
)

// indexJob is CLI work that writes the search index (or reads it where
// only the index answers): the same function runs in the CLI's own
// process when the data directory is free, or inside the running service
// when one holds it, reached through the admin socket (doc.go).
type indexJob struct {
	// run does the work on the opened app. Its result travels as JSON in
	// both cases, so the CLI prints the same thing either way.
	run func(ctx context.Context, a *app, in jobInput) (any, error)
	// storeOnly opens no live index in the CLI's process: reindex builds
	// its own, and must work when the old one cannot be opened.
	storeOnly bool
	// rules loads the rule directory in the CLI's process (a service
	// uses the set it runs).
	rules bool
}

// jobInput is what a job gets besides the app.
type jobInput struct {
	params   json.RawMessage // the command's options, as the CLI sent them
	body     io.Reader       // a stream the command sends (import's lines); empty otherwise
	progress func(done, total int)
	warn     func(msg string) // a line the CLI's user should see
}

// jobs are the index jobs by name, the last path element of the socket's
// route. A part that adds one registers it from its own file with addJobs
// in an init function, as messages do with addMessages.
var jobs = map[string]indexJob{
	"reindex":         {run: reindexJob, storeOnly: true},
	"rules-apply":     {run: rulesApplyJob, rules: true},
	"stories-regroup": {run: regroupJob},
	"import":          {run: importJob, rules: true},
}

// addJobs registers more index jobs; a name filed twice is a programming
// error.
func addJobs(more map[string]indexJob) {
	for name, j := range more {
		if _, dup := jobs[name]; dup {
			panic("index job " + name + " registered twice")
		}
		jobs[name] = j
	}
}

// reindexResult is what reindex reports.
type reindexResult struct {
	Items  int     `json:"items"`
	TookMS float64 `json:"took_ms"`
}

// reindexJob builds a new index from the store beside the live one
// (DATA/index.new), then puts it in its place: under a running index by
// Replace, or, with none open, by renaming directories. A reindex killed
// at any point leaves the old index (or, between two renames, none, which
// the next start rebuilds from the store).
func reindexJob(ctx context.Context, a *app, in jobInput) (any, error) {
	start := time.Now()
	live := indexDir(a.cfg.DataDir)
	next := live + ".new"
	if err := os.RemoveAll(next); err != nil {
		return nil, fmt.Errorf("reindex: %w", err)
	}
	total, err := a.db.CountItems(ctx)
	if err != nil {
		return nil, err
	}
	built, err := index.Open(next, index.Options{Watch: a.cfg.Watch, SplitBatches: true})
	if err != nil {
		return nil, err
	}
	n, err := ingest.Reconcile(ctx, a.db, built, func(done int) { in.progress(done, total) })
	if err == nil {
		// The new index names the store it was built from (index.BindStore).
		var id string
		if id, err = a.db.Identity(ctx); err == nil {
			err = built.BindStore(id, total)
		}
	}
	if cerr := built.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.RemoveAll(next)
		return nil, err
	}
	if a.idx == nil {
		if err := swapDirs(live, next); err != nil {
			return nil, err
		}
	} else {
		if err := a.idx.Replace(next); err != nil {
			return nil, err
		}
		// Items stored while the new index was built: indexed now.
		if err := a.reconcile(ctx); err != nil {
			return nil, err
		}
	}
	a.log.Info("index rebuilt from the store", "items", n, "by", "cli")
	return reindexResult{Items: n, TookMS: float64(time.Since(start).Milliseconds())}, nil
}

// swapDirs puts the index built in next in place of live, with no index
// open on either.
func swapDirs(live, next string) error {
	old := live + ".old"
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	if err := os.Rename(live, old); err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("reindex: %w", err)
	}
	if err := os.Rename(next, live); err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	return os.RemoveAll(old)
}

// removeLeftovers tidies what a killed reindex left beside the index.
// Killed between its two renames, it left no index but a complete old one
// in index.old: that one is put back. Anything in index.new is then
// unfinished or unused, and goes. The caller holds the data directory's
// lock, so no one is building.
func removeLeftovers(dataDir string) error {
	live := indexDir(dataDir)
	old, next := live+".old", live+".new"
	if _, err := os.Stat(live); errors.Is(err, os.ErrNotExist) {
		if _, err := os.Stat(old); err == nil {
			if err := os.Rename(old, live); err != nil {
				return fmt.Errorf("put back the index a reindex moved aside: %w", err)
			}
		}
	}
	for _, dir := range []string{next, old} {
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
	}
	return nil
}

// sinceParams are the options of rules apply.
type sinceParams struct {
	Since string `json:"since"` // a local date YYYY-MM-DD or empty
}

func rulesApplyJob(ctx context.Context, a *app, in jobInput) (any, error) {
	var p sinceParams
	if err := json.Unmarshal(in.params, &p); err != nil {
		return nil, err
	}
	since, err := localDay(p.Since, a.cfg.Location(), false)
	if err != nil {
		return nil, &userError{key: msgJobSince, args: []any{p.Since}, cause: err}
	}
	return ingest.Apply(ctx, ingest.ApplyDeps{Store: a.db, Index: a.counting()}, a.rules.Engine(), since, in.progress)
}

func regroupJob(ctx context.Context, a *app, in jobInput) (any, error) {
	total, err := a.db.CountItems(ctx)
	if err != nil {
		return nil, err
	}
	// The pipeline's own grouper is held and reloaded: a service ingests
	// beside the job.
	return a.pipeline.RegroupLive(ctx, a.db, a.cfg.StoryParams(), func(n int) { in.progress(n, total) })
}

// importParams are the options of import.
type importParams struct {
	Keep   string `json:"keep"`
	Source string `json:"source"`
}

func importJob(ctx context.Context, a *app, in jobInput) (any, error) {
	var p importParams
	if err := json.Unmarshal(in.params, &p); err != nil {
		return nil, err
	}
	// The configured accounts' posts are kept whatever --keep says.
	if err := a.db.SetWatchedAccounts(ctx, watchedAccounts(a.cfg), channelSources(a.cfg)...); err != nil {
		return nil, err
	}
	sum, err := a.pipeline.Import(ctx, in.body, ingest.ImportOptions{
		Keep: mediawatch.Keep(p.Keep), Source: p.Source, Location: a.cfg.Location(),
		OnError: func(line int, err error) {
			a.log.Warn("import: line refused", "line", line, "err", err, "by", "cli")
			in.warn(fmt.Sprintf("line %d: %v", line, err))
		},
	})
	if ferr := a.pipeline.Flush(context.WithoutCancel(ctx)); err == nil {
		err = ferr
	}
	if err != nil {
		// What was read counts even when the import stopped.
		return sum, err
	}
	return sum, nil
}
