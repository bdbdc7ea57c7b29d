package web

import (
	"math"
	"time"

	"mediawatch"
)

// dayChart is the per-day volume chart of a search, drawn as inline SVG by
// the template (classes only, no style): bars on a y axis whose top is the
// nearest "nice" number above the busiest day (a day of 3 items is not
// drawn against 0–100), with a few day labels along the bottom.
type dayChart struct {
	W, H    int // the viewBox
	Bars    []chartBar
	Ticks   []chartTick
	XLabels []chartLabel
	Top     int // the axis's top value
	Days    []mediawatch.DayCount
}

type chartBar struct {
	X, Y, W, H float64
	Day        string
	N          int
}

type chartTick struct {
	Y float64
	N int
}

type chartLabel struct {
	X   float64
	Day string
}

// Geometry of the chart, in viewBox units.
const (
	chartW, chartH     = 640, 180
	chartLeft          = 44
	chartRight         = 8
	chartTop           = 10
	chartBottom        = 24
	maxChartFilledDays = 400 // beyond this span, only the days with matches
	chartLabelsAtMost  = 6
	chartTicksAtMost   = 4
)

// newDayChart lays out days (oldest first); nil when there is nothing to
// draw. Days without matches between the first and the last are drawn as
// empty, so the gaps show.
func newDayChart(days []mediawatch.DayCount) *dayChart {
	if len(days) == 0 {
		return nil
	}
	days = fillDays(days)
	most := 0
	for _, d := range days {
		most = max(most, d.N)
	}
	step := niceStep(most)
	c := &dayChart{W: chartW, H: chartH, Days: days}
	c.Top = max(step, int(math.Ceil(float64(most)/float64(step)))*step)
	plotW, plotH := float64(chartW-chartLeft-chartRight), float64(chartH-chartTop-chartBottom)
	slot := plotW / float64(len(days))
	gap := math.Min(2, slot*0.2)
	for i, d := range days {
		h := plotH * float64(d.N) / float64(c.Top)
		c.Bars = append(c.Bars, chartBar{X: chartLeft + float64(i)*slot + gap/2, Y: chartTop + plotH - h,
			W: slot - gap, H: h, Day: d.Day, N: d.N})
	}
	for n := 0; n <= c.Top; n += step {
		c.Ticks = append(c.Ticks, chartTick{Y: chartTop + plotH - plotH*float64(n)/float64(c.Top), N: n})
	}
	every := max(1, (len(days)+chartLabelsAtMost-1)/chartLabelsAtMost)
	for i := 0; i < len(days); i += every {
		c.XLabels = append(c.XLabels, chartLabel{X: chartLeft + (float64(i)+0.5)*slot, Day: days[i].Day})
	}
	return c
}

// niceStep is the tick step for an axis up to most: 1, 2 or 5 times a
// power of ten, giving at most chartTicksAtMost steps.
func niceStep(most int) int {
	if most <= chartTicksAtMost {
		return 1
	}
	raw := float64(most) / chartTicksAtMost
	pow := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*pow >= raw {
			return int(m * pow)
		}
	}
	return int(10 * pow)
}

// fillDays adds the days without matches between the first and last, when
// the span is short enough to draw day by day.
func fillDays(days []mediawatch.DayCount) []mediawatch.DayCount {
	first, err1 := time.Parse(time.DateOnly, days[0].Day)
	last, err2 := time.Parse(time.DateOnly, days[len(days)-1].Day)
	if err1 != nil || err2 != nil || last.Sub(first) > maxChartFilledDays*24*time.Hour {
		return days
	}
	have := map[string]int{}
	for _, d := range days {
		have[d.Day] = d.N
	}
	var out []mediawatch.DayCount
	for t := first; !t.After(last); t = t.AddDate(0, 0, 1) {
		k := t.Format(time.DateOnly)
		out = append(out, mediawatch.DayCount{Day: k, N: have[k]})
	}
	return out
}
