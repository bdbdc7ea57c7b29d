package web

import (
	"html"
	"html/template"
	"math"
	"strconv"
	"time"

	"mediawatch"
)

// volumeChart is the per-day volume chart of a search, drawn as inline SVG by
// the template (classes only, no style): bars on a y axis whose top is the
// nearest "nice" number above the busiest day (a day of 3 items is not
// drawn against 0–100), with a few day labels along the bottom.
type volumeChart struct {
	W, H    int // the viewBox
	Bars    []volumeBar
	Ticks   []volumeTick
	XLabels []volumeLabel
	Top     int // the axis's top value
	// PerBar is how many days one bar sums: 1 up to volMaxBars days,
	// then enough that a year is about volMaxBars bars — legible, and
	// light to send.
	PerBar int
}

type volumeBar struct {
	X, Y, W, H float64
	Day, Last  string // the first and last day it sums (equal for one day)
	N          int
}

type volumeTick struct {
	Y float64
	N int
}

type volumeLabel struct {
	X   float64
	Day string
}

// Geometry of the chart, in viewBox units.
const (
	volW, volH       = 640, 180
	volLeft          = 44
	volRight         = 8
	volTop           = 10
	volBottom        = 24
	volMaxFilledDays = 400 // beyond this span, only the days with matches
	volLabelsAtMost  = 6
	volTicksAtMost   = 4
	volMaxBars       = 62
)

// newVolumeChart lays out days (oldest first); nil when there is nothing to
// draw. Days without matches between the first and the last are drawn as
// empty, so the gaps show.
func newVolumeChart(days []mediawatch.DayCount) *volumeChart {
	if len(days) == 0 {
		return nil
	}
	days = fillVolumeDays(days)
	per := max(1, (len(days)+volMaxBars-1)/volMaxBars)
	var groups []volumeBar
	for i := 0; i < len(days); i += per {
		g := volumeBar{Day: days[i].Day}
		for _, d := range days[i:min(len(days), i+per)] {
			g.N += d.N
			g.Last = d.Day
		}
		groups = append(groups, g)
	}
	most := 0
	for _, g := range groups {
		most = max(most, g.N)
	}
	step := volumeStep(most)
	c := &volumeChart{W: volW, H: volH, PerBar: per}
	c.Top = max(step, int(math.Ceil(float64(most)/float64(step)))*step)
	plotW, plotH := float64(volW-volLeft-volRight), float64(volH-volTop-volBottom)
	slot := plotW / float64(len(groups))
	gap := math.Min(2, slot*0.2)
	for i, g := range groups {
		h := plotH * float64(g.N) / float64(c.Top)
		g.X, g.Y, g.W, g.H = volLeft+float64(i)*slot+gap/2, volTop+plotH-h, slot-gap, h
		c.Bars = append(c.Bars, g)
	}
	for n := 0; n <= c.Top; n += step {
		c.Ticks = append(c.Ticks, volumeTick{Y: volTop + plotH - plotH*float64(n)/float64(c.Top), N: n})
	}
	every := max(1, (len(groups)+volLabelsAtMost-1)/volLabelsAtMost)
	for i := 0; i < len(groups); i += every {
		c.XLabels = append(c.XLabels, volumeLabel{X: volLeft + (float64(i)+0.5)*slot, Day: groups[i].Day})
	}
	return c
}

// volumeStep is the tick step for an axis up to most: 1, 2 or 5 times a
// power of ten, giving at most volTicksAtMost steps.
func volumeStep(most int) int {
	if most <= volTicksAtMost {
		return 1
	}
	raw := float64(most) / volTicksAtMost
	pow := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*pow >= raw {
			return int(m * pow)
		}
	}
	return int(10 * pow)
}

// fillVolumeDays adds the days without matches between the first and last, when
// the span is short enough to draw day by day.
func fillVolumeDays(days []mediawatch.DayCount) []mediawatch.DayCount {
	first, err1 := time.Parse(time.DateOnly, days[0].Day)
	last, err2 := time.Parse(time.DateOnly, days[len(days)-1].Day)
	if err1 != nil || err2 != nil || last.Sub(first) > volMaxFilledDays*24*time.Hour {
		return days
	}
	out := make([]mediawatch.DayCount, 0, int(last.Sub(first).Hours()/24)+1)
	next := 0 // days is sorted: walk it beside the calendar
	for t := first; !t.After(last); t = t.AddDate(0, 0, 1) {
		k := t.Format(time.DateOnly)
		n := 0
		for next < len(days) && days[next].Day <= k {
			if days[next].Day == k {
				n += days[next].N
			}
			next++
		}
		out = append(out, mediawatch.DayCount{Day: k, N: n})
	}
	return out
}

// volumeMarkup is the chart's bars, grid, labels and the same figures as a
// table, written at once: a year is some 60 bars of six attributes each,
// and html/template escaping each value on its own was a third of the
// page's time. Every text is escaped here; numbers are formatted, not
// copied; only classes style it (the CSP allows no inline style).
type volumeMarkup struct {
	SVG   template.HTML // inside <svg>: grid lines, axis labels, bars
	Table template.HTML // <tr> rows: period, count
}

func (c *volumeChart) markup(lang string) volumeMarkup {
	svg := make([]byte, 0, 160*len(c.Bars)+400)
	tab := make([]byte, 0, 48*len(c.Bars))
	f := func(b []byte, x float64) []byte { return strconv.AppendFloat(b, x, 'f', 1, 64) }
	for _, t := range c.Ticks {
		svg = append(svg, `<line class="grid" x1="`+strconv.Itoa(volLeft)+`" x2="`+strconv.Itoa(volW-volRight)+`" y1="`...)
		svg = f(svg, t.Y)
		svg = append(svg, `" y2="`...)
		svg = f(svg, t.Y)
		svg = append(svg, `"></line><text class="axis" x="`+strconv.Itoa(volLeft-4)+`" y="`...)
		svg = f(svg, t.Y)
		svg = append(svg, `" dy="4" text-anchor="end">`+formatInt(lang, int64(t.N))+`</text>`...)
	}
	for _, b := range c.Bars {
		period := html.EscapeString(b.Day)
		if b.Last != b.Day {
			period += " – " + html.EscapeString(b.Last)
		}
		n := formatInt(lang, int64(b.N))
		svg = append(svg, `<rect class="bar" x="`...)
		svg = f(svg, b.X)
		svg = append(svg, `" y="`...)
		svg = f(svg, b.Y)
		svg = append(svg, `" width="`...)
		svg = f(svg, b.W)
		svg = append(svg, `" height="`...)
		svg = f(svg, b.H)
		svg = append(svg, `"><title>`+period+": "+n+`</title></rect>`...)
		tab = append(tab, "<tr><td>"+period+"</td><td>"+n+"</td></tr>"...)
	}
	for _, l := range c.XLabels {
		svg = append(svg, `<text class="axis" x="`...)
		svg = f(svg, l.X)
		svg = append(svg, `" y="`+strconv.Itoa(volH-6)+`" text-anchor="middle">`+html.EscapeString(l.Day)+`</text>`...)
	}
	return volumeMarkup{SVG: template.HTML(svg), Table: template.HTML(tab)}
}
