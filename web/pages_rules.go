package web

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/go-chi/chi/v5"

	"mediawatch"
	"mediawatch/desk"
	"mediawatch/rules"
)

// The rules pages: the active set (/rules), one rule (/rules/{id}), a query
// tested on history (/rules/test, editors) and, for admins when
// Options.RuleEditing is on, the rule form (/rules/new, /rules/{id}/edit),
// disabling (/rules/{id}/disable) and reloading (/rules/reload). The ids
// "new" and "test" name pages, so the form refuses them for new rules.

// ruleRoutes adds the rules pages when the desk keeps a rule set.
func (s *Server) ruleRoutes(r chi.Router) {
	d := s.deps.Desk
	if d == nil || !d.HasRules() {
		return
	}
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(roleViewer))
		r.Get("/rules", s.rulesPage)
		r.Get("/rules/{id}", s.rulePage)
	})
	if d.CanSearch() {
		r.Group(func(r chi.Router) {
			r.Use(s.requireRole(roleEditor))
			r.Get("/rules/test", s.ruleTestPage)
		})
	}
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(roleAdmin))
		r.Post("/rules/reload", s.rulesReload)
		if !s.opts.RuleEditing {
			return
		}
		r.Get("/rules/new", s.ruleNewForm)
		r.Post("/rules/new", s.ruleNewSubmit)
		r.Get("/rules/{id}/edit", s.ruleEditForm)
		r.Post("/rules/{id}/edit", s.ruleEditSubmit)
		r.Post("/rules/{id}/disable", s.ruleDisable)
	})
}

// ruleRow is one rule of the list.
type ruleRow struct {
	desk.RuleReport
	Name      string // in the page's language
	Statuses  []statusCount
	Precision string // "83 % (5/6)", or "" before any verdict
}

// statusCount is the flags of a rule in one review status.
type statusCount struct {
	Key string // message key of the status
	N   int
}

// rulesData is the list page's Data.
type rulesData struct {
	Status   desk.RulebookStatus
	Short    string // the set's version, abbreviated
	Rows     []ruleRow
	Problems []problemLine
	CanEdit  bool // admin and editing on: the add, edit and disable buttons
	CanTest  bool // editor and a search index: the test link
	CanAdmin bool
}

// problemLine is one problem of a refused set, its place made relative to
// the rule directory.
type problemLine struct {
	Where string // "file:line:col"
	Msg   string
}

// ruleFlagStatuses are the statuses counted on the list, in workflow order.
var ruleFlagStatuses = []mediawatch.FlagStatus{mediawatch.FlagNew, mediawatch.FlagInReview, mediawatch.FlagResponded,
	mediawatch.FlagDismissed, mediawatch.FlagFalsePositive}

func (s *Server) rulesPage(w http.ResponseWriter, r *http.Request) {
	set, err := s.deps.Desk.Rules(r.Context())
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	lang := langOf(r)
	role := personOf(r).User.Role
	data := rulesData{Status: set.Status, Short: desk.ShortVersion(set.Status.Version),
		CanEdit:  s.opts.RuleEditing && role.Allows(roleAdmin),
		CanTest:  s.deps.Desk.CanSearch() && role.Allows(roleEditor),
		CanAdmin: role.Allows(roleAdmin)}
	for _, rr := range set.Rules {
		row := ruleRow{RuleReport: rr, Name: ruleName(lang, rr.Rule), Precision: precisionText(rr.Precision)}
		for _, st := range ruleFlagStatuses {
			if n := rr.Flags.ByStatus[st]; n > 0 {
				row.Statuses = append(row.Statuses, statusCount{"rules.status." + string(st), n})
			}
		}
		data.Rows = append(data.Rows, row)
	}
	if ref := set.Status.Refused; ref != nil {
		data.Problems = problemLines(set.Status.Dir, ref.Problems, ref.Error)
	}
	s.render(w, r, "rules", page{Title: "rules.title", Nav: "rules", Data: data})
}

// problemLines makes a refused set's problems readable: each place
// relative to the rule directory.
func problemLines(dir string, ps []rules.Problem, whole string) []problemLine {
	var out []problemLine
	for _, p := range ps {
		file := p.File
		if rel, err := filepath.Rel(dir, file); err == nil && !strings.HasPrefix(rel, "..") {
			file = rel
		}
		where := file
		switch {
		case p.Line > 0 && p.Col > 0:
			where = fmt.Sprintf("%s:%d:%d", file, p.Line, p.Col)
		case p.Line > 0:
			where = fmt.Sprintf("%s:%d", file, p.Line)
		}
		out = append(out, problemLine{Where: where, Msg: p.Msg})
	}
	if len(out) == 0 && whole != "" {
		out = append(out, problemLine{Msg: whole})
	}
	return out
}

// ruleName is the rule's name in lang, the other language's when empty.
func ruleName(lang string, r mediawatch.Rule) string {
	if lang == "en" && r.Name.EN != "" || r.Name.VI == "" {
		return r.Name.EN
	}
	return r.Name.VI
}

// precisionText writes editors' precision as "83 % (5/6)", "" when unknown.
func precisionText(p desk.Precision) string {
	if !p.Known {
		return ""
	}
	return fmt.Sprintf("%d%% (%d/%d)", int(math.Round(p.Value*100)), p.Responded, p.Responded+p.FalsePositive)
}

// ruleData is a rule page's Data.
type ruleData struct {
	desk.RuleDetail
	Name      string
	Precision string
	TestURL   string // the test page with this rule's query and filters
	CanEdit   bool
	CanTest   bool
}

func (s *Server) rulePage(w http.ResponseWriter, r *http.Request) {
	det, err := s.deps.Desk.RuleDetail(r.Context(), chi.URLParam(r, "id"))
	if err != nil {
		s.readError(w, r, err)
		return
	}
	role := personOf(r).User.Role
	s.render(w, r, "rule", page{Title: "rules.one.title", Nav: "rules", Data: ruleData{RuleDetail: det,
		Name: ruleName(langOf(r), det.Rule), Precision: precisionText(det.Precision), TestURL: testURL(det.Rule),
		CanEdit: s.opts.RuleEditing && role.Allows(roleAdmin),
		CanTest: s.deps.Desk.CanSearch() && role.Allows(roleEditor)}})
}

// rulesReload reads the rule directory again (admins): the list then shows
// the new version, or the refused set's problems.
func (s *Server) rulesReload(w http.ResponseWriter, r *http.Request) {
	err := s.deps.Desk.ReloadRules(r.Context(), actorOf(r))
	switch {
	case err == nil:
		s.flashAndRedirect(w, r, "rules.reloaded", "/rules")
	case errors.Is(err, mediawatch.ErrInvalid): // the list shows the refusal and every problem
		http.Redirect(w, r, "/rules", http.StatusSeeOther)
	default:
		s.errorPage(w, r, http.StatusInternalServerError, err)
	}
}
