package web

import (
	"time"

	"mediawatch"
)

// dayChart is a per-day bar chart drawn as inline SVG by the rule-test
// template: coordinates computed here, colours from style.css classes (no
// style attributes, which the CSP refuses). Every day from the first to
// the last with a count is a bar, days without matches included, so the
// time axis is even; the value axis ends at a round number just above the
// highest day, so a day of 3 is not drawn against 0–100.
type dayChart struct {
	Bars   []chartBar
	Ticks  []chartTick // value axis, from 0 up
	XTicks []chartTick // day labels: first, middle, last
	Desc   string      // what the chart says, in words, for screen readers
	Days   []chartDay  // the same numbers as a table
	Width  int
	Height int
	Left   float64 // the plot's left edge
	Bottom float64 // the plot's baseline
	Right  float64 // the plot's right edge
}

// chartBar is one day's bar.
type chartBar struct {
	X, Y, W, H float64
	Label      string // "03/11/2026: 4"
}

// chartTick is a labelled position on an axis.
type chartTick struct {
	Pos    float64
	Label  string
	Anchor string // text-anchor of a day label: start, middle or end, so none is cut off
}

// chartDay is one row of the chart's table.
type chartDay struct {
	Day string
	N   string
}

const (
	chartW, chartH                           = 480, 220
	chartLeft, chartRight, chartTop, chartLo = 48.0, 8.0, 10.0, 28.0
)

// newDayChart draws counts (sorted by day, as desk gives them). num writes
// a count, label a day "YYYY-MM-DD" in the page's language.
func newDayChart(counts []mediawatch.DayCount, num func(any) string, label func(string) string, desc string) dayChart {
	c := dayChart{Width: chartW, Height: chartH, Left: chartLeft, Bottom: chartH - chartLo, Right: chartW - chartRight, Desc: desc}
	days := fillDays(counts)
	if len(days) == 0 {
		return c
	}
	top, step := axisTop(days)
	plotW, plotH := c.Right-c.Left, c.Bottom-chartTop
	bw := plotW / float64(len(days))
	for v := 0; v <= top; v += step {
		c.Ticks = append(c.Ticks, chartTick{Pos: c.Bottom - plotH*float64(v)/float64(top), Label: num(v)})
	}
	for i, d := range days {
		h := plotH * float64(d.N) / float64(top)
		gap := min(bw*0.15, 2)
		c.Bars = append(c.Bars, chartBar{X: c.Left + float64(i)*bw + gap, Y: c.Bottom - h, W: max(bw-2*gap, 1), H: h,
			Label: label(d.Day) + ": " + num(d.N)})
		c.Days = append(c.Days, chartDay{Day: label(d.Day), N: num(d.N)})
	}
	idx := xTickIndexes(len(days))
	for k, i := range idx {
		t := chartTick{Pos: c.Left + (float64(i)+0.5)*bw, Label: label(days[i].Day), Anchor: "middle"}
		switch {
		case len(idx) == 1:
		case k == 0:
			t.Pos, t.Anchor = c.Left, "start"
		case k == len(idx)-1:
			t.Pos, t.Anchor = c.Right, "end"
		}
		c.XTicks = append(c.XTicks, t)
	}
	return c
}

// fillDays adds the days without matches between the first and the last.
func fillDays(counts []mediawatch.DayCount) []mediawatch.DayCount {
	if len(counts) == 0 {
		return nil
	}
	first, err1 := time.Parse(time.DateOnly, counts[0].Day)
	last, err2 := time.Parse(time.DateOnly, counts[len(counts)-1].Day)
	if err1 != nil || err2 != nil || last.Sub(first) > 3*366*24*time.Hour {
		return counts // not days, or too many to draw one by one: as given
	}
	have := map[string]int{}
	for _, c := range counts {
		have[c.Day] = c.N
	}
	var out []mediawatch.DayCount
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		k := d.Format(time.DateOnly)
		out = append(out, mediawatch.DayCount{Day: k, N: have[k]})
	}
	return out
}

// axisTop is the value axis's end and step: a step of 1, 2 or 5 times a
// power of ten giving at most five steps, and the first multiple of it at
// or above the highest count (1 when every count is 0).
func axisTop(days []mediawatch.DayCount) (top, step int) {
	hi := 0
	for _, d := range days {
		hi = max(hi, d.N)
	}
	if hi == 0 {
		return 1, 1
	}
	for p := 1; ; p *= 10 {
		for _, m := range []int{1, 2, 5} {
			step = m * p
			if (hi+step-1)/step <= 5 {
				return (hi + step - 1) / step * step, step
			}
		}
	}
}

// xTickIndexes are the bars that get a day label: the first, the last and
// the middle one, as fit.
func xTickIndexes(n int) []int {
	switch {
	case n == 1:
		return []int{0}
	case n < 5:
		return []int{0, n - 1}
	}
	return []int{0, n / 2, n - 1}
}

// dayLabel writes a day "YYYY-MM-DD" the language's way.
func dayLabel(lang, day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return formatDate(lang, time.UTC, t)
}
