package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/config"
	"mediawatch/ingest"
	"mediawatch/store"
)

// The scale for backups: 100,000 items of news-sized text over
// 1,000 days, 10% of them older than a 900-day retention.
const (
	maintItems  = 100_000
	maintDays   = 1000
	maintPeriod = 900 * 24 * time.Hour
)

var (
	maintOnce    sync.Once
	maintDir     string // a data directory with the store (no index)
	maintArchive string // its backup
	maintErr     error
	maintNow     = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
)

// maintWords make the items' text: news-sized (about 250 words, 1.6 KB)
// and as compressible as Vietnamese prose is, not random bytes.
var maintWords = strings.Fields(`tỉnh Sơn La mưa lớn lũ quét sạt lở đất thủy điện xả lũ huyện Mộc Châu Mường La
	Thuận Châu Quỳnh Nhai người dân chính quyền địa phương ủy ban nhân dân cán bộ kiểm tra hiện trường thiệt hại
	nhà cửa hoa màu đường giao thông bị chia cắt lực lượng cứu hộ di dời khẩn cấp mận hậu xoài cà phê nông sản
	xuất khẩu giá cả thị trường du lịch cao nguyên lễ hội văn hóa đồng bào dân tộc Thái Mông Dao trường học học sinh
	giáo viên y tế bệnh viện tuyên truyền thông tin sai sự thật mạng xã hội cơ quan chức năng xác minh xử lý`)

// maintStore builds (once per process) the data directory and its backup.
func maintStore(b *testing.B) (string, string) {
	b.Helper()
	maintOnce.Do(func() {
		maintDir, maintErr = os.MkdirTemp("", "mediawatch-bench-backup-")
		if maintErr != nil {
			return
		}
		maintErr = fillMaintStore(filepath.Join(maintDir, "data"))
		if maintErr != nil {
			return
		}
		maintArchive = filepath.Join(maintDir, "b.tar.gz")
		cfg := config.Default()
		cfg.DataDir, cfg.Rules.Dir = filepath.Join(maintDir, "data"), ""
		_, maintErr = makeBackup(context.Background(), cfg, "", maintArchive, nil)
	})
	if maintErr != nil {
		b.Fatal(maintErr)
	}
	return filepath.Join(maintDir, "data"), maintArchive
}

func fillMaintStore(dir string) error {
	ctx := context.Background()
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	db, err := store.Open(ctx, storePath(dir))
	if err != nil {
		return err
	}
	defer db.Close()
	rng := rand.New(rand.NewPCG(11, 12))
	step := time.Duration(maintDays) * 24 * time.Hour / maintItems
	start := maintNow.Add(-time.Duration(maintDays) * 24 * time.Hour)
	var last int64
	var text strings.Builder
	for i := range maintItems {
		text.Reset()
		for range 250 {
			text.WriteString(maintWords[rng.IntN(len(maintWords))])
			text.WriteByte(' ')
		}
		at := start.Add(time.Duration(i) * step)
		url := fmt.Sprintf("https://bench.example/%d", i)
		it := mediawatch.Item{Source: fmt.Sprintf("outlet-%d", i%40), URL: url, CanonicalURL: url,
			Title: fmt.Sprintf("Tin số %d về Sơn La", i), Text: text.String(), Lang: "vi",
			ContentHash: fmt.Sprintf("h%d", i), FirstSeen: at, Published: at}
		if i%10 == 9 {
			it.StoryID = last // every tenth joins the story before it
		}
		var flags []mediawatch.Flag
		if i%20 == 0 && at.After(maintNow.Add(-maintPeriod)) { // open flags on recent items only
			flags = append(flags, mediawatch.Flag{RuleID: fmt.Sprintf("rule-%d", i%25), RuleVersion: "v1",
				Severity: mediawatch.Severities[i%4], Snippet: "mưa lớn và lũ quét"})
		}
		res, err := db.SaveItem(ctx, it, flags...)
		if err != nil {
			return err
		}
		if i%10 == 0 {
			last = res.ItemID
		}
		if i%10 == 5 { // a second version: an edit seen an hour later
			it.Text += " Cập nhật."
			it.ContentHash += "b"
			it.FirstSeen = at.Add(time.Hour)
			if _, err := db.SaveItem(ctx, it); err != nil {
				return err
			}
		}
	}
	return nil
}

// BenchmarkBackup100k backs up a store of 100,000 items (no rules, no
// config): the snapshot, the checksums and the compressed archive.
//
//	flock /tmp/bench.lock go test -run '^$' -bench 'Backup100k|Restore100k|Prune10Percent' -benchtime 1x -timeout 60m ./cmd/mediawatch/
func BenchmarkBackup100k(b *testing.B) {
	data, _ := maintStore(b)
	cfg := config.Default()
	cfg.DataDir, cfg.Rules.Dir = data, ""
	for b.Loop() {
		out := filepath.Join(b.TempDir(), "b.tar.gz")
		if _, err := makeBackup(context.Background(), cfg, "", out, nil); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		fi, _ := os.Stat(out)
		db, _ := os.Stat(storePath(data))
		b.ReportMetric(float64(fi.Size())/1e6, "archive-MB")
		b.ReportMetric(float64(db.Size())/1e6, "store-MB")
		b.StartTimer()
	}
}

// restoreInto restores the benchmark's archive into a new directory,
// index rebuild included, and returns how long the index rebuild took (as
// the command prints it).
func restoreInto(b *testing.B, archive, dst string) time.Duration {
	var out bytes.Buffer
	g := &globals{ctx: context.Background(), configPath: filepath.Join(b.TempDir(), "absent.yaml"),
		stdout: &out, stderr: io.Discard}
	if err := (&RestoreCmd{DataFlag: DataFlag{Data: dst}, File: archive}).Run(g); err != nil {
		b.Fatal(err)
	}
	m := regexp.MustCompile(`rebuilt \(\d+ items\) in (\S+)\.`).FindStringSubmatch(out.String())
	if m == nil {
		b.Fatalf("no index time in %q", out.String())
	}
	d, err := time.ParseDuration(m[1])
	if err != nil {
		b.Fatal(err)
	}
	return d
}

// BenchmarkRestore100k restores the archive of 100,000 items into an
// empty directory: checking and unpacking it, then indexing every item.
func BenchmarkRestore100k(b *testing.B) {
	_, archive := maintStore(b)
	var index time.Duration
	for b.Loop() {
		index += restoreInto(b, archive, filepath.Join(b.TempDir(), "data"))
	}
	b.ReportMetric(index.Seconds()/float64(b.N), "index-s/op")
}

// BenchmarkPrune10Percent prunes the oldest 10% of 100,000 items (with
// their versions and stories) from a restored store and its index.
func BenchmarkPrune10Percent(b *testing.B) {
	_, archive := maintStore(b)
	for b.Loop() {
		b.StopTimer()
		dst := filepath.Join(b.TempDir(), "data")
		restoreInto(b, archive, dst)
		cfg := config.Default()
		cfg.DataDir, cfg.Rules.Dir = dst, ""
		a, err := openApp(context.Background(), cfg, slog.New(slog.DiscardHandler))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := ingest.Prune(context.Background(), a.db, a.idx, ingest.Cutoff(maintNow, maintPeriod), nil)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		b.ReportMetric(float64(res.Items), "items-deleted")
		a.Close()
		b.StartTimer()
	}
}
