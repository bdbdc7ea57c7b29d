package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mediawatch"
)

// TestSocialCrawlerKeys: crawler.backfill_pages defaults to 5 and is held
// to 0–50; crawler.reddit_user_agent is empty (derived by the fetcher) or
// in the form Reddit asks for.
func TestSocialCrawlerKeys(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, yaml string
		backfill   int
		reddit     string
		wantErr    string
	}{
		{name: "defaults", yaml: "log: {level: info}\n", backfill: 5},
		{name: "zero backfill is none", yaml: "crawler: {backfill_pages: 0}\n", backfill: 0},
		{name: "fifty pages", yaml: "crawler: {backfill_pages: 50}\n", backfill: 50},
		{name: "over fifty refused", yaml: "crawler: {backfill_pages: 51}\n", wantErr: "crawler.backfill_pages"},
		{name: "negative refused", yaml: "crawler: {backfill_pages: -1}\n", wantErr: "crawler.backfill_pages"},
		{name: "reddit form", yaml: "crawler: {reddit_user_agent: \"server:mediawatch:0.1 (by /u/sonla_office)\"}\n",
			backfill: 5, reddit: "server:mediawatch:0.1 (by /u/sonla_office)"},
		{name: "a browser's user agent refused", yaml: "crawler: {reddit_user_agent: \"Mozilla/5.0 (X11; Linux x86_64)\"}\n",
			wantErr: "crawler.reddit_user_agent"},
		{name: "no username refused", yaml: "crawler: {reddit_user_agent: \"server:mediawatch:0.1\"}\n",
			wantErr: "crawler.reddit_user_agent"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := writeFile(t, dir, "mediawatch.yaml", tc.yaml)
			cfg, err := Load(p, true, func(string) (string, bool) { return "", false })
			if tc.wantErr != "" {
				var fe *FieldError
				if !errors.As(err, &fe) || fe.Key != tc.wantErr || !errors.Is(err, mediawatch.ErrInvalid) {
					t.Fatalf("Load = %v, want a FieldError for %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if k := cfg.Crawler; k.BackfillPages != tc.backfill || k.RedditUserAgent != tc.reddit {
				t.Errorf("backfill %d, reddit %q; want %d, %q", k.BackfillPages, k.RedditUserAgent, tc.backfill, tc.reddit)
			}
		})
	}
}

// TestSourcesExampleLoads: sources.example.yaml loads as it ships, every
// source has a display name and a comment saying where its address was
// confirmed, and it has a source of each kind the plan asks for.
func TestSourcesExampleLoads(t *testing.T) {
	example, err := filepath.Abs("../sources.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p := writeFile(t, t.TempDir(), "mediawatch.yaml", fmt.Sprintf("sources_file: %q\n", example))
	cfg, err := Load(p, true, func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, s := range cfg.Sources {
		kinds[s.Kind]++
		if s.DisplayName == "" {
			t.Errorf("%s has no display_name", s.Name)
		}
	}
	for _, k := range []string{"feed", "page", "youtube", "telegram", "mastodon"} {
		if kinds[k] == 0 {
			t.Errorf("no %s source", k)
		}
	}
	text, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	// Each entry's comment block, from the previous entry's last line to
	// its own "- name:", says where the address was confirmed.
	blocks := strings.Split(string(text), "\n  - name: ")
	for i, b := range blocks[:len(blocks)-1] {
		if c := b[strings.LastIndex(b, "allow_private")+1:]; !strings.Contains(c, "confirmed") {
			name, _, _ := strings.Cut(blocks[i+1], "\n")
			t.Errorf("%s: no comment saying where its address was confirmed", name)
		}
	}
}
