package main

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestLockDataNamesItsHolder takes the lock twice: the second attempt
// returns at once with the first holder's PID and command, and the lock
// is free again once released.
func TestLockDataNamesItsHolder(t *testing.T) {
	dir := t.TempDir()
	first, err := lockData(dir, "crawl")
	if err != nil {
		t.Fatal(err)
	}
	_, err = lockData(dir, "search")
	var held *heldError
	if !errors.As(err, &held) || held.holder.PID != os.Getpid() || held.holder.Command != "crawl" ||
		time.Since(held.holder.Since) > time.Hour {
		t.Fatalf("second lock: %v (%+v), want held by PID %d (crawl)", err, held, os.Getpid())
	}
	if held.holder.serves() {
		t.Error("a crawl does not serve the admin socket")
	}
	if err := first.Release(); err != nil {
		t.Fatal(err)
	}
	again, err := lockData(dir, "serve")
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	again.Release()
}

// TestJSONTimes holds the --json times to RFC 3339 in the zone, to the
// second, and null for never.
func TestJSONTimes(t *testing.T) {
	loc := time.FixedZone("ICT", 7*3600)
	at := time.Date(2026, 11, 21, 2, 14, 5, 987654321, time.UTC)
	if got := *jsonTime(at, loc); got != "2026-11-21T09:14:05+07:00" {
		t.Errorf("jsonTime = %s", got)
	}
	if jsonTime(time.Time{}, loc) != nil {
		t.Error("never is not null")
	}
	rows := sourcesJSON([]sourceRow{{}}, loc, 1.5)
	if rows[0].Health.LastSuccess != nil || rows[0].Interval != 0 {
		t.Errorf("an unseen source: %+v", rows[0])
	}
}

// TestShellQuote keeps the first-key hint pasteable.
func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{"/var/lib/mw": "/var/lib/mw", "/tmp/my data": "'/tmp/my data'", "/x/it's": `'/x/it'\''s'`} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestLeftoversOfAKilledReindex puts back the index a reindex killed
// between its two renames had moved aside, and removes the rest.
func TestLeftoversOfAKilledReindex(t *testing.T) {
	data := t.TempDir()
	live := indexDir(data)
	for _, dir := range []string{live + ".old", live + ".new"} {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "mark"), []byte(dir), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := removeLeftovers(data); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(live, "mark")); err != nil || string(b) != live+".old" {
		t.Errorf("index after recovery: %q %v, want the old one back", b, err)
	}
	for _, gone := range []string{live + ".old", live + ".new"} {
		if _, err := os.Stat(gone); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s left (%v)", gone, err)
		}
	}
}
