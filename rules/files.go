package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Files returns the rule files of dir that LoadDir reads, by their path
// relative to dir (slash-separated), with their contents: what a node
// publishes when several share a store.
func Files(dir string) (map[string]string, error) {
	paths, err := ruleFiles(dir)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(paths))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return nil, err
		}
		out[filepath.ToSlash(rel)] = string(b)
	}
	return out, nil
}

// WriteFiles makes dir's rule files exactly files (as Files returns them):
// each written whole (WriteFile), and every other
// rule file LoadDir would read removed. Files outside the rule files — a
// README, testdata — are left alone. A path that leaves dir is refused.
func WriteFiles(dir string, files map[string]string) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if rel, err := filepath.Rel(dir, p); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return fmt.Errorf("rule file %q: outside the rule directory", name)
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
			return err
		}
		if err := WriteFile(p, []byte(files[name])); err != nil {
			return err
		}
	}
	have, err := ruleFiles(dir)
	if err != nil {
		return err
	}
	for _, p := range have {
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		if _, keep := files[filepath.ToSlash(rel)]; !keep {
			if err := os.Remove(p); err != nil {
				return err
			}
		}
	}
	return nil
}

// WriteFile replaces path with data: a temporary file in the same
// directory (".rule-*", which the loader skips), fsync, rename, fsync of
// the directory. A file already at path keeps its permissions; a new one
// is 0644. Nothing is left behind on failure.
func WriteFile(path string, data []byte) error {
	dir := filepath.Dir(path)
	mode := os.FileMode(0o644)
	if info, err := os.Stat(path); err == nil {
		mode = info.Mode().Perm()
	}
	tmp, err := os.CreateTemp(dir, ".rule-*.tmp")
	if err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	done = true
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // the rename itself is durable only once the directory is
		_ = d.Close()
	}
	return nil
}
