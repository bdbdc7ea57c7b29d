package backup

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Write makes the archive out from the staging directory dir: the
// manifest m, completed with the format and every file of dir, then the
// files. It writes under a temporary name beside out and renames it when
// the archive is complete and synced, so out is either absent or whole;
// an existing out is replaced only then. The archive is readable by its
// owner only: it holds the configuration, which may hold passwords.
// progress, if set, hears the bytes of files archived so far and the
// total. It returns the manifest written.
func Write(ctx context.Context, dir string, m Manifest, out string, progress func(done, total int64)) (Manifest, error) {
	files, err := Hash(ctx, dir)
	if err != nil {
		return Manifest{}, err
	}
	m.Format, m.Files = FormatVersion, files
	tmp, err := os.CreateTemp(filepath.Dir(out), ".mediawatch-"+filepath.Base(out)+"-*.partial")
	if err != nil {
		return Manifest{}, fmt.Errorf("backup: %w", err)
	}
	err = writeArchive(ctx, tmp, dir, m, progress)
	err = errors.Join(err, tmp.Sync(), tmp.Close())
	if err == nil {
		err = os.Rename(tmp.Name(), out)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return Manifest{}, fmt.Errorf("backup: write %s: %w", out, err)
	}
	syncDir(filepath.Dir(out))
	return m, nil
}

// writeArchive streams the manifest and the files of dir into w.
func writeArchive(ctx context.Context, w io.Writer, dir string, m Manifest, progress func(done, total int64)) error {
	gz, err := gzip.NewWriterLevel(w, gzip.BestSpeed) // nightly on a busy machine: speed over the last 15%
	if err != nil {
		return err
	}
	tw := tar.NewWriter(gz)
	body, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := addEntry(tw, ManifestName, int64(len(body)), m, bytes.NewReader(body)); err != nil {
		return err
	}
	var done int64
	total := m.Bytes()
	for _, f := range m.Files {
		if err := addFile(ctx, tw, dir, f, m); err != nil {
			return err
		}
		done += f.Size
		if progress != nil {
			progress(done, total)
		}
	}
	return errors.Join(tw.Close(), gz.Close())
}

func addFile(ctx context.Context, tw *tar.Writer, dir string, f File, m Manifest) error {
	r, err := os.Open(filepath.Join(dir, filepath.FromSlash(f.Path)))
	if err != nil {
		return err
	}
	defer r.Close()
	return addEntry(tw, f.Path, f.Size, m, ctxReader{ctx, r})
}

func addEntry(tw *tar.Writer, name string, size int64, m Manifest, r io.Reader) error {
	hdr := &tar.Header{Typeflag: tar.TypeReg, Name: name, Size: size, Mode: 0o600, ModTime: m.Created,
		Format: tar.FormatPAX}
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	n, err := io.Copy(tw, r)
	if err == nil && n != size {
		err = fmt.Errorf("%s changed while archived (%d bytes, hashed %d)", name, n, size)
	}
	return err
}

// syncDir makes a rename in dir durable; a failure only weakens that.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// ReadManifest reads the manifest of the archive at path without
// extracting anything.
func ReadManifest(path string) (Manifest, error) {
	f, err := os.Open(path)
	if err != nil {
		return Manifest{}, err
	}
	defer f.Close()
	_, m, err := openArchive(f)
	return m, err
}

// openArchive reads r up to and including the manifest.
func openArchive(r io.Reader) (*tar.Reader, Manifest, error) {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return nil, Manifest{}, fmt.Errorf("%w: %w", ErrDamaged, err)
	}
	tr := tar.NewReader(gz)
	hdr, err := tr.Next()
	if err != nil {
		return nil, Manifest{}, fmt.Errorf("%w: %w", ErrDamaged, err)
	}
	if hdr.Name != ManifestName || hdr.Typeflag != tar.TypeReg || hdr.Size > maxManifest {
		return nil, Manifest{}, fmt.Errorf("%w: the first entry is %q, not the manifest", ErrDamaged, hdr.Name)
	}
	body, err := io.ReadAll(io.LimitReader(tr, maxManifest))
	if err != nil {
		return nil, Manifest{}, fmt.Errorf("%w: manifest: %w", ErrDamaged, err)
	}
	m, err := ParseManifest(body)
	return tr, m, err
}

// Extract verifies the archive at path and writes its files under dst,
// which must be empty or missing. Every entry must be a regular file the
// manifest lists, of its size and checksum, and every listed file must be
// there; otherwise the error wraps ErrDamaged. On any error dst may hold
// part of the files: the caller removes it. progress, if set, hears the
// bytes extracted so far and the total.
func Extract(ctx context.Context, path, dst string, progress func(done, total int64)) (Manifest, error) {
	f, err := os.Open(path)
	if err != nil {
		return Manifest{}, err
	}
	defer f.Close()
	return extract(ctx, f, dst, progress)
}

func extract(ctx context.Context, r io.Reader, dst string, progress func(done, total int64)) (Manifest, error) {
	tr, m, err := openArchive(r)
	if err != nil {
		return Manifest{}, err
	}
	want := make(map[string]File, len(m.Files))
	for _, f := range m.Files {
		want[f.Path] = f
	}
	var done int64
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Manifest{}, fmt.Errorf("%w: %w", ErrDamaged, err)
		}
		f, ok := want[hdr.Name]
		if !ok || hdr.Typeflag != tar.TypeReg || hdr.Size != f.Size {
			return Manifest{}, fmt.Errorf("%w: unexpected entry %q (not listed, not a file, or not its listed size)", ErrDamaged, hdr.Name)
		}
		delete(want, hdr.Name)
		if err := extractFile(ctx, tr, dst, f); err != nil {
			return Manifest{}, err
		}
		done += f.Size
		if progress != nil {
			progress(done, m.Bytes())
		}
	}
	for p := range want {
		return Manifest{}, fmt.Errorf("%w: %q is listed but missing", ErrDamaged, p)
	}
	return m, nil
}

// extractFile writes one entry to dst and checks its checksum.
func extractFile(ctx context.Context, r io.Reader, dst string, f File) error {
	p := filepath.Join(dst, filepath.FromSlash(f.Path))
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return err
	}
	w, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	h := sha256.New()
	_, err = io.Copy(io.MultiWriter(w, h), ctxReader{ctx, r})
	if err := errors.Join(err, w.Sync(), w.Close()); err != nil {
		if ctx.Err() == nil {
			err = fmt.Errorf("%w: %s: %w", ErrDamaged, f.Path, err)
		}
		return err
	}
	if sum := hex.EncodeToString(h.Sum(nil)); sum != f.SHA256 {
		return fmt.Errorf("%w: %s: checksum %s, the manifest says %s", ErrDamaged, f.Path, sum[:12], f.SHA256[:12])
	}
	return nil
}
