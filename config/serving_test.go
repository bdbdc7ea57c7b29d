package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestServingKeys(t *testing.T) {
	cases := map[string]string{
		"api:\n  tls_cert: /etc/c.pem\n":                            "api.tls_key",
		"api:\n  tls_key: /etc/k.pem\n":                             "api.tls_cert",
		"api:\n  trusted_proxies: [127.0.0.1, nginx.local]\n":       "api.trusted_proxies[1]",
		"api:\n  trusted_proxies: [10.0.0.0/33]\n":                  "api.trusted_proxies[0]",
		"api:\n  trusted_proxies: [127.0.0.1, '::1', 10.0.0.0/8]\n": "",
		"api:\n  tls_cert: /etc/c.pem\n  tls_key: /etc/k.pem\n":     "",
	}
	for yaml, want := range cases {
		path := filepath.Join(t.TempDir(), "mediawatch.yaml")
		if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
			t.Fatal(err)
		}
		cfg, err := Load(path, true, func(string) (string, bool) { return "", false })
		switch {
		case want == "" && err != nil:
			t.Errorf("%q refused: %v", yaml, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%q: error %v, want one naming %s", yaml, err, want)
		case want == "" && strings.Contains(yaml, "trusted"):
			if got := cfg.API.Proxies(); len(got) != 3 || got[0].String() != "127.0.0.1/32" || got[1].String() != "::1/128" {
				t.Errorf("Proxies() = %v", got)
			}
		}
	}
}

// The production example must load as it ships, and with the example file
// of every key.
func TestShippedConfigsLoad(t *testing.T) {
	for _, f := range []string{"../deploy/mediawatch.production.yaml", "../mediawatch.example.yaml"} {
		if _, err := Load(f, true, func(string) (string, bool) { return "", false }); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}
