package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"mediawatch/backup"
	"mediawatch/ingest"
	"mediawatch/report"
)

// maintenance runs serve's scheduled backups and retention. A job is due
// at its local time each day (a backup also every backup.every); one
// missed while the service was down runs startGrace after the start, so
// that a service started in the morning is not busy copying at once, and
// every restart does not make another copy: the newest archive's name
// records when the last backup was made.
type maintenance struct {
	a          *app
	configPath string
	start      time.Time
	log        *slog.Logger

	lastPrune   time.Time // the last prune run (zero: none since the start)
	backupFail  time.Time // the last failed backup: retried failRetry later
	pruneFailed time.Time
}

// startGrace is how long after the start a missed job waits; failRetry
// how long a failed one waits before it is tried again.
const (
	startGrace = 10 * time.Minute
	failRetry  = time.Hour
)

// startMaintenance runs the scheduled backups and retention until ctx
// ends; wait blocks until they have stopped. With backup.keep 0 and no
// retention.items it starts nothing.
func (a *app) startMaintenance(ctx context.Context, configPath string) (wait func()) {
	if a.cfg.Backup.Keep == 0 && a.cfg.Retention.Items == 0 {
		return func() {}
	}
	m := &maintenance{a: a, configPath: configPath, start: time.Now(), log: a.log.With("component", "maintenance")}
	if a.cfg.Store.URL != "" && a.cfg.Backup.Keep > 0 {
		m.log.Warn("scheduled backups are off: the store is in PostgreSQL (store.url), back it up with pg_dump or " +
			"PostgreSQL's continuous archiving")
	}
	m.log.Info("scheduled maintenance", "backup_keep", a.cfg.Backup.Keep, "backup_dir", a.cfg.BackupDir(),
		"backup_at", a.cfg.Backup.At, "backup_every", a.cfg.Backup.Every.String(), "retention", a.cfg.Retention.Items.String(),
		"retention_at", a.cfg.Retention.At)
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(time.Minute)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case now := <-tick.C:
				m.step(ctx, now)
			}
		}
	})
	return wg.Wait
}

// step runs whatever is due at now: the backup first, so that what a
// prune deletes is in the newest archive.
func (m *maintenance) step(ctx context.Context, now time.Time) {
	if m.backupDue(now) {
		m.backup(ctx, now)
	}
	if m.pruneDue(now) {
		m.prune(ctx, now)
	}
}

// lastAt is the latest moment at or before now when the clock in loc
// showed at (HH:MM, validated by config).
func lastAt(now time.Time, at string, loc *time.Location) time.Time {
	h, mm, err := report.ParseAt(at)
	if err != nil {
		return time.Time{}
	}
	local := now.In(loc)
	t := time.Date(local.Year(), local.Month(), local.Day(), h, mm, 0, 0, loc)
	if t.After(now) {
		t = time.Date(local.Year(), local.Month(), local.Day()-1, h, mm, 0, 0, loc)
	}
	return t
}

// due says whether a job last run at last is due at now for the moment
// it should have run (sched): on time when sched fell while the service
// ran, startGrace after the start when it fell before.
func (m *maintenance) due(now, last, sched, failed time.Time) bool {
	if !last.Before(sched) || now.Sub(failed) < failRetry {
		return false
	}
	return !sched.Before(m.start) || now.Sub(m.start) >= startGrace
}

func (m *maintenance) backupDue(now time.Time) bool {
	b := m.a.cfg.Backup
	if b.Keep == 0 || m.a.cfg.Store.URL != "" { // a PostgreSQL store is backed up by PostgreSQL's tools
		return false
	}
	last := m.newestBackup()
	sched := lastAt(now, b.At, m.a.cfg.Location())
	if b.Every > 0 {
		if last.IsZero() { // none yet: as if one was missed
			sched = m.start.Add(-time.Nanosecond)
		} else if sched = last.Add(time.Duration(b.Every)); sched.After(now) {
			return false
		}
	}
	return m.due(now, last, sched, m.backupFail)
}

// newestBackup is when the newest scheduled archive was made (zero: none).
func (m *maintenance) newestBackup() time.Time {
	names, err := backup.Scheduled(m.a.cfg.BackupDir())
	if err != nil || len(names) == 0 {
		return time.Time{}
	}
	stamp := strings.TrimSuffix(strings.TrimPrefix(names[len(names)-1], "mediawatch-"), ".tar.gz")
	t, _ := time.Parse("20060102T150405Z", stamp)
	return t
}

func (m *maintenance) backup(ctx context.Context, now time.Time) {
	dir := m.a.cfg.BackupDir()
	if err := os.MkdirAll(dir, 0o750); err != nil {
		m.backupFail = now
		m.log.Error("scheduled backup failed", "err", err)
		return
	}
	out := filepath.Join(dir, backup.ScheduledName(now))
	started := time.Now()
	man, err := makeBackup(ctx, m.a.cfg, m.configPath, out, nil)
	if err != nil {
		if ctx.Err() == nil {
			m.backupFail = now
			m.log.Error("scheduled backup failed", "err", err)
		}
		return
	}
	m.log.Info("scheduled backup written", "file", out, "items", man.Items, "bytes", man.Bytes(),
		"took", time.Since(started).Round(time.Millisecond))
	auditSystem(ctx, m.a.db, m.log, "backup", out, "scheduled; "+strconv.Itoa(man.Items)+" items")
	removed, err := backup.Rotate(dir, m.a.cfg.Backup.Keep)
	for _, name := range removed {
		m.log.Info("old backup removed", "file", filepath.Join(dir, name), "keep", m.a.cfg.Backup.Keep)
	}
	if err != nil {
		m.log.Warn("old backups not all removed", "err", err)
	}
	// What a backup killed mid-way (kill -9, a power cut) left behind.
	stale, err := backup.RemoveStale(dir, 24*time.Hour, now)
	for _, name := range stale {
		m.log.Info("unfinished backup removed", "file", filepath.Join(dir, name))
	}
	if err != nil {
		m.log.Warn("unfinished backups not all removed", "err", err)
	}
}

func (m *maintenance) pruneDue(now time.Time) bool {
	r := m.a.cfg.Retention
	return r.Items > 0 && m.due(now, m.lastPrune, lastAt(now, r.At, m.a.cfg.Location()), m.pruneFailed)
}

func (m *maintenance) prune(ctx context.Context, now time.Time) {
	period := time.Duration(m.a.cfg.Retention.Items)
	cutoff := ingest.Cutoff(now, period)
	started := time.Now()
	res, err := ingest.Prune(ctx, m.a.db, m.a.idx, cutoff, nil)
	if err != nil {
		m.a.indexFailed.Store(true) // a batch may be out of the index and still stored: no sync mark
		if ctx.Err() == nil {
			m.pruneFailed = now
			m.log.Error("retention failed", "err", err, "items_deleted", res.Items)
		}
		return
	}
	m.lastPrune = now
	m.log.Info("retention applied", "cutoff", cutoff.UTC().Format(time.RFC3339), "items_deleted", res.Items,
		"flags_deleted", res.Flags, "stories_deleted", res.Stories, "took", time.Since(started).Round(time.Millisecond))
}
