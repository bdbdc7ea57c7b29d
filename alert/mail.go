package alert

import (
	"fmt"
	"strings"
	"time"

	"mediawatch"
)

// mailer writes one batched mail in one recipient's language.
type mailer struct {
	lang, office, base string
	every              time.Duration
	loc                *time.Location
	names              map[string]mediawatch.Names
	explain            func(lang, stored string) string // nil: errors as stored
}

// compose writes the subject and plain-text body of a mail listing
// alerts, oldest first, each with the page to open when base is set.
func (m mailer) compose(alerts []mediawatch.Alert) (subject, text string) {
	w := words(m.lang)
	office := m.office
	if office == "" {
		office = "mediawatch"
	}
	if len(alerts) == 1 {
		subject = fmt.Sprintf(w[wSubjectOne], office)
	} else {
		subject = fmt.Sprintf(w[wSubjectMany], len(alerts), office)
	}
	var b strings.Builder
	b.WriteString(office + "\n\n")
	first, last := alerts[0].At, alerts[len(alerts)-1].At
	fmt.Fprintf(&b, w[wIntro]+"\n\n", m.when(first), m.when(last))
	for _, a := range alerts {
		fmt.Fprintf(&b, "• %s — %s\n", m.when(a.At), Describe(m.lang, LocalError(a, m.lang, m.explain), m.names))
		if l := Link(m.base, a); l != "" {
			fmt.Fprintf(&b, "  "+w[wSee]+"\n", l)
		}
		b.WriteString("\n")
	}
	if m.base != "" {
		fmt.Fprintf(&b, w[wAll]+"\n\n", strings.TrimRight(m.base, "/")+"/alerts")
	}
	fmt.Fprintf(&b, "-- \n"+w[wFooter]+"\n", office, m.period())
	return subject, b.String()
}

// when writes t in the office's zone, the way lang writes times.
func (m mailer) when(t time.Time) string {
	return t.In(m.loc).Format(words(m.lang)[wTimeLayout])
}

// period writes the least time between mails: "15 phút" / "15 minutes",
// or hours when whole.
func (m mailer) period() string {
	d := m.every
	if d >= time.Hour && d%time.Hour == 0 {
		if m.lang == "vi" {
			return fmt.Sprintf("%d giờ", d/time.Hour)
		}
		if d == time.Hour {
			return "hour"
		}
		return fmt.Sprintf("%d hours", d/time.Hour)
	}
	n := int(d / time.Minute)
	if m.lang == "vi" {
		return fmt.Sprintf("%d phút", n)
	}
	if n == 1 {
		return "minute"
	}
	return fmt.Sprintf("%d minutes", n)
}

// LocalError is a with a failing source's stored error (English, as the
// crawler wrote it) said in lang by explain, for the words of a mail, the
// alerts page and the API; a itself is left as it is. A nil explain, or
// any other alert, gives a back unchanged.
func LocalError(a mediawatch.Alert, lang string, explain func(lang, stored string) string) mediawatch.Alert {
	if explain == nil || a.Kind != mediawatch.AlertSourceFailing || a.Source == nil || a.Source.Why == "" {
		return a
	}
	s := *a.Source
	s.Why = explain(lang, s.Why)
	a.Source = &s
	return a
}
