package store

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// TestCheckpointAfterWrites: a few writes leave the log far below SQLite's
// own threshold, so only the checkpointer copies them into the database
// file, which grows. (Asking SQLite for a checkpoint would itself make one.)
func TestCheckpointAfterWrites(t *testing.T) {
	sqliteOnly(t, "checkpoints of SQLite's write-ahead log")
	ctx := context.Background()
	db, path := openTest(t)
	var auto int
	if err := db.w.QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&auto); err != nil {
		t.Fatal(err)
	}
	if auto != walAutoPages {
		t.Errorf("writer's wal_autocheckpoint = %d, want %d", auto, walAutoPages)
	}
	size := func() int64 {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	before := size()
	text := strings.Repeat("Mưa lớn gây lũ quét ở Sơn La. ", 400) // 12 KB: a few pages each
	for i := range 20 {
		url := fmt.Sprintf("https://baosonla.vn/%d", i)
		if _, err := db.SaveItem(ctx, testItem(url, text+url)); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for size() < before+20*12<<10 {
		if time.Now().After(deadline) {
			t.Fatalf("10 s after the writes the database file has %d bytes, %d before them: nothing was checkpointed", size(), before)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
