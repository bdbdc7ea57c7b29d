package config

import (
	"os"
	"path/filepath"
	"testing"
)

func TestPeekUILang(t *testing.T) {
	dir := t.TempDir()
	vi := filepath.Join(dir, "vi.yaml")
	broken := filepath.Join(dir, "broken.yaml")
	if err := os.WriteFile(vi, []byte("data_dir: x\nui_lang: vi\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(broken, []byte("ui_lang: [vi\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := func(m map[string]string) func(string) (string, bool) {
		return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
	}
	for _, tc := range []struct {
		name, path string
		env        map[string]string
		want       string
	}{
		{"file says vi", vi, nil, "vi"},
		{"env wins over the file", vi, map[string]string{"MEDIAWATCH_UI_LANG": "en"}, "en"},
		{"env alone", filepath.Join(dir, "absent.yaml"), map[string]string{"MEDIAWATCH_UI_LANG": "vi"}, "vi"},
		{"unknown env value falls to the file", vi, map[string]string{"MEDIAWATCH_UI_LANG": "fr"}, "vi"},
		{"no file", filepath.Join(dir, "absent.yaml"), nil, "en"},
		{"broken file", broken, nil, "en"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := PeekUILang(tc.path, env(tc.env)); got != tc.want {
				t.Errorf("PeekUILang = %q, want %q", got, tc.want)
			}
		})
	}
}
