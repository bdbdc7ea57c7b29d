package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"mediawatch"
	"mediawatch/backup"
	"mediawatch/config"
	"mediawatch/index"
	"mediawatch/query"
)

// ingestN stores n items numbered from first through the app's pipeline,
// flushing to the index every 10, as a crawl does.
func ingestN(ctx context.Context, a *app, first, n int) error {
	src := mediawatch.Source{Name: fmt.Sprintf("src%d", first%3), Keep: mediawatch.KeepAll}
	for i := first; i < first+n; i++ {
		art := mediawatch.Article{Source: src.Name, URL: fmt.Sprintf("https://tin.example/%d", i),
			Title: fmt.Sprintf("Tin Sơn La số %d", i),
			Text:  fmt.Sprintf("Nội dung %d về mận hậu Sơn La, lũ quét ở Mường La ngày %d.", i, i%31)}
		if i%4 == 0 {
			art.Text += " Thủy điện xả lũ."
		}
		if _, err := a.pipeline.Ingest(ctx, src, art); err != nil {
			return err
		}
		if i%10 == 9 {
			if err := a.pipeline.Flush(ctx); err != nil {
				return err
			}
		}
	}
	return a.pipeline.Flush(ctx)
}

// hits lists the ids a query finds, all of them.
func hits(t *testing.T, idx *index.Index, q string) []int64 {
	t.Helper()
	res, err := idx.Search(context.Background(), query.MustParse(q), index.Request{Size: 1000, Sort: "oldest"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	slices.Sort(ids)
	return ids
}

// TestBackupDuringIngestRestores backs up a data directory while another
// goroutine keeps storing and indexing items through the pipeline. The
// restored directory holds exactly the items of one moment (a prefix of
// the ids, since ids grow), the manifest's counts, and its search index
// finds what the source's finds among those items.
func TestBackupDuringIngestRestores(t *testing.T) {
	srcDir := t.TempDir()
	cfgFile := filepath.Join(t.TempDir(), "mediawatch.yaml")
	rulesDir := filepath.Join(srcDir, "rules")
	os.WriteFile(cfgFile, []byte("ui_lang: vi\nsources_file: sources.yaml\nrules:\n  dir: "+rulesDir+"\n"), 0o600)
	os.WriteFile(filepath.Join(filepath.Dir(cfgFile), "sources.yaml"), []byte("sources: []\n"), 0o600)
	a := testApp(t, srcDir, func(*config.Config) {})
	os.MkdirAll(rulesDir, 0o750)
	os.WriteFile(filepath.Join(rulesDir, "lu.yaml"), []byte("id: lu\n"), 0o600)
	ctx, stop := context.WithCancel(context.Background())
	if err := ingestN(ctx, a, 0, 300); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var wrote int
	wg.Go(func() {
		for i := 300; ctx.Err() == nil; i += 10 {
			if err := ingestN(ctx, a, i, 10); err != nil && ctx.Err() == nil {
				t.Errorf("ingest: %v", err)
				return
			}
			wrote = i
		}
	})
	out := filepath.Join(t.TempDir(), "b.tar.gz")
	var stdout bytes.Buffer
	g := &globals{ctx: context.Background(), configPath: cfgFile, explicitConfig: true, stdout: &stdout, stderr: io.Discard}
	err := (&BackupCmd{DataFlag: DataFlag{Data: srcDir}, Out: out}).Run(g)
	stop()
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "Đã ghi bản sao lưu") {
		t.Errorf("summary not in the configured language: %q", stdout.String())
	}
	m, err := backup.ReadManifest(out)
	if err != nil {
		t.Fatal(err)
	}
	if countUnder(m, "config/") != 2 || countUnder(m, "rules/") != 1 {
		t.Errorf("archived config files: %+v", m.Files)
	}
	t.Logf("backed up %d items while the writer reached %d", m.Items, wrote)

	dst := filepath.Join(t.TempDir(), "restored")
	stdout.Reset()
	if err := (&RestoreCmd{DataFlag: DataFlag{Data: dst}, File: out}).Run(g); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"mediawatch.db", "restored-config/mediawatch.yaml", "restored-config/sources.yaml", "restored-config/rules/lu.yaml"} {
		if _, err := os.Stat(filepath.Join(dst, p)); err != nil {
			t.Errorf("restore did not put %s: %v", p, err)
		}
	}
	r := testApp(t, dst, func(*config.Config) {})
	n, err := r.db.CountItems(context.Background())
	if err != nil || n != m.Items || n < 300 {
		t.Fatalf("restored %d items (%v), manifest says %d", n, err, m.Items)
	}
	for _, id := range []int64{1, int64(n / 2), int64(n)} {
		want, err1 := a.db.Item(context.Background(), id)
		got, err2 := r.db.Item(context.Background(), id)
		if err1 != nil || err2 != nil || got.ContentHash != want.ContentHash || got.StoryID != want.StoryID {
			t.Errorf("item %d differs after restore: %v %v", id, err1, err2)
		}
	}
	if _, err := r.db.Item(context.Background(), int64(n+1)); !errors.Is(err, mediawatch.ErrNotFound) {
		t.Errorf("restored store holds an item after the snapshot's last (%v): not one moment", err)
	}
	for _, q := range []string{`"Sơn La"`, `"thủy điện"`, `mận NEAR/3 hậu`, `lu`} {
		var want []int64
		for _, id := range hits(t, a.idx, q) {
			if id <= int64(n) {
				want = append(want, id)
			}
		}
		if got := hits(t, r.idx, q); !slices.Equal(got, want) || len(want) == 0 {
			t.Errorf("%s: restored finds %d, the source %d among the same items", q, len(got), len(want))
		}
	}
}

func TestRestoreRefusesNonEmptyAndDamaged(t *testing.T) {
	srcDir := t.TempDir()
	a := testApp(t, srcDir, func(*config.Config) {})
	if err := ingestN(context.Background(), a, 0, 20); err != nil {
		t.Fatal(err)
	}
	g := testGlobals(context.Background(), io.Discard)
	out := filepath.Join(t.TempDir(), "b.tar.gz")
	if err := (&BackupCmd{DataFlag: DataFlag{Data: srcDir}, Out: out}).Run(g); err != nil {
		t.Fatal(err)
	}
	t.Run("non-empty", func(t *testing.T) {
		err := (&RestoreCmd{DataFlag: DataFlag{Data: srcDir}, File: out}).Run(g)
		if err == nil || !strings.Contains(err.Error(), "not empty") {
			t.Fatalf("err = %v", err)
		}
		if n, _ := a.db.CountItems(context.Background()); n != 20 {
			t.Errorf("the refused restore touched the store: %d items", n)
		}
	})
	t.Run("bad checksum", func(t *testing.T) {
		bad := filepath.Join(t.TempDir(), "bad.tar.gz")
		flipInArchive(t, out, bad, "mediawatch.db")
		dst := filepath.Join(t.TempDir(), "new")
		err := (&RestoreCmd{DataFlag: DataFlag{Data: dst}, File: bad}).Run(g)
		if !errors.Is(err, backup.ErrDamaged) {
			t.Fatalf("err = %v, want ErrDamaged", err)
		}
		if _, err := os.Stat(dst); !os.IsNotExist(err) {
			t.Errorf("a refused restore left %s behind (%v)", dst, err)
		}
	})
}

// flipInArchive copies the archive src to dst with one byte of the entry
// name changed, keeping the manifest: sizes agree, the checksum does not.
func flipInArchive(t *testing.T, src, dst, name string) {
	t.Helper()
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw, tr := tar.NewWriter(zw), tar.NewReader(gz)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(tr)
		if hdr.Name == name {
			body[len(body)/2] ^= 0xff
		}
		tw.WriteHeader(hdr)
		tw.Write(body)
	}
	tw.Close()
	zw.Close()
	os.WriteFile(dst, buf.Bytes(), 0o600)
}
