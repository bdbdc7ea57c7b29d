package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"mediawatch"
	"mediawatch/desk"
	"mediawatch/report"
)

// reportsData is the reports list's Data.
type reportsData struct {
	Days    []archivedDay
	CanSend bool   // the person is an admin and reports can be mailed
	Mails   bool   // reports are e-mailed (a done day's e-mail went out)
	Pick    string // the date in the "open a day" box
}

// archivedDay is one day of the list, its date in words.
type archivedDay struct {
	desk.ArchivedReport
	Text string // "05/12/2026", "5 Dec 2026"
}

// dayText writes a YYYY-MM-DD date the language's way.
func dayText(lang, date string) string {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return formatDate(lang, time.UTC, t)
}

// reportData is one report page's Data.
type reportData struct {
	Rep      *report.Daily
	DateText string // the day in words
	Empty    bool   // nothing was collected or flagged that day
	CanSend  bool
	Archived bool          // the archive holds the day (downloads are what was kept)
	Body     template.HTML // the report itself (report.RenderBody for the web)
}

// reportDownloads are the formats offered for download, in the order
// the pages list them, with the message key of each link.
var reportDownloads = []struct{ Format, Text string }{
	{"csv", "reports.csv"}, {"json", "reports.json"}, {"md", "reports.md"}, {"html", "reports.html"},
}

// Downloads are the report's download links (for the templates).
func (reportsData) Downloads() any { return reportDownloads }

// Downloads are the report's download links (for the templates).
func (reportData) Downloads() any { return reportDownloads }

// dayBefore is the local day before now's in loc, YYYY-MM-DD: the day the
// scheduled report is about, offered in the "open a day" box.
func dayBefore(now time.Time, loc *time.Location) string {
	y, m, d := now.In(loc).Date()
	return time.Date(y, m, d-1, 12, 0, 0, 0, time.UTC).Format(time.DateOnly)
}

// parseReportDate reads a report date from a path or a form: trimmed,
// YYYY-MM-DD, within the days reports cover.
func parseReportDate(d *desk.Desk, s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) != len("2006-01-02") || d.CheckReportDate(s) != nil {
		return "", false
	}
	return s, true
}

// parseReportFormat reads a download's format as the links write it:
// csv, json, md or html, exactly.
func parseReportFormat(s string) (report.Format, bool) {
	f, err := report.ParseFormat(s)
	if err != nil || string(f) != s {
		return "", false
	}
	return f, true
}

// canSend reports whether r's person may send a report again.
func (s *Server) canSend(r *http.Request) bool {
	p := personOf(r)
	return p != nil && p.User.Role.Allows(mediawatch.RoleAdmin) && s.deps.Desk.CanMailReports()
}

// reportsPage lists the archive's days, newest first; ?date= opens a day.
func (s *Server) reportsPage(w http.ResponseWriter, r *http.Request) {
	d := s.deps.Desk
	data := reportsData{CanSend: s.canSend(r), Mails: d.CanMailReports(), Pick: dayBefore(s.opts.Now(), s.zoneOf(r))}
	p := page{Title: "reports.title", Nav: "reports", Data: data}
	if q, asked := r.URL.Query()["date"]; asked && len(q) > 0 {
		date, ok := parseReportDate(d, q[0])
		if !ok {
			p.Status = http.StatusBadRequest
			p.Data = s.reportsList(w, r, data)
			if p.Data == nil {
				return
			}
			s.formError(w, r, "reports", p, "reports.baddate")
			return
		}
		http.Redirect(w, r, "/reports/"+date, http.StatusSeeOther)
		return
	}
	if p.Data = s.reportsList(w, r, data); p.Data != nil {
		s.render(w, r, "reports", p)
	}
}

// reportsList fills data's days from the archive; nil after answering
// with the 500 page.
func (s *Server) reportsList(w http.ResponseWriter, r *http.Request, data reportsData) any {
	days, err := s.deps.Desk.ReportArchive(r.Context())
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return nil
	}
	for _, a := range days {
		data.Days = append(data.Days, archivedDay{ArchivedReport: a, Text: dayText(langOf(r), a.Date)})
	}
	return data
}

// reportPage is one day's report as a page of the UI, made now from the
// store in the reader's language.
func (s *Server) reportPage(w http.ResponseWriter, r *http.Request) {
	date, ok := parseReportDate(s.deps.Desk, chi.URLParam(r, "date"))
	if !ok {
		s.errorPageMsg(w, r, http.StatusBadRequest, "reports.baddate")
		return
	}
	p, err := s.reportPageData(r, date)
	if err != nil {
		s.reportError(w, r, err)
		return
	}
	s.render(w, r, "report", p)
}

// reportPageData builds the page of date's report.
func (s *Server) reportPageData(r *http.Request, date string) (page, error) {
	d := s.deps.Desk
	rep, err := d.Report(r.Context(), date, langOf(r))
	if err != nil {
		return page{}, err
	}
	archived := false
	if days, err := d.ReportArchive(r.Context()); err == nil {
		for _, a := range days {
			archived = archived || a.Date == date
		}
	}
	data := reportData{Rep: rep, DateText: dayText(langOf(r), date), CanSend: s.canSend(r), Archived: archived,
		Empty: rep.Totals.Items == 0 && rep.Totals.FlaggedItems == 0 && len(rep.NewStories) == 0}
	if !data.Empty {
		var body bytes.Buffer
		if err := report.RenderBody(&body, rep, report.ForWeb); err != nil {
			return page{}, err
		}
		// RenderBody escapes every crawled string with html/template and
		// writes no script and no style attribute (the CSP holds).
		data.Body = template.HTML(body.String()) //nolint:gosec // html/template's own output
	}
	return page{Title: "reports.day.title", Nav: "reports", Data: data}, nil
}

// reportError answers a report that could not be made: a date out of
// range is the 400 page, anything else the 500 page.
func (s *Server) reportError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, mediawatch.ErrInvalid) {
		s.errorPageMsg(w, r, http.StatusBadRequest, "reports.baddate")
		return
	}
	s.errorPage(w, r, http.StatusInternalServerError, err)
}

// reportDownload sends date's report as a file: the archive's copy when
// kept, else made now in the reader's language.
func (s *Server) reportDownload(w http.ResponseWriter, r *http.Request) {
	date, ok := parseReportDate(s.deps.Desk, chi.URLParam(r, "date"))
	if !ok {
		s.errorPageMsg(w, r, http.StatusBadRequest, "reports.baddate")
		return
	}
	f, ok := parseReportFormat(chi.URLParam(r, "format"))
	if !ok {
		s.errorPage(w, r, http.StatusNotFound, nil)
		return
	}
	file, err := s.deps.Desk.ReportDownload(r.Context(), date, f, langOf(r))
	if err != nil {
		s.reportError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", file.ContentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+file.Name+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(file.Body)))
	_, _ = w.Write(file.Body)
}

// reportResend e-mails date's report again (admins; desk.ResendReport,
// the scheduled job's own use case) and comes back to the report.
func (s *Server) reportResend(w http.ResponseWriter, r *http.Request) {
	date, ok := parseReportDate(s.deps.Desk, chi.URLParam(r, "date"))
	if !ok {
		s.errorPageMsg(w, r, http.StatusBadRequest, "reports.baddate")
		return
	}
	err := s.deps.Desk.ResendReport(r.Context(), actorOf(r), date)
	if err == nil {
		s.flashAndRedirect(w, r, "reports.sent", "/reports/"+date)
		return
	}
	s.log.Warn("web: report not sent again", "date", date, "request_id", requestIDOf(r), "err", err)
	p, perr := s.reportPageData(r, date)
	if perr != nil {
		s.reportError(w, r, perr)
		return
	}
	key := "reports.sendfailed"
	if errors.Is(err, desk.ErrNoMailer) {
		key = "reports.nomail"
	}
	p.Status = http.StatusBadGateway
	s.formError(w, r, "report", p, key)
}

// addReportCSS serves the report body's stylesheet (report.CSS) beside
// the pages' own, at a hashed URL like every static file.
func (sf *staticFiles) addReportCSS() {
	b := []byte(report.CSS())
	sum := sha256.Sum256(b)
	sf.body["report.css"], sf.hash["report.css"] = b, hex.EncodeToString(sum[:6])
}
