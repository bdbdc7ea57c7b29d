package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

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
	if err := db.RevokeKey(ctx, "k"); err != nil {
		t.Errorf("second revoke = %v, want nil", err)
	}
	if k, _ := db.KeyByToken(ctx, token); !k.RevokedAt.Equal(now.Add(-time.Hour)) {
		t.Errorf("second revoke moved revoked_at to %v", k.RevokedAt)
	}
	if err := db.RevokeKey(ctx, "nobody"); !errors.Is(err, mediawatch.ErrNotFound) {
		t.Errorf("RevokeKey(nobody) = %v, want ErrNotFound", err)
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
