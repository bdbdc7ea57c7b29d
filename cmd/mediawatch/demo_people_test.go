package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// demoPersonRE finds a person the demo made, in either language:
// name, then the password at the end of the line.
var demoPersonRE = regexp.MustCompile(`(?m)^  (lan|minh|admin)\s+.*(?:password|mật khẩu): (\S+)$`)

// TestDemoPeopleSignIn runs `mediawatch demo --once` as a process, takes
// the admin's password it printed, serves the same data directory and
// signs in through the web /login over real HTTP; a second demo on the
// same directory says the people exist and how to reset them.
func TestDemoPeopleSignIn(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls the demo site as a child process")
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	out := mustRun(t, dir, nil, "demo", "--once", "--data", data)
	people := demoPersonRE.FindAllStringSubmatch(out, -1)
	if len(people) != 3 {
		t.Fatalf("demo printed %d people, want 3:\n%s", len(people), out)
	}
	if !strings.Contains(out, "http://127.0.0.1:8080/") {
		t.Errorf("demo does not say where the pages are:\n%s", out)
	}
	pw := map[string]string{}
	for _, p := range people {
		pw[p[1]] = p[2]
	}

	srv, base := startServe(t, dir, data)
	signInAsAdmin(t, base, pw["admin"])
	srv.stop(t)

	again := mustRun(t, dir, nil, "demo", "--once", "--data", data)
	if n := len(demoPersonRE.FindAllString(again, -1)); n != 0 {
		t.Errorf("a second demo printed %d new passwords:\n%s", n, again)
	}
	reset := regexp.MustCompile(`(?m)^  (lan|minh|admin)\s+.*mediawatch users reset --data \S+ (lan|minh|admin)$`)
	if n := len(reset.FindAllString(again, -1)); n != 3 {
		t.Errorf("a second demo says how to reset %d people, want 3:\n%s", n, again)
	}
}

// signInAsAdmin signs in at base's /login as the demo's admin over real
// HTTP and checks the admin's people page lists the demo's three people.
func signInAsAdmin(t *testing.T, base, password string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path string) (int, string) {
		t.Helper()
		res, err := c.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	csrfRE := regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	_, login := get("/login")
	m := csrfRE.FindStringSubmatch(login)
	if m == nil {
		t.Fatalf("no sign-in form:\n%s", login)
	}
	res, err := c.PostForm(base+"/login", url.Values{"csrf": {m[1]}, "name": {"admin"}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in with the demo's password: %d", res.StatusCode)
	}
	code, users := get("/admin/users")
	if code != http.StatusOK {
		t.Fatalf("/admin/users: %d", code)
	}
	for _, name := range []string{"lan", "minh", "admin"} {
		if !strings.Contains(users, `data-user="`+name+`"`) {
			t.Errorf("the admin's page lacks %s", name)
		}
	}
	if !strings.Contains(users, "Sở Thông tin và Truyền thông tỉnh Sơn La") {
		t.Error("the header lacks the office's name")
	}
}

// TestDemoServesPeople runs `mediawatch demo` as it is run by hand (it
// keeps serving), waits for the pages' address it prints and signs in
// there with the admin password it printed.
func TestDemoServesPeople(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls the demo site as a child process")
	}
	dir := t.TempDir()
	p := startProc(t, dir, nil, "demo", "--data", filepath.Join(dir, "data"), "--listen", "127.0.0.1:0")
	open := regexp.MustCompile(`(?:Open|Mở) http://(\S+)/ `)
	deadline := time.Now().Add(4 * time.Minute)
	var addr string
	for addr == "" {
		if m := open.FindStringSubmatch(p.out.String()); m != nil {
			addr = m[1]
			break
		}
		select {
		case <-p.done:
			t.Fatalf("demo exited\nstdout:\n%s\nstderr:\n%s", p.out, p.err)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("demo never said where the pages are\nstdout:\n%s\nstderr:\n%s", p.out, p.err)
		}
	}
	var admin string
	for _, m := range demoPersonRE.FindAllStringSubmatch(p.out.String(), -1) {
		if m[1] == "admin" {
			admin = m[2]
		}
	}
	if admin == "" {
		t.Fatalf("no admin password printed:\n%s", p.out)
	}
	signInAsAdmin(t, fmt.Sprintf("http://%s", addr), admin)
	p.stop(t)
}
