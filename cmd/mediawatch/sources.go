package main

import (
	"fmt"
	"text/tabwriter"
	"time"

	"mediawatch"
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
	return c.print(g, db, cfg.Location(), healthOptions(cfg.Health))
}

// print writes the source table (or JSON) from the store.
func (c *SourcesListCmd) print(g *globals, db *store.DB, loc *time.Location, ho desk.HealthOptions) error {
	rows, err := sourceRows(g, db, loc, ho)
	if err != nil {
		return err
	}
	if c.JSON {
		return printJSON(g, sourcesJSON(rows, loc, ho.Sigma))
	}
	tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, g.t.f(msgSourcesHealthHeader))
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%t\t%d\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\n", r.Name, orDash(string(r.Kind)),
			orDash(string(r.Keep)), r.Enabled, r.Items, stateWord(g.t, r.State), desk.FigureIn(g.t.lang(), r.Silence.RecentMean), desk.FigureIn(g.t.lang(), r.Silence.BaselineMean),
			ageShort(g.t, r), when(r.Health.LastSuccess, loc), r.Health.ConsecutiveFailures, when(r.Health.NextAttempt, loc),
			orDash(oneLine(healthError(g.t, r.Health.LastError), 60)), orDash(oneLine(healthWarning(g.t, r.Health.Warning), 80)))
	}
	return tw.Flush()
}

// sourceRows is every source's health from desk's use case, in the
// table's order: configured sources by name, then imported names.
func sourceRows(g *globals, db *store.DB, loc *time.Location, ho desk.HealthOptions) ([]sourceRow, error) {
	return desk.New(desk.Deps{Store: db}, desk.Options{Location: loc, Health: ho}).Sources(g.ctx, desk.SourcesByName)
}

// stateWords say each health state in the table.
var stateWords = map[mediawatch.HealthState]msgKey{
	mediawatch.StateOK: msgStateOK, mediawatch.StateFailing: msgStateFailing, mediawatch.StateSilent: msgStateSilent,
	mediawatch.StateRecovered: msgStateRecovered, mediawatch.StateDisabled: msgStateDisabled,
}

// stateWord is s in t's language.
func stateWord(t texts, s mediawatch.HealthState) string {
	if k, ok := stateWords[s]; ok {
		return t.f(k)
	}
	return orDash(string(s))
}

// ageShort is how long ago r's newest item came, to the largest whole
// unit ("45m", "3h", "2d"); "-" when it has none.
func ageShort(t texts, r sourceRow) string {
	if r.NewestItem.IsZero() {
		return "-"
	}
	switch d := r.NewestAge; {
	case d >= 48*time.Hour:
		return t.f(msgAgeDays, int(d/(24*time.Hour)))
	case d >= 2*time.Hour:
		return t.f(msgAgeHours, int(d/time.Hour))
	default:
		return t.f(msgAgeMinutes, int(d/time.Minute))
	}
}

// when formats a time for a table in the configured zone; "-" for never.
func when(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(loc).Format("2006-01-02 15:04")
}
