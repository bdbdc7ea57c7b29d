package story

import (
	"encoding/binary"
	"fmt"
	"slices"

	"mediawatch"
)

// SketchSize is the most hashes a Sketch keeps.
const SketchSize = 64

// shingleWords is the length of the shingles a Sketch is taken over.
const shingleWords = 3

// Sketch is a bottom-k MinHash of an item's 3-word shingles: the
// SketchSize smallest distinct 32-bit shingle hashes, in ascending order
// (all of them when the item has fewer shingles). Two sketches estimate
// the share of shingles the two items have in common (Overlap), the
// second signal of Same: a light rewrite reworded in every paragraph
// moves the fingerprint 8 to 20 bits, but keeps half of its 3-word
// shingles, where separately written reports of one event keep under a
// quarter (BENCHMARKS.md, issue 5).
//
// A Sketch is stored with its item; the words (folded, stop words kept),
// the shingling and the hash must not change without recomputing every
// stored sketch.
type Sketch []uint32

// NewSketch returns the sketch of an item's title and text. Title and
// text are shingled apart; a part of fewer than three words contributes
// one shingle of all its words.
func NewSketch(title, text string) Sketch {
	return withWords(title, text, sketchOf)
}

// sketchOf returns the sketch of w. It keeps the SketchSize smallest
// distinct hashes as it goes, unsorted, with the largest of them: once it
// holds SketchSize, most shingles are larger and cost one comparison (it
// sorted every shingle's hash).
func sketchOf(w *foldedWords) Sketch {
	var keep [SketchSize]uint32
	n, top := 0, 0 // keep[:n] held; keep[top] the largest, once n == SketchSize
	add := func(h uint32) {
		if n == SketchSize && h >= keep[top] || slices.Contains(keep[:n], h) {
			return
		}
		if n < SketchSize {
			keep[n] = h
			n++
			if n < SketchSize {
				return
			}
		} else {
			keep[top] = h
		}
		top = 0
		for i, k := range keep {
			if k > keep[top] {
				top = i
			}
		}
	}
	for _, ws := range w.parts() {
		k := min(shingleWords, len(ws))
		for i := 0; k > 0 && i+k <= len(ws); i++ {
			// The shingle's words a space apart: FNV-1a over them is
			// the hash of the words with a space hashed between each two.
			add(uint32(mix(hashWord(w.bytes(ws, i, i+k))) >> 32))
		}
	}
	hs := Sketch(slices.Clone(keep[:n]))
	slices.Sort(hs)
	return hs
}

// Overlap estimates the Jaccard similarity of the two items' shingle
// sets: of the SketchSize smallest hashes of their union, the share that
// both sketches hold. It is exact when both items have fewer shingles
// than SketchSize, and 0 when either sketch is empty.
func (s Sketch) Overlap(t Sketch) float64 {
	if len(s) == 0 || len(t) == 0 {
		return 0
	}
	i, j, taken, both := 0, 0, 0, 0
	for taken < SketchSize && (i < len(s) || j < len(t)) {
		switch {
		case j == len(t) || i < len(s) && s[i] < t[j]:
			i++
		case i == len(s) || t[j] < s[i]:
			j++
		default:
			both++
			i++
			j++
		}
		taken++
		// A sketch holds only its item's smallest hashes: past the end
		// of a full one, the union's order is no longer known.
		if i == len(s) && len(s) == SketchSize || j == len(t) && len(t) == SketchSize {
			break
		}
	}
	return float64(both) / float64(taken)
}

// Bytes returns the sketch as stored: each hash as 4 bytes, little-endian.
func (s Sketch) Bytes() []byte {
	b := make([]byte, 4*len(s))
	for i, h := range s {
		binary.LittleEndian.PutUint32(b[4*i:], h)
	}
	return b
}

// SketchFromBytes decodes a stored sketch. It wraps mediawatch.ErrInvalid
// when b is not one: a length not a multiple of 4, more than SketchSize
// hashes, or hashes out of ascending order.
func SketchFromBytes(b []byte) (Sketch, error) {
	if len(b)%4 != 0 || len(b) > 4*SketchSize {
		return nil, fmt.Errorf("sketch of %d bytes: %w", len(b), mediawatch.ErrInvalid)
	}
	s := make(Sketch, len(b)/4)
	for i := range s {
		s[i] = binary.LittleEndian.Uint32(b[4*i:])
		if i > 0 && s[i] <= s[i-1] {
			return nil, fmt.Errorf("sketch hash %d out of order: %w", i, mediawatch.ErrInvalid)
		}
	}
	return s, nil
}
