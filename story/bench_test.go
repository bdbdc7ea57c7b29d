package story

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
	"time"
)

// benchArticle returns the benchmarks' Vietnamese article, with b set to
// report MB/s over its bytes and allocations.
func benchArticle(b *testing.B) string {
	data, err := os.ReadFile("testdata/article-vi.txt")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	return string(data)
}

// BenchmarkFingerprint measures Fingerprint on a 5.6 KB Vietnamese text
// (MB/s is over the text's bytes).
func BenchmarkFingerprint(b *testing.B) {
	text := benchArticle(b)
	for b.Loop() {
		Fingerprint("Cà phê Arabica Sơn La vào vụ thu hoạch", text)
	}
}

// BenchmarkNewCandidate measures what ingest computes per item: the
// fingerprint, the sketch and the title key, from one pass of textnorm.
func BenchmarkNewCandidate(b *testing.B) {
	text := benchArticle(b)
	for b.Loop() {
		NewCandidate(1, "Cà phê Arabica Sơn La vào vụ thu hoạch", text, t0)
	}
}

// heldCandidates returns n candidates with independent random fingerprints
// (different articles are about 32 bits apart), every tenth with a title
// key, all long enough to be indexed.
func heldCandidates(n int) []Candidate {
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([]Candidate, n)
	for i := range out {
		out[i] = Candidate{StoryID: int64(i + 1), ItemID: int64(i + 1), Fingerprint: rng.Uint64(), Words: 400, Seen: t0}
		if i%10 == 0 {
			out[i].TitleKey = fmt.Sprintf("tieu de bai bao so %d", i)
		}
	}
	return out
}

// queries returns probes: half near-copies of held candidates (a few bits
// flipped, so Find has an answer), half new articles.
func queries(held []Candidate, n int) []Candidate {
	rng := rand.New(rand.NewPCG(3, 4))
	out := make([]Candidate, n)
	for i := range out {
		fp := rng.Uint64()
		if i%2 == 0 {
			fp = held[rng.IntN(len(held))].Fingerprint ^ 1<<rng.IntN(64) ^ 1<<rng.IntN(64)
		}
		out[i] = Candidate{ItemID: int64(len(held) + i + 1), Fingerprint: fp, Words: 400, Seen: t0.Add(time.Hour)}
	}
	return out
}

// randomSketch returns a full sketch of random hashes.
func randomSketch(rng *rand.Rand) Sketch {
	s := make(Sketch, SketchSize)
	for i := range s {
		s[i] = rng.Uint32()
	}
	slices.Sort(s)
	return slices.Compact(s)
}

// BenchmarkFind measures Grouper.Find with 100,000 candidates in the
// window, by the bands alone (SketchDistance 0) at the default MaxDistance
// and around it, and with the defaults' second signal — the scan of every
// fingerprint, and the sketches of those within SketchDistance — with
// 100,000 and 10,000 candidates.
func BenchmarkFind(b *testing.B) {
	held := heldCandidates(100_000)
	qs := queries(held, 1024)
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range held {
		held[i].Sketch = randomSketch(rng)
	}
	for i := range qs {
		qs[i].Sketch = randomSketch(rng)
	}
	type run struct {
		name      string
		d, sketch int
		held      []Candidate
	}
	runs := []run{
		{"d=3", 3, 0, held}, {"d=7", 7, 0, held}, {"d=10", 10, 0, held}, {"d=12", 12, 0, held},
		{"defaults", 7, DefaultParams().SketchDistance, held},
		{"defaults, 10000 held", 7, DefaultParams().SketchDistance, held[:10_000]},
	}
	for _, r := range runs {
		b.Run(r.name, func(b *testing.B) {
			p := DefaultParams()
			p.MaxDistance, p.SketchDistance = r.d, r.sketch
			held := r.held
			g, err := NewGrouper(p)
			if err != nil {
				b.Fatal(err)
			}
			for _, c := range held {
				g.Add(c)
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				g.Find(qs[i%len(qs)])
				i++
			}
		})
	}
}

// BenchmarkFindLinear is the cheapest search without the bands: the
// Hamming distance to each of 100,000 fingerprints in one flat slice.
func BenchmarkFindLinear(b *testing.B) {
	held := heldCandidates(100_000)
	fps := make([]uint64, len(held))
	for i, c := range held {
		fps[i] = c.Fingerprint
	}
	qs := queries(held, 1024)
	d := DefaultParams().MaxDistance
	i, hits := 0, 0
	for b.Loop() {
		q := qs[i%len(qs)].Fingerprint
		for _, fp := range fps {
			if Distance(q, fp) <= d {
				hits++
			}
		}
		i++
	}
	if hits == 0 {
		b.Fatal("no query matched")
	}
}

// BenchmarkAddEvict measures Grouper.Add then Evict on a full window of
// 100,000 candidates: each new item pushes the oldest out.
func BenchmarkAddEvict(b *testing.B) {
	held := heldCandidates(100_000)
	p := DefaultParams()
	step := p.Window / time.Duration(len(held))
	g, err := NewGrouper(p)
	if err != nil {
		b.Fatal(err)
	}
	for i, c := range held {
		c.Seen = t0.Add(time.Duration(i) * step)
		g.Add(c)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	n := len(held)
	b.ReportAllocs()
	for b.Loop() {
		n++
		seen := t0.Add(time.Duration(n) * step)
		g.Add(Candidate{StoryID: int64(n), ItemID: int64(n), Fingerprint: rng.Uint64(), Words: 400, Seen: seen})
		g.Evict(seen)
	}
	if g.Len() > len(held)+1 {
		b.Fatalf("Len %d: eviction did not keep up", g.Len())
	}
}
