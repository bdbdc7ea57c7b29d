package desk

import (
	"fmt"
	"strconv"
	"strings"

	"mediawatch"
)

// reasonKey names one phrase of the queue's reasons. The phrases are the
// queue's message catalogue: every reason is written from them, in each
// language, so that no word of a reason is left untranslated, and
// TestReasonTextsComplete holds both languages complete.
type reasonKey int

const (
	reasonRule           reasonKey = iota // severity: rule r
	reasonRules                           // severity: rules r1, r2
	reasonMoreRules                       // … and N more
	reasonRuleName                        // a rule called by its name
	reasonOutletOne                       // carried by 1 outlet
	reasonOutlets                         // carried by N outlets
	reasonReach                           // widest reach ×1.5
	reasonFirstSeen                       // first seen <when>
	reasonNewest                          // newest copy <when>
	reasonJustNow                         // under a minute ago
	reasonMinutesAgo                      // N min ago
	reasonHoursAgo                        // N h ago
	reasonDaysAgo                         // N days ago
	reasonRaised                          // raised again: <items> from <outlets> <since>
	reasonNewItemOne                      // 1 new item
	reasonNewItems                        // N new items
	reasonFromOutletOne                   // (from) 1 outlet
	reasonFromOutlets                     // (from) N outlets
	reasonSinceAnswered                   // since it was answered
	reasonSinceDismissed                  // since it was dismissed
	reasonInReview                        // in review
	reasonInReviewBy                      // in review by someone
	reasonSeverityLow
	reasonSeverityMedium
	reasonSeverityHigh
	reasonSeverityCritical
)

// reasonLangs are the languages reasons are written in.
var reasonLangs = []string{"vi", "en"}

// reasonTexts is the catalogue: each phrase in Vietnamese and English.
var reasonTexts = map[string]map[reasonKey]string{
	"en": {
		reasonRule:             "%s: rule %s",
		reasonRules:            "%s: rules %s",
		reasonMoreRules:        "%s and %d more",
		reasonRuleName:         "“%s”",
		reasonOutletOne:        "1 outlet",
		reasonOutlets:          "%d outlets",
		reasonReach:            "widest reach ×%s",
		reasonFirstSeen:        "first seen %s",
		reasonNewest:           "newest copy %s",
		reasonJustNow:          "just now",
		reasonMinutesAgo:       "%d min ago",
		reasonHoursAgo:         "%d h ago",
		reasonDaysAgo:          "%d days ago",
		reasonRaised:           "raised again: %s from %s %s",
		reasonNewItemOne:       "1 new item",
		reasonNewItems:         "%d new items",
		reasonFromOutletOne:    "1 outlet",
		reasonFromOutlets:      "%d outlets",
		reasonSinceAnswered:    "since it was answered",
		reasonSinceDismissed:   "since it was dismissed",
		reasonInReview:         "in review",
		reasonInReviewBy:       "in review by %s",
		reasonSeverityLow:      "low",
		reasonSeverityMedium:   "medium",
		reasonSeverityHigh:     "high",
		reasonSeverityCritical: "critical",
	},
	"vi": {
		reasonRule:             "%s: quy tắc %s",
		reasonRules:            "%s: các quy tắc %s",
		reasonMoreRules:        "%s và %d quy tắc khác",
		reasonRuleName:         "“%s”",
		reasonOutletOne:        "1 nguồn đăng",
		reasonOutlets:          "%d nguồn đăng",
		reasonReach:            "độ phủ lớn nhất ×%s",
		reasonFirstSeen:        "xuất hiện lần đầu %s",
		reasonNewest:           "bản mới nhất %s",
		reasonJustNow:          "vừa xong",
		reasonMinutesAgo:       "%d phút trước",
		reasonHoursAgo:         "%d giờ trước",
		reasonDaysAgo:          "%d ngày trước",
		reasonRaised:           "nêu lại: %s từ %s %s",
		reasonNewItemOne:       "1 bài mới",
		reasonNewItems:         "%d bài mới",
		reasonFromOutletOne:    "1 nguồn",
		reasonFromOutlets:      "%d nguồn",
		reasonSinceAnswered:    "sau khi đã phản hồi",
		reasonSinceDismissed:   "sau khi đã bỏ qua",
		reasonInReview:         "đang xem xét",
		reasonInReviewBy:       "đang được %s xem xét",
		reasonSeverityLow:      "thấp",
		reasonSeverityMedium:   "trung bình",
		reasonSeverityHigh:     "cao",
		reasonSeverityCritical: "nghiêm trọng",
	},
}

// phrase writes key in lang with args.
func phrase(lang string, key reasonKey, args ...any) string {
	if len(args) == 0 {
		return reasonTexts[lang][key]
	}
	return fmt.Sprintf(reasonTexts[lang][key], args...)
}

// counted writes n with the phrase for one or for many.
func counted(lang string, n int, one, many reasonKey) string {
	if n == 1 {
		return phrase(lang, one)
	}
	return phrase(lang, many, n)
}

// both writes a reason in every language.
func both(write func(lang string) string) mediawatch.Names {
	return mediawatch.Names{VI: write("vi"), EN: write("en")}
}

// formatNumber writes a factor the way lang writes numbers: up to three
// significant digits, with a decimal comma in Vietnamese (×1,5) and a
// decimal point in English (×1.5).
func formatNumber(lang string, f float64) string {
	s := strconv.FormatFloat(f, 'g', 3, 64)
	if lang == "vi" {
		s = strings.ReplaceAll(s, ".", ",")
	}
	return s
}

// severityKeys are the severities' phrases.
var severityKeys = map[mediawatch.Severity]reasonKey{
	mediawatch.SeverityLow:      reasonSeverityLow,
	mediawatch.SeverityMedium:   reasonSeverityMedium,
	mediawatch.SeverityHigh:     reasonSeverityHigh,
	mediawatch.SeverityCritical: reasonSeverityCritical,
}

// SeverityName is a severity in words, in Vietnamese and English; an
// unknown severity is its own code in both.
func SeverityName(s mediawatch.Severity) mediawatch.Names {
	k, ok := severityKeys[s]
	if !ok {
		return mediawatch.Names{VI: string(s), EN: string(s)}
	}
	return both(func(lang string) string { return phrase(lang, k) })
}
