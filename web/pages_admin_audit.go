package web

import (
	"net/http"
	"net/url"
	"strconv"

	"mediawatch"
	"mediawatch/desk"
)

// auditPerPage is how many entries one page of the audit log shows.
const auditPerPage = 50

// auditKinds are the action kinds the filter offers; the store matches a
// kind against every action of it ("signin" finds signin.ok and
// signin.failed).
var auditKinds = []string{"signin", "signout", "user", "key", "story", "rule", "rules", "export", "report", "backup"}

// auditRow is one entry as the page shows it.
type auditRow struct {
	mediawatch.AuditEntry
	ActionText string // the action in words, when the catalogue has them
	KindText   string // message key of the actor's kind
}

// auditKind is one choice of the action filter.
type auditKind struct{ Value, Label string }

// auditData is the audit page's Data.
type auditData struct {
	Query    auditQuery
	Kinds    []auditKind
	Rows     []auditRow
	OlderURL string // the next page, older entries; empty on the last
	FirstURL string // back to the newest entries; empty on the first page
}

// adminAudit shows the audit log, newest first, filtered by who, what and
// since when, a page at a time (a cursor on the entries' ids, so that new
// entries arriving meanwhile do not shift the pages).
func (s *Server) adminAudit(w http.ResponseWriter, r *http.Request) {
	q, problem := parseAuditQuery(r.URL.Query(), s.zoneOf(r))
	lang := langOf(r)
	d := auditData{Query: q}
	if q.Action != "" && !contains(auditKinds, q.Action) { // an exact action from a link or the CLI's habits
		d.Kinds = append(d.Kinds, auditKind{q.Action, q.Action})
	}
	for _, k := range auditKinds {
		d.Kinds = append(d.Kinds, auditKind{k, T(lang, "audit.kind."+k)})
	}
	p := page{Title: "admin.audit.title", Nav: "admin", Data: &d}
	if problem != "" {
		p.Status = http.StatusBadRequest
		s.formError(w, r, "admin_audit", p, problem)
		return
	}
	es, err := s.deps.Admin.AuditLog(r.Context(), desk.AuditFilter{
		Actor: q.Actor, Action: q.Action, Since: q.SinceAt, BeforeID: q.Before, Limit: auditPerPage + 1})
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	for i, e := range es {
		if i == auditPerPage {
			d.OlderURL = auditURL(q, es[i-1].ID)
			break
		}
		row := auditRow{AuditEntry: e, ActionText: e.Action, KindText: "admin.audit.kind." + string(e.ActorKind)}
		if _, ok := messages["audit."+e.Action]; ok {
			row.ActionText = T(lang, "audit."+e.Action)
		}
		if _, ok := messages[row.KindText]; !ok {
			row.KindText = "admin.audit.kind.other"
		}
		d.Rows = append(d.Rows, row)
	}
	if q.Before != 0 {
		d.FirstURL = auditURL(q, 0)
	}
	s.render(w, r, "admin_audit", p)
}

// auditURL is the audit page with q's filter, before the entry id (0: the
// newest entries).
func auditURL(q auditQuery, before int64) string {
	v := url.Values{}
	for k, x := range map[string]string{"actor": q.Actor, "action": q.Action, "since": q.Since} {
		if x != "" {
			v.Set(k, x)
		}
	}
	if before > 0 {
		v.Set("before", strconv.FormatInt(before, 10))
	}
	if len(v) == 0 {
		return "/admin/audit"
	}
	return "/admin/audit?" + v.Encode()
}
