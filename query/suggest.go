package query

import (
	"regexp"
	"slices"
	"strings"
)

// Names a user meant but misspelt are errors, not silent misses: before,
// `sourse:baosonla` searched the words "sourse baosonla" and `lang:english`
// filtered on a language no item has, and both answered 0 hits without a
// word. Now each is an *Error at the spot, with a "did you mean" when a
// known name is close (edit distance at most 2, less than the name's
// length).

// looksLikeField reports whether name:rest, glued together in a bare
// chunk, is someone writing a field: a name of 2 to 20 ASCII letters with
// a value after the colon. Times ("10:30"), words of other scripts and
// links ("https://…", rest starting with "/") stay ordinary text.
func looksLikeField(name, rest string) bool {
	if len(name) < 2 || len(name) > 20 || rest == "" || strings.HasPrefix(rest, "/") {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i] | 0x20
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// fieldNames are the known fields, in the order a suggestion prefers.
var fieldNames = []string{FieldSource, FieldLang, FieldTitle, FieldText, FieldURL, FieldAuthor, FieldPlatform, FieldRule, FieldSeverity}

// unknownField is the error for the unknown field name at byte pos of q.
func unknownField(q string, pos int, name string) *Error {
	if s := closest(strings.ToLower(name), fieldNames); s != "" {
		e := errAt(q, pos, CodeUnknownFieldDYM, name, s)
		e.Suggest = s + ":"
		return e
	}
	return errAt(q, pos, CodeUnknownField, name)
}

// langCode is what a lang: value must look like: a BCP 47 primary
// language subtag (vi, en, fil …) with optional subtags, or "other", the
// language detector's name for the rest.
var langCode = regexp.MustCompile(`^[a-z]{2,3}(-[a-z0-9]{1,8})*$`)

// languageNames maps a language written out to its code, for "did you
// mean" (lang:english → lang:en).
var languageNames = map[string]string{
	"english": "en", "anh": "en", "tienganh": "en", "tiếng-anh": "en", "tieng-anh": "en",
	"vietnamese": "vi", "viet": "vi", "vietnam": "vi", "việt": "vi", "tiengviet": "vi", "tiếng-việt": "vi", "tieng-viet": "vi",
}

// severities are severity:'s values.
var severities = []string{"low", "medium", "high", "critical"}

// platforms are the platforms platform: knows by name: those mediawatch
// reads itself and those imports and webhooks commonly bring. Another
// name of the right shape is accepted (an import may name any platform),
// but one within edit distance 2 of a known name is taken for a typo
// (platform:youtub → platform:youtube).
var platforms = []string{"news", "youtube", "telegram", "mastodon", "bluesky", "reddit",
	"facebook", "tiktok", "zalo", "instagram", "twitter", "threads"}

// platformName is the shape of any platform: value.
var platformName = regexp.MustCompile(`^[a-z][a-z0-9._-]{0,31}$`)

// checkValue refuses a lang:, severity: or platform: value no item can have.
func checkValue(q string, pos int, field, value string) *Error {
	v := strings.ToLower(value)
	switch field {
	case FieldLang:
		if v == "other" || langCode.MatchString(v) {
			return nil
		}
		s := languageNames[v]
		if s == "" {
			s = closest(v, []string{"vi", "en", "other"})
		}
		return unknownValue(q, pos, field, value, s, valueLanguage)
	case FieldSeverity:
		if slices.Contains(severities, v) {
			return nil
		}
		return unknownValue(q, pos, field, value, closest(v, severities), valueSeverity)
	case FieldPlatform:
		if slices.Contains(platforms, v) {
			return nil
		}
		s := closest(v, platforms)
		if s == "" && platformName.MatchString(v) {
			return nil
		}
		return unknownValue(q, pos, field, value, s, valuePlatform)
	}
	return nil
}

// unknownValue is the error for an unknown value of field, with a
// suggestion when there is one, else the values the field takes.
func unknownValue(q string, pos int, field, value, suggest string, takes Code) *Error {
	if suggest != "" {
		e := errAt(q, pos, CodeUnknownValueDYM, field, value, field+":"+suggest)
		e.Suggest = field + ":" + suggest
		return e
	}
	return errAt(q, pos, CodeUnknownValue, field, value, sentence{Code: takes})
}

// closest is the candidate nearest to s by edit distance, if that is at
// most 2 and less than the length of s; "" when none is close.
func closest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := editDistance(s, c); d < bestD && d < len([]rune(s)) {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Damerau–Levenshtein distance (optimal string
// alignment) between a and b, in runes: a swap of two neighbours counts 1.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		return 64 // far from every name; bounds the work on hostile input
	}
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
