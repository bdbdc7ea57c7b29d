package main

import (
	"fmt"
	"time"

	"mediawatch/ingest"
)

// StoriesCmd is `mediawatch stories`.
type StoriesCmd struct {
	Regroup StoriesRegroupCmd `cmd:"" help:"Fold stored near-copies into stories (after an import, or a change of stories.max_distance); beside a running service it runs inside it."`
}

// StoriesRegroupCmd is `mediawatch stories regroup`.
type StoriesRegroupCmd struct {
	DataFlag
	JSON bool `help:"Print the summary as JSON."`
}

// Run regroups every stored item with the configured parameters.
func (c *StoriesRegroupCmd) Run(g *globals) error {
	start := time.Now()
	var sum ingest.RegroupSummary
	if err := g.runJob(c.Data, "stories-regroup", connectOptions{}, struct{}{}, nil, c.JSON, &sum); err != nil {
		return err
	}
	if c.JSON {
		return printJSON(g, sum)
	}
	fmt.Fprintln(g.stdout, g.t.f(msgRegrouped, sum.Items, sum.Merged, sum.Groups, sum.Conflicts, time.Since(start).Round(time.Millisecond)))
	return nil
}
