package report

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"mediawatch"
)

// SourceHealth is one source's health as judged when the report is made
// (the desk's health check: the state, and the figures of the silence
// rule): what the report's sources section is made from. The section
// tells the commission which outlets it may not be hearing from; it is
// the health at GeneratedAt, not at the report day's end.
type SourceHealth struct {
	Source       string
	State        mediawatch.HealthState
	Since        time.Time // when the state began
	LastSuccess  time.Time
	Failures     int    // failed reads in a row
	LastError    string // as the crawler stored it, in English
	NeverCrawled bool
	// The silence rule's figures: items a day over the last RecentDays
	// and BaselineDays complete days, the baseline's standard deviation,
	// and how many of them the threshold is below the mean.
	RecentDays, BaselineDays             int
	RecentMean, BaselineMean, BaselineSD float64
	Sigma                                float64
}

// Sources is the report's sources section.
type Sources struct {
	// Judged is how many crawled sources were judged.
	Judged int `json:"judged"`
	// Troubled are those failing (first) or silent, each by name.
	Troubled []SourceEntry `json:"troubled"`
}

// SourceEntry is one failing or silent source.
type SourceEntry struct {
	Source string `json:"source"`
	// Name is its display name, or its slug.
	Name  string                 `json:"name"`
	State mediawatch.HealthState `json:"state"`
	// StateLabel is State in the report's language.
	StateLabel  string     `json:"state_label"`
	Since       time.Time  `json:"since"`
	LastSuccess *time.Time `json:"last_success"`
	Failures    int        `json:"consecutive_failures"`
	// LastError is the crawler's last error as stored, in English.
	LastError string `json:"last_error,omitempty"`
	// Why says in the report's language why it is in its state.
	Why string `json:"why"`
}

// sourceTexts are the section's words.
type sourceTexts struct {
	heading, none, judged, since               string
	never, failing, silentZero, silent, lastOK string
	states                                     map[mediawatch.HealthState]string
}

var sourceWords = map[string]sourceTexts{
	"vi": {heading: "Nguồn tin cần xem", none: "Mọi nguồn tin đều đọc bình thường.",
		judged: "%s nguồn được theo dõi; %s đang lỗi, %s im lặng.", since: "từ %s",
		never:      "Chưa đọc được lần nào.",
		failing:    "Lỗi %s lần liên tiếp; lỗi gần nhất: %s",
		silentZero: "Không có tin nào trong %s ngày qua, trong khi trung bình %s ngày là %s tin mỗi ngày.",
		silent:     "Trung bình %s tin mỗi ngày trong %s ngày qua, dưới ngưỡng %s (trung bình %s ngày là %s, trừ %s × độ lệch chuẩn %s).",
		lastOK:     "Đọc được lần cuối",
		states:     map[mediawatch.HealthState]string{mediawatch.StateFailing: "đang lỗi", mediawatch.StateSilent: "im lặng"}},
	"en": {heading: "Sources to look at", none: "Every source read normally.",
		judged: "%s sources watched; %s failing, %s silent.", since: "since %s",
		never:      "Never read yet.",
		failing:    "Failed %s times in a row; last error: %s",
		silentZero: "No item in the last %s days, against a %s-day mean of %s a day.",
		silent:     "%s items a day over the last %s days, below the threshold of %s (the %s-day mean %s minus %s × the standard deviation %s).",
		lastOK:     "Last read",
		states:     map[mediawatch.HealthState]string{mediawatch.StateFailing: "failing", mediawatch.StateSilent: "silent"}},
}

func wordsOf(lang string) sourceTexts {
	if lang == "vi" {
		return sourceWords["vi"]
	}
	return sourceWords["en"]
}

// sources makes the section from in.SourceHealth; nil when the input has
// none (a report built without a health check says nothing of sources).
func (c *computation) sources() *Sources {
	if c.in.SourceHealth == nil {
		return nil
	}
	w := wordsOf(c.in.Lang)
	s := &Sources{Troubled: []SourceEntry{}}
	for _, h := range c.in.SourceHealth {
		if h.State == mediawatch.StateDisabled {
			continue
		}
		s.Judged++
		if h.State != mediawatch.StateFailing && h.State != mediawatch.StateSilent {
			continue
		}
		e := SourceEntry{Source: h.Source, Name: c.sourceName(h.Source), State: h.State, StateLabel: w.states[h.State],
			Since: c.local(h.Since), Failures: h.Failures, LastError: h.LastError, Why: c.sourceWhy(w, h)}
		if !h.LastSuccess.IsZero() {
			t := c.local(h.LastSuccess)
			e.LastSuccess = &t
		}
		s.Troubled = append(s.Troubled, e)
	}
	slices.SortStableFunc(s.Troubled, func(a, b SourceEntry) int {
		return cmp.Or(cmp.Compare(stateOrder(a.State), stateOrder(b.State)), cmp.Compare(a.Name, b.Name))
	})
	return s
}

func stateOrder(s mediawatch.HealthState) int {
	if s == mediawatch.StateFailing {
		return 0
	}
	return 1
}

// sourceWhy says why h is failing or silent, in the report's language.
func (c *computation) sourceWhy(w sourceTexts, h SourceHealth) string {
	m := c.m
	switch {
	case h.State == mediawatch.StateFailing && h.NeverCrawled:
		return w.never
	case h.State == mediawatch.StateFailing:
		why := h.LastError
		if c.in.ExplainError != nil {
			why = c.in.ExplainError(c.in.Lang, why)
		}
		return fmt.Sprintf(w.failing, m.num(h.Failures), why)
	case h.RecentMean == 0:
		return fmt.Sprintf(w.silentZero, m.num(h.RecentDays), m.num(h.BaselineDays), figure(m, h.BaselineMean))
	}
	return fmt.Sprintf(w.silent, figure(m, h.RecentMean), m.num(h.RecentDays), figure(m, h.BaselineMean-h.Sigma*h.BaselineSD),
		m.num(h.BaselineDays), figure(m, h.BaselineMean), figure(m, h.Sigma), figure(m, h.BaselineSD))
}

// figure writes a mean or a deviation to one decimal, or two below 1, so
// that a source of one item a month reads 0,03 a day, not 0,0.
func figure(m *messages, f float64) string {
	if f > 0 && f < 1 {
		return m.dec(f, 2)
	}
	return m.dec(f, 1)
}

// SourcesHeading is the section's heading in the view's language.
func (v *view) SourcesHeading() string { return wordsOf(v.D.Lang).heading }

// SourcesLine sums the section up: how many watched, failing, silent.
func (v *view) SourcesLine() string {
	s := v.D.Sources
	failing := 0
	for _, e := range s.Troubled {
		if e.State == mediawatch.StateFailing {
			failing++
		}
	}
	line := fmt.Sprintf(wordsOf(v.D.Lang).judged, v.Num(s.Judged), v.Num(failing), v.Num(len(s.Troubled)-failing))
	if len(s.Troubled) == 0 {
		line += " " + wordsOf(v.D.Lang).none
	}
	return line
}

// SourceSince says since when e is in its state.
func (v *view) SourceSince(e SourceEntry) string {
	return fmt.Sprintf(wordsOf(v.D.Lang).since, v.When(e.Since))
}

// mdSources writes the sources section, when the report has one.
func mdSources(b *strings.Builder, v *view) {
	if v.D.Sources == nil {
		return
	}
	fmt.Fprintf(b, "\n## %s\n\n%s\n", md(v.SourcesHeading()), md(v.SourcesLine()))
	if len(v.D.Sources.Troubled) > 0 {
		b.WriteString("\n")
	}
	for _, e := range v.D.Sources.Troubled {
		fmt.Fprintf(b, "- **%s** (%s, %s): %s\n", md(e.Name), md(e.StateLabel), md(v.SourceSince(e)), md(e.Why))
	}
}

// sourceHealth reads the sources' health for the report, when the builder
// has a reader; nil otherwise.
func (b *Builder) sourceHealth(ctx context.Context) ([]SourceHealth, error) {
	if b.SourceHealth == nil {
		return nil, nil
	}
	hs, err := b.SourceHealth(ctx)
	if err != nil {
		return nil, fmt.Errorf("read source health: %w", err)
	}
	if hs == nil {
		hs = []SourceHealth{}
	}
	return hs, nil
}

// SourceWhyHeading heads the column of reasons.
func (v *view) SourceWhyHeading() string {
	if v.D.Lang == "vi" {
		return "Lý do"
	}
	return "Why"
}
