package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"text/tabwriter"
	"time"

	"mediawatch/config"
	"mediawatch/ingest"
	"mediawatch/store"
)

// PruneCmd is `mediawatch prune`.
type PruneCmd struct {
	DataFlag
	DryRun    bool   `help:"Show what would be deleted (counts, oldest and newest, by source) without deleting anything."`
	OlderThan string `help:"Retention period for this run instead of retention.items (like 730d or 1d12h)." placeholder:"AGE"`
}

// Run deletes the items retention lets go (see store.PruneBatch for what
// stays) from the store and the index, or with --dry-run only says what
// would go. The dry run reads the store alone, so it also runs beside the
// service.
func (c *PruneCmd) Run(g *globals) error {
	cfg, err := g.loadConfig(c.Data)
	if err != nil {
		return err
	}
	period := time.Duration(cfg.Retention.Items)
	if c.OlderThan != "" {
		if period, err = config.ParseDuration(c.OlderThan); err != nil || period < 24*time.Hour {
			return fmt.Errorf("%s", g.t.f(msgPruneBadAge, c.OlderThan))
		}
	}
	if period == 0 {
		return fmt.Errorf("%s", g.t.f(msgPruneOff))
	}
	cutoff := ingest.Cutoff(time.Now(), period)
	db, err := openStore(g.ctx, cfg)
	if err != nil {
		return err
	}
	plan, err := db.PlanPrune(g.ctx, cutoff)
	db.Close()
	if err != nil {
		return err
	}
	if err := printPlan(g, plan, config.Duration(period), cfg); err != nil || plan.Items == 0 {
		return err
	}
	if c.DryRun {
		fmt.Fprintln(g.stdout, g.t.f(msgPruneDryRun))
		return nil
	}
	start := time.Now()
	var res ingest.PruneResult
	err = g.runJob(c.Data, "prune", connectOptions{}, pruneParams{Cutoff: cutoff, Items: plan.Items}, nil, false, &res)
	if err == nil || res.Items > 0 {
		fmt.Fprintln(g.stdout, g.t.f(msgPruneDone, res.Items, res.Flags, res.Stories, time.Since(start).Round(time.Millisecond)))
	}
	if err != nil {
		// An interrupted or lost job sends no totals: "Deleted 0" would be
		// wrong when batches were deleted before it stopped.
		fmt.Fprintln(g.stdout, g.t.f(msgPruneStopped))
	}
	return err
}

// pruneParams is what the prune job needs: the cutoff the plan shown to the
// user was made with, so that both agree, and the plan's item count, the
// progress bar's total (the job does not plan again for it).
type pruneParams struct {
	Cutoff time.Time `json:"cutoff"`
	Items  int       `json:"items"`
}

// Prune runs in the CLI's process, or inside the running service through
// its admin socket, like every other job that writes the index.
func init() { addJobs(map[string]indexJob{"prune": {run: pruneJob}}) }

// pruneJob deletes what retention lets go from store and index, batch by
// batch, reporting the items deleted so far.
func pruneJob(ctx context.Context, a *app, in jobInput) (any, error) {
	var p pruneParams
	if err := json.Unmarshal(in.params, &p); err != nil {
		return nil, err
	}
	if p.Cutoff.IsZero() {
		return nil, errors.New("prune: no cutoff")
	}
	res, err := ingest.Prune(ctx, a.db, a.idx, p.Cutoff, func(r ingest.PruneResult) { in.progress(r.Items, p.Items) })
	if err != nil {
		a.indexFailed.Store(true) // a batch may be out of the index and still stored: no sync mark
	}
	return res, err
}

// printPlan shows what a prune deletes: the totals, the date range and a
// line per source.
func printPlan(g *globals, p store.PrunePlan, period config.Duration, cfg config.Config) error {
	loc := cfg.Location()
	fmt.Fprintln(g.stdout, g.t.f(msgPrunePlan, when(p.Cutoff, loc), period, p.Items, p.Flags, p.Stories, p.Protected))
	if p.Items == 0 {
		fmt.Fprintln(g.stdout, g.t.f(msgPruneNothing))
		return nil
	}
	fmt.Fprintln(g.stdout, g.t.f(msgPruneRange, when(p.Oldest, loc), when(p.Newest, loc)))
	tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, g.t.f(msgPruneSources))
	for _, s := range p.BySource {
		fmt.Fprintf(tw, "%s\t%d\n", s.Source, s.Items)
	}
	return tw.Flush()
}
