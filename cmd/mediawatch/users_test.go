package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/desk"
	"mediawatch/store"
)

// TestUsersBesideServe runs users and audit commands as child processes
// beside a serving mediawatch on the same data: the generated password is
// the last line of stdout and signs in through the desk over the same
// store, and every change is in the audit log as the command line's.
func TestUsersBesideServe(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	_, base := startServe(t, dir, data)

	out := mustRun(t, dir, nil, "users", "create", "--data", data, "--name", "Nguyễn-Lan", "--role", "editor", "--tz", "Asia/Bangkok")
	generated := lastLine(out)
	if len(generated) != 23 || strings.Contains(generated, " ") {
		t.Fatalf("users create: last line %q is not a generated password:\n%s", generated, out)
	}
	mustRun(t, dir, strings.NewReader("mật khẩu của An\n"), "users", "create", "--data", data, "--name", "an",
		"--role", "admin", "--lang", "en", "--password-stdin")
	mustRun(t, dir, nil, "keys", "create", "--data", data, "--name", "bot", "--role", "viewer")
	mustRun(t, dir, nil, "users", "disable", "--data", data, "an")

	// A taken name, in another case, is refused with the reason.
	_, errOut, code := runProc(t, dir, nil, "users", "create", "--data", data, "--name", "NGUYỄN-LAN", "--role", "viewer")
	if code != 1 || !strings.Contains(errOut, "already called") {
		t.Errorf("duplicate name: exit %d, stderr %q", code, errOut)
	}

	var users []map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, dir, nil, "users", "list", "--data", data, "--json")), &users); err != nil || len(users) != 2 {
		t.Fatalf("users list --json: %v %v", users, err)
	}
	if users[0]["name"] != "an" || users[0]["disabled_at"] == nil || users[1]["role"] != "editor" ||
		users[1]["time_zone"] != "Asia/Bangkok" || users[1]["last_sign_in"] != nil {
		t.Errorf("users list --json: %v", users)
	}
	if table := mustRun(t, dir, nil, "users", "list", "--data", data); !strings.Contains(table, "Nguyễn-Lan") {
		t.Errorf("users list:\n%s", table)
	}

	// The generated password signs in through the desk, over the store
	// serve has open.
	db, err := store.Open(context.Background(), filepath.Join(data, "mediawatch.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p := &desk.People{Store: db, Audit: &desk.Audit{Store: db}}
	if _, u, _, err := p.SignIn(context.Background(), "nguyễn-lan", generated, "127.0.0.1", "test"); err != nil || u.Name != "Nguyễn-Lan" {
		t.Fatalf("sign in with the generated password: %+v %v", u, err)
	}
	if _, _, _, err := p.SignIn(context.Background(), "an", "mật khẩu của An", "127.0.0.1", "test"); err == nil {
		t.Error("a disabled person signed in")
	}
	mustRun(t, dir, nil, "users", "enable", "--data", data, "an")
	if _, _, _, err := p.SignIn(context.Background(), "an", "mật khẩu của An", "127.0.0.1", "test"); err != nil {
		t.Errorf("sign in with the password from stdin: %v", err)
	}
	reset := lastLine(mustRun(t, dir, nil, "users", "reset", "--data", data, "an"))
	if _, _, _, err := p.SignIn(context.Background(), "an", reset, "127.0.0.1", "test"); err != nil {
		t.Errorf("sign in with the reset password: %v", err)
	}

	// serve's own /login signs in through the same use case.
	signInOverHTTP(t, base, "an", reset)

	var entries []map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, dir, nil, "audit", "--data", data, "--json", "--since", "1h")), &entries); err != nil {
		t.Fatal(err)
	}
	var actions []string
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		actions = append(actions, e["action"].(string)+" "+e["target"].(string))
		if strings.HasPrefix(e["action"].(string), "user.") || strings.HasPrefix(e["action"].(string), "key.") {
			if e["actor_kind"] != string(mediawatch.ActorCLI) || e["actor"] == "" {
				t.Errorf("entry %v: want the command line's actor", e)
			}
		}
		if _, err := time.Parse(time.RFC3339, e["at"].(string)); err != nil {
			t.Errorf("entry %v: at is not RFC 3339", e)
		}
	}
	want := "user.create Nguyễn-Lan|user.create an|key.create bot|user.disable an|signin.ok Nguyễn-Lan|" +
		"signin.failed an|user.enable an|signin.ok an|user.reset an|signin.ok an|signin.ok an"
	if got := strings.Join(actions, "|"); got != want {
		t.Errorf("audit actions:\n%s\nwant:\n%s", got, want)
	}
	if table := mustRun(t, dir, nil, "audit", "--data", data, "--action", "signin"); strings.Count(table, "signin.") != 5 {
		t.Errorf("audit --action signin:\n%s", table)
	}
	if _, errOut, code := runProc(t, dir, nil, "audit", "--data", data, "--since", "yesterday"); code != 1 || !strings.Contains(errOut, "--since") {
		t.Errorf("bad --since: exit %d, %q", code, errOut)
	}
}

// signInOverHTTP signs in on serve's /login form, as a browser would: the
// form's CSRF token echoed, the session cookie set.
func signInOverHTTP(t *testing.T, base, name, password string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(page)
	if m == nil {
		t.Fatalf("GET /login: %d, no csrf field:\n%s", resp.StatusCode, page)
	}
	resp, err = c.PostForm(base+"/login", url.Values{"csrf": {string(m[1])}, "name": {name}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	u, _ := url.Parse(base)
	var session bool
	for _, ck := range jar.Cookies(u) {
		session = session || ck.Name == "mw_session"
	}
	if resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusFound || !session {
		t.Errorf("POST /login: %d, session cookie %v", resp.StatusCode, session)
	}
}
