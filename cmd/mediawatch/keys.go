package main

import (
	"errors"
	"fmt"
	"text/tabwriter"

	"mediawatch"
)

// KeysCmd is `mediawatch keys`.
type KeysCmd struct {
	Create KeysCreateCmd `cmd:"" help:"Create an API key; it is printed once, alone on the last line."`
	List   KeysListCmd   `cmd:"" help:"List API keys (never the keys themselves)."`
	Revoke KeysRevokeCmd `cmd:"" help:"Revoke an API key by name."`
	Rotate KeysRotateCmd `cmd:"" help:"Replace a key with a new secret of the same name and role; the old one is revoked. The new key is printed once, alone on the last line."`
}

// KeysCreateCmd is `mediawatch keys create`.
type KeysCreateCmd struct {
	DataFlag
	Name string `required:"" help:"A name for the key: who or what uses it (letters of any alphabet, digits, '-', '_')." placeholder:"N"`
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
		return keyError(err, c.Name)
	}
	auditCLI(g.ctx, db, "key.create", key.Name, "role "+string(key.Role)+", prefix "+key.Prefix)
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
		return keyError(err, c.Name)
	}
	auditCLI(g.ctx, db, "key.revoke", c.Name, "")
	fmt.Fprintln(g.stdout, g.t.f(msgKeyRevoked, c.Name))
	return nil
}

// KeysRotateCmd is `mediawatch keys rotate`.
type KeysRotateCmd struct {
	DataFlag
	Name string `arg:"" help:"The key's name." placeholder:"NAME"`
}

// Run replaces the key and prints the new one last, so `| tail -1`
// captures it. The old key is refused from the next request on.
func (c *KeysRotateCmd) Run(g *globals) error {
	db, _, err := g.openStore(c.Data)
	if err != nil {
		return err
	}
	defer db.Close()
	token, key, err := db.RotateKey(g.ctx, c.Name)
	if err != nil {
		return keyError(err, c.Name)
	}
	auditCLI(g.ctx, db, "key.rotate", key.Name, "new prefix "+key.Prefix)
	fmt.Fprintln(g.stdout, g.t.f(msgKeyRotated, key.Name, key.Role))
	fmt.Fprintln(g.stdout, token)
	return nil
}

// keyError says what went wrong with the key called name in words a person
// acts on; other errors pass through.
func keyError(err error, name string) error {
	switch {
	case errors.Is(err, mediawatch.ErrInvalid):
		return &userError{key: msgKeyBadName, args: []any{name}, cause: err}
	case errors.Is(err, mediawatch.ErrConflict):
		return &userError{key: msgKeyNameInUse, args: []any{name, name}, cause: err}
	case errors.Is(err, mediawatch.ErrRevoked):
		return &userError{key: msgKeyAlreadyRevoked, args: []any{name}, cause: err}
	case errors.Is(err, mediawatch.ErrNotFound):
		return &userError{key: msgKeyUnknown, args: []any{name}, cause: err}
	}
	return err
}
