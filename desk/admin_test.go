package desk

import (
	"context"
	"errors"
	"strings"
	"testing"

	"mediawatch"
)

func TestSetRole(t *testing.T) {
	f := newPeopleFixture(t)
	ctx := context.Background()
	for _, c := range []struct{ name, role string }{{"Hà", "admin"}, {"Minh", "viewer"}} {
		if _, err := f.p.CreateUser(ctx, admin, c.name, c.role, "vi", "", ""); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.p.SetRole(ctx, admin, "minh", "editor"); err != nil {
		t.Fatal(err)
	}
	u, err := f.p.User(ctx, "Minh")
	if err != nil || u.Role != mediawatch.RoleEditor {
		t.Fatalf("Minh = %+v, %v; want editor", u, err)
	}
	if err := f.p.SetRole(ctx, admin, "Hà", "viewer"); !errors.Is(err, mediawatch.ErrConflict) {
		t.Errorf("demoting the last admin: %v, want ErrConflict", err)
	}
	if err := f.p.SetRole(ctx, admin, "Minh", "boss"); !errors.Is(err, mediawatch.ErrInvalid) {
		t.Errorf("bad role: %v, want ErrInvalid", err)
	}
	if err := f.p.SetRole(ctx, admin, "Nobody", "viewer"); !errors.Is(err, mediawatch.ErrNotFound) {
		t.Errorf("unknown person: %v, want ErrNotFound", err)
	}
	if err := f.p.SetRole(ctx, admin, "Minh", "admin"); err != nil {
		t.Fatal(err)
	}
	// With a second admin, the first may step down.
	if err := f.p.SetRole(ctx, admin, "Hà", "editor"); err != nil {
		t.Fatalf("demoting one of two admins: %v", err)
	}
	got := strings.Join(f.actions(t), "\n")
	for _, want := range []string{"user.role Minh viewer → editor", "user.role Minh editor → admin", "user.role Hà admin → editor"} {
		if !strings.Contains(got, want) {
			t.Errorf("audit lacks %q:\n%s", want, got)
		}
	}
	if strings.Count(got, "user.role") != 3 {
		t.Errorf("refused changes were audited:\n%s", got)
	}
}

func TestSetRoleSessionSeesNewRole(t *testing.T) {
	f := newPeopleFixture(t)
	ctx := context.Background()
	if _, err := f.p.CreateUser(ctx, admin, "Lan", "editor", "vi", "", "mật khẩu của Lan"); err != nil {
		t.Fatal(err)
	}
	tok, _, _, err := f.p.SignIn(ctx, "Lan", "mật khẩu của Lan", "127.0.0.1", "test")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.p.SetRole(ctx, admin, "Lan", "viewer"); err != nil {
		t.Fatal(err)
	}
	u, _, err := f.p.Session(ctx, tok)
	if err != nil || u.Role != mediawatch.RoleViewer {
		t.Fatalf("session after role change = %+v, %v; want viewer", u, err)
	}
}

func TestKeysUseCases(t *testing.T) {
	f := newPeopleFixture(t)
	ctx := context.Background()
	k := &Keys{Store: f.db, Audit: f.p.Audit}
	lan := mediawatch.Actor{Kind: mediawatch.ActorPerson, Name: "Lan", Role: mediawatch.RoleAdmin, Address: "10.0.0.7"}
	token, key, err := k.CreateKey(ctx, lan, "báo-cáo", "viewer")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(token, key.Prefix) || key.Role != mediawatch.RoleViewer {
		t.Errorf("key %+v, token %q", key, token)
	}
	if got, err := f.db.KeyByToken(ctx, token); err != nil || got.Name != "báo-cáo" {
		t.Errorf("the new key does not authenticate: %+v, %v", got, err)
	}
	if _, _, err := k.CreateKey(ctx, lan, "báo-cáo", "viewer"); !errors.Is(err, mediawatch.ErrConflict) {
		t.Errorf("second live key of one name: %v", err)
	}
	if _, _, err := k.CreateKey(ctx, lan, "x", "root"); !errors.Is(err, mediawatch.ErrInvalid) {
		t.Errorf("bad role: %v", err)
	}
	token2, key2, err := k.RotateKey(ctx, lan, "báo-cáo")
	if err != nil || token2 == token || key2.Role != mediawatch.RoleViewer {
		t.Fatalf("rotate: %+v, %v", key2, err)
	}
	if _, err := f.db.KeyByToken(ctx, token); err == nil {
		t.Error("the old key still works after rotation")
	}
	if err := k.RevokeKey(ctx, lan, "báo-cáo"); err != nil {
		t.Fatal(err)
	}
	if err := k.RevokeKey(ctx, lan, "báo-cáo"); !errors.Is(err, mediawatch.ErrRevoked) {
		t.Errorf("second revoke: %v", err)
	}
	if _, _, err := k.RotateKey(ctx, lan, "nobody"); !errors.Is(err, mediawatch.ErrNotFound) {
		t.Errorf("rotate unknown: %v", err)
	}
	keys, err := k.APIKeys(ctx)
	if err != nil || len(keys) != 2 || !keys[0].Revoked() || !keys[1].Revoked() {
		t.Errorf("keys = %+v, %v", keys, err)
	}
	es, err := f.p.Audit.List(ctx, AuditFilter{Action: "key"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		got = append(got, e.Action+" "+e.Actor+" "+e.Address+" "+e.Target)
	}
	want := []string{"key.revoke Lan 10.0.0.7 báo-cáo", "key.rotate Lan 10.0.0.7 báo-cáo", "key.create Lan 10.0.0.7 báo-cáo"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("audit = %q, want %q", got, want)
	}
	a := Admin{People: f.p, Keys: k, Log: f.p.Audit}
	if es, err := a.AuditLog(ctx, AuditFilter{Actor: "Lan", Limit: 1}); err != nil || len(es) != 1 || es[0].Action != "key.revoke" {
		t.Errorf("Admin.AuditLog = %+v, %v", es, err)
	}
}
