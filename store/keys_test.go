package store

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"mediawatch"
)

func TestCreateKeyAndLookUp(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	created := time.Date(2025, 3, 1, 2, 0, 0, 0, time.UTC)
	db.now = func() time.Time { return created }

	token, k, err := db.CreateKey(ctx, "analyst-1", mediawatch.RoleViewer)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(token, KeyPrefix) || len(token) != keyLen {
		t.Errorf("token %q: want %q prefix and length %d", token, KeyPrefix, keyLen)
	}
	if k.Prefix != token[:8] || k.Name != "analyst-1" || k.Role != mediawatch.RoleViewer || !k.CreatedAt.Equal(created) {
		t.Errorf("created key = %+v", k)
	}
	got, err := db.KeyByToken(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	if got != k {
		t.Errorf("KeyByToken = %+v, want %+v", got, k)
	}

	var stored string
	if err := db.r.QueryRowContext(ctx, `SELECT hash FROM api_keys WHERE id = ?`, k.ID).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != hashKey(token) || strings.Contains(stored, token[len(KeyPrefix):]) {
		t.Errorf("stored %q is not the key's hash", stored)
	}
}

func TestCreateKeyRefuses(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	if _, _, err := db.CreateKey(ctx, "taken", mediawatch.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, key string
		role      mediawatch.Role
		want      error
	}{
		{"empty name", "", mediawatch.RoleViewer, mediawatch.ErrInvalid},
		{"space in name", "a b", mediawatch.RoleViewer, mediawatch.ErrInvalid},
		{"long name", strings.Repeat("a", 65), mediawatch.RoleViewer, mediawatch.ErrInvalid},
		{"unknown role", "x", "root", mediawatch.ErrInvalid},
		{"duplicate", "taken", mediawatch.RoleViewer, mediawatch.ErrConflict},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := db.CreateKey(ctx, tc.key, tc.role); !errors.Is(err, tc.want) {
				t.Errorf("CreateKey(%q, %q) = %v, want %v", tc.key, tc.role, err, tc.want)
			}
		})
	}
}

func TestKeyByTokenUnknown(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	token, _, err := db.CreateKey(ctx, "k", mediawatch.RoleViewer)
	if err != nil {
		t.Fatal(err)
	}
	last := byte('A')
	if token[len(token)-1] == 'A' {
		last = 'B'
	}
	flipped := token[:len(token)-1] + string(last)
	for _, tc := range []struct{ name, token string }{
		{"empty", ""},
		{"no prefix", strings.Repeat("a", keyLen)},
		{"short", token[:len(token)-1]},
		{"long", token + "A"},
		{"one char changed", flipped},
		{"binary", "mw_" + strings.Repeat("\x00", keyLen-3)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := db.KeyByToken(ctx, tc.token)
			if !errors.Is(err, mediawatch.ErrNotFound) {
				t.Errorf("KeyByToken = %v, want ErrNotFound", err)
			}
			if tc.token != "" && strings.Contains(err.Error(), tc.token) {
				t.Errorf("error %q contains the token", err)
			}
		})
	}
}

func TestRevokeKey(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	now := time.Date(2025, 3, 1, 2, 0, 0, 0, time.UTC)
	db.now = func() time.Time { return now }
	token, _, err := db.CreateKey(ctx, "k", mediawatch.RoleEditor)
	if err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Hour)
	if err := db.RevokeKey(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	k, err := db.KeyByToken(ctx, token)
	if !errors.Is(err, mediawatch.ErrRevoked) {
		t.Fatalf("KeyByToken after revoke = %v, want ErrRevoked", err)
	}
	if !k.RevokedAt.Equal(now) || k.Name != "k" {
		t.Errorf("revoked key = %+v", k)
	}
	now = now.Add(time.Hour)
	if err := db.RevokeKey(ctx, "k"); !errors.Is(err, mediawatch.ErrRevoked) {
		t.Errorf("second revoke = %v, want ErrRevoked", err)
	}
	if k, _ := db.KeyByToken(ctx, token); !k.RevokedAt.Equal(now.Add(-time.Hour)) {
		t.Errorf("second revoke moved revoked_at to %v", k.RevokedAt)
	}
	if err := db.RevokeKey(ctx, "nobody"); !errors.Is(err, mediawatch.ErrNotFound) {
		t.Errorf("RevokeKey(nobody) = %v, want ErrNotFound", err)
	}
}

// TestRevokedNameReused: a revoked name can be given again, the new key
// works and the old one stays refused; two live keys never share a name.
func TestRevokedNameReused(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	old, _, err := db.CreateKey(ctx, "lan", mediawatch.RoleEditor)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.RevokeKey(ctx, "lan"); err != nil {
		t.Fatal(err)
	}
	fresh, k, err := db.CreateKey(ctx, "lan", mediawatch.RoleViewer)
	if err != nil {
		t.Fatalf("CreateKey with a revoked name = %v", err)
	}
	if got, err := db.KeyByToken(ctx, fresh); err != nil || got.ID != k.ID || got.Role != mediawatch.RoleViewer {
		t.Errorf("new key = %+v, %v", got, err)
	}
	if _, err := db.KeyByToken(ctx, old); !errors.Is(err, mediawatch.ErrRevoked) {
		t.Errorf("old key = %v, want ErrRevoked", err)
	}
	if _, _, err := db.CreateKey(ctx, "lan", mediawatch.RoleViewer); !errors.Is(err, mediawatch.ErrConflict) {
		t.Errorf("second live key named lan = %v, want ErrConflict", err)
	}
	// Revoke takes the live one, not the older revoked one.
	if err := db.RevokeKey(ctx, "lan"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.KeyByToken(ctx, fresh); !errors.Is(err, mediawatch.ErrRevoked) {
		t.Errorf("reissued key after revoke = %v, want ErrRevoked", err)
	}
	keys, _ := db.ListKeys(ctx)
	if len(keys) != 2 || keys[0].Name != "lan" || keys[1].Name != "lan" || keys[0].ID == keys[1].ID {
		t.Errorf("ListKeys = %+v, want two keys named lan", keys)
	}
}

// TestRotateKey: the new secret works with the same name and role, the old
// one is refused, and the old key's life ends at the instant the new one's
// begins — so an event's (who, at) names exactly one key.
func TestRotateKey(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	now := time.Date(2025, 3, 1, 2, 0, 0, 0, time.UTC)
	db.now = func() time.Time { return now }
	old, first, err := db.CreateKey(ctx, "nguyễn-lan", mediawatch.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Hour)
	fresh, k, err := db.RotateKey(ctx, "nguyễn-lan")
	if err != nil {
		t.Fatal(err)
	}
	if fresh == old || k.Name != "nguyễn-lan" || k.Role != mediawatch.RoleAdmin || k.ID == first.ID || !k.CreatedAt.Equal(now) {
		t.Errorf("rotated key = %+v", k)
	}
	if got, err := db.KeyByToken(ctx, fresh); err != nil || got.ID != k.ID {
		t.Errorf("new key = %+v, %v", got, err)
	}
	gone, err := db.KeyByToken(ctx, old)
	if !errors.Is(err, mediawatch.ErrRevoked) || !gone.RevokedAt.Equal(k.CreatedAt) {
		t.Errorf("old key = %+v, %v; want revoked at %v", gone, err, k.CreatedAt)
	}
	if err := db.RevokeKey(ctx, "nguyễn-lan"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		want error
	}{{"nguyễn-lan", mediawatch.ErrRevoked}, {"nobody", mediawatch.ErrNotFound}} {
		if _, _, err := db.RotateKey(ctx, tc.name); !errors.Is(err, tc.want) {
			t.Errorf("RotateKey(%q) = %v, want %v", tc.name, err, tc.want)
		}
	}
}

// TestKeyNames: letters of any script, digits, '-' and '_'; NFC, so a
// decomposed spelling is the same name.
func TestKeyNames(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"nguyễn-lan", "nguyễn-lan", true},
		{"nguye\u0302\u0303n_lan", "nguyễn_lan", true}, // decomposed ê + ~
		{"Đài-PT-TH-2", "Đài-PT-TH-2", true},
		{"報道", "報道", true},
		{"हिन्दी", "हिन्दी", true}, // combining vowel signs
		{"a.b", "a.b", true},
		{strings.Repeat("ễ", 64), strings.Repeat("ễ", 64), true},
		{strings.Repeat("ễ", 65), "", false},
		{"-lan", "", false},
		{"lan lan", "", false},
		{"lan\u200f", "", false}, // a bidi mark
		{"lan/1", "", false},
		{"", "", false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := KeyName(tc.in)
			if (err == nil) != tc.ok || got != tc.want {
				t.Fatalf("KeyName(%q) = %q, %v", tc.in, got, err)
			}
			if err != nil && !errors.Is(err, mediawatch.ErrInvalid) {
				t.Errorf("error %v does not wrap ErrInvalid", err)
			}
		})
	}
	_, k, err := db.CreateKey(ctx, "nguye\u0302\u0303n", mediawatch.RoleViewer)
	if err != nil || k.Name != "nguyễn" {
		t.Fatalf("CreateKey(decomposed) = %+v, %v", k, err)
	}
	if _, _, err := db.CreateKey(ctx, "nguyễn", mediawatch.RoleViewer); !errors.Is(err, mediawatch.ErrConflict) {
		t.Errorf("the composed spelling = %v, want ErrConflict", err)
	}
	if err := db.RevokeKey(ctx, "nguye\u0302\u0303n"); err != nil {
		t.Errorf("RevokeKey(decomposed) = %v", err)
	}
}

func TestListKeysAndTouch(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	for _, name := range []string{"b", "a"} {
		if _, _, err := db.CreateKey(ctx, name, mediawatch.RoleViewer); err != nil {
			t.Fatal(err)
		}
	}
	keys, err := db.ListKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 2 || keys[0].Name != "b" || keys[1].Name != "a" {
		t.Fatalf("ListKeys = %+v, want b then a", keys)
	}
	if !keys[0].LastUsedAt.IsZero() {
		t.Errorf("unused key has LastUsedAt %v", keys[0].LastUsedAt)
	}
	later := time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC)
	earlier := later.Add(-time.Minute)
	for _, at := range []time.Time{later, earlier} {
		if err := db.TouchKey(ctx, keys[0].ID, at); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.TouchKey(ctx, 9999, later); err != nil {
		t.Errorf("TouchKey(unknown) = %v, want nil", err)
	}
	keys, _ = db.ListKeys(ctx)
	if !keys[0].LastUsedAt.Equal(later) {
		t.Errorf("LastUsedAt = %v, want %v (touches never move it back)", keys[0].LastUsedAt, later)
	}
}

func TestParseRoleAndAllows(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want mediawatch.Role
		ok   bool
	}{
		{"viewer", mediawatch.RoleViewer, true},
		{" Admin ", mediawatch.RoleAdmin, true},
		{"EDITOR", mediawatch.RoleEditor, true},
		{"root", "", false},
		{"", "", false},
	} {
		got, err := mediawatch.ParseRole(tc.in)
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("ParseRole(%q) = %q, %v", tc.in, got, err)
		}
		if err != nil && !errors.Is(err, mediawatch.ErrInvalid) {
			t.Errorf("ParseRole(%q) error %v does not wrap ErrInvalid", tc.in, err)
		}
	}
	roles := []mediawatch.Role{mediawatch.RoleViewer, mediawatch.RoleEditor, mediawatch.RoleAdmin}
	for i, have := range roles {
		for j, need := range roles {
			if got := have.Allows(need); got != (i >= j) {
				t.Errorf("%s.Allows(%s) = %v", have, need, got)
			}
		}
		if have.Allows("") || mediawatch.Role("").Allows(have) || mediawatch.Role("root").Allows(mediawatch.RoleViewer) {
			t.Errorf("unknown roles must allow nothing")
		}
	}
}

// TestKeysMigrateToReusableNames opens a store written before names could
// be reused (schema version 7): its keys keep their ids and secrets, and a
// revoked name among them can be given again.
func TestKeysMigrateToReusableNames(t *testing.T) {
	sqliteOnly(t, "migrates a SQLite store of schema 7")
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	w, err := openPool(path, false)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := loadMigrations(sqliteMigrations)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.ExecContext(ctx, `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY,
		name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for _, m := range ms[:7] {
		if err := applyMigration(ctx, w, m, 7); err != nil {
			t.Fatal(err)
		}
	}
	token := KeyPrefix + strings.Repeat("A", keyLen-len(KeyPrefix))
	if _, err := w.ExecContext(ctx, `INSERT INTO api_keys (id, name, role, hash, prefix, created_at, revoked_at)
		VALUES (5, 'old', 'editor', ?, ?, '2025-01-01T00:00:00.000000000Z', ''),
		       (6, 'gone', 'viewer', 'x', 'mw_x', '2025-01-01T00:00:00.000000000Z', '2025-02-01T00:00:00.000000000Z')`,
		hashKey(token), token[:shownPrefix]); err != nil {
		t.Fatal(err)
	}
	w.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if k, err := db.KeyByToken(ctx, token); err != nil || k.ID != 5 || k.Name != "old" || k.Role != mediawatch.RoleEditor {
		t.Errorf("key after migration = %+v, %v", k, err)
	}
	if _, _, err := db.CreateKey(ctx, "gone", mediawatch.RoleViewer); err != nil {
		t.Errorf("reusing a revoked name after migration = %v", err)
	}
	if _, _, err := db.CreateKey(ctx, "old", mediawatch.RoleViewer); !errors.Is(err, mediawatch.ErrConflict) {
		t.Errorf("a live name after migration = %v, want ErrConflict", err)
	}
}

// FuzzKeyName: whatever a name is, an accepted one is NFC, 1-64
// characters, free of spaces, controls and format marks, and accepted
// again unchanged; a refused one wraps ErrInvalid.
func FuzzKeyName(f *testing.F) {
	for _, s := range []string{"nguyễn-lan", "報道", "हिन्दी", "a.b", "-x", "a b", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		n, err := KeyName(name)
		if err != nil {
			if !errors.Is(err, mediawatch.ErrInvalid) {
				t.Fatalf("KeyName(%q) = %v, not ErrInvalid", name, err)
			}
			return
		}
		if !norm.NFC.IsNormalString(n) || n == "" || utf8.RuneCountInString(n) > maxKeyName {
			t.Fatalf("KeyName(%q) = %q: not NFC or bad length", name, n)
		}
		for _, r := range n {
			if unicode.IsSpace(r) || unicode.IsControl(r) || unicode.In(r, unicode.Cf) {
				t.Fatalf("KeyName(%q) = %q holds %U", name, n, r)
			}
		}
		if again, err := KeyName(n); err != nil || again != n {
			t.Fatalf("KeyName(%q) = %q, %v; want it unchanged", n, again, err)
		}
	})
}
