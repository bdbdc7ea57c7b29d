package rules

import (
	"cmp"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"mediawatch"
)

// LoadDir loads every rule file under dir: files named *.yaml or *.yml, in
// dir and its subdirectories (so rules can be kept by theme), except in
// directories named testdata or starting with "." or "_" (the Go tool's
// convention for "not part of this"). Files are read in lexical order.
//
// Every problem in every file is collected; if there is any — a file that
// cannot be read, a YAML or validation error, an id used twice, a query
// that does not compile — LoadDir returns a *LoadError and no Set, so that
// the caller keeps the set it is running. An existing directory without
// rule files is a valid, empty set.
func LoadDir(dir string, now func() time.Time) (*Set, error) {
	files, err := ruleFiles(dir)
	if err != nil {
		return nil, &LoadError{Problems: []Problem{{File: dir, Msg: err.Error()}}}
	}
	var parsed []parsedRule
	var problems []Problem
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			problems = append(problems, Problem{File: f, Msg: fmt.Sprintf("read: %v", err)})
			continue
		}
		prs, ps := parseFile(f, data)
		parsed, problems = append(parsed, prs...), append(problems, ps...)
	}
	problems = append(problems, duplicates(parsed, true)...)
	if len(problems) > 0 {
		sortProblems(problems)
		return nil, &LoadError{Problems: problems}
	}
	all := make([]mediawatch.Rule, len(parsed))
	for i, pr := range parsed {
		all[i] = pr.rule
	}
	slices.SortFunc(all, func(a, b mediawatch.Rule) int { return strings.Compare(a.ID, b.ID) })
	return &Set{Rules: all, Version: setVersion(all), Dir: dir, LoadedAt: now()}, nil
}

// ruleFiles lists the rule files under dir in lexical order.
func ruleFiles(dir string) ([]string, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("rules directory: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("rules directory: %s is not a directory", dir)
	}
	var files []string
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != dir && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if ext := filepath.Ext(name); (ext == ".yaml" || ext == ".yml") && !strings.HasPrefix(name, ".") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("rules directory: %w", err)
	}
	return files, nil
}

// duplicates reports every rule whose id an earlier rule already has,
// naming both places; with acrossFiles, only pairs from different files
// (Parse has reported those within one file).
func duplicates(rs []parsedRule, acrossFiles bool) []Problem {
	first := map[string]parsedRule{}
	var out []Problem
	for _, r := range rs {
		if r.rule.ID == "" {
			continue
		}
		f, ok := first[r.rule.ID]
		if !ok {
			first[r.rule.ID] = r
			continue
		}
		if acrossFiles && f.rule.File == r.rule.File {
			continue
		}
		out = append(out, Problem{File: r.rule.File, Line: r.idLine, Col: r.idCol,
			Msg: fmt.Sprintf("duplicate id %q: also at %s:%d:%d", r.rule.ID, f.rule.File, f.idLine, f.idCol)})
	}
	return out
}

// sortProblems orders problems by file, line and column.
func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
}
