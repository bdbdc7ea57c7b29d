// Package report owns the daily report: what a local day held (Compute),
// its four formats (WriteHTML, WriteMarkdown, WriteCSV, WriteJSON), the
// volume chart (Chart), when a report is due (Due, Scheduler), where made
// reports are kept (Archive) and how they are e-mailed (Mailer).
//
// It must not write SQL or import any mediawatch package but the root: it
// reads the store through the small Source interface declared here, and
// does every count itself, so the numbers are tested here and the store
// only answers range reads. The only libraries are go-mail for SMTP and
// the standard library.
//
// # Days
//
// A report is about one local day in a configured zone
// (Asia/Ho_Chi_Minh unless configured): Day gives it as [start, end) in
// UTC, and UTC never decides it — an item first seen at 23:59 ICT and one
// at 00:01 ICT fall on different days although both are 16:59 and 17:01
// UTC of one UTC day. An item belongs to the day it was first seen, not
// the day the outlet says it was published (an old article found late is
// news on the day it was found); a flag belongs to the day it was
// created. The published time is shown beside the first-seen time.
//
// # Formats
//
// The JSON format is the Daily struct, so totals.flagged_items equals the
// CSV's row count (one row per flagged item). HTML is one self-contained
// page (inline CSS, the chart as inline SVG, no JavaScript, nothing
// fetched), rendered by html/template, which escapes every crawled
// string. Markdown is also the e-mail's text part. Labels come from a
// Vietnamese and an English table chosen by Daily.Lang; CSV headers and
// JSON keys are the same in both languages.
//
// # Days
//
// A report covers one local day from FirstDay to LastDay (1900-01-01 to
// 2261-12-31, the dates mediawatch handles); Day refuses others with
// ErrDayOutOfRange, an ErrInvalid. Past them the day's end, its 30 days of
// volume or its JSON cannot be written: 9999-12-31 ends in year 10000 east
// of UTC, which made the JSON report a 500. A flagged item's publication
// date is shown only when it is believable (mediawatch.BelievablePublished).
//
// # Wiring
//
//	b := &report.Builder{Source: db, Loc: loc, Lang: "vi", Now: time.Now}
//	m, err := report.NewMailer(report.MailConfig{...}, logger)
//	job := &report.Job{Build: b.Build, Archive: report.Archive{Dir: dir}, Mailer: m}
//	last, err := job.Archive.LastDone()
//	s := &report.Scheduler{At: "07:00", Loc: loc, Now: time.Now, Produce: job.Produce, LastDone: last}
//	go s.Run(ctx)
package report
