package main

import (
	"fmt"
	"text/tabwriter"
	"time"

	"mediawatch"
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

// sourceRow is one source as listed.
type sourceRow struct {
	mediawatch.Source
	Health mediawatch.SourceHealth `json:"health"`
	Items  int                     `json:"items"`
}

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
	rows, err := sourceRows(g, db)
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

func sourceRows(g *globals, db *store.DB) ([]sourceRow, error) {
	srcs, err := db.Sources(g.ctx)
	if err != nil {
		return nil, err
	}
	health, err := db.ListSourceHealth(g.ctx)
	if err != nil {
		return nil, err
	}
	stats, err := db.SourceStats(g.ctx)
	if err != nil {
		return nil, err
	}
	byName := map[string]*sourceRow{}
	rows := make([]sourceRow, len(srcs))
	for i, s := range srcs {
		rows[i] = sourceRow{Source: s, Health: mediawatch.SourceHealth{Source: s.Name}}
		byName[s.Name] = &rows[i]
	}
	for _, h := range health {
		if r := byName[h.Source]; r != nil {
			r.Health = h
		}
	}
	var imported []sourceRow // items that came by import name a source no configuration has
	for _, s := range stats {
		if r := byName[s.Source]; r != nil {
			r.Items = s.Items
			continue
		}
		imported = append(imported, sourceRow{Source: mediawatch.Source{Name: s.Source}, Items: s.Items,
			Health: mediawatch.SourceHealth{Source: s.Source}})
	}
	return append(rows, imported...), nil
}

// when formats a time for a table in the configured zone; "-" for never.
func when(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(loc).Format("2006-01-02 15:04")
}
