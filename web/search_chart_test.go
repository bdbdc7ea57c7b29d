package web

import (
	"fmt"
	"strings"
	"testing"

	"mediawatch"
)

func TestDayChart(t *testing.T) {
	// A day of 3 items is drawn against 0–3, not 0–100; the gap day shows.
	c := newVolumeChart([]mediawatch.DayCount{{Day: "2026-11-20", N: 3}, {Day: "2026-11-22", N: 1}})
	if c.Top != 3 || len(c.Bars) != 3 || c.Bars[1].N != 0 || c.PerBar != 1 {
		t.Fatalf("chart %+v", c)
	}
	if c.Bars[0].Y != volTop || c.Bars[1].H != 0 {
		t.Fatalf("the busiest bar reaches the top: %+v", c.Bars)
	}
	// 45 items on the busiest day: an axis to 50 in steps of 10 or 20.
	c = newVolumeChart([]mediawatch.DayCount{{Day: "2026-11-20", N: 45}})
	if c.Top != 50 && c.Top != 60 {
		t.Fatalf("top %d for 45", c.Top)
	}
	// A year is summed into at most volMaxBars bars.
	var year []mediawatch.DayCount
	total := 0
	for i := range 365 {
		d := fmt.Sprintf("2026-%02d-%02d", i/28%12+1, i%28+1)
		if len(year) > 0 && d <= year[len(year)-1].Day {
			continue
		}
		year = append(year, mediawatch.DayCount{Day: d, N: i % 7})
		total += i % 7
	}
	c = newVolumeChart(year)
	sum := 0
	for _, b := range c.Bars {
		sum += b.N
	}
	if len(c.Bars) > volMaxBars || sum != total || c.PerBar < 2 {
		t.Fatalf("%d bars of %d days, sum %d want %d", len(c.Bars), c.PerBar, sum, total)
	}
	m := c.markup("en")
	if strings.Count(string(m.Table), "<tr>") != len(c.Bars) || !strings.Contains(string(m.SVG), `<rect class="bar"`) ||
		strings.Contains(string(m.SVG), "style") {
		t.Fatalf("markup %s", m.SVG)
	}
	if newVolumeChart(nil) != nil {
		t.Fatal("a chart of nothing")
	}
}
