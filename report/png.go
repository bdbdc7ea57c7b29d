package report

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
)

// The PNG chart is drawn at twice the SVG's geometry, so that it stays
// sharp on a phone's dense screen when the mail shows it 100% wide.
const pngScale = 2

var (
	pngItems = color.RGBA{0x4a, 0x90, 0xd9, 0xff}
	pngFlag  = color.RGBA{0xc6, 0x28, 0x28, 0xff}
	pngGrid  = color.RGBA{0xdd, 0xdd, 0xdd, 0xff}
	pngBase  = color.RGBA{0x88, 0x88, 0x88, 0xff}
)

// ChartPNG draws the volume chart as a PNG for e-mail clients that do
// not show SVG (Gmail, Outlook): the same bars and grid lines as Chart,
// on the same axis, without text. Its numbers, dates and legend are in
// the HTML beside it (the mail's figures table and the image's alt text),
// where the reader's own fonts draw Vietnamese properly; no font has to
// be embedded in the binary.
func ChartPNG(volume []DayVolume) ([]byte, error) {
	w, h := chartW*pngScale, chartH*pngScale
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fill(img, img.Bounds(), color.White)
	if len(volume) > 0 {
		top, step := niceAxis(peakOf(volume))
		for t := 0; t <= top; t += step {
			y := int(math.Round(yOf(t, top) * pngScale))
			fill(img, image.Rect(chartLeft*pngScale, y-1, (chartW-chartRight)*pngScale, y+1), pngGrid)
			if t > top-step {
				break
			}
		}
		slot := float64(chartW-chartLeft-chartRight) / float64(len(volume))
		bar := math.Max(slot*0.4, 1)
		base := yOf(0, top)
		for i, v := range volume {
			x := float64(chartLeft) + slot*float64(i) + slot*0.1
			for j, n := range []int{v.Items, v.Flagged} {
				c := pngItems
				if j == 1 {
					c = pngFlag
				}
				x0 := x + bar*float64(j)
				r := image.Rect(px(x0), px(yOf(n, top)), px(x0+bar), px(base))
				fill(img, r, c)
			}
		}
		y := px(base)
		fill(img, image.Rect(chartLeft*pngScale, y-1, (chartW-chartRight)*pngScale, y+1), pngBase)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("chart png: %w", err)
	}
	return b.Bytes(), nil
}

// px is a user-unit coordinate in the PNG's pixels.
func px(v float64) int { return int(math.Round(v * pngScale)) }

func fill(img *image.RGBA, r image.Rectangle, c color.Color) {
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			img.Set(x, y, c)
		}
	}
}
