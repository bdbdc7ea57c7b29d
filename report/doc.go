// Package report owns the daily report: what a local day held (Compute),
// its four formats (WriteHTML, WriteMarkdown, WriteCSV, WriteJSON), the
// volume chart (Chart), when a report is due (Due, Scheduler), where made
// reports are kept (Archive) and how they are e-mailed (Mailer).
//
// It must not write SQL or import any mediawatch package but the root: it
// reads the store through the small Source interface declared here, and
// does every count itself, so the numbers are tested here and the store
// only answers range reads. The only libraries are go-mail for SMTP and
// the standard library (the PNG chart included).
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
// CSV's row count (one row per flagged item). Markdown is also the
// e-mail's text part. Labels come from a Vietnamese and an English table
// chosen by Daily.Lang; CSV headers and JSON keys are the same in both
// languages.
//
// # A briefing, not a dump
//
// The commission reads the top: the office (Input.Office), the date in
// words, and Daily.Summary, one paragraph written from the numbers in
// each language's own grammar (briefing.go: "không có câu chuyện nào",
// "1 story was", "2 stories were") rather than by filling one template,
// so that zero, one and many read naturally. Outlets are shown by display
// name (Input.SourceNames), each new story with its rule's response hint
// (Input.RuleHints, in the report's language when the hint is written
// with VI:/EN: lines). The JSON keeps its old keys and adds the words
// beside them (source_name beside source).
//
// # One body, three readers
//
// The HTML body is one template ("body") rendered for a Mode. Every look
// is a name in the styles table (style.go); the template asks for names,
// and the mode decides how they are written: ForWeb writes classes, styled
// by CSS(), and no style attribute, because the web UI's CSP is
// `style-src 'self'`; ForMail writes the same declarations as style
// attributes, because Gmail and Outlook drop stylesheets. The chart is an
// inline SVG on the web (viewBox, width 100%, attributes only) and a PNG
// image part in mail (ChartPNG, pure Go image/png, no text: fonts for
// Vietnamese would have to be embedded, so the figures stand in an HTML
// table beside it). WriteHTML wraps the ForWeb body with its stylesheet
// in one self-contained page (the archive's and the API's HTML format);
// RenderBody gives the body alone for a page of the UI.
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
