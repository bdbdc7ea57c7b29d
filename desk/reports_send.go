package desk

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"mediawatch"
	"mediawatch/report"
)

// ReportSending is where made reports are kept and how they are mailed:
// the scheduled daily job and the reports page's "send again" both go
// through it (ProduceReport), so a resent report is made, kept and mailed
// exactly as the scheduled one is.
type ReportSending struct {
	// Archive keeps the made reports; an empty Dir means none is kept
	// (and the reports page lists nothing).
	Archive report.Archive
	// Mailer e-mails them to the configured recipients; nil: no e-mail,
	// and "send again" is not offered.
	Mailer *report.Mailer
}

// ErrNoMailer means a report cannot be sent: no report.mail is configured.
var ErrNoMailer = errors.New("no report e-mail configured")

// CheckReportDate refuses a date no report can be made for: not
// YYYY-MM-DD, or outside the days mediawatch handles. The error wraps
// mediawatch.ErrInvalid.
func (d *Desk) CheckReportDate(date string) error {
	_, _, err := report.Day(date, d.loc)
	return err
}

// CanMailReports reports whether reports can be e-mailed (and so sent
// again from the reports page).
func (d *Desk) CanMailReports() bool { return d.send.Mailer != nil && d.reports != nil }

// ProduceReport is the daily job for one date: build the report from the
// store in the configured language, keep it in the archive in every
// format, e-mail it when a mailer is configured, and mark the date done.
// It is report.Scheduler's Produce in `serve`, and ResendReport's work.
func (d *Desk) ProduceReport(ctx context.Context, date string) error {
	if d.reports == nil {
		return fmt.Errorf("produce report: %w", ErrUnavailable)
	}
	job := report.Job{Build: d.reports.Build, Archive: d.send.Archive, Mailer: d.send.Mailer}
	if d.send.Archive.Dir == "" {
		// No archive: build and mail only.
		rep, err := d.reports.Build(ctx, date)
		if err != nil {
			return err
		}
		if d.send.Mailer == nil {
			return nil
		}
		return d.send.Mailer.Send(ctx, rep)
	}
	return job.Produce(ctx, date)
}

// ResendReport e-mails date's report again to the configured recipients,
// made afresh from the store (a story answered since shows as answered)
// and kept in the archive in place of the earlier copy, and records who
// asked in the audit log (report.resend).
func (d *Desk) ResendReport(ctx context.Context, who mediawatch.Actor, date string) error {
	if err := d.CheckReportDate(date); err != nil {
		return err
	}
	if !d.CanMailReports() {
		return fmt.Errorf("resend report %s: %w", date, ErrNoMailer)
	}
	if err := d.ProduceReport(ctx, date); err != nil {
		d.Record(ctx, who, "report.resend", date, "failed: "+err.Error())
		return err
	}
	d.Record(ctx, who, "report.resend", date, "sent")
	return nil
}

// ArchivedReport is one day in the report archive.
type ArchivedReport struct {
	Date    string          // YYYY-MM-DD
	Formats []report.Format // the files kept, in report.Formats order
	Done    bool            // the day's whole job, e-mail included, succeeded
}

// ReportArchive lists the days the archive holds, newest first. No
// archive directory (or none yet) is an empty list.
func (d *Desk) ReportArchive(ctx context.Context) ([]ArchivedReport, error) {
	dir := d.send.Archive.Dir
	if dir == "" {
		return nil, nil
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("report archive: %w", err)
	}
	byDate := map[string]*ArchivedReport{}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		date, ext, ok := strings.Cut(e.Name(), ".")
		if !ok || d.CheckReportDate(date) != nil {
			continue
		}
		a := byDate[date]
		if a == nil {
			a = &ArchivedReport{Date: date}
			byDate[date] = a
		}
		if ext == "done" {
			a.Done = true
		} else if f, err := report.ParseFormat(ext); err == nil && ext == string(f) {
			a.Formats = append(a.Formats, f)
		}
	}
	out := make([]ArchivedReport, 0, len(byDate))
	for _, a := range byDate {
		slices.SortFunc(a.Formats, func(x, y report.Format) int {
			return slices.Index(report.Formats, x) - slices.Index(report.Formats, y)
		})
		if len(a.Formats) > 0 {
			out = append(out, *a)
		}
	}
	slices.SortFunc(out, func(x, y ArchivedReport) int { return strings.Compare(y.Date, x.Date) })
	return out, nil
}

// ReportFile is one report as a file to download.
type ReportFile struct {
	Name        string // "mediawatch-report-2026-12-05.csv"
	ContentType string
	Body        []byte
	// Archived: the file is the archive's (what was mailed); otherwise it
	// was made now from the store.
	Archived bool
}

// ReportDownload is date's report in format f: the archive's file when
// the archive holds it (what was kept and mailed that day), else made now
// from the store in lang ("" is the configured report language).
func (d *Desk) ReportDownload(ctx context.Context, date string, f report.Format, lang string) (ReportFile, error) {
	if err := d.CheckReportDate(date); err != nil {
		return ReportFile{}, err
	}
	if _, err := report.ParseFormat(string(f)); err != nil {
		return ReportFile{}, err
	}
	file := ReportFile{Name: "mediawatch-report-" + date + "." + string(f), ContentType: f.ContentType()}
	if d.send.Archive.Dir != "" {
		body, err := os.ReadFile(d.send.Archive.Path(date, f))
		if err == nil {
			file.Body, file.Archived = body, true
			return file, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return ReportFile{}, fmt.Errorf("report archive: %w", err)
		}
	}
	rep, err := d.Report(ctx, date, lang)
	if err != nil {
		return ReportFile{}, err
	}
	var buf bytes.Buffer
	if err := report.Write(&buf, rep, f); err != nil {
		return ReportFile{}, err
	}
	file.Body = buf.Bytes()
	return file, nil
}
