package crawler

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fuzzSeed reads the first argument of a seed file in testdata/fuzz.
func fuzzSeed(t *testing.T, target, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "fuzz", target, name))
	if err != nil {
		t.Fatal(err)
	}
	seed, err := parseSeedBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	return seed
}

// TestImpossibleDates: dates no zone can write in years 1-9999 are no
// date; unlikely ones (2300, 2999) are kept as written, for the store.
func TestImpossibleDates(t *testing.T) {
	links, err := ParseFeed(fuzzSeed(t, "FuzzParseFeed", "far-dates"), "application/rss+xml", "https://a.example/feed")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Time{
		"https://a.example/1": {}, // 9999-12-31T23:59:59Z: year 10000 east of UTC
		"https://a.example/2": {}, // year 10000 in UTC
		"https://a.example/3": {}, // year 0 in UTC
		"https://a.example/4": time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	if len(links) != len(want) {
		t.Fatalf("%d links, want %d", len(links), len(want))
	}
	for _, l := range links {
		if !l.Published.Equal(want[l.URL]) {
			t.Errorf("%s: published %v, want %v", l.URL, l.Published, want[l.URL])
		}
	}
	checkLinks(t, links)
	for name, want := range map[string]time.Time{
		"far-date-meta":   time.Date(2999, 1, 1, 0, 0, 0, 0, time.UTC),
		"year-zero-meta":  {},
		"year-10000-meta": {},
	} {
		a, err := Extract(fuzzSeed(t, "FuzzExtract", name), "text/html", "https://a.example/p")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !a.Published.Equal(want) {
			t.Errorf("%s: published %v, want %v", name, a.Published, want)
		}
		checkArticle(t, a)
	}
}

// parseSeedBytes reads the []byte argument on the second line of a
// "go test fuzz v1" seed file.
func parseSeedBytes(b []byte) ([]byte, error) {
	lines := strings.SplitN(string(b), "\n", 3)
	if len(lines) < 2 || !strings.HasPrefix(lines[1], "[]byte(") || !strings.HasSuffix(lines[1], ")") {
		return nil, fmt.Errorf("not a seed file with a []byte first")
	}
	s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")"))
	return []byte(s), err
}
