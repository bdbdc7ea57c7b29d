package desk

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"mediawatch"
	"mediawatch/query"
	"mediawatch/rules"
)

// Editing rules from the pages. A rule is validated exactly as the loader
// validates it — the YAML the page will write is parsed by rules.Parse and
// compiled by rules.NewEngine — then written to the rule directory and the
// directory reloaded as any hand edit would be (Desk.ReloadRules).
//
// Where it is written: a new rule goes to its own file, DIR/<id>.yaml (or
// <id>-2.yaml … when a file of that name holds other rules). An edited
// rule stays in the file it came from: only its lines are replaced, so
// that a file of many rules keeps its other rules, its comments and its
// layout byte for byte, and the rule keeps its place in a themed
// subdirectory. Before anything is written the new file is parsed again
// and every other rule in it must read back unchanged (same version) and
// the edited rule exactly as submitted; a file the page cannot edit that
// way (a flow list, [{…}, {…}]) is refused and edited by hand.
//
// Writing is atomic: a temporary file in the same directory (its name
// starts with ".", which the loader skips, so a reload racing the write
// never reads it), fsync, rename over the old file, fsync of the
// directory. If the reload then refuses the whole set (another rule file
// broke meanwhile, an id used twice across files), the previous file is
// put back the same way, the directory reloaded, and the problems shown.
// One edit at a time (Desk.ruleEdit).

// ErrRuleExists means a new rule's id is already taken.
var ErrRuleExists = fmt.Errorf("a rule with this id exists: %w", mediawatch.ErrConflict)

// ErrRuleChanged means the rule was changed (from the page or by hand)
// since the form was opened; the form is shown again over the new version.
var ErrRuleChanged = fmt.Errorf("the rule changed since it was opened: %w", mediawatch.ErrConflict)

// ErrRuleFileForm means the rule's file cannot be edited from the page
// (see the package notes on rule editing); edit it by hand.
var ErrRuleFileForm = fmt.Errorf("%w: %w", errRuleFileForm, mediawatch.ErrInvalid)

// RuleEdit is a rule as a person submitted it from the rule form.
type RuleEdit struct {
	Rule mediawatch.Rule // File, Line and Version are ignored
	New  bool            // a new rule; else an edit of the active rule Rule.ID
	// Base is the version of the rule the form was opened on; an edit of
	// a rule whose version is now another is ErrRuleChanged. Empty for a
	// new rule.
	Base string
}

// RuleEditError is a refused edit: every problem, for the form to show
// beside the person's input. It wraps mediawatch.ErrInvalid.
type RuleEditError struct {
	// Fields are the loader's problems with the rule, by form field
	// (RuleField); "" holds those of the rule as a whole. The loader's
	// messages are English, as rules check prints them.
	Fields map[RuleField][]string
	// Query is the query's own error with its column, which
	// query.Error.Message gives in vi or en; nil when the query parses.
	Query *query.Error
	// Set are the problems of the whole directory when the reload refused
	// it after the write; the previous file was put back.
	Set []rules.Problem
}

// Error lists the problems.
func (e *RuleEditError) Error() string {
	var parts []string
	for _, f := range slices.Sorted(maps.Keys(e.Fields)) {
		for _, m := range e.Fields[f] {
			parts = append(parts, strings.TrimPrefix(f+": ", ": ")+m)
		}
	}
	for _, p := range e.Set {
		parts = append(parts, p.String())
	}
	return "rule refused: " + strings.Join(parts, "; ")
}

// Unwrap makes a refused edit invalid input.
func (e *RuleEditError) Unwrap() error { return mediawatch.ErrInvalid }

// ActiveRule is the rule id of the active set, as the edit form starts
// from; mediawatch.ErrNotFound when there is none.
func (d *Desk) ActiveRule(ctx context.Context, id string) (mediawatch.Rule, error) {
	if d.rules == nil {
		return mediawatch.Rule{}, fmt.Errorf("rule: %w", ErrUnavailable)
	}
	if err := ctx.Err(); err != nil {
		return mediawatch.Rule{}, err
	}
	for _, r := range d.rules.Status().Rules {
		if r.ID == id {
			return r, nil
		}
	}
	return mediawatch.Rule{}, fmt.Errorf("rule %q: %w", id, mediawatch.ErrNotFound)
}

// CheckRule validates a rule as the loader would, writing nothing: the
// rule normalised as it would be written, or a *RuleEditError.
func CheckRule(r mediawatch.Rule) (mediawatch.Rule, error) {
	r = normalizeRule(r)
	data := encodeRule(r, true, 0)
	parsed, err := rules.Parse("rule", data)
	var fields map[RuleField][]string
	var le *rules.LoadError
	switch {
	case errors.As(err, &le):
		field := fieldsOfLines(data)
		fields = map[RuleField][]string{}
		for _, p := range le.Problems {
			f := field(p.Line)
			fields[f] = append(fields[f], p.Msg)
		}
	case err != nil:
		return r, err
	case len(parsed) != 1 || rules.Version(parsed[0]) != r.Version:
		return r, fmt.Errorf("rule %q does not read back as written", r.ID) // a bug of encodeRule; tests hold it
	default:
		if _, err := rules.NewEngine(parsed); err != nil {
			fields = map[RuleField][]string{"query": {err.Error()}}
		}
	}
	if fields == nil {
		return r, nil
	}
	e := &RuleEditError{Fields: fields}
	if _, err := query.Parse(r.Query); err != nil {
		errors.As(err, &e.Query)
	}
	return r, e
}

// SaveRule writes a new or edited rule to the rule directory and reloads
// it. It answers the rule as now active; a refusal is a *RuleEditError
// (the files are as before), ErrRuleExists, ErrRuleChanged, ErrRuleFileForm,
// mediawatch.ErrNotFound for an edit of a rule not in the active set, or
// the file system's error (os.ErrPermission for a directory the service
// may not write). The audit log gets rules.edit, or rules.refused when
// the reload refused the set.
func (d *Desk) SaveRule(ctx context.Context, who mediawatch.Actor, e RuleEdit) (mediawatch.Rule, error) {
	r, err := CheckRule(e.Rule)
	if err != nil {
		return r, err
	}
	return d.writeRule(ctx, who, "rules.edit", r, e.New, e.Base)
}

// DisableRule turns the active rule id off (enabled: false) in its file and
// reloads; base is the version the person saw (ErrRuleChanged otherwise).
// Audited as rules.disable.
func (d *Desk) DisableRule(ctx context.Context, who mediawatch.Actor, id, base string) (mediawatch.Rule, error) {
	r, err := d.ActiveRule(ctx, id)
	if err != nil {
		return r, err
	}
	r.Enabled = false
	r, err = CheckRule(r)
	if err != nil {
		return r, err
	}
	return d.writeRule(ctx, who, "rules.disable", r, false, base)
}

// writeRule is SaveRule and DisableRule after validation.
func (d *Desk) writeRule(ctx context.Context, who mediawatch.Actor, action string, r mediawatch.Rule, isNew bool, base string) (mediawatch.Rule, error) {
	if d.rules == nil {
		return r, fmt.Errorf("save rule: %w", ErrUnavailable)
	}
	d.ruleEdit.Lock()
	defer d.ruleEdit.Unlock()
	st := d.rules.Status()
	if st.Dir == "" {
		return r, fmt.Errorf("save rule: no rule directory: %w", ErrUnavailable)
	}
	var old *mediawatch.Rule
	for i := range st.Rules {
		if st.Rules[i].ID == r.ID {
			old = &st.Rules[i]
		}
	}
	var path string
	var before, after []byte
	var existed bool
	switch {
	case isNew && old != nil:
		return r, ErrRuleExists
	case isNew:
		if err := os.MkdirAll(st.Dir, 0o755); err != nil {
			return r, fmt.Errorf("save rule: %w", err)
		}
		path, after = newRuleFile(st.Dir, r.ID), encodeRule(r, true, 0)
	case old == nil:
		return r, fmt.Errorf("rule %q: %w", r.ID, mediawatch.ErrNotFound)
	case base != "" && base != old.Version:
		return r, ErrRuleChanged
	default:
		path, existed = old.File, true
		var err error
		if before, err = os.ReadFile(path); err != nil {
			return r, fmt.Errorf("save rule: %w", err)
		}
		if after, err = editedFile(path, before, *old, r); err != nil {
			return r, err
		}
	}
	if err := rules.WriteFile(path, after); err != nil {
		return r, fmt.Errorf("save rule: %w", err)
	}
	if err := d.rules.Reload(ctx); err != nil {
		return r, d.putBack(ctx, who, path, before, existed, err)
	}
	detail := fmt.Sprintf("file %s, version %s", path, r.Version)
	if isNew {
		detail = "new rule, " + detail
	}
	d.Record(ctx, who, action, r.ID, detail)
	saved, err := d.ActiveRule(ctx, r.ID)
	if err != nil {
		return r, err
	}
	return saved, nil
}

// editedFile is the rule file at path (now holding before) with old
// replaced by r, checked to read back with every other rule unchanged.
func editedFile(path string, before []byte, old, r mediawatch.Rule) ([]byte, error) {
	was, err := rules.Parse(path, before)
	if err != nil {
		return nil, &RuleEditError{Set: loadProblems(err)}
	}
	for _, w := range was {
		if w.ID == old.ID && w.Version != old.Version {
			return nil, ErrRuleChanged // edited by hand, not yet reloaded
		}
	}
	after, err := spliceRule(before, old.ID, r)
	switch {
	case errors.Is(err, errRuleFileForm):
		return nil, ErrRuleFileForm
	case errors.Is(err, mediawatch.ErrNotFound):
		return nil, ErrRuleChanged // moved to another file by hand
	case err != nil:
		return nil, err
	}
	now, err := rules.Parse(path, after)
	if err != nil || len(now) != len(was) {
		return nil, fmt.Errorf("%s: %w", path, ErrRuleFileForm)
	}
	for i := range now {
		want := was[i].Version
		if was[i].ID == old.ID {
			want = r.Version
		}
		if now[i].Version != want {
			return nil, fmt.Errorf("%s: %w", path, ErrRuleFileForm)
		}
	}
	return after, nil
}

// putBack undoes a write whose reload was refused: the previous file again
// (or none, for a new rule), a reload so that the refusal shown is the
// directory's own again, and the problems for the form.
func (d *Desk) putBack(ctx context.Context, who mediawatch.Actor, path string, before []byte, existed bool, refusal error) error {
	var err error
	if existed {
		err = rules.WriteFile(path, before)
	} else {
		err = os.Remove(path)
	}
	if err != nil {
		d.log.ErrorContext(ctx, "rule edit: the previous file could not be put back", "file", path, "err", err)
		return fmt.Errorf("put back %s after a refused reload: %w (refused: %w)", path, err, refusal)
	}
	if err := d.rules.Reload(ctx); err != nil {
		d.log.WarnContext(ctx, "rule edit: the directory is refused even as it was", "err", err)
	}
	d.Record(ctx, who, "rules.refused", filepath.Base(path), refusal.Error())
	if probs := loadProblems(refusal); probs != nil {
		return &RuleEditError{Set: probs}
	}
	return refusal
}

// loadProblems are the problems of a *rules.LoadError, or err as one.
func loadProblems(err error) []rules.Problem {
	var le *rules.LoadError
	if errors.As(err, &le) {
		return le.Problems
	}
	return []rules.Problem{{Msg: err.Error()}}
}

// newRuleFile is where a new rule goes: DIR/<id>.yaml, or <id>-N.yaml when
// a file of that name already holds other rules.
func newRuleFile(dir, id string) string {
	for n := 1; ; n++ {
		name := id + ".yaml"
		if n > 1 {
			name = fmt.Sprintf("%s-%d.yaml", id, n)
		}
		p := filepath.Join(dir, name)
		if _, err := os.Lstat(p); errors.Is(err, os.ErrNotExist) {
			return p
		}
	}
}
