package desk

import (
	"errors"
	"testing"

	"mediawatch/query"
)

func TestCorrectedQuery(t *testing.T) {
	for q, want := range map[string]string{
		"lũ sourse:baosonla":     "lũ source:baosonla",
		"lang:english lũ":        "lang:en lũ",
		"lũ lang:vietnamese":     "lũ lang:vi",
		"lũ severity:hight":      "lũ severity:high",
		"lũ tilte:(a OR b)":      "lũ title:(a OR b)",
		"(lũ OR lang:english) x": "(lũ OR lang:en) x",
		"lũ zzzzzz:x":            "",
	} {
		_, err := query.Parse(q)
		var qe *query.Error
		if !errors.As(err, &qe) {
			t.Fatalf("%q parsed", q)
		}
		if got := CorrectedQuery(q, qe); got != want {
			t.Errorf("CorrectedQuery(%q) = %q, want %q", q, got, want)
		}
		if want != "" {
			if _, err := query.Parse(want); err != nil {
				t.Errorf("the correction %q does not parse: %v", want, err)
			}
		}
	}
}
