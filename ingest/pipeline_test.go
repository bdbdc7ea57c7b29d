package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"mediawatch"
	"mediawatch/store"
	"mediawatch/textnorm"
)

func newPipeline(t *testing.T) (*Pipeline, *store.DB) {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "mw.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	watch, err := textnorm.NewWatchlist([]mediawatch.WatchTerm{{Term: "Sơn La"}, {Term: "Son La", Lang: "en"}})
	if err != nil {
		t.Fatal(err)
	}
	return New(db, watch, nil, nil), db
}

var (
	mentions = mediawatch.Source{Name: "national", Keep: mediawatch.KeepMentions}
	keepAll  = mediawatch.Source{Name: "provincial", Keep: mediawatch.KeepAll}
)

func TestWatchFilter(t *testing.T) {
	cases := []struct {
		name, title, text string
		want              mediawatch.Outcome
	}{
		{"exact mention", "Mùa mận ở Sơn La", "Nông dân tỉnh Sơn La thu hoạch mận sớm hơn mọi năm.", mediawatch.OutcomeKept},
		{"all caps", "SƠN LA: MƯA LỚN GÂY SẠT LỞ", "Nhiều tuyến đường bị chia cắt trong đêm qua và sáng nay.", mediawatch.OutcomeKept},
		{"decomposed", norm.NFD.String("Thủy điện Sơn La xả lũ"), norm.NFD.String("Nhà máy thủy điện Sơn La mở thêm một cửa xả đáy vào sáng nay."), mediawatch.OutcomeKept},
		{"english without accents", "Son La province opens new road", "The road links Son La province with the national highway and will cut travel time for farmers.", mediawatch.OutcomeKept},
		{"Lạng Sơn là", "Lạng Sơn là cửa ngõ biên giới", "Lạng Sơn là tỉnh có nhiều cửa khẩu quan trọng với hàng hóa xuất nhập khẩu.", mediawatch.OutcomeNotMentioned},
		{"a man called Sơn", "Chân dung một kỹ sư trẻ", "Anh Sơn là kỹ sư cầu đường, đã làm việc ở nhiều công trình lớn của cả nước.", mediawatch.OutcomeNotMentioned},
		{"spanish son la", "La lluvia en la capital", "Las lluvias de esta semana son la causa principal de los retrasos en la ciudad, según el servicio.", mediawatch.OutcomeNotMentioned},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, _ := newPipeline(t)
			res, err := p.Ingest(context.Background(), mentions, mediawatch.Article{URL: "https://news.example/" + tc.name, Title: tc.title, Text: tc.text})
			if err != nil {
				t.Fatal(err)
			}
			if res.Outcome != tc.want {
				t.Errorf("outcome = %s (%s), want %s", res.Outcome, res.Reason, tc.want)
			}
		})
	}
}

func TestKeepAllSkipsTheFilter(t *testing.T) {
	p, _ := newPipeline(t)
	res, err := p.Ingest(context.Background(), keepAll, mediawatch.Article{URL: "https://tinh.example/a", Title: "Họp báo thường kỳ", Text: "Ủy ban tỉnh họp báo thường kỳ tháng Mười."})
	if err != nil || res.Outcome != mediawatch.OutcomeKept {
		t.Fatalf("res = %+v, %v", res, err)
	}
}

func TestDedupeAndVersions(t *testing.T) {
	ctx := context.Background()
	p, db := newPipeline(t)
	orig := mediawatch.Article{URL: "https://tinh.example/lu.html", Title: "Lũ quét ở Sơn La", Text: "Mưa lớn gây lũ quét ở huyện Mường La."}
	steps := []struct {
		name    string
		a       mediawatch.Article
		want    mediawatch.Outcome
		version int
	}{
		{"first", orig, mediawatch.OutcomeKept, 1},
		{"same again", orig, mediawatch.OutcomeDuplicate, 0},
		{"tracking params and NFD", mediawatch.Article{URL: "https://TINH.example/lu.html?utm_source=zalo#top", Title: norm.NFD.String(orig.Title), Text: orig.Text + "  "}, mediawatch.OutcomeDuplicate, 0},
		{"edited", mediawatch.Article{URL: orig.URL, Title: orig.Title, Text: orig.Text + " Hai người mất tích."}, mediawatch.OutcomeUpdated, 2},
		{"feed-only never downgrades", mediawatch.Article{URL: orig.URL, Title: orig.Title, Summary: "Tóm tắt", FeedOnly: true}, mediawatch.OutcomeDuplicate, 0},
		{"same text elsewhere", mediawatch.Article{URL: "https://copy.example/x", Title: orig.Title, Text: orig.Text + " Hai người mất tích."}, mediawatch.OutcomeDuplicate, 0},
	}
	var id int64
	for _, s := range steps {
		res, err := p.Ingest(ctx, keepAll, s.a)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if res.Outcome != s.want || (s.version != 0 && res.Version != s.version) {
			t.Fatalf("%s: got %+v, want %s v%d", s.name, res, s.want, s.version)
		}
		if id == 0 {
			id = res.ItemID
		}
	}
	vs, err := db.ItemVersions(ctx, id)
	if err != nil || len(vs) != 2 {
		t.Fatalf("versions = %d, %v", len(vs), err)
	}
	if n, _ := db.CountItems(ctx); n != 1 {
		t.Errorf("items = %d, want 1", n)
	}
}

func TestFeedOnlyThenFullText(t *testing.T) {
	ctx := context.Background()
	p, _ := newPipeline(t)
	u := "https://tinh.example/che.html"
	res, _ := p.Ingest(ctx, keepAll, mediawatch.Article{URL: u, Title: "Chè Mộc Châu", Summary: "Tóm tắt từ feed", FeedOnly: true})
	if res.Outcome != mediawatch.OutcomeKept {
		t.Fatalf("feed-only first: %+v", res)
	}
	res, _ = p.Ingest(ctx, keepAll, mediawatch.Article{URL: u, Title: "Chè Mộc Châu", Text: "Toàn văn bài viết về chè Mộc Châu."})
	if res.Outcome != mediawatch.OutcomeUpdated || res.Version != 2 {
		t.Fatalf("full text after feed-only: %+v", res)
	}
}

func TestLanguageFromTextBeatsHints(t *testing.T) {
	ctx := context.Background()
	p, db := newPipeline(t)
	src := mediawatch.Source{Name: "en-outlet", Keep: mediawatch.KeepAll, Lang: "en"}
	res, err := p.Ingest(ctx, src, mediawatch.Article{URL: "https://x.example/1", Lang: "en",
		Title: "Người dân Sơn La đón Tết", Text: "Người dân các bản làng ở Sơn La đang chuẩn bị đón Tết cổ truyền với nhiều hoạt động văn hóa."})
	if err != nil {
		t.Fatal(err)
	}
	it, err := db.Item(ctx, res.ItemID)
	if err != nil || it.Lang != "vi" {
		t.Errorf("lang = %q, %v; want vi", it.Lang, err)
	}
}

func TestFirstSeenUsesCanonicalURL(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 22, 7, 0, 0, 0, time.UTC)
	p, _ := newPipeline(t)
	p.now = func() time.Time { return now }
	if _, err := p.Ingest(ctx, keepAll, mediawatch.Article{URL: "https://tinh.example/a", Title: "Tin", Text: "Nội dung tin."}); err != nil {
		t.Fatal(err)
	}
	got, ok, err := p.FirstSeen(ctx, "https://TINH.example/a?utm_campaign=x")
	if err != nil || !ok || !got.Equal(now) {
		t.Errorf("FirstSeen = %v %v %v", got, ok, err)
	}
}

func TestEmptyArticleRefused(t *testing.T) {
	p, _ := newPipeline(t)
	res, err := p.Ingest(context.Background(), keepAll, mediawatch.Article{URL: "https://x.example/empty"})
	if err == nil || res.Outcome != mediawatch.OutcomeError {
		t.Fatalf("res = %+v, err = %v", res, err)
	}
}

// FuzzCleanHash holds the pipeline's hash of cleaned text to ContentHash
// of the raw text: an item's hash must not change with how it is computed,
// or every stored item would seem edited at its next crawl.
func FuzzCleanHash(f *testing.F) {
	for _, s := range [][2]string{
		{"Sơn La", "Mưa lớn ở  Sơn La\n\n\nlũ quét"},
		{"Hoà Bình", "hoà  hòa\u00a0thuỷ thủy"},
		{"Tie\u0301ng Vie\u0323t", " \u0301 dấu rời\r\n\tcuối "},
		{"\xff\xfe bad", "a\u2003b\u200bc\u3000d"},
		{"", "only a body"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, title, body string) {
		want := ContentHash(title, body)
		if got := cleanHash(clean(title), cleanText(body)); got != want {
			t.Fatalf("cleanHash(clean(%q), cleanText(%q)) = %s, ContentHash = %s", title, body, got, want)
		}
		if got, want := cleanHash(title, body), joinedHash(title, body); got != want {
			t.Fatalf("cleanHash(%q, %q) = %s, the hash of the words joined = %s", title, body, got, want)
		}
	})
}

// FuzzItemLanguage holds the pipeline's detection over its cleaned title
// and text, read in place, to Language of the two joined, which it
// replaced.
func FuzzItemLanguage(f *testing.F) {
	for _, s := range [][2]string{
		{"Sơn La", "Mưa lớn ở  Sơn La\n\n\nlũ quét"},
		{"Flood in Son La", "The province of Son La is in the north west of Viet Nam."},
		{"Tie\u0301ng Vie\u0323t", " \u0301 dấu rời\r\n\tcuối "},
		{"", "khong co dau nhung van la tieng viet nguoi dan"},
		{"\xff\xfe", "a\u2003b\u200bc\u3000d \u0301"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, title, body string) {
		ti, bo := clean(title), cleanText(body)
		if got, want := textnorm.DetectLangNormal(ti, bo), textnorm.DetectLang(ti+"\n"+bo); got != want {
			t.Fatalf("title %q, text %q: detected %q in place, %q joined", ti, bo, got, want)
		}
	})
}

// joinedHash is what cleanHash computes, by its definition: the words of
// title and body joined by single spaces, hashed.
func joinedHash(title, body string) string {
	h := sha256.New()
	h.Write([]byte(strings.Join(strings.Fields(title), " ")))
	h.Write([]byte{0})
	h.Write([]byte(strings.Join(strings.Fields(body), " ")))
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// FuzzCleanText holds cleanText's one pass to its definition: the
// normalised text split into lines, each line's words joined by single
// spaces, the lines joined by newlines with one empty line for a run of
// blank lines between two lines.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{
		"Mưa lớn ở  Sơn La\n\n\nlũ quét", "\n\n  đầu\t \n cuối  \n\n", "a\u2003b\u00a0c\r\nd\u0085e",
		"Tie\u0301ng Vie\u0323t\n\u0301", "\xff\xfe bad\n \n\xc3", "", " ", "\n", strings.Repeat("từ ", 3000),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lines := strings.Split(textnorm.Normalize(s), "\n")
		var out []string
		blank := false
		for _, l := range lines {
			l = strings.Join(strings.Fields(l), " ")
			if l == "" {
				blank = len(out) > 0
				continue
			}
			if blank {
				out = append(out, "")
				blank = false
			}
			out = append(out, l)
		}
		if got, want := cleanText(s), strings.Join(out, "\n"); got != want {
			t.Fatalf("cleanText(%q) = %q, want %q", s, got, want)
		}
	})
}
