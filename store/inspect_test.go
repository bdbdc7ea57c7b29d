package store

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"mediawatch"
)

func TestInspectReadsWithoutChanging(t *testing.T) {
	ctx := context.Background()
	// A missing file, or a PostgreSQL database without a store in it.
	path := testStorePath(t, t.TempDir())
	if _, err := Inspect(ctx, path); err == nil {
		t.Fatal("Inspect of a missing store succeeded")
	}
	if _, err := os.Stat(path); !onPostgres() && !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Inspect created the store: %v", err)
	}
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.CreateKey(ctx, "admin", mediawatch.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	_, err = db.SaveItem(ctx, mediawatch.Item{Source: "s", URL: "https://a.example/1", CanonicalURL: "https://a.example/1",
		Title: "Sơn La", Text: "Sơn La", ContentHash: "h1", FirstSeen: time.Date(2025, 3, 1, 2, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	// Beside the open store, as doctor runs beside serve.
	info, err := Inspect(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	dir := sqliteMigrations
	if onPostgres() {
		dir = postgresMigrations
	}
	ms, _ := loadMigrations(dir)
	if newest := ms[len(ms)-1].version; info.Schema != newest || info.Known != newest || info.Items != 1 || info.Keys != 1 {
		t.Errorf("Inspect = %+v, want schema = known = %d, 1 item, 1 key", info, newest)
	}
	if onPostgres() {
		return // the rest is about files
	}
	empty := filepath.Join(t.TempDir(), "empty.db")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Inspect(ctx, empty); err == nil {
		t.Error("Inspect of an empty file succeeded; want 'not a mediawatch store'")
	}
}
