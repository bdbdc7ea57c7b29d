package main

import (
	"fmt"
	"text/tabwriter"

	"mediawatch"
)

// KeysCmd is `mediawatch keys`.
type KeysCmd struct {
	Create KeysCreateCmd `cmd:"" help:"Create an API key; it is printed once, alone on the last line."`
	List   KeysListCmd   `cmd:"" help:"List API keys (never the keys themselves)."`
	Revoke KeysRevokeCmd `cmd:"" help:"Revoke an API key by name."`
}

// KeysCreateCmd is `mediawatch keys create`.
type KeysCreateCmd struct {
	DataFlag
	Name string `required:"" help:"A name for the key: who or what uses it." placeholder:"N"`
	Role string `required:"" help:"viewer (search, read), editor (also review), admin (also rules and keys)." enum:"viewer,editor,admin" placeholder:"R"`
}

// Run creates the key and prints it last, so `| tail -1` captures it.
func (c *KeysCreateCmd) Run(g *globals) error {
	db, _, err := g.openStore(c.Data)
	if err != nil {
		return err
	}
	defer db.Close()
	role, err := mediawatch.ParseRole(c.Role)
	if err != nil {
		return err
	}
	token, key, err := db.CreateKey(g.ctx, c.Name, role)
	if err != nil {
		return err
	}
	fmt.Fprintln(g.stdout, g.t.f(msgKeyCreated, key.Name, key.Role))
	fmt.Fprintln(g.stdout, token)
	return nil
}

// KeysListCmd is `mediawatch keys list`.
type KeysListCmd struct {
	DataFlag
	JSON bool `help:"Print JSON instead of a table."`
}

// Run lists keys with their prefix, role and use.
func (c *KeysListCmd) Run(g *globals) error {
	db, cfg, err := g.openStore(c.Data)
	if err != nil {
		return err
	}
	defer db.Close()
	keys, err := db.ListKeys(g.ctx)
	if err != nil {
		return err
	}
	loc := cfg.Location()
	if c.JSON {
		return printJSON(g, keyRows(keys, loc))
	}
	tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, g.t.f(msgKeysHeader))
	for _, k := range keys {
		fmt.Fprintf(tw, "%s\t%s\t%s…\t%s\t%s\t%s\n", k.Name, k.Role, k.Prefix, when(k.CreatedAt, loc), when(k.LastUsedAt, loc), when(k.RevokedAt, loc))
	}
	return tw.Flush()
}

// KeysRevokeCmd is `mediawatch keys revoke`.
type KeysRevokeCmd struct {
	DataFlag
	Name string `arg:"" help:"The key's name." placeholder:"NAME"`
}

// Run revokes the key: it is refused from the next request on.
func (c *KeysRevokeCmd) Run(g *globals) error {
	db, _, err := g.openStore(c.Data)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.RevokeKey(g.ctx, c.Name); err != nil {
		return err
	}
	fmt.Fprintln(g.stdout, g.t.f(msgKeyRevoked, c.Name))
	return nil
}
