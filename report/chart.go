package report

import (
	"fmt"
	"html"
	"math"
	"strings"
	"time"
)

// Chart geometry, in SVG user units (pixels at 100%).
const (
	chartW, chartH          = 720, 240
	chartLeft, chartRight   = 48, 24
	chartTop, chartBottom   = 30, 26
	colourItems, colourFlag = "#4a90d9", "#c62828"
	chartFont               = "Arial, Helvetica, sans-serif"
)

// Chart draws volume as an inline SVG bar chart: for each day a blue bar
// of new items beside a red bar of flagged items, with a value axis, date
// labels every five days (the last day always), a legend, and an
// accessible <title> and <desc> in lang ("vi" or "en"). It uses no
// script, no CSS classes and no external resources, so that it survives
// mail clients that keep inline SVG; every label is escaped.
func Chart(volume []DayVolume, lang string) string {
	m := catalog(lang)
	var b strings.Builder
	last := ""
	if len(volume) > 0 {
		last = volume[len(volume)-1].Date
	}
	peak := 0
	for _, v := range volume {
		peak = max(peak, v.Items, v.Flagged)
	}
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" style="max-width:100%%;height:auto" role="img" aria-labelledby="mw-chart-title mw-chart-desc" font-family="%s" font-size="11">`,
		chartW, chartH, chartW, chartH, chartFont)
	fmt.Fprintf(&b, `<title id="mw-chart-title">%s</title>`, esc(fmt.Sprintf(m.ChartTitle, m.date(last))))
	fmt.Fprintf(&b, `<desc id="mw-chart-desc">%s</desc>`, esc(fmt.Sprintf(m.ChartDesc, m.num(peak))))
	fmt.Fprintf(&b, `<rect x="0" y="0" width="%d" height="%d" fill="#ffffff"/>`, chartW, chartH)
	legend(&b, m)
	if len(volume) == 0 {
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" fill="#555555">%s</text></svg>`, chartW/2, chartH/2, esc(m.NoData))
		return b.String()
	}
	top := niceMax(peak)
	axis(&b, m, top)
	bars(&b, m, volume, top)
	b.WriteString(`</svg>`)
	return b.String()
}

// niceMax is the top of the value axis: the smallest of 1, 2, 4, 10, 20,
// 40, 100, … at least peak, so that its half is a round number too.
func niceMax(peak int) int {
	if peak <= 1 {
		return 1
	}
	for mag := 1; ; mag *= 10 {
		for _, f := range []int{2, 4, 10} {
			if f*mag >= peak {
				return f * mag
			}
		}
		if mag > math.MaxInt/100 {
			return peak
		}
	}
}

func legend(b *strings.Builder, m *messages) {
	x := chartLeft
	for _, l := range []struct{ colour, text string }{{colourItems, m.Legend}, {colourFlag, m.LegendFlagged}} {
		fmt.Fprintf(b, `<rect x="%d" y="8" width="12" height="12" fill="%s"/><text x="%d" y="18" fill="#333333">%s</text>`,
			x, l.colour, x+16, esc(l.text))
		x += 150
	}
}

// axis draws the horizontal grid lines and their values.
func axis(b *strings.Builder, m *messages, top int) {
	ticks := []int{0, top}
	if top > 1 {
		ticks = []int{0, top / 2, top}
	}
	for _, t := range ticks {
		y := yOf(t, top)
		fmt.Fprintf(b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#dddddd" stroke-width="1"/>`,
			chartLeft, y, chartW-chartRight, y)
		fmt.Fprintf(b, `<text x="%d" y="%.1f" text-anchor="end" fill="#555555">%s</text>`, chartLeft-6, y+4, esc(m.num(t)))
	}
}

// yOf is the vertical position of value v on an axis topped at top.
func yOf(v, top int) float64 {
	plot := float64(chartH - chartTop - chartBottom)
	return float64(chartTop) + plot - plot*float64(v)/float64(top)
}

// bars draws one group per day with a tooltip title, and the date labels.
func bars(b *strings.Builder, m *messages, volume []DayVolume, top int) {
	slot := float64(chartW-chartLeft-chartRight) / float64(len(volume))
	bar := math.Max(slot*0.4, 1)
	base := yOf(0, top)
	for i, v := range volume {
		x := float64(chartLeft) + slot*float64(i) + slot*0.1
		fmt.Fprintf(b, `<g><title>%s: %s %s, %s %s</title>`, esc(m.date(v.Date)),
			esc(m.num(v.Items)), esc(m.Legend), esc(m.num(v.Flagged)), esc(m.LegendFlagged))
		for j, n := range []int{v.Items, v.Flagged} {
			y := yOf(n, top)
			colour := colourItems
			if j == 1 {
				colour = colourFlag
			}
			fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`, x+bar*float64(j), y, bar, base-y, colour)
		}
		b.WriteString(`</g>`)
		if (len(volume)-1-i)%5 == 0 {
			fmt.Fprintf(b, `<text x="%.1f" y="%d" text-anchor="middle" fill="#555555">%s</text>`,
				x+bar, chartH-8, esc(shortDate(v.Date, m)))
		}
	}
}

// shortDate is a date without its year for the axis: 14/03 or Mar 14.
func shortDate(date string, m *messages) string {
	d, err := time.Parse(DateLayout, date)
	if err != nil {
		return date
	}
	return d.Format(m.dayLayout)
}

func esc(s string) string { return html.EscapeString(s) }
