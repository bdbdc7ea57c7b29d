package main

import (
	"fmt"
	"time"

	"mediawatch/ingest"
)

// StoriesCmd is `mediawatch stories`.
type StoriesCmd struct {
	Regroup StoriesRegroupCmd `cmd:"" help:"Fold stored near-copies into stories (after an import, or a change of stories.max_distance); run it while nothing crawls."`
}

// StoriesRegroupCmd is `mediawatch stories regroup`.
type StoriesRegroupCmd struct {
	DataFlag
	JSON bool `help:"Print the summary as JSON."`
}

// Run regroups every stored item with the configured parameters.
func (c *StoriesRegroupCmd) Run(g *globals) error {
	a, err := g.open(c.Data)
	if err != nil {
		return err
	}
	defer a.Close()
	var progress func(int)
	if isTerminal(g.stderr) && !c.JSON {
		total, err := a.db.CountItems(g.ctx)
		if err != nil {
			return err
		}
		bar := countBar(g.stderr, total, "regroup")
		defer bar.Finish()
		progress = func(n int) { bar.Set(n) }
	}
	start := time.Now()
	sum, err := ingest.Regroup(g.ctx, a.db, storyParams(a.cfg), time.Now, progress)
	if err != nil {
		return err
	}
	if c.JSON {
		return printJSON(g, sum)
	}
	fmt.Fprintln(g.stdout, g.t.f(msgRegrouped, sum.Items, sum.Merged, sum.Groups, sum.Conflicts, time.Since(start).Round(time.Millisecond)))
	return nil
}
