package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPublicURL: web.public_url, which alert mails and webhook events link
// under, must be an http(s) address without query or fragment.
func TestPublicURL(t *testing.T) {
	for yaml, want := range map[string]string{
		"web:\n  public_url: https://mediawatch.sonla.gov.vn\n":      "",
		"web:\n  public_url: http://10.0.0.5:8080/mw/\n":             "",
		"web:\n  public_url: mediawatch.sonla.gov.vn\n":              "web.public_url",
		"web:\n  public_url: javascript:alert(1)\n":                  "web.public_url",
		"web:\n  public_url: https://mediawatch.example/?a=1\n":      "web.public_url",
		"web:\n  public_url: 'https://mediawatch.example/#alerts'\n": "web.public_url",
	} {
		path := filepath.Join(t.TempDir(), "mediawatch.yaml")
		if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := Load(path, true, func(string) (string, bool) { return "", false })
		switch {
		case want == "" && err != nil:
			t.Errorf("%q refused: %v", yaml, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%q: error %v, want one naming %s", yaml, err, want)
		}
	}
}
