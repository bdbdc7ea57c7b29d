package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"mediawatch"
	"mediawatch/config"
	"mediawatch/desk"
	"mediawatch/store"
)

// UsersCmd is `mediawatch users`: the people who sign in to the web pages.
// Like keys, these commands use the store only, so they run beside serve.
type UsersCmd struct {
	Create  UsersCreateCmd  `cmd:"" help:"Create a person who signs in to the web pages; without --password-stdin a password is generated and printed alone on the last line."`
	List    UsersListCmd    `cmd:"" help:"List the people (never their passwords)."`
	Disable UsersDisableCmd `cmd:"" help:"Disable a person: signed out now, refused at sign-in until enabled."`
	Enable  UsersEnableCmd  `cmd:"" help:"Enable a disabled person again."`
	Reset   UsersResetCmd   `cmd:"" help:"Give a person a new password (generated, or read with --password-stdin) and sign them out everywhere."`
}

// UsersCreateCmd is `mediawatch users create`.
type UsersCreateCmd struct {
	DataFlag
	Name          string `required:"" help:"The person's sign-in name (letters of any alphabet, digits, '-', '_', '.'; case does not matter)." placeholder:"N"`
	Role          string `required:"" help:"viewer (search, read), editor (also work the queue), admin (also rules, keys, people, the audit log)." enum:"viewer,editor,admin" placeholder:"R"`
	Lang          string `help:"The language of their pages: vi or en." enum:"vi,en" default:"vi" placeholder:"L"`
	TZ            string `name:"tz" help:"Their time zone (like Asia/Ho_Chi_Minh); default: the configured timezone." placeholder:"ZONE"`
	PasswordStdin bool   `help:"Read the password from the first line of standard input instead of generating one."`
}

// Run creates the person and, when the password was generated, prints it
// last, so `| tail -1` captures it.
func (c *UsersCreateCmd) Run(g *globals) error {
	pw, err := passwordFromStdin(g, c.PasswordStdin)
	if err != nil {
		return err
	}
	return withPeople(g, c.Data, func(p *desk.People, cfg config.Config) error {
		gen, err := p.CreateUser(g.ctx, cliActor(), c.Name, c.Role, c.Lang, c.TZ, pw)
		if err != nil {
			return userErr(err, c.Name, c.TZ)
		}
		if gen == "" {
			fmt.Fprintln(g.stdout, g.t.f(msgUserCreated, c.Name, c.Role))
			return nil
		}
		fmt.Fprintln(g.stdout, g.t.f(msgUserCreatedGenerated, c.Name, c.Role))
		fmt.Fprintln(g.stdout, gen)
		return nil
	})
}

// UsersListCmd is `mediawatch users list`.
type UsersListCmd struct {
	DataFlag
	JSON bool `help:"Print JSON instead of a table."`
}

// userJSON is one person of `users list --json`: times in the configured
// zone, to the second; null for never.
type userJSON struct {
	ID         int64           `json:"id"`
	Name       string          `json:"name"`
	Role       mediawatch.Role `json:"role"`
	Lang       string          `json:"lang"`
	TimeZone   string          `json:"time_zone"`
	CreatedAt  *string         `json:"created_at"`
	LastSignIn *string         `json:"last_sign_in"`
	DisabledAt *string         `json:"disabled_at"`
}

// Run lists the people.
func (c *UsersListCmd) Run(g *globals) error {
	return withPeople(g, c.Data, func(p *desk.People, cfg config.Config) error {
		us, err := p.Users(g.ctx)
		if err != nil {
			return err
		}
		loc := cfg.Location()
		if c.JSON {
			out := make([]userJSON, len(us))
			for i, u := range us {
				out[i] = userJSON{ID: u.ID, Name: u.Name, Role: u.Role, Lang: u.Lang, TimeZone: u.TimeZone,
					CreatedAt: jsonTime(u.CreatedAt, loc), LastSignIn: jsonTime(u.LastSignIn, loc), DisabledAt: jsonTime(u.DisabledAt, loc)}
			}
			return printJSON(g, out)
		}
		tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, g.t.f(msgUsersHeader))
		for _, u := range us {
			tz := u.TimeZone
			if tz == "" {
				tz = "-"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", u.Name, u.Role, u.Lang, tz, when(u.CreatedAt, loc),
				when(u.LastSignIn, loc), when(u.DisabledAt, loc))
		}
		return tw.Flush()
	})
}

// UsersDisableCmd is `mediawatch users disable`.
type UsersDisableCmd struct {
	DataFlag
	Name string `arg:"" help:"The person's name." placeholder:"NAME"`
}

// Run disables the person and ends their sessions.
func (c *UsersDisableCmd) Run(g *globals) error {
	return withPeople(g, c.Data, func(p *desk.People, _ config.Config) error {
		if err := p.DisableUser(g.ctx, cliActor(), c.Name); err != nil {
			return userErr(err, c.Name, "")
		}
		fmt.Fprintln(g.stdout, g.t.f(msgUserDisabled, c.Name, c.Name))
		return nil
	})
}

// UsersEnableCmd is `mediawatch users enable`.
type UsersEnableCmd struct {
	DataFlag
	Name string `arg:"" help:"The person's name." placeholder:"NAME"`
}

// Run enables the person again.
func (c *UsersEnableCmd) Run(g *globals) error {
	return withPeople(g, c.Data, func(p *desk.People, _ config.Config) error {
		if err := p.EnableUser(g.ctx, cliActor(), c.Name); err != nil {
			return userErr(err, c.Name, "")
		}
		fmt.Fprintln(g.stdout, g.t.f(msgUserEnabled, c.Name))
		return nil
	})
}

// UsersResetCmd is `mediawatch users reset`.
type UsersResetCmd struct {
	DataFlag
	Name          string `arg:"" help:"The person's name." placeholder:"NAME"`
	PasswordStdin bool   `help:"Read the new password from the first line of standard input instead of generating one."`
}

// Run sets the new password and prints a generated one last.
func (c *UsersResetCmd) Run(g *globals) error {
	pw, err := passwordFromStdin(g, c.PasswordStdin)
	if err != nil {
		return err
	}
	return withPeople(g, c.Data, func(p *desk.People, _ config.Config) error {
		gen, err := p.ResetPassword(g.ctx, cliActor(), c.Name, pw)
		if err != nil {
			return userErr(err, c.Name, "")
		}
		if gen == "" {
			fmt.Fprintln(g.stdout, g.t.f(msgUserReset, c.Name))
			return nil
		}
		fmt.Fprintln(g.stdout, g.t.f(msgUserResetGenerated, c.Name))
		fmt.Fprintln(g.stdout, gen)
		return nil
	})
}

// withPeople opens the store only (it may be in use by serve: SQLite in
// WAL mode lets both write) and runs fn with the people use cases over
// it, audited as the command line.
func withPeople(g *globals, data string, fn func(*desk.People, config.Config) error) error {
	db, cfg, err := g.openStore(data)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(peopleOver(db, cfg), cfg)
}

// peopleOver is desk.People over db with cfg's settings.
func peopleOver(db *store.DB, cfg config.Config) *desk.People {
	return &desk.People{
		Store:       db,
		Audit:       &desk.Audit{Store: db},
		IdleTimeout: time.Duration(cfg.Web.SessionIdle),
		Lifetime:    time.Duration(cfg.Web.SessionLifetime),
		MaxFailures: cfg.Web.SigninMaxFailures,
		SigninLock:  time.Duration(cfg.Web.SigninLock),
	}
}

// people is the sign-in use case the web pages of serve and demo use, over
// the app's store, logged to its log.
func (a *app) people() *desk.People {
	p := peopleOver(a.db, a.cfg)
	p.Log, p.Audit = a.log, a.audit
	return p
}

// passwordFromStdin reads the first line of standard input when asked,
// without its line ending; an empty line is refused (it would mean "generate"
// to the use case, which is not what was asked for).
func passwordFromStdin(g *globals, read bool) (string, error) {
	if !read {
		return "", nil
	}
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", &userError{key: msgUserNoPassword, cause: mediawatch.ErrInvalid}
	}
	if err := desk.CheckPassword(line); err != nil {
		return "", &userError{key: msgUserBadPassword, cause: err}
	}
	return line, nil
}

// userErr says what went wrong with the person called name in words a
// person acts on; other errors pass through.
func userErr(err error, name, tz string) error {
	switch {
	case errors.Is(err, mediawatch.ErrConflict):
		return &userError{key: msgUserTaken, args: []any{name}, cause: err}
	case errors.Is(err, mediawatch.ErrNotFound):
		return &userError{key: msgUserUnknown, args: []any{name}, cause: err}
	case errors.Is(err, mediawatch.ErrInvalid):
		if _, e := store.UserName(name); e != nil {
			return &userError{key: msgUserBadName, args: []any{name}, cause: err}
		}
		if _, _, e := desk.CheckPrefs("", tz); e != nil {
			return &userError{key: msgUserBadZone, args: []any{tz}, cause: err}
		}
	}
	return err
}
