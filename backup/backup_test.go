package backup

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// stage writes a small staging directory like the one `backup` makes.
func stage(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for p, body := range map[string]string{
		"mediawatch.db":               "SQLite format 3\x00 pretend",
		"rules/tin-gia.yaml":          "id: tin-gia\nquery: lũ\n",
		"config/mediawatch.yaml":      "data_dir: ./data\n",
		"config/sources.yaml":         "sources: []\n",
		"rules/nested/thủy-điện.yaml": "id: thuy-dien\n",
	} {
		p = filepath.Join(dir, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(p), 0o750)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestWriteExtractRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := stage(t)
	out := filepath.Join(t.TempDir(), "b.tar.gz")
	created := time.Date(2026, 12, 6, 1, 0, 0, 0, time.UTC)
	m, err := Write(ctx, src, Manifest{Created: created, Schema: 7, Items: 3}, out, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Files) != 5 || m.Format != FormatVersion {
		t.Fatalf("manifest = %+v", m)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("archive mode = %v, %v; want 0600", fi.Mode(), err)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".mediawatch-*")); len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
	head, err := ReadManifest(out)
	if err != nil || head.Items != 3 || !head.Created.Equal(created) {
		t.Fatalf("ReadManifest = %+v, %v", head, err)
	}
	dst := filepath.Join(t.TempDir(), "x")
	got, err := Extract(ctx, out, dst, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Files, m.Files) {
		t.Errorf("extracted manifest differs")
	}
	again, err := Hash(ctx, dst)
	if err != nil || !slices.Equal(again, m.Files) {
		t.Errorf("extracted files differ from the staged ones: %v", err)
	}
}

func TestExtractRefusesDamage(t *testing.T) {
	ctx := context.Background()
	src := stage(t)
	out := filepath.Join(t.TempDir(), "b.tar.gz")
	if _, err := Write(ctx, src, Manifest{Created: time.Now()}, out, nil); err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(out)
	// An archive whose file differs from what its manifest says: same
	// sizes, one byte changed, written by the same code.
	os.WriteFile(filepath.Join(src, "config", "sources.yaml"), []byte("sources: {}\n"), 0o600)
	m, _ := Hash(ctx, src)
	tampered := filepath.Join(t.TempDir(), "t.tar.gz")
	var buf bytes.Buffer
	first, _ := ReadManifest(out)
	first.Files = m
	for i := range first.Files {
		if first.Files[i].Path == "config/sources.yaml" {
			first.Files[i].SHA256 = mOf(t, stage(t), "config/sources.yaml")
		}
	}
	if err := writeArchive(ctx, &buf, src, first, nil); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(tampered, buf.Bytes(), 0o600)
	truncated := filepath.Join(t.TempDir(), "cut.tar.gz")
	os.WriteFile(truncated, good[:len(good)/2], 0o600)
	garbage := filepath.Join(t.TempDir(), "g.tar.gz")
	os.WriteFile(garbage, []byte("this is not gzip"), 0o600)
	for name, path := range map[string]string{"bad checksum": tampered, "truncated": truncated, "not an archive": garbage} {
		t.Run(name, func(t *testing.T) {
			_, err := Extract(ctx, path, filepath.Join(t.TempDir(), "x"), nil)
			if !errors.Is(err, ErrDamaged) {
				t.Errorf("Extract = %v, want ErrDamaged", err)
			}
		})
	}
}

// mOf is the checksum of one staged file.
func mOf(t *testing.T, dir, p string) string {
	files, err := Hash(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Path == p {
			return f.SHA256
		}
	}
	t.Fatalf("%s not staged", p)
	return ""
}

func TestWriteCancelledLeavesNothing(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	out := filepath.Join(dir, "b.tar.gz")
	if _, err := Write(ctx, stage(t), Manifest{}, out, nil); err == nil {
		t.Fatal("a cancelled Write should fail")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a cancelled Write left %v", entries)
	}
}

func TestParseManifestRefusesEscapes(t *testing.T) {
	sum := `"` + string(bytes.Repeat([]byte("a"), 64)) + `"`
	for _, p := range []string{"../etc/passwd", "/abs", "a/../../b", "manifest.json", "a\\b", "", "./a", "a//b"} {
		body := `{"format":1,"files":[{"path":"` + p + `","size":1,"sha256":` + sum + `}]}`
		if _, err := ParseManifest([]byte(body)); !errors.Is(err, ErrDamaged) {
			t.Errorf("path %q accepted", p)
		}
	}
	if _, err := ParseManifest([]byte(`{"format":2,"files":[]}`)); !errors.Is(err, ErrDamaged) {
		t.Error("an unknown format was accepted")
	}
}

func TestRotateKeepsTheNewest(t *testing.T) {
	dir := t.TempDir()
	start := time.Date(2026, 1, 1, 2, 30, 0, 0, time.UTC)
	for i := range 5 {
		os.WriteFile(filepath.Join(dir, ScheduledName(start.AddDate(0, 0, i))), nil, 0o600)
	}
	os.WriteFile(filepath.Join(dir, "before-upgrade.tar.gz"), nil, 0o600)
	removed, err := Rotate(dir, 2)
	if err != nil || len(removed) != 3 {
		t.Fatalf("Rotate = %v, %v", removed, err)
	}
	left, _ := Scheduled(dir)
	want := []string{ScheduledName(start.AddDate(0, 0, 3)), ScheduledName(start.AddDate(0, 0, 4))}
	if !slices.Equal(left, want) {
		t.Errorf("left %v, want %v", left, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "before-upgrade.tar.gz")); err != nil {
		t.Error("Rotate removed an archive it did not make")
	}
}

func TestRemoveStale(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, ".mediawatch-backup-123"), 0o750)
	os.WriteFile(filepath.Join(dir, ".mediawatch-b.tar.gz-9.partial"), nil, 0o600)
	os.WriteFile(filepath.Join(dir, ScheduledName(time.Now())), nil, 0o600)
	if removed, err := RemoveStale(dir, time.Hour, time.Now()); err != nil || len(removed) != 0 {
		t.Fatalf("fresh temporaries removed: %v, %v", removed, err)
	}
	removed, err := RemoveStale(dir, time.Hour, time.Now().Add(2*time.Hour))
	if err != nil || len(removed) != 2 {
		t.Fatalf("RemoveStale = %v, %v", removed, err)
	}
	if names, _ := Scheduled(dir); len(names) != 1 {
		t.Error("RemoveStale removed an archive")
	}
}
