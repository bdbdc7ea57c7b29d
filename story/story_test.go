package story

import (
	"errors"
	"hash/fnv"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"mediawatch"
	"mediawatch/textnorm"
)

// testPair is one labelled pair of testdata/pairs.txt.
type testPair struct {
	name string
	same bool
	gap  time.Duration
	a, b [2]string // title, text
}

// readPairs parses testdata/pairs.txt: "=== name | same|different | gap"
// starts a pair, "--- a" and "--- b" its two items, each a title line and
// then the text.
func readPairs(t testing.TB) []testPair {
	t.Helper()
	data, err := os.ReadFile("testdata/pairs.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []testPair
	for _, chunk := range strings.Split(string(data), "\n=== ")[1:] {
		head, rest, _ := strings.Cut(chunk, "\n--- a\n")
		f := strings.Split(head, " | ")
		if len(f) != 3 {
			t.Fatalf("pair header %q: want name | label | gap", head)
		}
		gap, err := time.ParseDuration(f[2])
		if err != nil {
			t.Fatalf("pair %q: %v", f[0], err)
		}
		a, b, ok := strings.Cut(rest, "\n--- b\n")
		if !ok {
			t.Fatalf("pair %q: no --- b", f[0])
		}
		out = append(out, testPair{name: f[0], same: f[1] == "same", gap: gap, a: item(a), b: item(b)})
	}
	if len(out) == 0 {
		t.Fatal("no pairs in testdata/pairs.txt")
	}
	return out
}

func item(s string) [2]string {
	title, text, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return [2]string{title, text}
}

var t0 = time.Date(2026, 3, 1, 7, 0, 0, 0, time.FixedZone("ICT", 7*3600))

func TestSamePairs(t *testing.T) {
	p := DefaultParams()
	for _, tp := range readPairs(t) {
		t.Run(tp.name, func(t *testing.T) {
			a := NewCandidate(1, tp.a[0], tp.a[1], t0)
			b := NewCandidate(2, tp.b[0], tp.b[1], t0.Add(tp.gap))
			if got := Same(p, a, b); got != tp.same {
				t.Errorf("Same = %v, want %v (distance %d, words %d/%d, title keys %q / %q)", got, tp.same,
					Distance(a.Fingerprint, b.Fingerprint), a.Words, b.Words, a.TitleKey, b.TitleKey)
			}
			if Same(p, b, a) != Same(p, a, b) {
				t.Error("Same is not symmetric")
			}
		})
	}
}

// TestFingerprintGolden pins fingerprints: they are stored, so a change of
// words, folding, stop list or hash must show here. The values were checked
// against a separate implementation (Python: unicodedata folding, FNV-1a,
// murmur3 finaliser) of the definition in Fingerprint's comment.
func TestFingerprintGolden(t *testing.T) {
	for _, tc := range []struct {
		title, text string
		want        uint64
	}{
		{"", "", 0},
		{"của và là", "the of and", 0}, // stop words only
		{"Sơn La", "", 0xfd02df57574b0ff3},
		{"", "Mận hậu Mộc Châu vào chính vụ", 0xd2b46d85496df133},
		{"Fact check", "No, the Son La dam is not about to burst", 0x7fe63d3317017cd6},
	} {
		if got := Fingerprint(tc.title, tc.text); got != tc.want {
			t.Errorf("Fingerprint(%q, %q) = %#x, want %#x", tc.title, tc.text, got, tc.want)
		}
	}
}

// TestHashWordIsFNV1a holds hashWord to the published FNV-1a, which is what
// makes stored fingerprints reproducible by any implementation.
func TestHashWordIsFNV1a(t *testing.T) {
	for _, w := range []string{"", "son", "mộc", "chiềng"} {
		h := fnv.New64a()
		h.Write([]byte(w))
		if got, want := hashWord([]byte(w)), h.Sum64(); got != want {
			t.Errorf("hashWord(%q) = %#x, hash/fnv says %#x", w, got, want)
		}
	}
}

func TestFingerprintInvariance(t *testing.T) {
	const title, text = "Sở Công Thương bác bỏ tin đồn", "Đập thủy điện Sơn La hoạt động bình thường, hoà vào lưới điện quốc gia."
	want := Fingerprint(title, text)
	for _, tc := range []struct{ name, title, text string }{
		{"nfd", norm.NFD.String(title), norm.NFD.String(text)},
		{"upper case", strings.ToUpper(title), strings.ToUpper(text)},
		{"diacritics stripped", "So Cong Thuong bac bo tin don", "Dap thuy dien Son La hoat dong binh thuong, hoa vao luoi dien quoc gia."},
		{"new tone placement", title, strings.Replace(text, "thủy", "thuỷ", 1)},
		{"punctuation and spacing", title + " !", strings.ReplaceAll(text, " ", "  \n ")},
		{"paragraph order", title, "hoà vào lưới điện quốc gia. Đập thủy điện Sơn La hoạt động bình thường,"},
	} {
		if got := Fingerprint(tc.title, tc.text); got != want {
			t.Errorf("%s: fingerprint %#x, want %#x (distance %d)", tc.name, got, want, Distance(got, want))
		}
	}
	if other := Fingerprint(title, "Giá cà phê tăng nhẹ ở Mai Sơn"); Distance(other, want) < 10 {
		t.Errorf("a different text is only %d bits away", Distance(other, want))
	}
}

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b uint64
		want int
	}{
		{0, 0, 0},
		{0, ^uint64(0), 64},
		{1, 3, 1},
		{0xf0, 0x0f, 8},
		{1 << 63, 0, 1},
	} {
		if got := Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("Distance(%#x, %#x) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if Distance(tc.b, tc.a) != Distance(tc.a, tc.b) {
			t.Errorf("Distance(%#x, %#x) not symmetric", tc.a, tc.b)
		}
	}
}

func TestTitleKey(t *testing.T) {
	for _, tc := range []struct{ title, want string }{
		{"Sơn La: mận vào vụ!", "son la man vao vu"},
		{"SON LA - MAN VAO VU", "son la man vao vu"},
		{norm.NFD.String("Sơn  La:\tmận vào   vụ"), "son la man vao vu"},
		{"“Sơn La” – mận, vào vụ…", "son la man vao vu"},
		{"Tin vắn", ""},
		{"Giá vàng hôm nay", ""}, // four words: reused every day
		{"", ""},
		{"!!! ???", ""},
		{"Xử phạt người tung tin sai về đập thủy điện", "xu phat nguoi tung tin sai ve dap thuy dien"},
	} {
		if got := TitleKey(tc.title); got != tc.want {
			t.Errorf("TitleKey(%q) = %q, want %q", tc.title, got, tc.want)
		}
	}
}

func TestNewCandidate(t *testing.T) {
	const title, text = "Mận hậu Sơn La vào vụ thu hoạch", "Nhà vườn trên cao nguyên Mộc Châu đang tất bật hái mận."
	c := NewCandidate(42, title, text, t0)
	want := Candidate{ItemID: 42, Fingerprint: Fingerprint(title, text), Words: len(textnorm.Tokens(title)) + len(textnorm.Tokens(text)),
		Sketch: NewSketch(title, text), TitleKey: TitleKey(title), Seen: t0}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("NewCandidate = %+v, want %+v", c, want)
	}
	if c.Words != 20 {
		t.Errorf("Words = %d, want 20", c.Words)
	}
}

func TestSameRules(t *testing.T) {
	p := Params{MaxDistance: 3, Window: 24 * time.Hour, MinWords: 50, TitleDistance: 10}
	long := func(fp uint64, key string, seen time.Time) Candidate {
		return Candidate{Fingerprint: fp, Words: 200, TitleKey: key, Seen: seen}
	}
	short := func(fp uint64, key string) Candidate {
		return Candidate{Fingerprint: fp, Words: 30, TitleKey: key, Seen: t0}
	}
	for _, tc := range []struct {
		name string
		a, b Candidate
		want bool
	}{
		{"long, within MaxDistance", long(0, "", t0), long(0b111, "", t0), true},
		{"long, beyond MaxDistance", long(0, "", t0), long(0b1111, "", t0), false},
		{"at the window's edge", long(0, "", t0), long(0, "", t0.Add(24*time.Hour)), true},
		{"past the window", long(0, "", t0), long(0, "", t0.Add(24*time.Hour+time.Nanosecond)), false},
		{"window counts both ways", long(0, "", t0.Add(24*time.Hour+1)), long(0, "", t0), false},
		{"centuries apart", long(0, "", time.Time{}), long(0, "", t0), false},
		{"centuries apart, other order", long(0, "", t0), long(0, "", time.Time{}), false},
		{"short, equal fingerprints, no title", short(7, ""), short(7, ""), false},
		{"short and long, equal fingerprints", short(7, ""), long(7, "", t0), false},
		{"short, one title", short(0, "a b c d e"), long(^uint64(0), "a b c d e", t0), true},
		{"long, one title, within TitleDistance", long(0, "a b c d e", t0), long(0x3ff, "a b c d e", t0), true},
		{"long, one title, beyond TitleDistance", long(0, "a b c d e", t0), long(0x7ff, "a b c d e", t0), false},
		{"empty title keys are not one title", short(0, ""), short(1, ""), false},
		{"one title past the window", short(0, "a b c d e"), Candidate{Words: 30, TitleKey: "a b c d e", Seen: t0.Add(48 * time.Hour)}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Same(p, tc.a, tc.b); got != tc.want {
				t.Errorf("Same = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestParamsValidate(t *testing.T) {
	ok := DefaultParams()
	if err := ok.Validate(); err != nil {
		t.Fatalf("DefaultParams invalid: %v", err)
	}
	for _, tc := range []struct {
		name  string
		edit  func(*Params)
		field string
	}{
		{"negative distance", func(p *Params) { p.MaxDistance = -1 }, "max_distance"},
		{"distance 64", func(p *Params) { p.MaxDistance = 64 }, "max_distance"},
		{"zero window", func(p *Params) { p.Window = 0 }, "window"},
		{"negative words", func(p *Params) { p.MinWords = -5 }, "min_words"},
		{"title distance 65", func(p *Params) { p.TitleDistance = 65 }, "title_distance"},
		{"sketch distance 65", func(p *Params) { p.SketchDistance = 65 }, "sketch_distance"},
		{"overlap 0 with a sketch distance", func(p *Params) { p.MinOverlap = 0 }, "min_overlap"},
		{"overlap above 1", func(p *Params) { p.MinOverlap = 1.5 }, "min_overlap"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := DefaultParams()
			tc.edit(&p)
			err := p.Validate()
			if !errors.Is(err, mediawatch.ErrInvalid) || !strings.Contains(err.Error(), tc.field) {
				t.Errorf("Validate = %v, want ErrInvalid naming %s", err, tc.field)
			}
		})
	}
}
