package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"mediawatch"
	"mediawatch/demo"
	"mediawatch/query"
)

// TestDemoSummariesInEachLanguage runs the demo once per interface
// language: the flag summary calls each rule by its name with the severity
// in words, lists what each rule's exclusions rightly left alone (the
// drill, the fact-checks), and the queue's reasons name the rules the same
// way — no word of the other language, no bare slug.
func TestDemoSummariesInEachLanguage(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls the demo site")
	}
	for _, tc := range []struct {
		lang, start string
		want, not   []string
	}{
		{"vi", "Cờ: ", []string{
			`Tin đồn thảm họa bịa đặt (vỡ đập, lũ cuốn, mất tích bị "giấu") (disaster-rumour, mức nghiêm trọng): 8`,
			"Không gắn cờ — có từ khóa nhưng thuộc phần loại trừ (bài bác bỏ, kiểm chứng, diễn tập…): 4",
			"· Diễn tập ứng phó sự cố vỡ đập hồ thủy lợi tại huyện Mai Sơn  [tay-bac-moi]",
			"Hàng đợi của biên tập viên",
			`nghiêm trọng: quy tắc “Tin đồn thảm họa bịa đặt`, "; 1 nguồn đăng; độ phủ lớn nhất ×1,5; xuất hiện lần đầu",
		}, []string{"(critical)", "critical", " rule ", "outlet", "first seen", "Left alone", "widest reach", "×1.5"}},
		{"en", "Flags: ", []string{
			`Fabricated disaster rumours (dam bursts, floods, "hidden" casualties) (disaster-rumour, critical): 8`,
			"Left alone — its words match, but an exclusion applies (a denial, a fact-check, a drill…): 4",
			"· Diễn tập ứng phó sự cố vỡ đập hồ thủy lợi tại huyện Mai Sơn  [tay-bac-moi]",
			`critical: rule “Fabricated disaster rumours`, "; 1 outlet; widest reach ×1.5; first seen",
		}, []string{"nghiêm trọng", "quy tắc", "nguồn đăng", "Không gắn cờ", "×1,5"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			t.Setenv("MEDIAWATCH_UI_LANG", tc.lang)
			site, err := demo.Start()
			if err != nil {
				t.Fatal(err)
			}
			defer site.Close()
			var out bytes.Buffer
			dir := t.TempDir()
			if err := runDemo(testGlobals(context.Background(), &out), site, dir, true, ""); err != nil {
				t.Fatal(err)
			}
			if tc.lang == "vi" {
				checkQueueAPINamesRules(t, dir)
			}
			checkChannelsSummary(t, tc.lang, out.String())
			_, tail, ok := strings.Cut(out.String(), tc.start)
			if !ok {
				t.Fatalf("no flag summary in:\n%s", out.String())
			}
			tail, _, _ = strings.Cut(tail, "\n\n"+map[string]string{"vi": "Đã ghi báo cáo", "en": "Report for"}[tc.lang])
			for _, w := range tc.want {
				if !strings.Contains(tail, w) {
					t.Errorf("demo summary lacks %q:\n%s", w, tail)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(tail, w) {
					t.Errorf("demo summary has %q:\n%s", w, tail)
				}
			}
		})
	}
}

// checkChannelsSummary holds the channels' part of the demo's summary to
// its language: the rumour across platforms, the shared links, the silent
// outlet and its alert, the spike — each in words of that language only.
func checkChannelsSummary(t *testing.T, lang, out string) {
	t.Helper()
	head := map[string]string{"vi": "== Kiểm tra sức khỏe nguồn và tăng đột biến ==", "en": "== Health check and spike check =="}[lang]
	_, sec, ok := strings.Cut(out, head)
	if !ok {
		t.Fatalf("no checks section in:\n%s", out)
	}
	sec, _, _ = strings.Cut(sec, "\n\n")
	want := map[string][]string{
		"vi": {"Bài đăng được giữ: Telegram 32, YouTube 15, Mastodon 19.", "Tin đồn là một câu chuyện (#", "trên 3 nền tảng",
			"Telegram cách đây 30 giờ → YouTube cách đây 26 giờ → báo chí (Tin Tức Việt) cách đây 6 giờ",
			"và nhập vào câu chuyện của bài đó", "Bản Tin Mộc Châu không đăng bài nào trong ", " ngày: tình trạng nguồn là im lặng.",
			"cảnh báo: ", "Tăng đột biến: quy tắc “Tin đồn thảm họa bịa đặt"},
		"en": {"Posts kept: Telegram 32, YouTube 15, Mastodon 19.", "The rumour is one story (#", "across 3 platforms",
			"Telegram 30 h ago → YouTube 26 h ago → news (Tin Tức Việt) 6 h ago", "and joins its story",
			"Bản Tin Mộc Châu has published nothing for ", " days: its health is silent.", "alert: ", "Spike: rule “Fabricated disaster rumours"},
	}[lang]
	for _, w := range want {
		if !strings.Contains(sec, w) {
			t.Errorf("channels summary (%s) lacks %q:\n%s", lang, w, sec)
		}
	}
	not := map[string][]string{"vi": {"Spike", " rule ", "shares", "alert:", "silent", " h ago"},
		"en": {"Tăng đột biến", "quy tắc", "chia sẻ", "cảnh báo", "im lặng"}}[lang]
	for _, w := range not {
		if strings.Contains(sec, w) {
			t.Errorf("channels summary (%s) has %q:\n%s", lang, w, sec)
		}
	}
}

// checkQueueAPINamesRules serves the API over the demo's data dir as serve
// wires it and asks GET /api/v1/queue in each language: the first reason
// names the dam rule in that language (after the spike of that rule, in
// that language too), and reach is written with that language's decimal
// mark.
func checkQueueAPINamesRules(t *testing.T, dir string) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	g := testGlobals(ctx, io.Discard)
	cfg, err := demoConfig(g, dir)
	if err != nil {
		t.Fatal(err)
	}
	a, err := openApp(ctx, cfg, g.logger(cfg))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := a.loadRules(ctx); err != nil {
		t.Fatal(err)
	}
	token, _, err := a.db.CreateKey(ctx, "người-xem", mediawatch.RoleViewer)
	if err != nil {
		t.Fatal(err)
	}
	ln, hs, err := a.listenAPI("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- serveUntilDone(ctx, ln, hs) }()
	defer func() { cancel(); <-done }()
	for lang, want := range map[string]string{
		"vi": "nghiêm trọng: quy tắc “Tin đồn thảm họa bịa đặt (vỡ đập, lũ cuốn, mất tích bị \"giấu\")”",
		"en": "critical: rule “Fabricated disaster rumours (dam bursts, floods, \"hidden\" casualties)”",
	} {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+ln.Addr().String()+"/api/v1/queue?lang="+lang, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Stories []struct {
				Reasons []string `json:"reasons"`
			} `json:"stories"`
		}
		err = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if err != nil || len(body.Stories) == 0 || len(body.Stories[0].Reasons) < 3 {
			t.Fatalf("queue?lang=%s: %v %+v", lang, err, body)
		}
		// The rumour leads: its rule spiked in the last hour (the spike's
		// reason comes first), then its critical flag.
		r := body.Stories[0].Reasons
		spike := map[string]string{"vi": "Tăng đột biến: quy tắc “Tin đồn thảm họa bịa đặt", "en": "Spike: rule “Fabricated disaster rumours"}[lang]
		if !strings.HasPrefix(r[0], spike) {
			t.Errorf("queue?lang=%s first reason %q, want the spike %q…", lang, r[0], spike)
		}
		if r[1] != want {
			t.Errorf("queue?lang=%s second reason %q, want %q", lang, r[1], want)
		}
		reach := map[string]string{"vi": "độ phủ lớn nhất ×1,5", "en": "widest reach ×1.5"}[lang]
		found := false
		for _, st := range body.Stories {
			found = found || slices.Contains(st.Reasons, reach)
		}
		if !found {
			t.Errorf("queue?lang=%s: no story's reasons say %q", lang, reach)
		}
	}
}

// TestPositivePart: a rule's words without its top-level exclusions; a
// rule without exclusions has no "left alone".
func TestPositivePart(t *testing.T) {
	m := positivePart(`"vỡ đập" AND "Sơn La" NOT ("diễn tập" OR "bác bỏ")`)
	if m == nil {
		t.Fatal("no positive part")
	}
	drill := query.Doc{Title: "Diễn tập vỡ đập ở Sơn La", Text: "diễn tập"}
	if !m.Match(drill) {
		t.Error("the positive part does not match the drill the exclusion left alone")
	}
	if m.Match(query.Doc{Title: "Sơn La", Text: "mưa"}) {
		t.Error("the positive part matches without the rule's words")
	}
	for _, q := range []string{`"vỡ đập" AND "Sơn La"`, `"vỡ đập" OR lũ`, `(`} {
		if positivePart(q) != nil {
			t.Errorf("positivePart(%q) is not nil", q)
		}
	}
}
