package config

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Backup configures the backups serve makes on schedule (the archives of
// `mediawatch backup`). Keep 0 turns them off.
type Backup struct {
	Dir   string   `yaml:"dir"`   // where scheduled archives go; "" is data_dir/backups
	At    string   `yaml:"at"`    // local time of the daily backup, HH:MM
	Every Duration `yaml:"every"` // when set, back up this often instead of daily at At
	Keep  int      `yaml:"keep"`  // scheduled archives kept; older ones are removed
}

// Retention configures how long stored items are kept. Items 0 keeps
// them for ever.
type Retention struct {
	Items Duration `yaml:"items"` // items first seen longer ago than this are deleted (730d)
	At    string   `yaml:"at"`    // local time serve prunes each day, HH:MM
}

// BackupDir is where scheduled backups go: backup.dir, or data_dir/backups.
func (c Config) BackupDir() string {
	if c.Backup.Dir != "" {
		return c.Backup.Dir
	}
	return filepath.Join(c.DataDir, "backups")
}

// SourcesPath is the sources file the configuration at configPath names,
// resolved as Load resolves it ("" when none is named).
func (c Config) SourcesPath(configPath string) string {
	p := c.SourcesFile
	if p != "" && !filepath.IsAbs(p) && configPath != "" {
		p = filepath.Join(filepath.Dir(configPath), p)
	}
	return p
}

// validateMaintenance checks the backup and retention keys.
func (c *Config) validateMaintenance(v *validator) {
	b, r := c.Backup, c.Retention
	v.check(b.Keep >= 0, "backup.keep", "must not be negative (0 turns scheduled backups off)")
	v.check(clock.MatchString(b.At), "backup.at", fmt.Sprintf("%q: want a local time like 02:30", b.At))
	v.check(b.Every == 0 || time.Duration(b.Every) >= time.Hour, "backup.every", "want at least 1h (or 0: daily at backup.at)")
	v.check(r.Items == 0 || time.Duration(r.Items) >= 24*time.Hour, "retention.items", "want at least 1d (or 0: keep every item)")
	v.check(clock.MatchString(r.At), "retention.at", fmt.Sprintf("%q: want a local time like 03:30", r.At))
}

// Duration is a time.Duration that is also written in days: "730d",
// "1d12h", as well as Go's "36h" or "90m". Retention periods are counted
// in days; Go's own durations stop at hours.
type Duration time.Duration

// ParseDuration reads a duration with an optional leading day count.
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "0" {
		return 0, nil
	}
	days, rest, ok := strings.Cut(s, "d")
	if !ok {
		return time.ParseDuration(s)
	}
	n, err := strconv.ParseUint(days, 10, 32)
	if err != nil || n > 100*366 {
		return 0, fmt.Errorf("not a duration (like 730d, 36h): %q", s)
	}
	d := time.Duration(n) * 24 * time.Hour
	if rest == "" {
		return d, nil
	}
	r, err := time.ParseDuration(rest)
	if err != nil || r < 0 {
		return 0, fmt.Errorf("not a duration (like 730d, 1d12h): %q", s)
	}
	return d + r, nil
}

// UnmarshalYAML reads a day-aware duration. A refusal is a yaml type
// error, so that Load names the file, line and key as for any other.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseDuration(n.Value)
	if n.Kind != yaml.ScalarNode || err != nil {
		return &yaml.TypeError{Errors: []string{
			fmt.Sprintf("line %d: cannot unmarshal !!str `%s` into time.Duration", n.Line, n.Value)}}
	}
	*d = Duration(v)
	return nil
}

// Set reads a day-aware duration from an environment variable.
func (d *Duration) Set(s string) error {
	v, err := ParseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// String writes whole days as days ("730d"), anything else as Go does.
func (d Duration) String() string {
	t := time.Duration(d)
	if t > 0 && t%(24*time.Hour) == 0 {
		return strconv.FormatInt(int64(t/(24*time.Hour)), 10) + "d"
	}
	return t.String()
}
