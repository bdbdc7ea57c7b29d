package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

// TestMessages checks the catalogue: both languages present, Vietnamese in
// NFC, and every key a template names exists.
func TestMessages(t *testing.T) {
	for k, m := range messages {
		if m.vi == "" || m.en == "" {
			t.Errorf("%s: missing a language", k)
		}
		if !norm.NFC.IsNormalString(m.vi) {
			t.Errorf("%s: Vietnamese not NFC", k)
		}
	}
	keyRE := regexp.MustCompile(`\.T "([a-z0-9.]+)"`)
	err := fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := templateFS.ReadFile(p)
		for _, m := range keyRE.FindAllSubmatch(b, -1) {
			if _, ok := messages[string(m[1])]; !ok {
				t.Errorf("%s: unknown message %q", p, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range navAll {
		if _, ok := messages[e.Text]; !ok {
			t.Errorf("nav %s: unknown message", e.Key)
		}
	}
	for _, code := range []string{"400", "403", "404", "405", "500"} {
		if _, ok := messages["error."+code+".title"]; !ok {
			t.Errorf("no title for %s", code)
		}
	}
}

func TestFormats(t *testing.T) {
	for _, c := range []struct {
		lang string
		n    int64
		want string
	}{{"vi", 1234, "1.234"}, {"en", 1234, "1,234"}, {"vi", -1234567, "-1.234.567"}, {"en", 999, "999"}, {"en", 0, "0"}} {
		if got := formatInt(c.lang, c.n); got != c.want {
			t.Errorf("formatInt(%s, %d) = %q, want %q", c.lang, c.n, got, c.want)
		}
	}
	hanoi, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	if got := formatTime("vi", hanoi, fixedNow); got != "06/12/2026 07:05" {
		t.Errorf("vi: %q", got)
	}
	if got := formatTime("en", hanoi, fixedNow); got != "6 Dec 2026, 07:05" {
		t.Errorf("en: %q", got)
	}
	if got := formatDate("en", hanoi, fixedNow); got != "6 Dec 2026" {
		t.Errorf("en date: %q", got)
	}
	if formatTime("vi", hanoi, time.Time{}) != "—" {
		t.Error("zero time")
	}
}

func TestPager(t *testing.T) {
	u := mustURL("/search?q=l%C5%A9&page=3")
	p := newPager(u, 95, 20)
	if p.Page != 3 || p.Pages() != 5 || p.Offset() != 40 || !p.HasPrev() || !p.HasNext() {
		t.Fatalf("%+v", p)
	}
	if p.PrevURL() != "/search?page=2&q=l%C5%A9" || p.NextURL() != "/search?page=4&q=l%C5%A9" {
		t.Fatalf("%s %s", p.PrevURL(), p.NextURL())
	}
	if q := newPager(mustURL("/x?page=2"), 95, 20).PrevURL(); q != "/x" {
		t.Fatalf("page 1 link %q", q)
	}
	if q := newPager(mustURL("/x?page=999999999999"), 95, 20); q.Page != 5 {
		t.Fatalf("clamp %d", q.Page)
	}
	if q := newPager(mustURL("/x?page=-1"), 0, 20); q.Page != 1 || q.Pages() != 1 || q.HasNext() {
		t.Fatalf("empty %+v", q)
	}
}

// TestPagerBlock draws the layout's pager block as a list page would.
func TestPagerBlock(t *testing.T) {
	s := New(Deps{}, Options{})
	p := &page{Lang: "en", static: s.static}
	var b strings.Builder
	pg := newPager(mustURL("/queue?status=new&page=2"), 12345, 20)
	if err := s.pages["login"].ExecuteTemplate(&b, "pager", p.PagerView(pg)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`href="/queue?status=new"`, `href="/queue?page=3&amp;status=new"`, "Page 2 of 618", `rel="next"`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("pager lacks %q: %s", want, b.String())
		}
	}
}
