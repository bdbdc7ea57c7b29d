package config

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"730d": 730 * 24 * time.Hour, "1d12h": 36 * time.Hour, "36h": 36 * time.Hour, "0": 0, " 7d ": 7 * 24 * time.Hour,
	} {
		if got, err := ParseDuration(in); err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"d", "-1d", "1.5d", "1dd", "2y", "1d-3h", "99999999d", ""} {
		if _, err := ParseDuration(in); err == nil {
			t.Errorf("ParseDuration(%q) accepted", in)
		}
	}
	if s := Duration(730 * 24 * time.Hour).String(); s != "730d" {
		t.Errorf("String = %q", s)
	}
}

func TestBackupAndRetentionKeys(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "mediawatch.yaml", "data_dir: /srv/mw\nretention:\n  items: 730d\nbackup:\n  every: 1d\n  keep: 3\n")
	env := map[string]string{"MEDIAWATCH_RETENTION_ITEMS": "400d"}
	cfg, err := Load(p, true, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	if time.Duration(cfg.Retention.Items) != 400*24*time.Hour || time.Duration(cfg.Backup.Every) != 24*time.Hour ||
		cfg.Backup.Keep != 3 || cfg.Backup.At != "02:30" || cfg.Retention.At != "03:30" {
		t.Errorf("backup %+v, retention %+v", cfg.Backup, cfg.Retention)
	}
	if got := cfg.BackupDir(); got != filepath.Join("/srv/mw", "backups") {
		t.Errorf("BackupDir = %q", got)
	}
	if got := cfg.SourcesPath(p); got != filepath.Join(dir, "sources.yaml") {
		t.Errorf("SourcesPath = %q", got)
	}
	for name, tc := range map[string]struct{ yaml, want string }{
		"bad days":  {"retention:\n  items: 730x\n", `mediawatch.yaml:2: retention.items: "730x" is not a duration`},
		"too short": {"retention:\n  items: 2h\n", "retention.items"},
		"bad at":    {"backup:\n  at: 25:00\n", "backup.at"},
		"negative":  {"backup:\n  keep: -1\n", "backup.keep"},
		"too often": {"backup:\n  every: 5m\n", "backup.every"},
		"bad prune": {"retention:\n  at: noon\n", "retention.at"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Load(writeFile(t, t.TempDir(), "mediawatch.yaml", tc.yaml), true, noEnv)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to say %q", err, tc.want)
			}
		})
	}
}
