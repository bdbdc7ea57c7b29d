package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"mediawatch/backup"
	"mediawatch/config"
)

func TestLastAt(t *testing.T) {
	loc := ictZone(t)
	now := time.Date(2026, 12, 6, 8, 0, 0, 0, loc)
	if got := lastAt(now, "02:30", loc); !got.Equal(time.Date(2026, 12, 6, 2, 30, 0, 0, loc)) {
		t.Errorf("lastAt 02:30 = %v", got)
	}
	if got := lastAt(now, "09:00", loc); !got.Equal(time.Date(2026, 12, 5, 9, 0, 0, 0, loc)) {
		t.Errorf("lastAt 09:00 = %v", got)
	}
}

// TestScheduledBackupsKeepN runs the maintenance step over six days: one
// backup a day at backup.at, none twice, a missed one only after the
// start's grace, and never more than backup.keep archives.
func TestScheduledBackupsKeepN(t *testing.T) {
	dir := t.TempDir()
	bdir := filepath.Join(t.TempDir(), "backups")
	a := testApp(t, dir, func(c *config.Config) {
		c.Backup = config.Backup{Dir: bdir, At: "02:30", Keep: 3}
	})
	if err := ingestN(context.Background(), a, 0, 5); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(bdir, 0o750)
	os.WriteFile(filepath.Join(bdir, "by-hand.tar.gz"), []byte("kept"), 0o600)
	loc := a.cfg.Location()
	start := time.Date(2026, 12, 1, 9, 0, 0, 0, loc) // after 02:30: today's was missed
	m := &maintenance{a: a, configPath: filepath.Join(dir, "absent.yaml"), start: start, log: slog.New(slog.DiscardHandler)}
	ctx := context.Background()
	count := func() int {
		names, err := backup.Scheduled(bdir)
		if err != nil {
			t.Fatal(err)
		}
		return len(names)
	}
	m.step(ctx, start.Add(time.Minute))
	if count() != 0 {
		t.Fatal("a missed backup ran before the start's grace")
	}
	m.step(ctx, start.Add(startGrace))
	if count() != 1 {
		t.Fatalf("the missed backup did not run after the grace: %d archives", count())
	}
	m.step(ctx, start.Add(startGrace+time.Minute))
	if count() != 1 {
		t.Fatal("a second backup the same day")
	}
	for day := 1; day <= 5; day++ {
		at := time.Date(2026, 12, 1+day, 2, 30, 0, 0, loc)
		m.step(ctx, at.Add(-time.Minute))
		m.step(ctx, at.Add(time.Minute))
		m.step(ctx, at.Add(2*time.Minute))
	}
	names, _ := backup.Scheduled(bdir)
	want := []string{backup.ScheduledName(time.Date(2026, 12, 4, 2, 31, 0, 0, loc)),
		backup.ScheduledName(time.Date(2026, 12, 5, 2, 31, 0, 0, loc)), backup.ScheduledName(time.Date(2026, 12, 6, 2, 31, 0, 0, loc))}
	if len(names) != 3 || names[0] != want[0] || names[2] != want[2] {
		t.Errorf("kept %v, want %v", names, want)
	}
	if _, err := os.Stat(filepath.Join(bdir, "by-hand.tar.gz")); err != nil {
		t.Error("rotation removed an archive it did not make")
	}
	if m, err := backup.ReadManifest(filepath.Join(bdir, names[2])); err != nil || m.Items != 5 {
		t.Errorf("newest archive: %+v, %v", m, err)
	}
}

// TestScheduledRetention prunes once a day at retention.at, from the store
// and the index.
func TestScheduledRetention(t *testing.T) {
	dir := t.TempDir()
	a := testApp(t, dir, func(c *config.Config) {
		c.Backup.Keep = 0
		c.Retention = config.Retention{Items: config.Duration(730 * 24 * time.Hour), At: "03:30"}
	})
	ctx := context.Background()
	if err := ingestN(ctx, a, 0, 12); err != nil {
		t.Fatal(err)
	}
	loc := a.cfg.Location()
	start := time.Now().AddDate(2, 0, 1) // every item is now more than 730 days old
	start = time.Date(start.Year(), start.Month(), start.Day(), 1, 0, 0, 0, loc)
	m := &maintenance{a: a, start: start, log: slog.New(slog.DiscardHandler)}
	left := func(want int) {
		t.Helper()
		n, _ := a.db.CountItems(ctx)
		x, _ := a.idx.Count()
		if n != want || x != uint64(want) {
			t.Fatalf("%d stored, %d indexed; want %d", n, x, want)
		}
	}
	// Yesterday's 03:30 passed before the start: it runs after the grace.
	m.step(ctx, start.Add(time.Minute))
	left(12)
	m.step(ctx, start.Add(startGrace))
	left(0)
	// Then daily at 03:30.
	if err := ingestN(ctx, a, 100, 7); err != nil {
		t.Fatal(err)
	}
	m.step(ctx, start.Add(2*time.Hour+29*time.Minute))
	left(7)
	m.step(ctx, start.Add(2*time.Hour+31*time.Minute))
	left(0)
	if _, err := os.Stat(filepath.Join(dir, "backups")); !os.IsNotExist(err) {
		t.Error("a backup was made with backup.keep 0")
	}
}
