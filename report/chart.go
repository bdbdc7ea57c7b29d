package report

import (
	"fmt"
	"html"
	"math"
	"strings"
	"time"
)

// Chart geometry, in SVG user units. The viewBox is narrow on purpose: the
// SVG is drawn at width 100%, so at a phone's 360 px a 400-unit box keeps
// a 15-unit font near 12 px in a phone's column, where the old 720-unit
// box shrank an 11-unit font to 5 px.
const (
	chartW, chartH          = 400, 230
	chartLeft, chartRight   = 50, 22
	chartTop, chartBottom   = 30, 24
	colourItems, colourFlag = "#4a90d9", "#c62828"
	chartFont               = "Arial, Helvetica, sans-serif"
	chartFontSize           = 15
	// labelWidth is the room one date label needs ("Mar 14", "14/03"),
	// in user units; labels are thinned to every k-th day to keep it.
	labelWidth = 48
)

// Chart draws volume as an inline SVG bar chart: for each day a blue bar
// of new items beside a red bar of flagged items, with a value axis whose
// ticks fit the data (niceAxis), date labels thinned to what the width
// holds (the last day always), a legend, and an accessible <title> and
// <desc> in lang ("vi" or "en"). It scales to its container (viewBox,
// width 100%) and uses no script, no style attribute, no class and no
// external resource, so that it is allowed under a CSP of `style-src
// 'self'`; every label is escaped.
func Chart(volume []DayVolume, lang string) string {
	m := catalog(lang)
	var b strings.Builder
	last := ""
	if len(volume) > 0 {
		last = volume[len(volume)-1].Date
	}
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="100%%" viewBox="0 0 %d %d" preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby="mw-chart-title mw-chart-desc" font-family="%s" font-size="%d">`,
		chartW, chartH, chartFont, chartFontSize)
	fmt.Fprintf(&b, `<title id="mw-chart-title">%s</title>`, esc(fmt.Sprintf(m.ChartTitle, m.date(last))))
	fmt.Fprintf(&b, `<desc id="mw-chart-desc">%s</desc>`, esc(chartDesc(volume, m)))
	fmt.Fprintf(&b, `<rect x="0" y="0" width="%d" height="%d" fill="#ffffff"/>`, chartW, chartH)
	legend(&b, m)
	if len(volume) == 0 {
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" fill="#555555">%s</text></svg>`, chartW/2, chartH/2, esc(m.NoData))
		return b.String()
	}
	top, step := niceAxis(peakOf(volume))
	axis(&b, m, top, step)
	bars(&b, m, volume, top)
	b.WriteString(`</svg>`)
	return b.String()
}

// chartDesc says what the chart shows, for its <desc> and the PNG's alt.
func chartDesc(volume []DayVolume, m *messages) string {
	return fmt.Sprintf(m.ChartDesc, m.num(peakOf(volume)))
}

// peakOf is the largest count the chart draws.
func peakOf(volume []DayVolume) int {
	peak := 0
	for _, v := range volume {
		peak = max(peak, v.Items, v.Flagged)
	}
	return peak
}

// niceAxis is the value axis for a peak: ticks every step, where step is
// 1, 2 or 5 times a power of ten, from 0 to top, the first tick above the
// peak, in at most 5 intervals — the smallest such step. A day of 45
// items gets 0–50 by tens, one of 3 gets 0–4 by ones, an empty chart 0–1.
// top stays above the peak so that the tallest bar never touches the
// frame, and within half the peak plus one of it (TestNiceAxis).
func niceAxis(peak int) (top, step int) {
	if peak < 1 {
		return 1, 1
	}
	for mag := 1; ; mag *= 10 {
		for _, f := range []int{1, 2, 5} {
			s := f * mag
			if n := peak/s + 1; n <= 5 {
				return s * n, s
			}
		}
		if mag > math.MaxInt/100 {
			return peak, peak
		}
	}
}

func legend(b *strings.Builder, m *messages) {
	x := chartLeft
	for _, l := range []struct{ colour, text string }{{colourItems, m.Legend}, {colourFlag, m.LegendFlagged}} {
		fmt.Fprintf(b, `<rect x="%d" y="8" width="12" height="12" fill="%s"/><text x="%d" y="19" fill="#333333">%s</text>`,
			x, l.colour, x+16, esc(l.text))
		x += 140
	}
}

// axis draws the horizontal grid lines and their values.
func axis(b *strings.Builder, m *messages, top, step int) {
	for t := 0; t <= top; t += step {
		y := yOf(t, top)
		fmt.Fprintf(b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#dddddd" stroke-width="1"/>`,
			chartLeft, y, chartW-chartRight, y)
		fmt.Fprintf(b, `<text x="%d" y="%.1f" text-anchor="end" fill="#555555">%s</text>`, chartLeft-5, y+4, esc(m.num(t)))
		if t > top-step {
			break
		}
	}
}

// yOf is the vertical position of value v on an axis topped at top.
func yOf(v, top int) float64 {
	plot := float64(chartH - chartTop - chartBottom)
	return float64(chartTop) + plot - plot*float64(v)/float64(top)
}

// labelEvery is how many days apart the date labels stand so that they
// do not overlap: 1, 2, 3, 5, 7, 10, 14 or every 30th day.
func labelEvery(days int) int {
	if days <= 0 {
		return 1
	}
	slot := float64(chartW-chartLeft-chartRight) / float64(days)
	for _, k := range []int{1, 2, 3, 5, 7, 10, 14} {
		if slot*float64(k) >= labelWidth {
			return k
		}
	}
	return 30
}

// bars draws one group per day with a tooltip title, and the date labels.
func bars(b *strings.Builder, m *messages, volume []DayVolume, top int) {
	slot := float64(chartW-chartLeft-chartRight) / float64(len(volume))
	bar := math.Max(slot*0.4, 1)
	base := yOf(0, top)
	every := labelEvery(len(volume))
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
		if (len(volume)-1-i)%every == 0 {
			fmt.Fprintf(b, `<text x="%.1f" y="%d" text-anchor="middle" fill="#555555">%s</text>`,
				x+bar, chartH-6, esc(shortDate(v.Date, m)))
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
