package backup

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzExtract feeds arbitrary bytes to the archive reader: it must never
// panic, never write outside its target directory, and accept only what
// its manifest vouches for.
func FuzzExtract(f *testing.F) {
	var buf bytes.Buffer
	src := stage(f)
	m, err := Hash(context.Background(), src)
	if err != nil {
		f.Fatal(err)
	}
	if err := writeArchive(context.Background(), &buf, src, Manifest{Format: FormatVersion, Created: time.Unix(0, 0), Files: m}, nil); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte{0x1f, 0x8b})
	f.Fuzz(func(t *testing.T, data []byte) {
		root := t.TempDir()
		dst := filepath.Join(root, "dst")
		got, err := extract(context.Background(), bytes.NewReader(data), dst, nil)
		filepath.WalkDir(root, func(p string, d os.DirEntry, _ error) error {
			if !strings.HasPrefix(p, dst) && p != root {
				t.Errorf("wrote %s outside %s", p, dst)
			}
			return nil
		})
		if err == nil {
			again, herr := Hash(context.Background(), dst)
			if herr != nil || len(again) != len(got.Files) {
				t.Errorf("accepted an archive whose files do not match its manifest")
			}
		}
	})
}
