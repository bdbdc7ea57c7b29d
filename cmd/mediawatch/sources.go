package main

import (
	"fmt"
	"text/tabwriter"
	"time"

	"mediawatch/desk"
	"mediawatch/store"
)

// SourcesCmd is `mediawatch sources`.
type SourcesCmd struct {
	List SourcesListCmd `cmd:"" default:"withargs" help:"List sources with health and item counts."`
}

// SourcesListCmd is `mediawatch sources list`.
type SourcesListCmd struct {
	DataFlag
	JSON bool `help:"Print JSON instead of a table."`
}

// sourceRow is one source as listed: its health as desk computes it for
// the sources page too.
type sourceRow = desk.SourceStatus

// Run lists the configured sources (and any the store still remembers).
func (c *SourcesListCmd) Run(g *globals) error {
	db, cfg, err := g.openStore(c.Data)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.SyncSources(g.ctx, cfg.SourceList()); err != nil {
		return err
	}
	return c.print(g, db, cfg.Location())
}

// print writes the source table (or JSON) from the store.
func (c *SourcesListCmd) print(g *globals, db *store.DB, loc *time.Location) error {
	rows, err := sourceRows(g, db, loc)
	if err != nil {
		return err
	}
	if c.JSON {
		return printJSON(g, sourcesJSON(rows, loc))
	}
	tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, g.t.f(msgSourcesHealthHeader))
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%t\t%d\t%s\t%d\t%s\t%s\t%s\n", r.Name, orDash(string(r.Kind)), orDash(string(r.Keep)), r.Enabled, r.Items,
			when(r.Health.LastSuccess, loc), r.Health.ConsecutiveFailures, when(r.Health.NextAttempt, loc),
			orDash(oneLine(healthError(g.t, r.Health.LastError), 60)), orDash(oneLine(healthWarning(g.t, r.Health.Warning), 80)))
	}
	return tw.Flush()
}

// sourceRows is every source's health from desk's use case, in the
// table's order: configured sources by name, then imported names.
func sourceRows(g *globals, db *store.DB, loc *time.Location) ([]sourceRow, error) {
	return desk.New(desk.Deps{Store: db}, desk.Options{Location: loc}).Sources(g.ctx, desk.SourcesByName)
}

// when formats a time for a table in the configured zone; "-" for never.
func when(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(loc).Format("2006-01-02 15:04")
}
