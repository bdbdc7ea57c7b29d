package demo

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func find(t *testing.T, s *Site, flag string) *article {
	t.Helper()
	for _, a := range s.articles {
		if a.Flags[flag] {
			return a
		}
	}
	t.Fatalf("no %s article", flag)
	return nil
}

func TestEncodings(t *testing.T) {
	s := start(t)
	a := find(t, s, "cp1258")
	p := get(t, a.URL())
	if ct := p.header.Get("Content-Type"); ct != "text/html; charset=windows-1258" {
		t.Errorf("Content-Type %q", ct)
	}
	if utf8.Valid(p.body) || !bytes.Contains(p.body, []byte(`<meta charset="windows-1258">`)) ||
		!bytes.Contains(p.body, []byte{0xEC}) { // combining acute, as cp1258 writes tone marks
		t.Error("page is not windows-1258 with combining tone marks")
	}
	var want []byte
	for _, e := range s.edition(false, time.Time{})[a.Outlet.Key] {
		if e.A == a {
			want, _ = renderUTF8(e, "windows-1258")
		}
	}
	got := decoded(t, p)
	if got != norm.NFC.String(string(want)) || !strings.Contains(got, "Sơn La") || !strings.Contains(got, a.Title) {
		t.Error("windows-1258 page does not decode back to the NFC original")
	}

	n := find(t, s, "nfd")
	p = get(t, n.URL())
	if norm.NFC.IsNormal(p.body) || bytes.Contains(p.body, []byte("Sơn La")) ||
		!strings.Contains(norm.NFC.String(string(p.body)), "Sơn La") {
		t.Error("NFD page is not decomposed, or does not name Sơn La once composed")
	}
}

func TestRobotsAnd304(t *testing.T) {
	s := start(t)
	var disallowed int
	for _, o := range s.outlets {
		p := get(t, o.Base+"/robots.txt")
		if p.status != 200 || !strings.HasPrefix(p.header.Get("Content-Type"), "text/plain") {
			t.Fatalf("%s robots: %d", o.Name, p.status)
		}
		if bytes.Contains(p.body, []byte("Disallow: /noi-bo/")) {
			disallowed++
		}
	}
	for _, e := range s.Expectations() {
		if e.Want == "disallowed" && !strings.Contains(e.URL, "/noi-bo/") {
			t.Errorf("%s is not under /noi-bo/", e.URL)
		}
	}
	if disallowed != 1 {
		t.Errorf("%d outlets disallow /noi-bo/", disallowed)
	}
	for _, u := range []string{s.Sources()[1].URL, s.Expectations()[0].URL} {
		p := get(t, u)
		if p := get(t, u, "If-None-Match", p.header.Get("ETag")); p.status != 304 {
			t.Errorf("%s If-None-Match: %d", u, p.status)
		}
		if p := get(t, u, "If-Modified-Since", p.header.Get("Last-Modified")); p.status != 304 {
			t.Errorf("%s If-Modified-Since: %d", u, p.status)
		}
		if p := get(t, u, "If-None-Match", `"stale"`); p.status != 200 {
			t.Errorf("%s stale ETag: %d", u, p.status)
		}
	}
}

func TestSlow(t *testing.T) {
	s, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	a := find(t, s, "slow")
	c := &http.Client{Timeout: 200 * time.Millisecond}
	t0 := time.Now()
	if resp, err := c.Get(a.URL()); err == nil {
		resp.Body.Close()
		t.Fatal("slow page answered within the timeout")
	}
	for s.slowNow.Load() != 0 {
		if time.Since(t0) > 2*time.Second {
			t.Fatal("slow handler still running after the client gave up")
		}
		time.Sleep(5 * time.Millisecond)
	}
	// A second request is cut short by Close.
	done := make(chan error, 1)
	go func() {
		resp, err := http.Get(a.URL())
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	for s.slowNow.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	t1 := time.Now()
	s.Close()
	<-done
	if d := time.Since(t1); d > time.Second {
		t.Errorf("Close took %v", d)
	}
}

func TestAdvance(t *testing.T) {
	s := start(t)
	var edited *article
	for _, a := range s.articles {
		if a.Edit != nil {
			edited = a
		}
	}
	before := map[string]page{}
	for _, e := range s.Expectations() {
		if e.Want != "timeout" && e.Want != "not_found" {
			before[e.URL] = get(t, e.URL)
		}
	}
	atom := s.Sources()[1].URL
	atomTag := get(t, atom).header.Get("ETag")

	// Advance while clients are reading: must be race-free.
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
				get(t, edited.URL())
			}
		}
	}()
	s.Advance()
	s.Advance() // a second call changes nothing
	close(stop)
	<-done

	for u, old := range before {
		now := get(t, u)
		changed := !bytes.Equal(old.body, now.body)
		if changed != (u == edited.URL()) {
			t.Errorf("%s changed=%v", u, changed)
		}
	}
	p := get(t, edited.URL(), "If-None-Match", before[edited.URL()].header.Get("ETag"))
	if p.status != 200 || !strings.Contains(string(p.body), "article:modified_time") {
		t.Errorf("edited page: %d", p.status)
	}
	if slicesEqual(articleText(p.body), articleText(before[edited.URL()].body)) {
		t.Error("the edited article's body did not change")
	}
	if get(t, atom, "If-None-Match", atomTag).status != 200 {
		t.Error("Atom feed still 304 after Advance")
	}

	wants := map[string]string{}
	for _, e := range s.Expectations() {
		wants[e.URL] = e.Want
		if _, ok := before[e.URL]; !ok && e.Want != "timeout" && e.Want != "not_found" {
			if get(t, e.URL).status != 200 {
				t.Errorf("new %s not served", e.URL)
			}
		}
	}
	if wants[edited.URL()] != "updated" {
		t.Errorf("edited article want %q", wants[edited.URL()])
	}
	var dup, kept int
	for _, a := range s.articles {
		if !a.Flags["after"] {
			continue
		}
		switch wants[a.URL()] {
		case "duplicate":
			dup++
			if !slicesEqual(articleText(get(t, a.URL()).body), articleText(get(t, a.Copy.URL()).body)) {
				t.Errorf("%s is not a verbatim copy of %s", a.URL(), a.Copy.URL())
			}
		case "kept":
			kept++
		}
	}
	if dup != 1 || kept != 1 {
		t.Errorf("Advance published %d duplicates, %d new", dup, kept)
	}
	list := listed(t, s)
	for u := range wants {
		if list[u] == "" {
			t.Errorf("%s not listed after Advance", u)
		}
	}
	if len(list) != len(wants) {
		t.Errorf("%d listed, %d expectations", len(list), len(wants))
	}
}

func slicesEqual(a, b []string) bool {
	return strings.Join(a, "\n") == strings.Join(b, "\n") && len(a) > 0
}
