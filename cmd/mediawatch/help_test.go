package main

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/alecthomas/kong"
)

// TestHelpComplete walks kong's model of the CLI: every command, flag and
// argument has an English text (its help tag) and a Vietnamese one
// (helpVI), and helpVI has no line for something that is gone.
func TestHelpComplete(t *testing.T) {
	var cli CLI
	parser, err := newParser(&cli, textsFor("en"), io.Discard, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	check := func(key, en string) {
		t.Helper()
		vi := lookupHelp(helpVI, key)
		if strings.TrimSpace(en) == "" {
			t.Errorf("%q has no English help", key)
		}
		if strings.TrimSpace(vi) == "" {
			t.Errorf("%q has no Vietnamese help in helpVI", key)
		}
		if _, ok := helpVI[key]; ok {
			used[key] = true
		} else if i := strings.LastIndex(key, " --"); i >= 0 {
			used[key[i+1:]] = true
		}
	}
	var walk func(n *kong.Node)
	walk = func(n *kong.Node) {
		check(helpKey(n), n.Help)
		for _, f := range n.Flags {
			check(flagKey(n, f), f.Help)
		}
		for _, v := range n.Positional {
			check(argKey(n, v), v.Help)
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	walk(parser.Model.Node)
	for key := range helpVI {
		if !used[key] {
			t.Errorf("helpVI has %q, which the CLI does not have", key)
		}
	}
}

// runCLI runs the command line in process, as main does, and returns what
// it printed and its exit status.
func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut, os.LookupEnv)
	return out.String(), errOut.String(), code
}

func TestHelpInEachLanguage(t *testing.T) {
	for _, tc := range []struct {
		lang      string
		args      []string
		want, not []string
	}{
		{"vi", []string{"--help"},
			[]string{"Cách dùng: mediawatch <lệnh> [tùy chọn]", "Theo dõi báo chí cho một địa phương", "Tùy chọn:", "Lệnh:",
				"Hiện hướng dẫn cho lệnh đang gõ.", "Tệp cấu hình (YAML)", "Thu thập các nguồn đã cấu hình",
				`Chạy "mediawatch <lệnh> --help" để xem hướng dẫn của từng lệnh.`},
			[]string{"Usage:", "Flags:", "Commands:", "Crawl the configured", "Show context-sensitive help", "<command>"}},
		{"vi", []string{"keys", "rotate", "--help"},
			[]string{"Cách dùng: mediawatch keys rotate <name> [tùy chọn]", "Thay một khóa bằng mã bí mật mới", "Đối số:",
				"Tên của khóa.", "Thư mục dữ liệu (mặc định theo cấu hình: ./data)."},
			[]string{"Usage:", "Arguments:", "The key's name.", "Data directory"}},
		{"en", []string{"keys", "create", "--help"},
			[]string{"Usage: mediawatch keys create --name=N --role=R [flags]", "Create an API key", "Flags:",
				"A name for the key: who or what uses it"},
			[]string{"Cách dùng", "Tạo một khóa"}},
	} {
		t.Run(tc.lang+" "+strings.Join(tc.args, " "), func(t *testing.T) {
			t.Setenv("MEDIAWATCH_UI_LANG", tc.lang)
			out, _, code := runCLI(t, tc.args...)
			if code != 0 {
				t.Errorf("exit %d, want 0", code)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("help lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(out, w) {
					t.Errorf("help has %q:\n%s", w, out)
				}
			}
		})
	}
}

// TestLanguageFromConfig: ui_lang in the file --config names decides the
// help's language before anything is parsed.
func TestLanguageFromConfig(t *testing.T) {
	t.Setenv("MEDIAWATCH_UI_LANG", "")
	os.Unsetenv("MEDIAWATCH_UI_LANG")
	path := t.TempDir() + "/vi.yaml"
	if err := os.WriteFile(path, []byte("ui_lang: vi\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, _ := runCLI(t, "--config", path, "keys", "--help")
	if !strings.Contains(out, "Tạo, liệt kê, đổi và thu hồi khóa API.") {
		t.Errorf("help with ui_lang: vi in --config:\n%s", out)
	}
	if out, _, _ := runCLI(t, "keys", "--help"); !strings.Contains(out, "Create, list and revoke API keys.") {
		t.Errorf("help without a language:\n%s", out)
	}
}

func TestParseErrorsInEachLanguage(t *testing.T) {
	for _, tc := range []struct {
		lang string
		args []string
		want string
	}{
		{"vi", []string{"crwl"}, `mediawatch: lỗi: không hiểu đối số crwl; có phải ý bạn là "crawl"?`},
		{"vi", []string{"keys", "list", "--jsn"}, `mediawatch: lỗi: không có tùy chọn --jsn; có phải ý bạn là "--json"?`},
		{"vi", []string{"keys", "revoke"}, `mediawatch: lỗi: thiếu "<name>"`},
		{"vi", []string{"keys"}, `mediawatch: lỗi: thiếu một trong "create", "list", "revoke", "rotate"`},
		{"vi", []string{"keys", "create", "--name", "x"}, `mediawatch: lỗi: thiếu tùy chọn bắt buộc: --role=R`},
		{"vi", []string{"keys", "create", "--name", "x", "--role", "root"},
			`mediawatch: lỗi: --role phải là một trong "viewer","editor","admin", không phải "root"`},
		{"vi", []string{"search", "x", "--size", "many"}, `mediawatch: lỗi: --size: cần một số, không phải "many"`},
		{"en", []string{"crwl"}, `mediawatch: error: unexpected argument crwl, did you mean "crawl"?`},
		{"en", []string{"keys", "revoke"}, `mediawatch: error: expected "<name>"`},
	} {
		t.Run(tc.lang+" "+strings.Join(tc.args, " "), func(t *testing.T) {
			t.Setenv("MEDIAWATCH_UI_LANG", tc.lang)
			out, errOut, code := runCLI(t, tc.args...)
			if code != 80 {
				t.Errorf("exit %d, want kong's 80 for a refused command line", code)
			}
			if strings.TrimSpace(errOut) != tc.want {
				t.Errorf("stderr %q, want %q", errOut, tc.want)
			}
			usage := map[string]string{"vi": "Cách dùng: mediawatch", "en": "Usage: mediawatch"}[tc.lang]
			if !strings.HasPrefix(out, usage) {
				t.Errorf("stdout does not start with the usage %q:\n%s", usage, out)
			}
		})
	}
}

// TestKongErrorUnknownStaysReadable: a sentence kong writes that the table
// does not know is shown as kong wrote it, suggestion translated.
func TestKongErrorUnknownStaysReadable(t *testing.T) {
	vi := textsFor("vi")
	if got := kongError("something new, did you mean \"x\"?", vi); got != `something new; có phải ý bạn là "x"?` {
		t.Errorf("got %q", got)
	}
	if got := kongError("something new", vi); got != "something new" {
		t.Errorf("got %q", got)
	}
}
