package backup

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

// scheduledName is how the scheduled backups are named: the UTC moment
// in the name makes name order time order, whatever the zone.
const scheduledLayout = "20060102T150405Z"

var scheduledName = regexp.MustCompile(`^mediawatch-\d{8}T\d{6}Z\.tar\.gz$`)

// ScheduledName is the file name of the scheduled backup made at t.
func ScheduledName(t time.Time) string {
	return "mediawatch-" + t.UTC().Format(scheduledLayout) + ".tar.gz"
}

// Scheduled lists the scheduled backups in dir, oldest first. Other files
// (archives an admin made by hand, anything else) are not listed.
func Scheduled(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("backup: list %s: %w", dir, err)
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && scheduledName.MatchString(e.Name()) {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	return names, nil
}

// Rotate removes the oldest scheduled backups in dir beyond the newest
// keep, and returns the names it removed. It never touches another file.
func Rotate(dir string, keep int) ([]string, error) {
	names, err := Scheduled(dir)
	if err != nil || len(names) <= keep {
		return nil, err
	}
	old := names[:len(names)-max(keep, 0)]
	var removed []string
	var errs []error
	for _, n := range old {
		if err := os.Remove(filepath.Join(dir, n)); err != nil {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, n)
	}
	return removed, errors.Join(errs...)
}

// RemoveStale removes what a backup killed before it could clean up left
// in dir — temporary archives and staging directories, named
// ".mediawatch-…" — once older than age, so that one still being written
// is never touched. It returns the names it removed.
func RemoveStale(dir string, age time.Duration, now time.Time) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var removed []string
	var errs []error
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".mediawatch-") {
			continue
		}
		fi, err := e.Info()
		if err != nil || now.Sub(fi.ModTime()) < age {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, e.Name())
	}
	return removed, errors.Join(errs...)
}
