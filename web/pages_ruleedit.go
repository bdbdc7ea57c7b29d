package web

import (
	"errors"
	"io/fs"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"mediawatch"
	"mediawatch/desk"
)

// ruleForm is the rule form as typed: every field kept as text, so that a
// refused rule comes back exactly as the person wrote it.
type ruleForm struct {
	ID, NameVI, NameEN, Description, Query, Severity, Category string
	Languages, Sources, ResponseHint, Owner                    string
	Enabled                                                    bool
	Base                                                       string // the version the form was opened on
}

// Limits of the form's fields, in characters: generous for people, small
// enough that a rule file stays a text a person reads.
const (
	ruleLineMax  = 300
	ruleQueryMax = 4000
	ruleTextMax  = 8000
)

// decodeRuleForm reads a posted rule form through formField (NFC, no
// control characters, bounded).
func decodeRuleForm(r *http.Request) ruleForm {
	return ruleForm{
		ID:           formField(r, "id", 64+8, false),
		NameVI:       formField(r, "name_vi", ruleLineMax, false),
		NameEN:       formField(r, "name_en", ruleLineMax, false),
		Description:  formField(r, "description", ruleTextMax, true),
		Query:        formField(r, "query", ruleQueryMax, false),
		Severity:     formField(r, "severity", 20, false),
		Category:     formField(r, "category", ruleLineMax, false),
		Languages:    formField(r, "languages", ruleLineMax, false),
		Sources:      formField(r, "sources", ruleTextMax, false),
		ResponseHint: formField(r, "response_hint", ruleTextMax, true),
		Owner:        formField(r, "owner", ruleLineMax, false),
		Enabled:      formField(r, "enabled", 5, false) == "on",
		Base:         formField(r, "base", 64, false),
	}
}

// rule is the form as a rule for the desk.
func (f ruleForm) rule() mediawatch.Rule {
	return mediawatch.Rule{ID: f.ID, Name: mediawatch.Names{VI: f.NameVI, EN: f.NameEN}, Description: f.Description,
		Query: f.Query, Severity: mediawatch.Severity(f.Severity), Category: f.Category,
		Languages: listField(f.Languages), Sources: listField(f.Sources), Enabled: f.Enabled,
		ResponseHint: f.ResponseHint, Owner: f.Owner}
}

// formOf is the form of an existing rule.
func formOf(r mediawatch.Rule) ruleForm {
	return ruleForm{ID: r.ID, NameVI: r.Name.VI, NameEN: r.Name.EN, Description: r.Description, Query: r.Query,
		Severity: string(r.Severity), Category: r.Category, Languages: strings.Join(r.Languages, ", "),
		Sources: strings.Join(r.Sources, ", "), ResponseHint: r.ResponseHint, Owner: r.Owner, Enabled: r.Enabled,
		Base: r.Version}
}

// ruleFormData is the rule form page's Data.
type ruleFormData struct {
	New        bool
	Form       ruleForm
	Action     string
	File       string              // where the rule is kept (an edit)
	Problems   map[string][]string // the loader's problems by field
	QueryErr   *queryErrView
	Severities []mediawatch.Severity
}

// Err are the problems of field, for the template; those of the name as
// a whole go with the Vietnamese name, the first of its two fields.
func (d ruleFormData) Err(field string) []string {
	if field == "name_vi" {
		return append(append([]string(nil), d.Problems["name"]...), d.Problems["name_vi"]...)
	}
	return d.Problems[field]
}

// fieldErr is what the template needs to show a field's problems: the
// element's id (FIELD-err, which the input's aria-describedby names).
type fieldErr struct {
	Field string
	Msgs  []string
}

// ErrOf is field's problems for the "rule-field-err" template.
func (d ruleFormData) ErrOf(field string) fieldErr { return fieldErr{field, d.Err(field)} }

func (s *Server) ruleNewForm(w http.ResponseWriter, r *http.Request) {
	s.renderRuleForm(w, r, ruleFormData{New: true, Form: ruleForm{Enabled: true, Severity: "medium"}})
}

func (s *Server) ruleEditForm(w http.ResponseWriter, r *http.Request) {
	rule, err := s.deps.Desk.ActiveRule(r.Context(), chi.URLParam(r, "id"))
	if err != nil {
		s.readError(w, r, err)
		return
	}
	s.renderRuleForm(w, r, ruleFormData{Form: formOf(rule), File: rule.File})
}

func (s *Server) renderRuleForm(w http.ResponseWriter, r *http.Request, d ruleFormData) {
	d.Severities = mediawatch.Severities
	title := "ruleform.edit.title"
	d.Action = "/rules/" + d.Form.ID + "/edit"
	if d.New {
		title, d.Action = "ruleform.new.title", "/rules/new"
	}
	p := page{Title: title, Nav: "rules", Data: d}
	if len(d.Problems) > 0 || d.QueryErr != nil {
		p.Status = http.StatusUnprocessableEntity
		lang := langOf(r)
		for _, f := range ruleFields {
			for _, m := range d.Problems[f] {
				label := ""
				if f != "" {
					label = T(lang, "ruleform."+f) + ": "
				}
				p.Errors = append(p.Errors, label+m)
			}
		}
		if d.QueryErr != nil && len(d.Problems["query"]) == 0 {
			p.Errors = append(p.Errors, T(lang, "ruleform.query")+": "+d.QueryErr.Msg)
		}
	}
	s.render(w, r, "rule-form", p)
}

// ruleFields are the form's fields in the order of the form, "" (the rule
// as a whole, and the directory) first.
var ruleFields = []string{"", "id", "name", "name_vi", "name_en", "description", "query", "severity", "category",
	"languages", "sources", "enabled", "response_hint", "owner"}

func (s *Server) ruleNewSubmit(w http.ResponseWriter, r *http.Request) {
	f := decodeRuleForm(r)
	s.saveRule(w, r, ruleFormData{New: true, Form: f})
}

func (s *Server) ruleEditSubmit(w http.ResponseWriter, r *http.Request) {
	f := decodeRuleForm(r)
	f.ID = chi.URLParam(r, "id") // an edit never renames: flags name the rule by its id
	old, err := s.deps.Desk.ActiveRule(r.Context(), f.ID)
	if err != nil {
		s.readError(w, r, err)
		return
	}
	s.saveRule(w, r, ruleFormData{Form: f, File: old.File})
}

// reservedRuleIDs name pages under /rules/, so no rule may take them from
// the form.
var reservedRuleIDs = map[string]bool{"new": true, "test": true, "reload": true}

// saveRule asks the desk to write the rule and shows the form again, with
// what was typed, on any refusal.
func (s *Server) saveRule(w http.ResponseWriter, r *http.Request, d ruleFormData) {
	lang := langOf(r)
	if d.New && reservedRuleIDs[strings.TrimSpace(d.Form.ID)] {
		d.Problems = map[string][]string{"id": {T(lang, "ruleform.reserved")}}
		s.renderRuleForm(w, r, d)
		return
	}
	saved, err := s.deps.Desk.SaveRule(r.Context(), actorOf(r), desk.RuleEdit{Rule: d.Form.rule(), New: d.New, Base: d.Form.Base})
	if err == nil {
		s.flashAndRedirect(w, r, "ruleform.saved", "/rules/"+saved.ID)
		return
	}
	if !s.ruleRefusal(r, &d, err) {
		s.readError(w, r, err)
		return
	}
	s.renderRuleForm(w, r, d)
}

// ruleRefusal puts a refused save's problems on the form, each where it
// belongs; false for an error that is not a refusal (not found, I/O).
func (s *Server) ruleRefusal(r *http.Request, d *ruleFormData, err error) bool {
	lang := langOf(r)
	var re *desk.RuleEditError
	switch {
	case errors.As(err, &re):
		d.Problems = re.Fields
		if d.Problems == nil {
			d.Problems = map[string][]string{}
		}
		if re.Query != nil {
			d.QueryErr = newQueryErrView(d.Form.Query, re.Query, lang)
			delete(d.Problems, "query") // the same problem, said in the person's language
		}
		if len(re.Set) > 0 {
			d.Problems[""] = append(d.Problems[""], T(lang, "ruleform.setrefused"))
			for _, pl := range problemLines(s.deps.Desk.RuleDir(), re.Set, "") {
				d.Problems[""] = append(d.Problems[""], strings.TrimPrefix(pl.Where+": ", ": ")+pl.Msg)
			}
		}
	case errors.Is(err, desk.ErrRuleExists):
		d.Problems = map[string][]string{"id": {T(lang, "ruleform.exists")}}
	case errors.Is(err, desk.ErrRuleChanged):
		d.Problems = map[string][]string{"": {T(lang, "ruleform.changed")}}
		if cur, err := s.deps.Desk.ActiveRule(r.Context(), d.Form.ID); err == nil {
			d.Form.Base = cur.Version // a second save overwrites, knowingly
		}
	case errors.Is(err, desk.ErrRuleFileForm):
		d.Problems = map[string][]string{"": {T(lang, "ruleform.fileform")}}
	case errors.Is(err, fs.ErrPermission):
		d.Problems = map[string][]string{"": {T(lang, "ruleform.readonly")}}
	default:
		return false
	}
	return true
}

// ruleDisable turns a rule off from its page. A refusal shows the rule's
// form (enabled unticked) with every problem.
func (s *Server) ruleDisable(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	rule, err := s.deps.Desk.DisableRule(r.Context(), actorOf(r), id, formField(r, "base", 64, false))
	if err == nil {
		s.flashAndRedirect(w, r, "ruleform.disabled", "/rules/"+rule.ID)
		return
	}
	if errors.Is(err, desk.ErrRuleChanged) { // the page shows the rule as it now is
		s.flashAndRedirect(w, r, "ruleform.changed.short", "/rules/"+id)
		return
	}
	cur, aerr := s.deps.Desk.ActiveRule(r.Context(), id)
	if aerr != nil {
		s.readError(w, r, aerr)
		return
	}
	f := formOf(cur)
	f.Enabled = false
	d := ruleFormData{Form: f, File: cur.File}
	if !s.ruleRefusal(r, &d, err) {
		s.readError(w, r, err)
		return
	}
	s.renderRuleForm(w, r, d)
}
