package report

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Archive keeps made reports under one directory (usually reports/ in
// the data dir): YYYY-MM-DD.html, .md, .csv and .json, and an empty
// YYYY-MM-DD.done once the day's whole job, e-mail included, succeeded.
type Archive struct {
	Dir string
}

// Path is where the report of date is kept in format f.
func (a Archive) Path(date string, f Format) string {
	return filepath.Join(a.Dir, date+"."+string(f))
}

// Save writes d in every format, each file whole or not at all (written
// aside, then renamed), and returns the paths.
func (a Archive) Save(d *Daily) ([]string, error) {
	if _, err := parseDate(d.Date); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(a.Dir, 0o750); err != nil {
		return nil, fmt.Errorf("report archive: %w", err)
	}
	var paths []string
	for _, f := range Formats {
		var buf bytes.Buffer
		if err := Write(&buf, d, f); err != nil {
			return nil, err
		}
		p := a.Path(d.Date, f)
		if err := writeFile(p, buf.Bytes()); err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// MarkDone records that the job for date is complete.
func (a Archive) MarkDone(date string) error {
	if _, err := parseDate(date); err != nil {
		return err
	}
	if err := os.MkdirAll(a.Dir, 0o750); err != nil {
		return fmt.Errorf("report archive: %w", err)
	}
	return writeFile(filepath.Join(a.Dir, date+".done"), nil)
}

// LastDone returns the newest date marked done, "" when none is (or the
// directory does not exist yet): what Scheduler.LastDone starts from.
func (a Archive) LastDone() (string, error) {
	entries, err := os.ReadDir(a.Dir)
	if os.IsNotExist(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("report archive: %w", err)
	}
	var dates []string
	for _, e := range entries {
		date, ok := strings.CutSuffix(e.Name(), ".done")
		if _, perr := parseDate(date); ok && perr == nil && e.Type().IsRegular() {
			dates = append(dates, date)
		}
	}
	if len(dates) == 0 {
		return "", nil
	}
	return slices.Max(dates), nil
}

// writeFile writes data to path through a temporary file and a rename.
func writeFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".report-*")
	if err != nil {
		return fmt.Errorf("report archive: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("report archive: write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("report archive: write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("report archive: %w", err)
	}
	return nil
}

// Job is the daily work the Scheduler runs: build the report, keep it,
// mail it, mark it done. A failure leaves the date not done, so the
// Scheduler tries it again, even after a restart.
type Job struct {
	Build   func(ctx context.Context, date string) (*Daily, error) // usually (*Builder).Build
	Archive Archive
	Mailer  *Mailer // nil: no e-mail
}

// Produce makes the report of date; it is Scheduler.Produce.
func (j *Job) Produce(ctx context.Context, date string) error {
	d, err := j.Build(ctx, date)
	if err != nil {
		return err
	}
	if _, err := j.Archive.Save(d); err != nil {
		return err
	}
	if j.Mailer != nil {
		if err := j.Mailer.Send(ctx, d); err != nil {
			return err
		}
	}
	return j.Archive.MarkDone(date)
}
