package story

import (
	"errors"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"mediawatch"
)

// randomCandidates returns n candidates in clusters: near-copies of a few
// base fingerprints (up to 23 bits flipped) and sketches (some of the
// base's shingles replaced), some short, some sharing title keys, seen over
// ten days.
func randomCandidates(rng *rand.Rand, n, bases int) []Candidate {
	base := make([]uint64, bases)
	shingles := make([][]uint32, bases)
	for i := range base {
		base[i] = rng.Uint64()
		shingles[i] = make([]uint32, 80)
		for j := range shingles[i] {
			shingles[i][j] = rng.Uint32()
		}
	}
	out := make([]Candidate, n)
	for i := range out {
		b := rng.IntN(bases)
		fp := base[b]
		for range rng.IntN(24) {
			fp ^= 1 << rng.IntN(64)
		}
		sh := slices.Clone(shingles[b])
		for range rng.IntN(80) {
			sh[rng.IntN(len(sh))] = rng.Uint32()
		}
		slices.Sort(sh)
		sh = slices.Compact(sh)
		sk := Sketch(sh[:min(len(sh), SketchSize)])
		key := ""
		if rng.IntN(3) == 0 {
			key = fmt.Sprintf("tieu de so %d hom nay", rng.IntN(bases))
		}
		out[i] = Candidate{
			StoryID:     int64(1 + rng.IntN(n/4+1)),
			ItemID:      int64(i + 1),
			Fingerprint: fp,
			Sketch:      sk,
			Words:       rng.IntN(200),
			TitleKey:    key,
			Seen:        t0.Add(time.Duration(rng.IntN(10*24*60)) * time.Minute),
		}
	}
	return out
}

// bruteFind is Find by comparing with every candidate.
func bruteFind(p Params, held []Candidate, c Candidate) (int64, bool) {
	var best *Candidate
	bestRank := 0
	for i := range held {
		h := &held[i]
		if h.ItemID == c.ItemID || h.StoryID == 0 {
			continue
		}
		r, ok := p.rank(c, *h)
		if ok && (best == nil || r < bestRank || r == bestRank && earlier(*h, *best)) {
			best, bestRank = h, r
		}
	}
	if best == nil {
		return 0, false
	}
	return best.StoryID, true
}

// TestGrouperMatchesBruteForce holds the band index to its promise: Find
// answers what comparing with every candidate answers, at every bound.
func TestGrouperMatchesBruteForce(t *testing.T) {
	for _, d := range []int{0, 1, 3, 7, 12, 31, 63, -7} {
		t.Run(fmt.Sprintf("d=%d", d), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(d+64), 7))
			p := Params{MaxDistance: d, Window: 72 * time.Hour, MinWords: 60, TitleDistance: min(64, d+9)}
			if d < 0 { // the defaults' second signal: a scan for sketches 8 to 20 bits away
				p = DefaultParams()
				d = p.MaxDistance
			}
			g, err := NewGrouper(p)
			if err != nil {
				t.Fatal(err)
			}
			n := 1200
			if d > 20 { // one or two bits a band: every candidate is in most bands
				n = 150
			}
			all := randomCandidates(rng, n+300, 30)
			held, queries := all[:n], all[n:]
			for _, c := range held {
				g.Add(c)
			}
			found, bySketch := 0, 0
			for i, q := range queries {
				q.ItemID = int64(100000 + i)
				if i%10 == 0 {
					q.ItemID = held[i%n].ItemID // an item's new version: its old one is not a candidate
				}
				gotID, gotOK := g.Find(q)
				wantID, wantOK := bruteFind(p, held, q)
				if gotID != wantID || gotOK != wantOK {
					t.Fatalf("query %d %+v: Find = %d, %v; comparing with all = %d, %v", i, q, gotID, gotOK, wantID, wantOK)
				}
				if gotOK {
					found++
				}
				for _, h := range held {
					if r, ok := p.rank(q, h); ok && r > p.MaxDistance && r <= p.SketchDistance {
						bySketch++
						break
					}
				}
			}
			if found == 0 {
				t.Fatal("no query found a story: the test exercises nothing")
			}
			if p.SketchDistance > p.MaxDistance && bySketch == 0 {
				t.Fatal("no query matched on its sketch: the test exercises nothing of the second signal")
			}
		})
	}
}

// TestGrouperFindsOneBandMatches builds the hardest case for the bands: a
// candidate exactly MaxDistance away whose fingerprint differs from the
// query's in every band but one. Only that band can find it.
func TestGrouperFindsOneBandMatches(t *testing.T) {
	for _, d := range []int{1, 3, 7, 12} {
		t.Run(fmt.Sprintf("d=%d", d), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(d), 11))
			p := Params{MaxDistance: d, Window: time.Hour, MinWords: 1, TitleDistance: 0}
			for trial := range 100 {
				g, err := NewGrouper(p)
				if err != nil {
					t.Fatal(err)
				}
				for i := range 200 { // unrelated candidates, about 32 bits away
					g.Add(Candidate{StoryID: int64(i + 1), ItemID: int64(i + 1), Fingerprint: rng.Uint64(), Words: 100, Seen: t0})
				}
				q := rng.Uint64()
				keep := rng.IntN(d + 1)
				fp := q
				for b := range g.bands {
					if b != keep { // one bit flipped inside every other band
						fp ^= 1 << (g.shifts[b] + uint(rng.IntN(bits.OnesCount64(g.masks[b]))))
					}
				}
				if Distance(fp, q) != d {
					t.Fatalf("built distance %d, want %d", Distance(fp, q), d)
				}
				g.Add(Candidate{StoryID: 999, ItemID: 999, Fingerprint: fp, Words: 100, Seen: t0})
				if id, ok := g.Find(Candidate{ItemID: 1000, Fingerprint: q, Words: 100, Seen: t0}); !ok || id != 999 {
					t.Fatalf("trial %d, band %d kept: Find = %d, %v; want 999", trial, keep, id, ok)
				}
			}
		})
	}
}

func TestGrouperTies(t *testing.T) {
	p := Params{MaxDistance: 4, Window: 72 * time.Hour, MinWords: 10, TitleDistance: 16}
	for _, tc := range []struct {
		name string
		held []Candidate
		want int64
	}{
		{"closest wins", []Candidate{
			{StoryID: 1, ItemID: 1, Fingerprint: 0b11, Words: 100, Seen: t0},
			{StoryID: 2, ItemID: 2, Fingerprint: 0b1, Words: 100, Seen: t0.Add(time.Hour)},
		}, 2},
		{"equal distance: earliest seen", []Candidate{
			{StoryID: 1, ItemID: 1, Fingerprint: 0b10, Words: 100, Seen: t0.Add(time.Hour)},
			{StoryID: 2, ItemID: 2, Fingerprint: 0b01, Words: 100, Seen: t0},
		}, 2},
		{"equal distance and time: smaller story", []Candidate{
			{StoryID: 9, ItemID: 1, Fingerprint: 0b10, Words: 100, Seen: t0},
			{StoryID: 3, ItemID: 2, Fingerprint: 0b01, Words: 100, Seen: t0},
		}, 3},
		{"fingerprint match before title match", []Candidate{
			{StoryID: 1, ItemID: 1, Fingerprint: 0, Words: 5, TitleKey: "mot hai ba bon nam", Seen: t0},
			{StoryID: 2, ItemID: 2, Fingerprint: 0b1111, Words: 100, Seen: t0.Add(time.Hour)},
		}, 2},
		{"candidates without a story are skipped", []Candidate{
			{StoryID: 0, ItemID: 1, Fingerprint: 0, Words: 100, Seen: t0},
			{StoryID: 5, ItemID: 2, Fingerprint: 0b111, Words: 100, Seen: t0},
		}, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := NewGrouper(p)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range tc.held {
				g.Add(c)
			}
			q := Candidate{ItemID: 99, Fingerprint: 0, Words: 100, TitleKey: "mot hai ba bon nam", Seen: t0.Add(2 * time.Hour)}
			if id, ok := g.Find(q); !ok || id != tc.want {
				t.Errorf("Find = %d, %v; want %d", id, ok, tc.want)
			}
		})
	}
}

func TestGrouperShortItemsByTitle(t *testing.T) {
	g, err := NewGrouper(DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	page := NewCandidate(1, "Sở Văn hóa Sơn La: thông tin cấm lễ xên bản là xuyên tạc", longText, t0)
	page.StoryID = 7
	g.Add(page)
	feed := NewCandidate(2, "SỞ VĂN HÓA SƠN LA: THÔNG TIN CẤM LỄ XÊN BẢN LÀ XUYÊN TẠC", "Sở khẳng định không có lệnh cấm.", t0.Add(time.Hour))
	if id, ok := g.Find(feed); !ok || id != 7 {
		t.Errorf("feed item with the page's title: Find = %d, %v; want 7", id, ok)
	}
	feed.TitleKey = ""
	feed.Fingerprint = page.Fingerprint // even an equal fingerprint does not count for a short item
	if id, ok := g.Find(feed); ok {
		t.Errorf("short item without a title: Find = %d, want none", id)
	}
}

const longText = `Sở Văn hóa, Thể thao và Du lịch tỉnh Sơn La khẳng định thông tin lan truyền trên mạng xã hội về việc cấm đồng bào Thái tổ chức lễ xên bản là hoàn toàn sai sự thật. Các nghi lễ truyền thống của đồng bào vẫn được tổ chức bình thường và được chính quyền các cấp khuyến khích bảo tồn. Thời gian qua, nhiều bản ở Mai Sơn, Thuận Châu và Mường La đã phục dựng lễ xên bản với sự tham gia của đông đảo người dân. Sở đề nghị người dân chỉ theo dõi thông tin trên các kênh chính thức và không chia sẻ những nội dung chưa được kiểm chứng.`

func TestGrouperEvictAndReplace(t *testing.T) {
	p := Params{MaxDistance: 3, Window: 24 * time.Hour, MinWords: 10, TitleDistance: 16}
	g, err := NewGrouper(p)
	if err != nil {
		t.Fatal(err)
	}
	g.Add(Candidate{StoryID: 1, ItemID: 1, Fingerprint: 0xff, Words: 100, Seen: t0})
	g.Add(Candidate{StoryID: 2, ItemID: 2, Fingerprint: 0xff00, Words: 100, Seen: t0.Add(20 * time.Hour)})
	if g.Len() != 2 {
		t.Fatalf("Len = %d, want 2", g.Len())
	}
	q := Candidate{ItemID: 3, Fingerprint: 0xff, Words: 100, Seen: t0.Add(23 * time.Hour)}
	if id, ok := g.Find(q); !ok || id != 1 {
		t.Fatalf("before eviction: Find = %d, %v; want 1", id, ok)
	}
	if n := g.Evict(t0.Add(24 * time.Hour)); n != 0 {
		t.Errorf("Evict at the window's edge dropped %d, want 0", n)
	}
	if n := g.Evict(t0.Add(25 * time.Hour)); n != 1 || g.Len() != 1 {
		t.Errorf("Evict dropped %d (Len %d), want 1 (Len 1)", n, g.Len())
	}
	if id, ok := g.Find(q); ok {
		t.Errorf("after eviction: Find = %d, want none", id)
	}
	// A new version of item 2 replaces its candidate: the old fingerprint
	// no longer matches, the new one does.
	g.Add(Candidate{StoryID: 2, ItemID: 2, Fingerprint: 0xf0f0, Words: 100, Seen: t0.Add(21 * time.Hour)})
	if g.Len() != 1 {
		t.Errorf("Len after replacing = %d, want 1", g.Len())
	}
	if id, ok := g.Find(Candidate{ItemID: 4, Fingerprint: 0xff00, Words: 100, Seen: t0.Add(22 * time.Hour)}); ok {
		t.Errorf("old version still found: story %d", id)
	}
	if id, ok := g.Find(Candidate{ItemID: 4, Fingerprint: 0xf0f0, Words: 100, Seen: t0.Add(22 * time.Hour)}); !ok || id != 2 {
		t.Errorf("new version: Find = %d, %v; want 2", id, ok)
	}
	if id, ok := g.Find(Candidate{ItemID: 2, Fingerprint: 0xf0f0, Words: 100, Seen: t0.Add(22 * time.Hour)}); ok {
		t.Errorf("an item found its own candidate: story %d", id)
	}
}

func TestNewGrouperInvalid(t *testing.T) {
	if _, err := NewGrouper(Params{MaxDistance: 64, Window: time.Hour}); !errors.Is(err, mediawatch.ErrInvalid) {
		t.Errorf("NewGrouper(MaxDistance 64) = %v, want ErrInvalid", err)
	}
}

func TestGrouperConcurrent(t *testing.T) {
	g, err := NewGrouper(DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 1))
			for _, c := range randomCandidates(rng, 300, 10) {
				c.ItemID += int64(w) * 1000
				g.Find(c)
				g.Add(c)
				g.Evict(c.Seen.Add(-48 * time.Hour))
			}
		})
	}
	wg.Wait()
	if g.Len() == 0 || g.Len() > 1200 {
		t.Errorf("Len = %d after 1200 adds with eviction", g.Len())
	}
}
