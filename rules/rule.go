package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"mediawatch"
)

// Set is a loaded, validated rule set: every rule of a directory, sorted by
// id. It is a value the caller swaps in whole; a directory with any problem
// never becomes a Set.
type Set struct {
	Rules    []mediawatch.Rule
	Version  string // a hash of all rules' ids and versions: equal sets have equal versions
	Dir      string
	LoadedAt time.Time
}

// Problem is one thing wrong with a rule file, where an author can find it.
// Line and Col are 1-based; Col counts characters (runes), as editors do.
type Problem struct {
	File      string
	Line, Col int
	Msg       string
}

// String formats the problem as compilers do: "file:line:col: msg", or
// "file:line: msg" when the column is unknown (Col 0) and "file: msg" when
// the problem is the whole file (Line 0).
func (p Problem) String() string {
	switch {
	case p.Line <= 0:
		return fmt.Sprintf("%s: %s", p.File, p.Msg)
	case p.Col <= 0:
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Col, p.Msg)
}

// LoadError is a refused rule file or directory: every problem found, in
// file and line order. It wraps mediawatch.ErrInvalid.
type LoadError struct {
	Problems []Problem
}

// Error prints one problem per line.
func (e *LoadError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Unwrap lets callers treat a refused rule set as invalid input.
func (e *LoadError) Unwrap() error { return mediawatch.ErrInvalid }

// versionedRule is what a rule's version hashes: everything an author
// wrote, in a fixed order, and nothing about where it was loaded from.
type versionedRule struct {
	ID           string    `json:"id"`
	Name         [2]string `json:"name"`
	Description  string    `json:"description"`
	Query        string    `json:"query"`
	Severity     string    `json:"severity"`
	Category     string    `json:"category"`
	Languages    []string  `json:"languages"`
	Sources      []string  `json:"sources"`
	Enabled      bool      `json:"enabled"`
	ResponseHint string    `json:"response_hint"`
	Owner        string    `json:"owner"`
}

// Version returns the rule's version: the first 16 hex digits of the
// SHA-256 of its content (every field an author writes, not Version, File
// or Line). Any edit — the query, a filter, the response hint, enabling or
// disabling — is a new version, so a flag names exactly the rule text that
// raised it; moving a rule to another file or reformatting its YAML is not.
func Version(r mediawatch.Rule) string {
	b, err := json.Marshal(versionedRule{
		ID: r.ID, Name: [2]string{r.Name.VI, r.Name.EN}, Description: r.Description, Query: r.Query,
		Severity: string(r.Severity), Category: r.Category, Languages: r.Languages, Sources: r.Sources,
		Enabled: r.Enabled, ResponseHint: r.ResponseHint, Owner: r.Owner,
	})
	if err != nil { // strings, slices and a bool always marshal
		panic(fmt.Sprintf("rules: marshal rule %q: %v", r.ID, err))
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// setVersion hashes the ids and versions of rules sorted by id.
func setVersion(rs []mediawatch.Rule) string {
	h := sha256.New()
	for _, r := range rs {
		fmt.Fprintf(h, "%s %s\n", r.ID, r.Version)
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}
