package backup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"
)

// FormatVersion is the archive layout this package writes and reads.
const FormatVersion = 1

// ManifestName is the archive's first entry.
const ManifestName = "manifest.json"

// maxManifest bounds what is read of a manifest: a damaged or hostile
// archive must not make a reader allocate without limit.
const maxManifest = 8 << 20

// ErrDamaged means an archive is not one this package wrote, or was
// changed since: a missing or unreadable manifest, a file missing, extra
// or of another size or checksum.
var ErrDamaged = errors.New("backup archive damaged")

// Manifest describes one archive.
type Manifest struct {
	Format  int       `json:"format"`          // FormatVersion
	Created time.Time `json:"created"`         // when the store was copied
	Schema  int       `json:"schema"`          // the store's schema version (migrations applied)
	Store   string    `json:"store,omitempty"` // the store's identity, which its search index is bound to
	Items   int       `json:"items"`
	Flags   int       `json:"flags"`
	Stories int       `json:"stories"`
	Files   []File    `json:"files"` // every entry but the manifest, in archive order
}

// File is one archived file: its slash-separated path in the archive, its
// size in bytes and the hex SHA-256 of its content.
type File struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Bytes is the total size of the archived files.
func (m Manifest) Bytes() int64 {
	var n int64
	for _, f := range m.Files {
		n += f.Size
	}
	return n
}

// ParseManifest decodes and checks a manifest read from an archive.
func ParseManifest(data []byte) (Manifest, error) {
	var m Manifest
	dec := json.NewDecoder(strings.NewReader(string(data)))
	if err := dec.Decode(&m); err != nil {
		return Manifest{}, fmt.Errorf("%w: manifest: %w", ErrDamaged, err)
	}
	if m.Format != FormatVersion {
		return Manifest{}, fmt.Errorf("%w: manifest format %d, this mediawatch reads %d", ErrDamaged, m.Format, FormatVersion)
	}
	seen := map[string]bool{}
	for _, f := range m.Files {
		if err := checkPath(f.Path); err != nil {
			return Manifest{}, fmt.Errorf("%w: manifest: %w", ErrDamaged, err)
		}
		if seen[f.Path] {
			return Manifest{}, fmt.Errorf("%w: manifest lists %q twice", ErrDamaged, f.Path)
		}
		seen[f.Path] = true
		if f.Size < 0 || len(f.SHA256) != 64 {
			return Manifest{}, fmt.Errorf("%w: manifest: bad size or checksum for %q", ErrDamaged, f.Path)
		}
	}
	return m, nil
}

// checkPath refuses a path that is not a clean, relative, slash-separated
// name inside the archive, or that names the manifest.
func checkPath(p string) error {
	if p == "" || p == ManifestName || path.IsAbs(p) || path.Clean(p) != p || p == "." ||
		p == ".." || strings.HasPrefix(p, "../") || strings.Contains(p, "\\") || strings.IndexFunc(p, unicode.IsControl) >= 0 {
		return fmt.Errorf("bad path %q", p)
	}
	return nil
}

// Hash walks the staging directory dir and lists every regular file in
// it (slash-separated, sorted) with its size and checksum. Anything else
// than directories and regular files is refused.
func Hash(ctx context.Context, dir string) ([]File, error) {
	var files []File
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("backup: %s is not a regular file", p)
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		f, err := hashFile(ctx, p)
		if err != nil {
			return err
		}
		f.Path = filepath.ToSlash(rel)
		files = append(files, f)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("backup: hash %s: %w", dir, err)
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return files, nil
}

func hashFile(ctx context.Context, p string) (File, error) {
	f, err := os.Open(p)
	if err != nil {
		return File{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, ctxReader{ctx, f})
	if err != nil {
		return File{}, err
	}
	return File{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// ctxReader stops a long copy when its context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
