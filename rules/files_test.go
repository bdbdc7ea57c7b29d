package rules

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// TestFilesRoundTrip: what Files reads from one directory, WriteFiles
// makes of another, and both load as the same set.
func TestFilesRoundTrip(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	rule := "id: lu\nname: {vi: Lũ, en: Floods}\nseverity: high\nquery: lũ\n"
	os.MkdirAll(filepath.Join(src, "vung"), 0o750)
	os.WriteFile(filepath.Join(src, "lu.yaml"), []byte(rule), 0o640)
	os.WriteFile(filepath.Join(src, "vung", "dat.yml"), []byte("id: dat\nname: {vi: Đất, en: Land}\nseverity: low\nquery: đất\n"), 0o640)
	os.WriteFile(filepath.Join(src, "README.md"), []byte("not a rule"), 0o640)
	os.WriteFile(filepath.Join(dst, "old.yaml"), []byte("id: old\nname: {vi: Cũ, en: Old}\nseverity: low\nquery: cũ\n"), 0o640)
	os.WriteFile(filepath.Join(dst, "notes.txt"), []byte("kept"), 0o640)

	files, err := Files(src)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 || files["lu.yaml"] != rule || files["vung/dat.yml"] == "" {
		t.Fatalf("Files = %v", files)
	}
	if err := WriteFiles(dst, files); err != nil {
		t.Fatal(err)
	}
	again, err := Files(dst)
	if err != nil || !reflect.DeepEqual(again, files) {
		t.Fatalf("after WriteFiles: %v, %v", again, err)
	}
	if _, err := os.Stat(filepath.Join(dst, "notes.txt")); err != nil {
		t.Errorf("a file that is not a rule file went: %v", err)
	}
	a, err := LoadDir(src, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	b, err := LoadDir(dst, time.Now)
	if err != nil || a.Version != b.Version {
		t.Fatalf("versions %q and %q (%v)", a.Version, b.Version, err)
	}
	if err := WriteFiles(dst, map[string]string{"../escape.yaml": rule}); err == nil {
		t.Error("a path outside the directory was written")
	}
}
