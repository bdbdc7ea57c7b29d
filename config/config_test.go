package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func noEnv(string) (string, bool) { return "", false }

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDefaultsWhenNoFile(t *testing.T) {
	cfg, err := Load(filepath.Join(t.TempDir(), "absent.yaml"), false, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DataDir != "./data" || cfg.Listen != "127.0.0.1:8080" || cfg.Timezone != "Asia/Ho_Chi_Minh" {
		t.Errorf("defaults = %q %q %q", cfg.DataDir, cfg.Listen, cfg.Timezone)
	}
	if len(cfg.Watch) != 2 || cfg.Watch[0].Term != "Sơn La" || cfg.Watch[1].Lang != "en" {
		t.Errorf("watch = %+v", cfg.Watch)
	}
	if !strings.Contains(cfg.Crawler.UserAgent, "mediawatch") || cfg.Crawler.HostDelay != 2*time.Second {
		t.Errorf("crawler = %+v", cfg.Crawler)
	}
	if cfg.Location().String() != "Asia/Ho_Chi_Minh" {
		t.Errorf("location = %v", cfg.Location())
	}
	if cfg.Office.Name != "Sở Thông tin và Truyền thông tỉnh Sơn La" || cfg.Office.Province != "Sơn La" {
		t.Errorf("office = %+v", cfg.Office)
	}
}

func TestOfficeFromFileAndEnvironment(t *testing.T) {
	p := writeFile(t, t.TempDir(), "mediawatch.yaml", "office:\n  name: Sở Văn hóa tỉnh Điện Biên\n  province: Điện Biên\n")
	cfg, err := Load(p, true, func(k string) (string, bool) {
		if k == "MEDIAWATCH_OFFICE_PROVINCE" {
			return "Lai Châu", true
		}
		return "", false
	})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Office.Name != "Sở Văn hóa tỉnh Điện Biên" || cfg.Office.Province != "Lai Châu" {
		t.Errorf("office = %+v, want the file's name and the environment's province", cfg.Office)
	}
}

func TestExplicitMissingFileRefused(t *testing.T) {
	if _, err := Load(filepath.Join(t.TempDir(), "absent.yaml"), true, noEnv); err == nil {
		t.Fatal("want an error for a named file that does not exist")
	}
}

func TestFileThenEnvironment(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "mediawatch.yaml", `
data_dir: /var/lib/mw
crawler:
  host_delay: 5s
sources:
  - name: tay-bac
    kind: feed
    url: https://example.vn/rss
`)
	env := map[string]string{"MEDIAWATCH_LISTEN": "0.0.0.0:9090", "MEDIAWATCH_CRAWLER_HOST_DELAY": "3s"}
	cfg, err := Load(p, true, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DataDir != "/var/lib/mw" || cfg.Listen != "0.0.0.0:9090" || cfg.Crawler.HostDelay != 3*time.Second {
		t.Errorf("got data_dir %q listen %q host_delay %v", cfg.DataDir, cfg.Listen, cfg.Crawler.HostDelay)
	}
	src := cfg.SourceList()
	if len(src) != 1 || src[0].Weight != 1 || src[0].Keep != "mentions" || !src[0].Enabled || src[0].Interval != 30*time.Minute {
		t.Errorf("source defaults = %+v", src)
	}
}

func TestSourcesFileBesideConfig(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "mine.yaml", `
sources:
  - name: a
    display_name: Báo Sơn La
    kind: page
    url: https://a.example/list
    selector: ".news a"
    keep: all
  - name: b
    kind: sitemap
    url: https://b.example/news.xml
    enabled: false
`)
	p := writeFile(t, dir, "mediawatch.yaml", "sources_file: mine.yaml\n")
	cfg, err := Load(p, true, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	src := cfg.SourceList()
	if len(src) != 2 || src[0].Keep != "all" || src[1].Enabled {
		t.Errorf("sources = %+v", src)
	}
	if src[0].DisplayName != "Báo Sơn La" || src[0].Label() != "Báo Sơn La" || src[1].Label() != "b" {
		t.Errorf("display names %q %q, want the configured one and the slug", src[0].Label(), src[1].Label())
	}
}

func TestErrorsNameKeyAndLine(t *testing.T) {
	cases := []struct {
		name, yaml string
		want       []string
	}{
		{"unknown key", "crawler:\n  hostdelay: 2s\n", []string{"mediawatch.yaml:2", "crawler.hostdelay", "unknown key"}},
		{"bad duration", "crawler:\n  timeout: soon\n", []string{"mediawatch.yaml:2", "crawler.timeout", `"soon" is not a duration`}},
		{"bad number", "crawler:\n  concurrency: many\n", []string{"mediawatch.yaml:2", "crawler.concurrency", "not a whole number"}},
		{"named sources file missing", "sources_file: mine.yaml\n", []string{"sources_file", "mine.yaml"}},
		{"bad listen", "data_dir: x\nlisten: nowhere\n", []string{"mediawatch.yaml:2", "listen", "host:port"}},
		{"bad zone", "timezone: Mars/Olympus\n", []string{"mediawatch.yaml:1", "timezone"}},
		{"bad source url", "sources:\n  - name: a\n    kind: feed\n    url: ftp://x/y\n", []string{"mediawatch.yaml:4", "sources[0].url"}},
		{"bad selector", "sources:\n  - name: a\n    kind: page\n    url: https://x/y\n    selector: \"a[\"\n", []string{"mediawatch.yaml:5", "sources[0].selector", "not a CSS selector"}},
		{"infinite weight", "sources:\n  - {name: a, kind: feed, url: 'https://x/1', weight: .inf}\n", []string{"mediawatch.yaml:2", "sources[0].weight"}},
		{"page without selector", "sources:\n  - name: a\n    kind: page\n    url: https://x/y\n", []string{"sources[0].selector"}},
		{"duplicate names", "sources:\n  - {name: a, kind: feed, url: 'https://x/1'}\n  - {name: a, kind: feed, url: 'https://x/2'}\n", []string{"sources[1].name", "also the name"}},
		{"empty watch term", "watch:\n  - term: \"  \"\n", []string{"mediawatch.yaml:2", "watch[0].term"}},
		{"syntax", "data_dir: [\n", []string{"mediawatch.yaml"}},
		{"display name on two lines", "sources:\n  - {name: a, kind: feed, url: 'https://x/1', display_name: \"Báo\\nSơn La\"}\n",
			[]string{"mediawatch.yaml:2", "sources[0].display_name", "one line"}},
		{"office name too long", "office:\n  name: " + strings.Repeat("x", 201) + "\n", []string{"mediawatch.yaml:2", "office.name"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := writeFile(t, t.TempDir(), "mediawatch.yaml", tc.yaml)
			_, err := Load(p, true, noEnv)
			if err == nil {
				t.Fatal("want an error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestBadEnvironmentValueNamesVariable(t *testing.T) {
	_, err := Load("", false, func(k string) (string, bool) {
		if k == "MEDIAWATCH_CRAWLER_CONCURRENCY" {
			return "many", true
		}
		return "", false
	})
	if err == nil || !strings.Contains(err.Error(), "MEDIAWATCH_CRAWLER_CONCURRENCY") {
		t.Fatalf("err = %v", err)
	}
}

// TestStoreURL: a PostgreSQL URL from the file or the environment (where a
// password belongs), anything else refused naming the key and line.
func TestStoreURL(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "mediawatch.yaml", "store:\n  url: postgres://mw@db.example/mediawatch\n")
	cfg, err := Load(p, true, noEnv)
	if err != nil || cfg.Store.URL != "postgres://mw@db.example/mediawatch" {
		t.Fatalf("store.url = %q, %v", cfg.Store.URL, err)
	}
	cfg, err = Load(p, true, func(k string) (string, bool) {
		return "postgresql://mw:secret@db2.example/mw", k == "MEDIAWATCH_STORE_URL"
	})
	if err != nil || cfg.Store.URL != "postgresql://mw:secret@db2.example/mw" {
		t.Fatalf("from the environment: store.url = %q, %v", cfg.Store.URL, err)
	}
	p = writeFile(t, dir, "bad.yaml", "data_dir: ./d\nstore:\n  url: mysql://mw@db.example/mediawatch\n")
	_, err = Load(p, true, noEnv)
	if err == nil || !strings.Contains(err.Error(), "bad.yaml:3") || !strings.Contains(err.Error(), "store.url") {
		t.Fatalf("mysql:// URL: err = %v, want it refused at bad.yaml:3, store.url", err)
	}
}
