package main

import (
	"errors"
	"fmt"

	"mediawatch"
)

// demoPeople are the accounts `mediawatch demo` makes, one of each role,
// so that the pages can be tried as the office's analyst, editor and
// administrator. Short ASCII names: easy to type on any keyboard.
var demoPeople = []struct {
	name string
	role mediawatch.Role
	what msgKey
}{
	{"lan", mediawatch.RoleViewer, msgDemoRoleViewer},
	{"minh", mediawatch.RoleEditor, msgDemoRoleEditor},
	{"admin", mediawatch.RoleAdmin, msgDemoRoleAdmin},
}

// printDemoPeople makes the demo's people with generated passwords and
// prints them with the pages' address. On a data directory a demo used
// before they exist already; their passwords were shown then and are not
// kept, so it says how to get a new one. listening says whether the pages
// are being served at addr now (not with --once).
func printDemoPeople(g *globals, a *app, addr string, listening bool) error {
	out := g.stdout
	p := a.people()
	fmt.Fprintf(out, "\n%s\n", g.t.f(msgDemoPeople))
	for _, d := range demoPeople {
		pw, err := p.CreateUser(g.ctx, cliActor(), d.name, string(d.role), g.t.code, "", "")
		switch {
		case errors.Is(err, mediawatch.ErrConflict):
			fmt.Fprintln(out, g.t.f(msgDemoPersonExists, d.name, g.t.f(d.what), a.cfg.DataDir, d.name))
		case err != nil:
			return err
		default:
			fmt.Fprintln(out, g.t.f(msgDemoPersonNew, d.name, g.t.f(d.what), pw))
		}
	}
	if listening {
		fmt.Fprintln(out, g.t.f(msgDemoPagesOpen, addr))
	} else {
		fmt.Fprintln(out, g.t.f(msgDemoPagesOnce, addr))
	}
	return nil
}
