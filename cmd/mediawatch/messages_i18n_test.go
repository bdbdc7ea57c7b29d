package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommandErrorsInEachLanguage: the errors a user acts on — no sources,
// an unknown source, a refused rule set, a refused configuration — come
// out in the interface language with exit status 1.
func TestCommandErrorsInEachLanguage(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	empty := write("empty.yaml", "log:\n  level: error\n")
	if err := os.MkdirAll(filepath.Join(dir, "broken-rules"), 0o700); err != nil {
		t.Fatal(err)
	}
	write("broken-rules/r.yaml", "id: r\nname: {vi: R, en: R}\nquery: '(lũ'\nseverity: high\ncategory: x\nenabled: true\n")
	broken := write("broken.yaml", "rules:\n  dir: "+filepath.Join(dir, "broken-rules")+"\n")
	bad := write("bad.yaml", "listen: nowhere\n")
	data := filepath.Join(dir, "data")
	for _, tc := range []struct {
		lang string
		args []string
		want []string
	}{
		{"vi", []string{"--config", empty, "crawl", "--once"}, []string{"mediawatch: chưa cấu hình nguồn tin nào: hãy chép sources.example.yaml"}},
		{"en", []string{"--config", empty, "crawl", "--once"}, []string{"mediawatch: no sources configured: copy sources.example.yaml"}},
		{"vi", []string{"--config", empty, "crawl", "--once", "--source", "báo-x"}, []string{`mediawatch: cấu hình không có nguồn tin nào tên "báo-x"`}},
		{"en", []string{"--config", empty, "crawl", "--once", "--source", "báo-x"}, []string{`mediawatch: no source named "báo-x" in the configuration`}},
		{"vi", []string{"--config", broken, "rules", "apply"}, []string{"mediawatch: bộ quy tắc trong ", " bị từ chối (kiểm tra bằng `mediawatch rules check`):\n", "r.yaml:"}},
		{"en", []string{"--config", broken, "rules", "apply"}, []string{"mediawatch: rules in ", " refused (check them with `mediawatch rules check`):\n", "r.yaml:"}},
		{"vi", []string{"--config", bad, "keys", "list"}, []string{"mediawatch: cấu hình có lỗi:\n  ", "bad.yaml:1: listen: "}},
		{"en", []string{"--config", bad, "keys", "list"}, []string{"mediawatch: the configuration has problems:\n  ", "bad.yaml:1: listen: "}},
	} {
		t.Run(tc.lang+" "+strings.Join(tc.args[2:], " "), func(t *testing.T) {
			t.Setenv("MEDIAWATCH_UI_LANG", tc.lang)
			_, errOut, code := runCLI(t, append(tc.args, "--data", data)...)
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			for _, w := range tc.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
		})
	}
}
