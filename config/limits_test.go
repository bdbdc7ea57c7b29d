package config

import (
	"errors"
	"testing"

	"mediawatch"
)

// TestFetchLimitsMeanWhatTheySay: a zero written for a crawler limit is a
// zero, a key left out keeps its default, and max_links is bounded.
func TestFetchLimitsMeanWhatTheySay(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, yaml                string
		env                       map[string]string
		retries, redirects, links int
		wantErr                   string
	}{
		{name: "absent keys keep the defaults", yaml: "log: {level: info}\n", retries: 2, redirects: 10, links: 1000},
		{name: "zeros are zeros", yaml: "crawler: {max_retries: 0, max_redirects: 0}\n", retries: 0, redirects: 0, links: 1000},
		{name: "zero from the environment", yaml: "log: {level: info}\n",
			env: map[string]string{"MEDIAWATCH_CRAWLER_MAX_RETRIES": "0", "MEDIAWATCH_CRAWLER_MAX_LINKS": "50"}, retries: 0, redirects: 10, links: 50},
		{name: "max_links zero refused", yaml: "crawler: {max_links: 0}\n", wantErr: "crawler.max_links"},
		{name: "max_links over 5000 refused", yaml: "crawler: {max_links: 5001}\n", wantErr: "crawler.max_links"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := writeFile(t, dir, "mediawatch.yaml", tc.yaml)
			cfg, err := Load(p, true, func(k string) (string, bool) { v, ok := tc.env[k]; return v, ok })
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
			k := cfg.Crawler
			if k.MaxRetries != tc.retries || k.MaxRedirects != tc.redirects || k.MaxLinks != tc.links {
				t.Errorf("retries %d, redirects %d, links %d; want %d, %d, %d",
					k.MaxRetries, k.MaxRedirects, k.MaxLinks, tc.retries, tc.redirects, tc.links)
			}
		})
	}
}
