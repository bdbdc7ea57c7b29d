package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"mediawatch"
)

// svgElement is one element of a parsed chart.
type svgElement struct {
	name  string
	attrs map[string]string
	text  string
}

// parseSVG reads a chart as XML, failing the test if it is not well formed.
func parseSVG(t *testing.T, s string) []svgElement {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(s))
	var out []svgElement
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("chart is not well-formed XML: %v\n%s", err, s)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := svgElement{name: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				e.attrs[a.Name.Local] = a.Value
			}
			out = append(out, e)
		case xml.CharData:
			if len(out) > 0 {
				out[len(out)-1].text += string(tok)
			}
		}
	}
}

func TestChart(t *testing.T) {
	d := fixtureDaily(t, "vi")
	els := parseSVG(t, Chart(d.Volume, "vi"))
	if els[0].name != "svg" || els[0].attrs["role"] != "img" || els[0].attrs["aria-labelledby"] == "" {
		t.Fatalf("root = %+v, want an accessible <svg role=img>", els[0])
	}
	// Legible at a phone's 360 px: the chart scales to the width, and its
	// font, scaled with it, stays at 11 px or more; no style attribute,
	// which the web UI's CSP would refuse.
	root := els[0].attrs
	var vbW, vbH, font float64
	if _, err := fmt.Sscanf(root["viewBox"], "0 0 %g %g", &vbW, &vbH); err != nil || root["width"] != "100%" {
		t.Errorf("svg viewBox %q width %q: want a viewBox drawn 100%% wide", root["viewBox"], root["width"])
	}
	font, _ = strconv.ParseFloat(root["font-size"], 64)
	if px := font * 360 / vbW; px < 11 {
		t.Errorf("at 360 px the chart's text is %.1f px, want at least 11", px)
	}
	for _, e := range els {
		if e.attrs["style"] != "" || e.attrs["class"] != "" {
			t.Errorf("<%s> has a style or class: the chart draws with attributes only", e.name)
		}
	}
	if els[1].name != "title" || els[1].text != "Số tin mỗi ngày trong 30 ngày, đến hết ngày 14/03/2025" {
		t.Errorf("first child = %+v, want the chart's <title>", els[1])
	}
	var bars []float64
	var labels []string
	for _, e := range els {
		switch {
		case e.name == "script" || e.name == "image" || e.name == "foreignObject" || e.attrs["href"] != "":
			t.Errorf("chart holds <%s>: no scripts, images or links", e.name)
		case e.name == "rect" && (e.attrs["fill"] == colourItems || e.attrs["fill"] == colourFlag) && e.attrs["y"] != "8":
			h, err := strconv.ParseFloat(e.attrs["height"], 64)
			if err != nil || h < 0 {
				t.Errorf("bar height %q", e.attrs["height"])
			}
			bars = append(bars, h)
		case e.name == "text" && e.attrs["y"] == strconv.Itoa(chartH-6):
			labels = append(labels, e.text)
		}
	}
	if len(bars) != 2*VolumeDays {
		t.Fatalf("%d bars, want two per day (%d)", len(bars), 2*VolumeDays)
	}
	// 2025-03-13 had 8 items, the peak: its bar is the tallest; the axis
	// tops at 10, so it fills 8/10 of the plot.
	plot := float64(chartH - chartTop - chartBottom)
	if got, want := bars[2*(VolumeDays-2)], plot*0.8; math.Abs(got-want) > 0.05 {
		t.Errorf("peak bar height %v, want %v", got, want)
	}
	if bars[0] != 0 || math.Abs(bars[2*(VolumeDays-1)+1]-plot*0.5) > 0.05 {
		t.Errorf("first day empty and last day's 5 flagged must be half the plot: %v, %v", bars[0], bars[2*(VolumeDays-1)+1])
	}
	if want := []string{"17/02", "22/02", "27/02", "04/03", "09/03", "14/03"}; strings.Join(labels, " ") != strings.Join(want, " ") {
		t.Errorf("date labels %v, want %v", labels, want)
	}
}

func TestChartEnglishAndEscaping(t *testing.T) {
	vol := []DayVolume{{Date: "2025-03-13", DayVolume: mediawatch.DayVolume{Items: 3}}, {Date: "2025-03-14", DayVolume: mediawatch.DayVolume{Items: 1234, Flagged: 2}}}
	s := Chart(vol, "en")
	els := parseSVG(t, s)
	if els[1].text != "Items per day, 30 days to 2025-03-14" || !strings.Contains(els[2].text, "Highest: 1,234 items") {
		t.Errorf("title %q desc %q", els[1].text, els[2].text)
	}
	if !strings.Contains(s, ">1,500<") || !strings.Contains(s, ">1,000<") || strings.Contains(s, ">2,000<") {
		t.Errorf("the axis must top at 1,500 with lines every 500 for a peak of 1,234")
	}
	var titles []string
	for _, e := range els {
		if e.name == "title" {
			titles = append(titles, e.text)
		}
	}
	if len(titles) != 3 || titles[2] != "2025-03-14: 1,234 New items, 2 Flagged items" {
		t.Errorf("per-day tooltips %q", titles)
	}
}

func TestChartEmpty(t *testing.T) {
	els := parseSVG(t, Chart(nil, "en"))
	found := false
	for _, e := range els {
		found = found || (e.name == "text" && e.text == "No data yet")
		if e.name == "rect" && e.attrs["y"] != "0" && e.attrs["y"] != "8" {
			t.Errorf("an empty chart draws a bar: %+v", e)
		}
	}
	if !found {
		t.Errorf("an empty chart must say there is no data")
	}
}

func TestNiceAxis(t *testing.T) {
	for _, tc := range []struct{ peak, top, step int }{
		{0, 1, 1}, {1, 2, 1}, {3, 4, 1}, {4, 5, 1}, {5, 6, 2}, {9, 10, 2}, {10, 15, 5}, {45, 50, 10},
		{50, 60, 20}, {99, 100, 20}, {100, 150, 50}, {1234, 1500, 500}, {100000, 150000, 50000},
	} {
		if top, step := niceAxis(tc.peak); top != tc.top || step != tc.step {
			t.Errorf("niceAxis(%d) = %d by %d, want %d by %d", tc.peak, top, step, tc.top, tc.step)
		}
	}
}

// TestNiceAxisProperties checks the axis over random peaks: above the
// peak, not far above it, round steps, two to five intervals.
func TestNiceAxisProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 6))
	for range 20000 {
		peak := r.IntN(10)
		switch r.IntN(3) {
		case 1:
			peak = r.IntN(1000)
		case 2:
			peak = r.IntN(1_000_000_000_000)
		}
		top, step := niceAxis(peak)
		if top <= peak {
			t.Fatalf("niceAxis(%d) top %d is not above the peak", peak, top)
		}
		if peak > 0 && top > peak+peak/2+1 {
			t.Fatalf("niceAxis(%d) top %d wastes more than half the chart", peak, top)
		}
		if top%step != 0 || top/step < 1 || top/step > 5 || (peak > 0 && top/step < 2) {
			t.Fatalf("niceAxis(%d) = %d by %d: want 2 to 5 intervals", peak, top, step)
		}
		m := step
		for m%10 == 0 {
			m /= 10
		}
		if m != 1 && m != 2 && m != 5 {
			t.Fatalf("niceAxis(%d) step %d is not 1, 2 or 5 times a power of ten", peak, step)
		}
	}
}

func TestLabelEvery(t *testing.T) {
	for _, tc := range []struct{ days, want int }{{1, 1}, {5, 1}, {7, 2}, {14, 3}, {30, 5}, {90, 14}} {
		if got := labelEvery(tc.days); got != tc.want {
			t.Errorf("labelEvery(%d) = %d, want %d", tc.days, got, tc.want)
		}
	}
}
