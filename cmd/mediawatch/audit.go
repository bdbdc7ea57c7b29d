package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/user"
	"strings"
	"text/tabwriter"
	"time"

	"mediawatch"
	"mediawatch/config"
	"mediawatch/desk"
	"mediawatch/store"
)

// AuditCmd is `mediawatch audit`: the audit log, newest first.
type AuditCmd struct {
	DataFlag
	Since  string `help:"Only entries since this long ago (24h, 7d) or this local date (2026-03-01)." placeholder:"WHEN"`
	Actor  string `help:"Only entries by this person, key or operating-system user." placeholder:"X"`
	Action string `help:"Only this action or its kind: signin matches signin.ok and signin.failed." placeholder:"P"`
	Limit  int    `help:"At most this many entries (up to 1000)." default:"100" placeholder:"N"`
	JSON   bool   `help:"Print JSON instead of a table."`
}

// auditJSON is one entry of `audit --json`, the shape of GET /api/v1/audit's
// entries: times in the configured zone, to the second.
type auditJSON struct {
	ID        int64                `json:"id"`
	At        string               `json:"at"`
	ActorKind mediawatch.ActorKind `json:"actor_kind"`
	Actor     string               `json:"actor"`
	Address   string               `json:"address,omitempty"`
	Action    string               `json:"action"`
	Target    string               `json:"target,omitempty"`
	Detail    string               `json:"detail,omitempty"`
}

// Run prints the entries chosen.
func (c *AuditCmd) Run(g *globals) error {
	db, cfg, err := g.openStore(c.Data)
	if err != nil {
		return err
	}
	defer db.Close()
	loc := cfg.Location()
	f := desk.AuditFilter{Actor: c.Actor, Action: c.Action, Limit: c.Limit}
	if c.Since != "" {
		if f.Since, err = parseSince(c.Since, time.Now(), loc); err != nil {
			return &userError{key: msgAuditBadSince, args: []any{c.Since}, cause: mediawatch.ErrInvalid}
		}
	}
	es, err := (&desk.Audit{Store: db}).List(g.ctx, f)
	if err != nil {
		return err
	}
	if c.JSON {
		out := make([]auditJSON, len(es))
		for i, e := range es {
			out[i] = auditJSON{ID: e.ID, At: *jsonTime(e.At, loc), ActorKind: e.ActorKind, Actor: e.Actor, Address: e.Address,
				Action: e.Action, Target: e.Target, Detail: e.Detail}
		}
		return printJSON(g, out)
	}
	if len(es) == 0 {
		fmt.Fprintln(g.stdout, g.t.f(msgAuditNone))
		return nil
	}
	tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, g.t.f(msgAuditHeader))
	for _, e := range es {
		from := e.Address
		if from == "" {
			from = "-"
		}
		fmt.Fprintf(tw, "%s\t%s:%s\t%s\t%s\t%s\t%s\n", e.At.In(loc).Format("2006-01-02 15:04:05"), e.ActorKind, e.Actor,
			from, e.Action, auditCell(e.Target), auditCell(e.Detail))
	}
	return tw.Flush()
}

// auditCell keeps a table row on one line whatever a detail holds.
func auditCell(s string) string {
	if s == "" {
		return "-"
	}
	return strings.NewReplacer("\n", " ", "\t", " ", "\r", " ").Replace(s)
}

// parseSince reads --since: a period back from now (24h, 7d, 1d12h) or a
// local date (2026-03-01, from its midnight in loc).
func parseSince(s string, now time.Time, loc *time.Location) (time.Time, error) {
	if d, err := time.ParseInLocation(time.DateOnly, s, loc); err == nil {
		return d, nil
	}
	d, err := config.ParseDuration(s)
	if err != nil || d <= 0 {
		return time.Time{}, fmt.Errorf("%w: --since %q", mediawatch.ErrInvalid, s)
	}
	return now.Add(-d), nil
}

// cliActor is who a command's changes are recorded as: the operating-system
// user running it, with an admin's role (whoever can run commands on the
// data directory can do anything to it).
func cliActor() mediawatch.Actor {
	name := "unknown"
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	} else if v := os.Getenv("USER"); v != "" {
		name = v
	}
	return mediawatch.Actor{Kind: mediawatch.ActorCLI, Name: name, Role: mediawatch.RoleAdmin}
}

// auditCLI records a command's change in db's audit log, as cliActor.
// Record never fails the command: the change is made already.
func auditCLI(ctx context.Context, db *store.DB, action, target, detail string) {
	(&desk.Audit{Store: db}).Record(ctx, cliActor(), action, target, detail)
}

// auditSystem records what serve does by itself (a scheduled backup) in
// db's audit log, as mediawatch.
func auditSystem(ctx context.Context, db *store.DB, log *slog.Logger, action, target, detail string) {
	actor := mediawatch.Actor{Kind: mediawatch.ActorSystem, Name: "mediawatch"}
	(&desk.Audit{Store: db, Log: log}).Record(ctx, actor, action, target, detail)
}
