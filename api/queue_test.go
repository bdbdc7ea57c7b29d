package api

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/store"
)

// queueJSON is what the tests read of the queue.
type queueJSON struct {
	Total   int    `json:"total"`
	Lang    string `json:"lang"`
	Stories []struct {
		storyJSON
		Priority float64  `json:"priority"`
		Reasons  []string `json:"reasons"`
	} `json:"stories"`
}

// queueFixture holds five open stories and three that are not, and
// returns the open ones by a name.
func queueFixture(t *testing.T) (*storyFixture, map[int64]string) {
	t.Helper()
	ctx := context.Background()
	f := newStoryFixture(t)
	if err := f.db.SyncSources(ctx, []mediawatch.Source{{Name: "vnexpress", Kind: mediawatch.KindFeed,
		URL: "https://vnexpress.net/rss", Weight: 3, Keep: mediawatch.KeepAll, Enabled: true}}); err != nil {
		t.Fatal(err)
	}
	crit, high, low, med := mediawatch.SeverityCritical, mediawatch.SeverityHigh, mediawatch.SeverityLow, mediawatch.SeverityMedium
	names := map[int64]string{}
	a := f.add(t, 0, "baosonla", "https://baosonla.vn/a", time.Hour, crit, "vo-dap")
	names[a] = "critical, 1 outlet"
	b := f.add(t, 0, "baosonla", "https://baosonla.vn/b", 3*time.Hour, high, "thu-hoi-dat")
	f.add(t, b, "tuoitre", "https://tuoitre.vn/b", 2*time.Hour, high, "thu-hoi-dat")
	f.add(t, b, "dantri", "https://dantri.vn/b", 30*time.Minute, high, "thu-hoi-dat")
	names[b] = "high, 3 outlets"
	names[f.add(t, 0, "blog", "https://blog.vn/c", 2*time.Hour, low, "tin-gia")] = "low"
	names[f.add(t, 0, "vnexpress", "https://vnexpress.net/d", 2*time.Hour, med, "kich-dong")] = "medium, reach 3"
	raised := f.add(t, 0, "baosonla", "https://baosonla.vn/e", 3*time.Hour, high, "vo-dap")
	answered := f.add(t, 0, "baosonla", "https://baosonla.vn/f", 3*time.Hour, crit, "vo-dap")
	wrong := f.add(t, 0, "baosonla", "https://baosonla.vn/g", 3*time.Hour, crit, "vo-dap")
	f.add(t, 0, "baosonla", "https://baosonla.vn/h", time.Minute, "") // no flags
	for _, id := range []int64{raised, answered, wrong} {
		steps := []store.StoryChange{{Status: mediawatch.FlagInReview},
			{Status: mediawatch.FlagResponded, ResponseURL: "https://sonla.gov.vn/1"}}
		if id == wrong {
			steps = steps[:1]
			steps = append(steps, store.StoryChange{Status: mediawatch.FlagFalsePositive})
		}
		for i, ch := range steps {
			ch.Version, ch.Who, ch.At = i+1, "editor-key", storyNow.Add(-2*time.Hour)
			if _, err := f.db.UpdateStory(ctx, id, ch); err != nil {
				t.Fatal(err)
			}
		}
	}
	f.add(t, raised, "facebook", "https://facebook.com/e", 10*time.Minute, high, "vo-dap")
	f.add(t, wrong, "facebook", "https://facebook.com/g", 10*time.Minute, crit, "vo-dap")
	names[raised] = "raised"
	return f, names
}

func TestQueueOrderAndReasons(t *testing.T) {
	f, names := queueFixture(t)
	resp, body := f.call(t, http.MethodGet, "/api/v1/queue?lang=en", "viewer-key", nil)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Language") != "en" {
		t.Fatalf("%d, Content-Language %q: %s", resp.StatusCode, resp.Header.Get("Content-Language"), body)
	}
	q := decode[queueJSON](t, body)
	var order []string
	reasons := map[string][]string{}
	for _, s := range q.Stories {
		order = append(order, names[s.ID])
		reasons[names[s.ID]] = s.Reasons
	}
	// high × (1 + ln 3) ≈ 8.2 > critical an hour old ≈ 7.8 > raised high × (1 + ln 2) ≈ 6.7 >
	// medium × reach 3 ≈ 5.7 > low ≈ 0.9.
	want := "[high, 3 outlets critical, 1 outlet raised medium, reach 3 low]"
	if fmt.Sprint(order) != want || q.Total != 5 || q.Lang != "en" {
		t.Errorf("queue (%d, %s) = %v, want %s", q.Total, q.Lang, order, want)
	}
	for name, w := range map[string][]string{
		"critical, 1 outlet": {"critical: rule vo-dap", "1 outlet", "first seen 1 h ago"},
		"high, 3 outlets":    {"high: rule thu-hoi-dat", "3 outlets", "first seen 3 h ago", "newest copy 30 min ago"},
		"medium, reach 3":    {"medium: rule kich-dong", "1 outlet", "widest reach ×3", "first seen 2 h ago"},
		"raised": {"high: rule vo-dap", "2 outlets", "first seen 3 h ago", "newest copy 10 min ago",
			"raised again: 1 new item from 1 outlet since it was answered"},
	} {
		if fmt.Sprintf("%q", reasons[name]) != fmt.Sprintf("%q", w) {
			t.Errorf("%s: reasons %q, want %q", name, reasons[name], w)
		}
	}
	if s := q.Stories[2]; !s.Raised || s.Status != "responded" {
		t.Errorf("the raised story: raised %v, status %s", s.Raised, s.Status)
	}
}

func TestQueueLanguage(t *testing.T) {
	f, _ := queueFixture(t)
	for _, tc := range []struct {
		name, query, accept, lang, first string
	}{
		{"default", "", "", "vi", "cao: quy tắc thu-hoi-dat"},
		{"Accept-Language Vietnamese", "", "vi-VN,vi;q=0.9,en;q=0.5", "vi", "cao: quy tắc thu-hoi-dat"},
		{"Accept-Language English", "", "en-GB,en;q=0.9", "en", "high: rule thu-hoi-dat"},
		{"English preferred", "", "fr;q=1, en;q=0.8, vi;q=0.5", "en", "high: rule thu-hoi-dat"},
		{"neither", "", "fr, de", "vi", "cao: quy tắc thu-hoi-dat"},
		{"lang wins", "?lang=vi", "en", "vi", "cao: quy tắc thu-hoi-dat"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var headers []string
			if tc.accept != "" {
				headers = []string{"Accept-Language", tc.accept}
			}
			resp, body := f.call(t, http.MethodGet, "/api/v1/queue"+tc.query, "viewer-key", nil, headers...)
			q := decode[queueJSON](t, body)
			if resp.StatusCode != http.StatusOK || q.Lang != tc.lang || resp.Header.Get("Content-Language") != tc.lang ||
				len(q.Stories) == 0 || q.Stories[0].Reasons[0] != tc.first {
				t.Errorf("%d lang %s (%s): %s", resp.StatusCode, q.Lang, resp.Header.Get("Content-Language"), body)
			}
		})
	}
	resp, body := f.call(t, http.MethodGet, "/api/v1/queue?size=2", "viewer-key", nil)
	if q := decode[queueJSON](t, body); resp.StatusCode != http.StatusOK || len(q.Stories) != 2 || q.Total != 5 {
		t.Errorf("size=2: %d, %d stories of %d", resp.StatusCode, len(q.Stories), q.Total)
	}
	for _, bad := range []string{"?lang=fr", "?size=0", "?size=501"} {
		if resp, body := f.call(t, http.MethodGet, "/api/v1/queue"+bad, "viewer-key", nil); resp.StatusCode < 400 || resp.StatusCode >= 500 {
			t.Errorf("%s: %d %s", bad, resp.StatusCode, body)
		}
	}
}
