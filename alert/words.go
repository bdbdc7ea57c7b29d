package alert

import (
	"cmp"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"mediawatch"
)

// Describe says what alert a is about in one sentence in lang ("vi", else
// English), for the mails, the alerts page and `mediawatch alerts`: "Tăng
// đột biến: quy tắc “Tin đồn vỡ đập” có 12 bài trong giờ qua, bình thường
// 1,5" / "Spike: rule “Dam rumour” had 12 items in the last hour, usually
// 1.5". names names the rules (nil: by id).
func Describe(lang string, a mediawatch.Alert, names map[string]mediawatch.Names) string {
	w := words(lang)
	switch {
	case a.Flag != nil:
		f := a.Flag
		return fmt.Sprintf(w[wFlag], w[severityWord(f.Severity)], f.Title, f.Source, RuleName(lang, f.RuleID, names))
	case a.Spike != nil:
		return SpikeWords(lang, *a.Spike, names)
	case a.Source != nil:
		s := a.Source
		key := map[mediawatch.AlertKind]wordKey{mediawatch.AlertSourceSilent: wSilent,
			mediawatch.AlertSourceFailing: wFailing, mediawatch.AlertSourceRecovered: wRecovered}[a.Kind]
		if key == 0 {
			key = wFailing
		}
		out := fmt.Sprintf(w[key], cmp.Or(s.Label, s.Source))
		switch f := s.Silence; {
		case a.Kind == mediawatch.AlertSourceSilent && f != nil && f.RecentMean == 0:
			out += fmt.Sprintf(w[wSilentNone], f.RecentDays, f.BaselineDays, Number(lang, f.BaselineMean))
		case a.Kind == mediawatch.AlertSourceSilent && f != nil:
			out += fmt.Sprintf(w[wSilentLow], f.RecentDays, Number(lang, f.RecentMean), f.BaselineDays,
				Number(lang, f.BaselineMean), Number(lang, f.Sigma), Number(lang, f.BaselineSD))
		case s.Why != "" && a.Kind != mediawatch.AlertSourceRecovered:
			out += fmt.Sprintf(w[wWhy], s.Why)
		}
		return out
	}
	return string(a.Kind) + " " + a.ID
}

// SpikeWords says a spike in lang: its rule or term, its count in its
// window, and the usual count (the baseline's mean). The queue's reason
// for raising a spiking story is this sentence.
func SpikeWords(lang string, s mediawatch.Spike, names map[string]mediawatch.Names) string {
	w := words(lang)
	what := fmt.Sprintf(w[wTerm], s.Key)
	if s.Scope == mediawatch.SpikeRule {
		what = fmt.Sprintf(w[wRule], RuleName(lang, s.Key, names))
	}
	window := w[wLastHour]
	if s.Window >= 24*time.Hour {
		window = w[wLastDay]
	}
	items := w[wItems]
	if s.Count == 1 {
		items = w[wItem]
	}
	return fmt.Sprintf(w[wSpike], what, fmt.Sprintf(items, s.Count), window, Number(lang, s.Mean))
}

// RuleName calls rule id by its name in lang, else in the other language,
// else by its id, in quotation marks.
func RuleName(lang, id string, names map[string]mediawatch.Names) string {
	n := names[id]
	name := n.EN
	if lang == "vi" {
		name = n.VI
	}
	return "“" + strings.TrimSpace(cmp.Or(name, n.VI, n.EN, id)) + "”"
}

// Number writes a count's mean with one decimal (two below 1), with a decimal
// comma in Vietnamese (1,5) and a point in English (1.5).
func Number(lang string, f float64) string {
	prec := 1
	if f > 0 && f < 1 {
		prec = 2 // a source of one item a month reads 0.03 a day, not 0
	}
	s := strconv.FormatFloat(f, 'f', prec, 64)
	s = strings.TrimSuffix(s, ".0")
	if lang == "vi" {
		s = strings.ReplaceAll(s, ".", ",")
	}
	return s
}

// Link is the web page that shows what a is about, under base (the web
// face's public address): the flagged item, the spike's leading story (or
// the rule, or a search for the term), the sources page. Empty without a
// base.
func Link(base string, a mediawatch.Alert) string {
	if base == "" {
		return ""
	}
	base = strings.TrimRight(base, "/")
	switch {
	case a.Flag != nil:
		return base + "/items/" + strconv.FormatInt(a.Flag.ItemID, 10)
	case a.Spike != nil && len(a.Spike.StoryIDs) > 0:
		return base + "/stories/" + strconv.FormatInt(a.Spike.StoryIDs[0], 10)
	case a.Spike != nil && a.Spike.Scope == mediawatch.SpikeRule:
		return base + "/rules/" + url.PathEscape(a.Spike.Key)
	case a.Spike != nil:
		return base + "/search?q=" + url.QueryEscape(strconv.Quote(a.Spike.Key))
	case a.Source != nil:
		return base + "/sources"
	}
	return base + "/alerts"
}

// wordKey names one phrase of the alerts' catalogue.
type wordKey int

const (
	_ wordKey = iota
	wFlag
	wSpike
	wRule
	wTerm
	wLastHour
	wLastDay
	wItem
	wItems
	wSilent
	wFailing
	wRecovered
	wWhy
	wSilentNone
	wSilentLow
	wLow
	wMedium
	wHigh
	wCritical
	wSubjectOne
	wSubjectMany
	wIntro
	wSee
	wAll
	wFooter
	wTimeLayout
)

// catalogue is every phrase of the alerts in Vietnamese and English.
var catalogue = map[string]map[wordKey]string{
	"en": {
		wFlag:        "New flag, %s: “%s” (%s), rule %s",
		wSpike:       "Spike: %s had %s %s, usually %s",
		wRule:        "rule %s",
		wTerm:        "watch term “%s”",
		wLastHour:    "in the last hour",
		wLastDay:     "in the last day",
		wItem:        "%d item",
		wItems:       "%d items",
		wSilent:      "Source “%s” has gone silent",
		wFailing:     "Source “%s” is failing",
		wRecovered:   "Source “%s” is working again",
		wWhy:         " (%s)",
		wSilentNone:  ": no item in %d days, against a %d-day mean of %s a day",
		wSilentLow:   ": %d-day mean of %s items a day, below the %d-day mean %s − %s × σ %s",
		wLow:         "low",
		wMedium:      "medium",
		wHigh:        "high",
		wCritical:    "critical",
		wSubjectOne:  "[mediawatch] 1 new alert for %s",
		wSubjectMany: "[mediawatch] %d new alerts for %s",
		wIntro:       "What mediawatch noticed between %s and %s:",
		wSee:         "Open: %s",
		wAll:         "Every alert: %s",
		wFooter:      "This mail is sent by mediawatch for %s, at most once every %s; what happens meanwhile waits for the next one.",
		wTimeLayout:  "2006-01-02 15:04",
	},
	"vi": {
		wFlag:        "Cờ mới, mức %s: “%s” (%s), quy tắc %s",
		wSpike:       "Tăng đột biến: %s có %s %s, bình thường %s",
		wRule:        "quy tắc %s",
		wTerm:        "từ khóa “%s”",
		wLastHour:    "trong giờ qua",
		wLastDay:     "trong ngày qua",
		wItem:        "%d bài",
		wItems:       "%d bài",
		wSilent:      "Nguồn “%s” gần như ngừng đăng bài",
		wFailing:     "Nguồn “%s” không tải được",
		wRecovered:   "Nguồn “%s” đã hoạt động trở lại",
		wWhy:         " (chi tiết: %s)",
		wSilentNone:  ": không có bài nào trong %d ngày, trong khi trung bình %d ngày là %s bài mỗi ngày",
		wSilentLow:   ": trung bình %d ngày chỉ %s bài mỗi ngày, thấp hơn mức trung bình %d ngày %s − %s × độ lệch chuẩn %s",
		wLow:         "thấp",
		wMedium:      "trung bình",
		wHigh:        "cao",
		wCritical:    "nghiêm trọng",
		wSubjectOne:  "[mediawatch] 1 cảnh báo mới cho %s",
		wSubjectMany: "[mediawatch] %d cảnh báo mới cho %s",
		wIntro:       "Những điều mediawatch ghi nhận từ %s đến %s:",
		wSee:         "Xem: %s",
		wAll:         "Tất cả cảnh báo: %s",
		wFooter:      "Thư này do mediawatch gửi tự động cho %s, nhiều nhất một thư mỗi %s; những gì xảy ra trong lúc chờ sẽ có trong thư sau.",
		wTimeLayout:  "15:04 02/01/2006",
	},
}

// words is lang's catalogue; English for any other language.
func words(lang string) map[wordKey]string {
	if lang == "vi" {
		return catalogue["vi"]
	}
	return catalogue["en"]
}

func severityWord(s mediawatch.Severity) wordKey {
	switch s {
	case mediawatch.SeverityLow:
		return wLow
	case mediawatch.SeverityMedium:
		return wMedium
	case mediawatch.SeverityCritical:
		return wCritical
	}
	return wHigh
}
