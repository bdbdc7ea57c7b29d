package main

import (
	"context"
	"errors"
	"log/slog"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"mediawatch/config"
)

// TestJobErrorsInTheCommandsLanguage runs jobs through the admin handler
// as a command does (the request says the command's language): the
// errors a person acts on come back in Vietnamese for a Vietnamese
// command line and in English otherwise, and main prints them as said.
func TestJobErrorsInTheCommandsLanguage(t *testing.T) {
	ctx := context.Background()
	a := &app{cfg: config.Config{Timezone: "Asia/Ho_Chi_Minh"}, log: slog.New(slog.DiscardHandler)}
	for _, tc := range []struct {
		name, lang string
		params     any
		live       bool
		want       string
	}{
		{"crawl", "vi", crawlParams{}, false, "dịch vụ chưa bắt đầu thu thập; hãy thử lại sau giây lát"},
		{"crawl", "vi", crawlParams{}, true, "dịch vụ không có nguồn tin nào để thu thập (hãy thêm nguồn vào sources.yaml rồi khởi động lại dịch vụ)"},
		{"crawl", "en", crawlParams{}, true, "the service has no source to crawl (add one to sources.yaml and restart the service)"},
		{"crawl", "vi", crawlParams{Source: "báo-x"}, true, "dịch vụ không thu thập nguồn tin nào tên \"báo-x\""},
		{"rules-apply", "vi", sinceParams{Since: "hôm qua"}, false, `--since: cần một ngày dạng YYYY-MM-DD, không phải "hôm qua"`},
		{"rules-apply", "en", sinceParams{Since: "hôm qua"}, false, `--since: want a date YYYY-MM-DD, got "hôm qua"`},
		// Not a sentence of the catalogue: as it is, marked as an error.
		{"crawl", "vi", "một chuỗi", true, "lỗi: json: cannot unmarshal"},
	} {
		if tc.live {
			a.crawl.Store(&liveCrawl{})
		} else {
			a.crawl.Store(nil)
		}
		s := local(a, func() error { return nil })
		s.cfg.UILang = tc.lang
		err := s.job(ctx, tc.name, tc.params, nil, nil, nil, new(any))
		if err == nil {
			t.Errorf("%s %s: no error", tc.lang, tc.name)
			continue
		}
		if got := describeError(err, textsFor(tc.lang)); !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s %s: printed %q, want %q", tc.lang, tc.name, got, tc.want)
		}
		s.close()
	}

	// Another job running: the busy answer in the request's language.
	a.jobs.Lock()
	defer a.jobs.Unlock()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/cli/v1/jobs/crawl", nil)
	req.Header.Set("Accept-Language", "vi-VN,vi;q=0.9,en;q=0.5")
	a.adminHandler().ServeHTTP(rec, req)
	if body := rec.Body.String(); !strings.Contains(body, "dịch vụ đang chạy một việc khác") || !strings.Contains(body, `"busy":true`) {
		t.Errorf("busy answer = %s", body)
	}
	s := local(a, func() error { return nil })
	s.cfg.UILang = "vi"
	if err := s.job(ctx, "crawl", crawlParams{}, nil, nil, nil, new(any)); !errors.Is(err, errJobBusy) {
		t.Errorf("busy job error = %v, want errJobBusy", err)
	}
}

// TestRequestLang reads the first language of Accept-Language.
func TestRequestLang(t *testing.T) {
	for in, want := range map[string]string{"vi": "vi", "vi-VN,en;q=0.5": "vi", "en-GB": "en", "": "", " VI ; q=1": "vi"} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Language", in)
		if got := requestLang(r); got != want {
			t.Errorf("requestLang(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRuleCommandErrorsInEachLanguage: rules test and rules apply say a
// missing rule or a bad date in the interface language, end to end.
func TestRuleCommandErrorsInEachLanguage(t *testing.T) {
	dir := t.TempDir()
	cfg := dir + "/empty.yaml"
	if err := os.WriteFile(cfg, []byte("log:\n  level: error\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lang string
		args []string
		want string
	}{
		{"vi", []string{"rules", "test"}, "mediawatch: hãy đưa một tệp quy tắc hoặc --query\n"},
		{"en", []string{"rules", "test"}, "mediawatch: give a rule file or --query\n"},
		{"vi", []string{"rules", "apply", "--since", "hôm-qua"}, "mediawatch: --since: cần một ngày dạng YYYY-MM-DD, không phải \"hôm-qua\"\n"},
		{"en", []string{"rules", "apply", "--since", "hôm-qua"}, "mediawatch: --since: want a date YYYY-MM-DD, got \"hôm-qua\"\n"},
	} {
		t.Setenv("MEDIAWATCH_UI_LANG", tc.lang)
		_, errOut, code := runCLI(t, append(append([]string{"--config", cfg}, tc.args...), "--data", dir+"/data")...)
		if code != 1 || errOut != tc.want {
			t.Errorf("%s %v: exit %d, stderr %q, want %q", tc.lang, tc.args, code, errOut, tc.want)
		}
	}
}
