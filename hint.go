package mediawatch

import "strings"

// HintLines is the part of a rule's response hint written for lang ("vi"
// or "en"), line by line. Rule authors write both languages in one hint as
// sections of lines starting "VI:" and "EN:" (the starter pack does), and
// each reader — an editor on a story page, the commission in the report —
// reads one. A hint without a section for lang is given whole. Lines are
// trimmed; blank ones are dropped.
func HintLines(hint, lang string) []string {
	sections := map[string][]string{}
	var all []string
	cur := ""
	for _, line := range strings.Split(hint, "\n") {
		line = strings.TrimSpace(line)
		if line != "" {
			all = append(all, line)
		}
		if len(line) >= 3 && line[2] == ':' {
			if l := strings.ToLower(line[:2]); l == "vi" || l == "en" {
				cur, line = l, strings.TrimSpace(line[3:])
			}
		}
		if line != "" {
			sections[cur] = append(sections[cur], line)
		}
	}
	if part := sections[lang]; len(part) > 0 {
		return part
	}
	return all
}
