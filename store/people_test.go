package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"mediawatch"
)

func TestUsers(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	t0 := time.Date(2026, 1, 2, 3, 0, 0, 0, time.UTC)
	db.now = func() time.Time { return t0 }

	u, err := db.CreateUser(ctx, mediawatch.User{Name: "Nguyễn-Lan", Role: mediawatch.RoleEditor, Lang: "vi",
		TimeZone: "Asia/Ho_Chi_Minh", PasswordHash: "h1"})
	if err != nil {
		t.Fatal(err)
	}
	if u.ID == 0 || !u.CreatedAt.Equal(t0) {
		t.Errorf("created %+v", u)
	}
	// Another case, or the decomposed spelling, is the same name.
	decomposed := "nguye\u0302\u0303n-lan"
	if _, err := db.CreateUser(ctx, mediawatch.User{Name: decomposed, Role: mediawatch.RoleViewer, PasswordHash: "h"}); !errors.Is(err, mediawatch.ErrConflict) {
		t.Errorf("duplicate name: %v, want ErrConflict", err)
	}
	for _, bad := range []mediawatch.User{
		{Name: "", Role: mediawatch.RoleViewer, PasswordHash: "h"},
		{Name: "a b", Role: mediawatch.RoleViewer, PasswordHash: "h"},
		{Name: strings.Repeat("x", 65), Role: mediawatch.RoleViewer, PasswordHash: "h"},
		{Name: "ok", Role: "root", PasswordHash: "h"},
		{Name: "ok", Role: mediawatch.RoleViewer},
	} {
		if _, err := db.CreateUser(ctx, bad); !errors.Is(err, mediawatch.ErrInvalid) {
			t.Errorf("CreateUser(%+v) = %v, want ErrInvalid", bad, err)
		}
	}
	got, err := db.UserByName(ctx, decomposed)
	if err != nil || got != u {
		t.Errorf("UserByName = %+v, %v; want %+v", got, err, u)
	}
	if got, err := db.UserByID(ctx, u.ID); err != nil || got != u {
		t.Errorf("UserByID = %+v, %v", got, err)
	}
	if _, err := db.UserByName(ctx, "nobody"); !errors.Is(err, mediawatch.ErrNotFound) {
		t.Errorf("unknown name: %v", err)
	}
	if _, err := db.UserByID(ctx, 99); !errors.Is(err, mediawatch.ErrNotFound) {
		t.Errorf("unknown id: %v", err)
	}
	if _, err := db.CreateUser(ctx, mediawatch.User{Name: "an", Role: mediawatch.RoleAdmin, PasswordHash: "h"}); err != nil {
		t.Fatal(err)
	}
	all, err := db.Users(ctx)
	if err != nil || len(all) != 2 || all[0].Name != "an" || all[1].Name != "Nguyễn-Lan" {
		t.Errorf("Users = %+v, %v", all, err)
	}

	if err := db.SetUserPrefs(ctx, u.ID, "en", "Europe/Paris"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetUserDisabled(ctx, u.ID, true); err != nil {
		t.Fatal(err)
	}
	got, _ = db.UserByID(ctx, u.ID)
	if got.Lang != "en" || got.TimeZone != "Europe/Paris" || !got.DisabledAt.Equal(t0) {
		t.Errorf("after prefs and disable: %+v", got)
	}
	if err := db.SetUserDisabled(ctx, u.ID, false); err != nil {
		t.Fatal(err)
	}
	if got, _ = db.UserByID(ctx, u.ID); got.Disabled() {
		t.Error("still disabled")
	}
	if err := db.SetUserDisabled(ctx, 99, true); !errors.Is(err, mediawatch.ErrNotFound) {
		t.Errorf("disable unknown: %v", err)
	}
	if err := db.SetUserPassword(ctx, u.ID, "h2"); err != nil {
		t.Fatal(err)
	}
	if got, _ = db.UserByID(ctx, u.ID); got.PasswordHash != "h2" {
		t.Errorf("hash = %q", got.PasswordHash)
	}
}

func TestSessions(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	t0 := time.Date(2026, 1, 2, 3, 0, 0, 0, time.UTC)
	now := t0
	db.now = func() time.Time { return now }
	u, err := db.CreateUser(ctx, mediawatch.User{Name: "lan", Role: mediawatch.RoleViewer, PasswordHash: "h"})
	if err != nil {
		t.Fatal(err)
	}
	s, err := db.CreateSession(ctx, "hash-1", mediawatch.Session{UserID: u.ID, CSRF: "c", CreatedAt: t0, Address: "10.0.0.1", UserAgent: "Firefox"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.SessionByTokenHash(ctx, "hash-1")
	if err != nil || got != s || !got.SeenAt.Equal(t0) {
		t.Errorf("SessionByTokenHash = %+v, %v; want %+v", got, err, s)
	}
	if u2, _ := db.UserByID(ctx, u.ID); !u2.LastSignIn.Equal(t0) {
		t.Errorf("last sign-in %v", u2.LastSignIn)
	}
	if _, err := db.SessionByTokenHash(ctx, "nope"); !errors.Is(err, mediawatch.ErrNotFound) {
		t.Errorf("unknown: %v", err)
	}
	if err := db.TouchSession(ctx, s.ID, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := db.TouchSession(ctx, s.ID, t0.Add(time.Minute)); err != nil { // out of order: no effect
		t.Fatal(err)
	}
	if got, _ = db.SessionByTokenHash(ctx, "hash-1"); !got.SeenAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("seen at %v", got.SeenAt)
	}
	now = t0.Add(2 * time.Hour)
	if err := db.RevokeSession(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ = db.SessionByTokenHash(ctx, "hash-1"); !got.RevokedAt.Equal(now) {
		t.Errorf("revoked at %v", got.RevokedAt)
	}
	if err := db.RevokeSession(ctx, 99); !errors.Is(err, mediawatch.ErrNotFound) {
		t.Errorf("revoke unknown: %v", err)
	}

	// A new password, and disabling, revoke every session.
	for i, change := range []func() error{
		func() error { return db.SetUserPassword(ctx, u.ID, "h2") },
		func() error { return db.SetUserDisabled(ctx, u.ID, true) },
		func() error { return db.RevokeUserSessions(ctx, u.ID) },
	} {
		hash := "live-" + string(rune('a'+i))
		if _, err := db.CreateSession(ctx, hash, mediawatch.Session{UserID: u.ID, CSRF: "c", CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
		if err := change(); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.SessionByTokenHash(ctx, hash); got.RevokedAt.IsZero() {
			t.Errorf("change %d left the session live", i)
		}
	}
	if _, err := db.CreateSession(ctx, "x", mediawatch.Session{UserID: 99, CSRF: "c", CreatedAt: now}); !errors.Is(err, mediawatch.ErrNotFound) {
		t.Errorf("session for unknown user: %v", err)
	}
}

func TestSigninFailures(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	t0 := time.Date(2026, 1, 2, 3, 0, 0, 0, time.UTC)
	for i, f := range []SigninFailure{
		{"Lan", "10.0.0.1", t0},
		{"lan", "10.0.0.2", t0.Add(time.Minute)},
		{"an", "10.0.0.1", t0.Add(2 * time.Minute)},
		{"bình", "10.0.0.9", t0.Add(3 * time.Minute)},
	} {
		if err := db.RecordSigninFailure(ctx, f.Name, f.Address, f.At); err != nil {
			t.Fatal(i, err)
		}
	}
	got, err := db.SigninFailures(ctx, "LAN", "10.0.0.1", t0)
	if err != nil || len(got) != 3 {
		t.Fatalf("SigninFailures = %+v, %v; want lan's two and 10.0.0.1's other", got, err)
	}
	if got, _ := db.SigninFailures(ctx, "lan", "", t0.Add(time.Second)); len(got) != 1 {
		t.Errorf("since: %+v", got)
	}
	if err := db.ClearSigninFailures(ctx, "Lan"); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.SigninFailures(ctx, "lan", "10.0.0.1", t0); len(got) != 1 || got[0].Name != "an" {
		t.Errorf("after clear: %+v", got)
	}
	// A day later the old ones are forgotten.
	if err := db.RecordSigninFailure(ctx, "x", "10.0.0.1", t0.Add(25*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.SigninFailures(ctx, "bình", "", time.Time{}); len(got) != 0 {
		t.Errorf("old failures kept: %+v", got)
	}
}

func TestAudit(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	t0 := time.Date(2026, 1, 2, 3, 0, 0, 0, time.UTC)
	db.now = func() time.Time { return t0 }
	add := func(at time.Time, actor, action string) mediawatch.AuditEntry {
		t.Helper()
		e, err := db.AppendAudit(ctx, mediawatch.AuditEntry{At: at, ActorKind: mediawatch.ActorPerson, Actor: actor,
			Address: "10.0.0.1", Action: action, Target: "t", Detail: "d"})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	e1 := add(time.Time{}, "lan", "signin.ok")
	add(t0.Add(time.Hour), "an", "signin.failed")
	add(t0.Add(2*time.Hour), "lan", "signout")
	e4 := add(t0.Add(3*time.Hour), "lan", "signinx")
	if !e1.At.Equal(t0) || e1.ID == 0 {
		t.Errorf("e1 = %+v", e1)
	}
	if _, err := db.AppendAudit(ctx, mediawatch.AuditEntry{Actor: "x"}); !errors.Is(err, mediawatch.ErrInvalid) {
		t.Errorf("no action: %v", err)
	}
	ids := func(f AuditFilter) []int64 {
		t.Helper()
		es, err := db.Audit(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		f    AuditFilter
		want []int64
	}{
		{"all, newest first", AuditFilter{}, []int64{4, 3, 2, 1}},
		{"actor", AuditFilter{Actor: "lan"}, []int64{4, 3, 1}},
		{"action prefix", AuditFilter{Action: "signin"}, []int64{2, 1}},
		{"exact action", AuditFilter{Action: "signout"}, []int64{3}},
		{"since until", AuditFilter{Since: t0.Add(time.Hour), Until: t0.Add(3 * time.Hour)}, []int64{3, 2}},
		{"page 1", AuditFilter{Limit: 2}, []int64{4, 3}},
		{"page 2", AuditFilter{Limit: 2, BeforeID: 3}, []int64{2, 1}},
	} {
		if got := ids(tc.f); !equalIDs(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	es, _ := db.Audit(ctx, AuditFilter{Limit: 1})
	if len(es) != 1 || es[0] != e4 {
		t.Errorf("read back %+v, want %+v", es, e4)
	}
	// Append-only, whatever SQL tries.
	for _, q := range []string{`UPDATE audit SET actor = 'x'`, `DELETE FROM audit`} {
		if _, err := db.w.ExecContext(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want refused", q, err)
		}
	}
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
