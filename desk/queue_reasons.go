package desk

import (
	"cmp"
	"strings"
	"time"

	"mediawatch"
)

// maxRulesNamed is how many rules a reason names before "and N more".
const maxRulesNamed = 3

// Reasons says in words, in Vietnamese and English, why a story stands
// where it does in the queue: its highest severity and the rules that
// flagged it, how many outlets carried it and their reach, how long ago it
// was first seen and last copied, whether it was raised again after an
// answer, and who is reviewing it. For example
// "nghiêm trọng: quy tắc “Tin đồn vỡ đập”", "5 nguồn đăng",
// "độ phủ lớn nhất ×1,5", "xuất hiện lần đầu 3 giờ trước". Rules are called
// by their name in each language from names (the running rule set's);
// a rule names lacks is called by its id.
func Reasons(s mediawatch.Story, now time.Time, names map[string]mediawatch.Names) []mediawatch.Names {
	var out []mediawatch.Names
	if s.Severity.Valid() {
		out = append(out, ruleReason(s, names))
	}
	n := len(s.Outlets)
	out = append(out, both(func(l string) string { return counted(l, n, reasonOutletOne, reasonOutlets) }))
	if s.Reach != 1 && s.Reach > 0 {
		out = append(out, both(func(l string) string { return phrase(l, reasonReach, formatNumber(l, s.Reach)) }))
	}
	first := now.Sub(s.FirstSeen)
	out = append(out, both(func(l string) string { return phrase(l, reasonFirstSeen, agoWords(l, first)) }))
	if s.LastSeen.Sub(s.FirstSeen) >= time.Minute {
		last := now.Sub(s.LastSeen)
		out = append(out, both(func(l string) string { return phrase(l, reasonNewest, agoWords(l, last)) }))
	}
	if !s.RaisedAt.IsZero() {
		out = append(out, raisedReason(s))
	}
	if s.Status == mediawatch.FlagInReview {
		out = append(out, both(func(l string) string {
			if s.Assignee != "" {
				return phrase(l, reasonInReviewBy, s.Assignee)
			}
			return phrase(l, reasonInReview)
		}))
	}
	return out
}

// ruleReason names the highest severity and the rules, highest first.
func ruleReason(s mediawatch.Story, names map[string]mediawatch.Names) mediawatch.Names {
	sev := SeverityName(s.Severity)
	rules := s.RuleIDs
	more := len(rules) - maxRulesNamed
	if more > 0 {
		rules = rules[:maxRulesNamed]
	}
	return both(func(l string) string {
		called := make([]string, len(rules))
		for i, id := range rules {
			called[i] = ruleName(l, id, names)
		}
		key, severity := reasonRule, sev.EN
		if len(s.RuleIDs) > 1 {
			key = reasonRules
		}
		if l == "vi" {
			severity = sev.VI
		}
		r := phrase(l, key, severity, strings.Join(called, ", "))
		if more > 0 {
			r = phrase(l, reasonMoreRules, r, more)
		}
		return r
	})
}

// ruleName calls rule id by its name in lang, else in the other language,
// else by its id.
func ruleName(lang, id string, names map[string]mediawatch.Names) string {
	n := names[id]
	name := n.EN
	if lang == "vi" {
		name = n.VI
	}
	if name = strings.TrimSpace(cmp.Or(name, n.VI, n.EN)); name == "" {
		return id
	}
	return phrase(lang, reasonRuleName, name)
}

// raisedReason says that the story kept spreading after its answer.
func raisedReason(s mediawatch.Story) mediawatch.Names {
	since := reasonSinceAnswered
	if s.Status == mediawatch.FlagDismissed {
		since = reasonSinceDismissed
	}
	return both(func(l string) string {
		return phrase(l, reasonRaised, counted(l, s.NewItems, reasonNewItemOne, reasonNewItems),
			counted(l, s.NewOutlets, reasonFromOutletOne, reasonFromOutlets), phrase(l, since))
	})
}

// agoWords writes a past duration the way an editor says it: minutes under
// an hour, hours under two days, days after that.
func agoWords(lang string, d time.Duration) string {
	switch {
	case d < time.Minute:
		return phrase(lang, reasonJustNow)
	case d < time.Hour:
		return phrase(lang, reasonMinutesAgo, int(d/time.Minute))
	case d < 48*time.Hour:
		return phrase(lang, reasonHoursAgo, int(d/time.Hour))
	}
	return phrase(lang, reasonDaysAgo, int(d/(24*time.Hour)))
}
