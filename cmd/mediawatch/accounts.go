package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"mediawatch"
	"mediawatch/config"
	"mediawatch/ingest"
	"mediawatch/store"
)

// AccountsCmd is `mediawatch accounts`: the accounts behind the posts (the
// key opinion leaders), the widest reach first.
type AccountsCmd struct {
	DataFlag
	Platform string `help:"Only accounts of this platform (telegram, youtube, mastodon, bluesky, reddit, facebook, …)." placeholder:"P"`
	Watched  bool   `help:"Only watched accounts (named in accounts: or read by a channel source)."`
	Limit    int    `help:"At most this many accounts (up to 1000)." default:"100" placeholder:"N"`
	JSON     bool   `help:"Print JSON instead of a table."`
}

// accountJSON is one account of `accounts --json`: times in the configured
// zone, to the second.
type accountJSON struct {
	ID        int64               `json:"id"`
	Platform  mediawatch.Platform `json:"platform"`
	Handle    string              `json:"handle"`
	Name      string              `json:"name,omitempty"`
	URL       string              `json:"url,omitempty"`
	Audience  int64               `json:"audience,omitempty"`
	Watched   bool                `json:"watched"`
	Posts     int                 `json:"posts"`
	Flagged   int                 `json:"flagged"`
	FirstSeen *string             `json:"first_seen"`
	LastSeen  *string             `json:"last_seen"`
	LastPost  *string             `json:"last_post"`
}

// maxAccountsListed bounds --limit.
const maxAccountsListed = 1000

// Run lists the accounts. It only reads the store, so it runs beside a
// serving mediawatch (WAL lets a reader in beside the writer).
func (c *AccountsCmd) Run(g *globals) error {
	if c.Limit < 1 || c.Limit > maxAccountsListed {
		return &userError{key: msgAccountsBadLimit, args: []any{c.Limit, maxAccountsListed}, cause: mediawatch.ErrInvalid}
	}
	db, cfg, err := g.openStore(c.Data)
	if err != nil {
		return err
	}
	defer db.Close()
	f := store.AccountFilter{Watched: c.Watched, Limit: c.Limit}
	if c.Platform != "" {
		f.Platform = mediawatch.NormalPlatform(c.Platform)
	}
	rows, err := db.Accounts(g.ctx, f)
	if err != nil {
		return err
	}
	loc := cfg.Location()
	if c.JSON {
		out := make([]accountJSON, len(rows))
		for i, r := range rows {
			out[i] = accountJSON{ID: r.ID, Platform: r.Platform, Handle: r.Handle, Name: r.Name, URL: r.URL,
				Audience: r.Audience, Watched: r.Watched, Posts: r.Posts, Flagged: r.Flagged,
				FirstSeen: jsonTime(r.FirstSeen, loc), LastSeen: jsonTime(r.LastSeen, loc), LastPost: jsonTime(r.LastPost, loc)}
		}
		return printJSON(g, out)
	}
	if len(rows) == 0 {
		fmt.Fprintln(g.stdout, g.t.f(msgAccountsNone))
		return nil
	}
	yes, no := g.t.f(msgAccountsYes), g.t.f(msgAccountsNo)
	tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, g.t.f(msgAccountsHeader))
	for _, r := range rows {
		audience, watched := "-", no
		if r.Audience > 0 {
			audience = fmt.Sprint(r.Audience)
		}
		if r.Watched {
			watched = yes
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%d\t%s\n", r.Platform, r.Handle, orDash(oneLine(r.Name, 40)),
			audience, watched, r.Posts, r.Flagged, when(r.LastPost, loc))
	}
	return tw.Flush()
}

// channelSources are the configured sources that read one account (a
// channel, a profile): their accounts stay watched (SetWatchedAccounts).
func channelSources(cfg config.Config) []string {
	var out []string
	for _, s := range cfg.SourceList() {
		if ingest.SingleAccount(s) {
			out = append(out, s.Name)
		}
	}
	return out
}

// watchedAccounts is the configuration's accounts: as the store takes
// them (SetWatchedAccounts).
func watchedAccounts(cfg config.Config) []mediawatch.Account {
	out := make([]mediawatch.Account, 0, len(cfg.Accounts))
	for _, a := range cfg.Accounts {
		p := mediawatch.NormalPlatform(a.Platform)
		out = append(out, mediawatch.Account{Platform: p, Handle: mediawatch.NormalHandle(p, a.Handle),
			Name: strings.TrimSpace(a.Name), Watched: true})
	}
	return out
}
