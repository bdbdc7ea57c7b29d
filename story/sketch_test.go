package story

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"mediawatch"
)

// words returns n distinct made-up words starting at word i.
func words(i, n int) string {
	w := make([]string, n)
	for j := range w {
		w[j] = fmt.Sprintf("tu%d", i+j)
	}
	return strings.Join(w, " ")
}

func TestSketchOverlap(t *testing.T) {
	text := words(0, 300)
	for _, tc := range []struct {
		name      string
		a, b      Sketch
		want, tol float64
	}{
		{"identical", NewSketch("", text), NewSketch("", text), 1, 0},
		{"folded and cased alike", NewSketch("", "Sơn La mận hậu vào vụ"), NewSketch("", "SON LA man hau vao vu"), 1, 0},
		{"disjoint", NewSketch("", words(0, 300)), NewSketch("", words(1000, 300)), 0, 0},
		{"empty", NewSketch("", ""), NewSketch("", text), 0, 0},
		// 10 words share 8 of 8 and 8 of 12 shingles: exact, both sketches hold every shingle.
		{"small sets are exact", NewSketch("", words(0, 10)), NewSketch("", words(0, 14)), 8.0 / 12, 1e-9},
		// 298 shingles each, sharing 248 of 348: Jaccard 0.713; 64 hashes estimate it within ±0.17 (3σ).
		{"large sets are estimated", NewSketch("", words(0, 300)), NewSketch("", words(50, 300)), 248.0 / 348, 0.17},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.a.Overlap(tc.b); math.Abs(got-tc.want) > tc.tol {
				t.Errorf("Overlap = %.3f, want %.3f ± %.2f", got, tc.want, tc.tol)
			}
			if got, back := tc.a.Overlap(tc.b), tc.b.Overlap(tc.a); got != back {
				t.Errorf("Overlap not symmetric: %.3f vs %.3f", got, back)
			}
		})
	}
	if n := len(NewSketch("", text)); n != SketchSize {
		t.Errorf("sketch of 298 shingles holds %d hashes, want %d", n, SketchSize)
	}
}

func TestSketchBytes(t *testing.T) {
	s := NewSketch("Mận hậu Sơn La", words(0, 200))
	back, err := SketchFromBytes(s.Bytes())
	if err != nil || back.Overlap(s) != 1 || len(back) != len(s) {
		t.Fatalf("round trip: %v, overlap %.2f, %d of %d hashes", err, back.Overlap(s), len(back), len(s))
	}
	if got, err := SketchFromBytes(nil); err != nil || len(got) != 0 {
		t.Errorf("SketchFromBytes(nil) = %v, %v; want empty", got, err)
	}
	for _, b := range [][]byte{
		{1, 2, 3},                    // not a multiple of 4
		make([]byte, 4*SketchSize+4), // too many hashes
		{2, 0, 0, 0, 1, 0, 0, 0},     // out of order
		{1, 0, 0, 0, 1, 0, 0, 0},     // repeated
	} {
		if _, err := SketchFromBytes(b); !errors.Is(err, mediawatch.ErrInvalid) {
			t.Errorf("SketchFromBytes(% x) = %v, want ErrInvalid", b, err)
		}
	}
}

// TestSecondSignal: a rewrite reworded throughout is one story with its
// original when their sketches overlap, and only then.
func TestSecondSignal(t *testing.T) {
	p := DefaultParams()
	orig := Candidate{Fingerprint: 0, Words: 300, Sketch: NewSketch("", words(0, 300)), Seen: t0}
	far := uint64(1)<<12 - 1 // 12 bits: beyond MaxDistance, within SketchDistance
	for _, tc := range []struct {
		name string
		c    Candidate
		p    func(*Params)
		want bool
	}{
		{"overlapping, 12 bits", Candidate{Fingerprint: far, Words: 300, Sketch: NewSketch("", words(30, 300)), Seen: t0}, nil, true},
		{"overlapping, second signal off", Candidate{Fingerprint: far, Words: 300, Sketch: NewSketch("", words(30, 300)), Seen: t0},
			func(p *Params) { p.SketchDistance = 0 }, false},
		{"overlapping, 21 bits", Candidate{Fingerprint: 1<<21 - 1, Words: 300, Sketch: NewSketch("", words(30, 300)), Seen: t0}, nil, false},
		{"little overlap, 12 bits", Candidate{Fingerprint: far, Words: 300, Sketch: NewSketch("", words(250, 300)), Seen: t0}, nil, false},
		{"overlapping, short", Candidate{Fingerprint: far, Words: 30, Sketch: NewSketch("", words(0, 30)), Seen: t0}, nil, false},
		{"no sketch (stored before sketches)", Candidate{Fingerprint: far, Words: 300, Seen: t0}, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := p
			if tc.p != nil {
				tc.p(&q)
			}
			if got := Same(q, orig, tc.c); got != tc.want {
				t.Errorf("Same = %v, want %v (overlap %.2f)", got, tc.want, orig.Sketch.Overlap(tc.c.Sketch))
			}
		})
	}
}
