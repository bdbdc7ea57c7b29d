package desk

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/store"
)

// peopleFixture is People over a real store with a clock the test moves
// and a sleep that records the waits instead of sleeping.
type peopleFixture struct {
	p     *People
	db    *store.DB
	now   time.Time
	waits []time.Duration
}

func newPeopleFixture(t *testing.T) *peopleFixture {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "mw.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := &peopleFixture{db: db, now: time.Date(2026, 3, 2, 0, 30, 0, 0, time.UTC)}
	clock := func() time.Time { return f.now }
	f.p = &People{
		Store: db, Audit: &Audit{Store: db, Now: clock}, Now: clock,
		IdleTimeout: time.Hour, Lifetime: 24 * time.Hour, MaxFailures: 5, SigninLock: 15 * time.Minute,
		Sleep: func(ctx context.Context, d time.Duration) error { f.waits = append(f.waits, d); return nil },
	}
	return f
}

var admin = mediawatch.Actor{Kind: mediawatch.ActorCLI, Name: "root"}

func (f *peopleFixture) actions(t *testing.T) []string {
	t.Helper()
	es, err := f.p.Audit.List(context.Background(), AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(es) - 1; i >= 0; i-- {
		out = append(out, es[i].Action+" "+es[i].Target+" "+es[i].Detail)
	}
	return out
}

func TestSignIn(t *testing.T) {
	f := newPeopleFixture(t)
	ctx := context.Background()
	if _, err := f.p.CreateUser(ctx, admin, "Lan", "editor", "en", "Europe/Paris", "mật khẩu của Lan"); err != nil {
		t.Fatal(err)
	}
	token, u, s, err := f.p.SignIn(ctx, "lan", "mật khẩu của Lan", "10.0.0.1", "Firefox")
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != "Lan" || u.Role != mediawatch.RoleEditor || u.Lang != "en" || s.UserID != u.ID || s.CSRF == "" || token == "" {
		t.Errorf("signed in %+v %+v %q", u, s, token)
	}
	gu, gs, err := f.p.Session(ctx, token)
	if err != nil || gu.ID != u.ID || gs.ID != s.ID {
		t.Errorf("Session = %+v %+v %v", gu, gs, err)
	}
	if _, _, _, err := f.p.SignIn(ctx, "lan", "wrong password", "10.0.0.1", ""); !errors.Is(err, mediawatch.ErrBadCredentials) {
		t.Errorf("wrong password: %v", err)
	}
	if _, _, _, err := f.p.SignIn(ctx, "nobody", "wrong password", "10.0.0.1", ""); !errors.Is(err, mediawatch.ErrBadCredentials) {
		t.Errorf("unknown name: %v", err)
	}
	if err := f.p.DisableUser(ctx, admin, "LAN"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.p.Session(ctx, token); !errors.Is(err, mediawatch.ErrSessionExpired) {
		t.Errorf("session of a disabled person: %v", err)
	}
	if _, _, _, err := f.p.SignIn(ctx, "lan", "mật khẩu của Lan", "10.0.0.1", ""); !errors.Is(err, mediawatch.ErrDisabled) {
		t.Errorf("disabled: %v", err)
	}
	want := []string{
		`user.create Lan role editor, language en, time zone "Europe/Paris"`,
		"signin.ok Lan session 1",
		"signin.failed lan wrong password",
		"signin.failed nobody unknown name",
		"user.disable Lan ",
		"signin.failed lan account disabled",
	}
	if got := f.actions(t); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The failures cost growing waits: the second attempt waited 1 s, the
	// third 2 s.
	if len(f.waits) != 2 || f.waits[0] != time.Second || f.waits[1] != 2*time.Second {
		t.Errorf("waits %v", f.waits)
	}
}

func TestSignInLock(t *testing.T) {
	f := newPeopleFixture(t)
	ctx := context.Background()
	if _, err := f.p.CreateUser(ctx, admin, "an", "viewer", "", "", "right password"); err != nil {
		t.Fatal(err)
	}
	var err error
	for i := range 5 {
		f.now = f.now.Add(time.Second)
		_, _, _, err = f.p.SignIn(ctx, "an", "wrong", "10.0.0.2", "")
		if i < 4 && !errors.Is(err, mediawatch.ErrBadCredentials) {
			t.Fatalf("failure %d: %v", i+1, err)
		}
	}
	var le *LockedError
	if !errors.As(err, &le) || !errors.Is(err, mediawatch.ErrLocked) || !le.Until().Equal(f.now.Add(15*time.Minute)) {
		t.Fatalf("fifth failure: %v, want locked until %v", err, f.now.Add(15*time.Minute))
	}
	lockEnds := le.Until()
	// The right password does not help while locked, and no wait is spent.
	waits := len(f.waits)
	f.now = lockEnds.Add(-time.Second)
	if _, _, _, err := f.p.SignIn(ctx, "an", "right password", "10.0.0.3", ""); !errors.Is(err, mediawatch.ErrLocked) {
		t.Errorf("right password while locked: %v", err)
	}
	if len(f.waits) != waits {
		t.Errorf("a locked attempt waited: %v", f.waits[waits:])
	}
	// Another name from the same address is not locked (an office shares
	// one address); at the lock's end, the name signs in again.
	f.now = lockEnds
	if _, _, _, err := f.p.SignIn(ctx, "an", "right password", "10.0.0.3", ""); err != nil {
		t.Errorf("after the lock: %v", err)
	}
	got := f.actions(t)
	if n := strings.Count(strings.Join(got, "\n"), "signin.locked"); n != 2 {
		t.Errorf("audit has %d signin.locked, want 2 (engaged, refused):\n%s", n, strings.Join(got, "\n"))
	}
}

func TestSignInLockByAddress(t *testing.T) {
	f := newPeopleFixture(t)
	ctx := context.Background()
	if _, err := f.p.CreateUser(ctx, admin, "an", "viewer", "", "", "right password"); err != nil {
		t.Fatal(err)
	}
	// 15 failures over many names from one address lock the address.
	for i := range 15 {
		_, _, _, err := f.p.SignIn(ctx, "guess"+string(rune('a'+i)), "x", "10.9.9.9", "")
		if i < 14 && !errors.Is(err, mediawatch.ErrBadCredentials) {
			t.Fatalf("failure %d: %v", i, err)
		}
	}
	if _, _, _, err := f.p.SignIn(ctx, "an", "right password", "10.9.9.9", ""); !errors.Is(err, mediawatch.ErrLocked) {
		t.Errorf("from the locked address: %v", err)
	}
	if _, _, _, err := f.p.SignIn(ctx, "an", "right password", "10.0.0.1", ""); err != nil {
		t.Errorf("from another address: %v", err)
	}
}

func TestSessionExpiry(t *testing.T) {
	f := newPeopleFixture(t)
	ctx := context.Background()
	if _, err := f.p.CreateUser(ctx, admin, "binh", "viewer", "", "", "right password"); err != nil {
		t.Fatal(err)
	}
	start := f.now
	token, _, _, err := f.p.SignIn(ctx, "binh", "right password", "", "")
	if err != nil {
		t.Fatal(err)
	}
	// Used every 50 minutes, the session lives past the idle timeout of an
	// hour, and seen_at moves (at most once a minute).
	for range 20 {
		f.now = f.now.Add(50 * time.Minute)
		_, s, err := f.p.Session(ctx, token)
		if err != nil {
			t.Fatalf("at %v: %v", f.now.Sub(start), err)
		}
		if !s.SeenAt.Equal(f.now) {
			t.Fatalf("seen at %v, want %v", s.SeenAt, f.now)
		}
	}
	f.now = f.now.Add(30 * time.Second)
	if _, s, _ := f.p.Session(ctx, token); s.SeenAt.Equal(f.now) {
		t.Error("touched within a minute")
	}
	// Its absolute lifetime of a day ends it however busy.
	f.now = start.Add(24 * time.Hour)
	if _, _, err := f.p.Session(ctx, token); !errors.Is(err, mediawatch.ErrSessionExpired) {
		t.Errorf("after its lifetime: %v", err)
	}

	// Idle: an hour without use ends it.
	start = f.now
	token, _, _, _ = f.p.SignIn(ctx, "binh", "right password", "", "")
	f.now = start.Add(59 * time.Minute)
	if _, _, err := f.p.Session(ctx, token); err != nil {
		t.Errorf("within idle: %v", err)
	}
	f.now = f.now.Add(time.Hour)
	if _, _, err := f.p.Session(ctx, token); !errors.Is(err, mediawatch.ErrSessionExpired) {
		t.Errorf("idle an hour: %v", err)
	}

	// Signed out, and unknown tokens.
	token, _, _, _ = f.p.SignIn(ctx, "binh", "right password", "", "")
	if err := f.p.SignOut(ctx, token, mediawatch.Actor{Kind: mediawatch.ActorPerson, Name: "binh"}); err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{token, "", "not-a-token"} {
		if _, _, err := f.p.Session(ctx, tok); !errors.Is(err, mediawatch.ErrSessionExpired) {
			t.Errorf("Session(%q): %v", tok, err)
		}
	}
	if err := f.p.SignOut(ctx, token, admin); err != nil {
		t.Errorf("second sign-out: %v", err)
	}
}

func TestResetPasswordRevokes(t *testing.T) {
	f := newPeopleFixture(t)
	ctx := context.Background()
	gen, err := f.p.CreateUser(ctx, admin, "Đức", "admin", "", "", "")
	if err != nil || len(gen) < 20 {
		t.Fatalf("generated %q, %v", gen, err)
	}
	token, _, _, err := f.p.SignIn(ctx, "đức", gen, "", "")
	if err != nil {
		t.Fatal(err)
	}
	gen2, err := f.p.ResetPassword(ctx, admin, "ĐỨC", "")
	if err != nil || gen2 == "" || gen2 == gen {
		t.Fatalf("reset: %q, %v", gen2, err)
	}
	if _, _, err := f.p.Session(ctx, token); !errors.Is(err, mediawatch.ErrSessionExpired) {
		t.Errorf("session after reset: %v", err)
	}
	if _, _, _, err := f.p.SignIn(ctx, "Đức", gen, "", ""); !errors.Is(err, mediawatch.ErrBadCredentials) {
		t.Errorf("old password: %v", err)
	}
	token, u, _, err := f.p.SignIn(ctx, "Đức", gen2, "", "")
	if err != nil {
		t.Fatal(err)
	}
	self := mediawatch.Actor{Kind: mediawatch.ActorPerson, Name: u.Name}
	if err := f.p.ChangeOwnPassword(ctx, self, u.ID, "wrong", "a new password"); !errors.Is(err, mediawatch.ErrBadCredentials) {
		t.Errorf("wrong old password: %v", err)
	}
	if err := f.p.ChangeOwnPassword(ctx, self, u.ID, gen2, "short"); !errors.Is(err, mediawatch.ErrInvalid) {
		t.Errorf("short new password: %v", err)
	}
	if err := f.p.ChangeOwnPassword(ctx, self, u.ID, gen2, "a new password"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.p.Session(ctx, token); !errors.Is(err, mediawatch.ErrSessionExpired) {
		t.Errorf("session after change: %v", err)
	}
	if _, _, _, err := f.p.SignIn(ctx, "Đức", "a new password", "", ""); err != nil {
		t.Errorf("new password: %v", err)
	}
	if err := f.p.SetPrefs(ctx, self, u.ID, "en", "Asia/Bangkok"); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.p.User(ctx, "đức"); got.Lang != "en" || got.TimeZone != "Asia/Bangkok" {
		t.Errorf("prefs %+v", got)
	}
}

func TestCreateUserRefuses(t *testing.T) {
	f := newPeopleFixture(t)
	ctx := context.Background()
	if _, err := f.p.CreateUser(ctx, admin, "lan", "viewer", "", "", ""); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, role, lang, tz, pw string
		want                     error
	}{
		{"LAN", "viewer", "", "", "", mediawatch.ErrConflict},
		{"a b", "viewer", "", "", "", mediawatch.ErrInvalid},
		{"", "viewer", "", "", "", mediawatch.ErrInvalid},
		{"x", "root", "", "", "", mediawatch.ErrInvalid},
		{"x", "viewer", "fr", "", "", mediawatch.ErrInvalid},
		{"x", "viewer", "", "Mars/Base", "", mediawatch.ErrInvalid},
		{"x", "viewer", "", "", "short", mediawatch.ErrInvalid},
	} {
		if _, err := f.p.CreateUser(ctx, admin, tc.name, tc.role, tc.lang, tc.tz, tc.pw); !errors.Is(err, tc.want) {
			t.Errorf("CreateUser(%q, %q, %q, %q) = %v, want %v", tc.name, tc.role, tc.lang, tc.tz, err, tc.want)
		}
	}
	for _, err := range []error{
		f.p.DisableUser(ctx, admin, "nobody"),
		f.p.EnableUser(ctx, admin, "nobody"),
	} {
		if !errors.Is(err, mediawatch.ErrNotFound) {
			t.Errorf("unknown name: %v", err)
		}
	}
	if _, err := f.p.ResetPassword(ctx, admin, "nobody", ""); !errors.Is(err, mediawatch.ErrNotFound) {
		t.Errorf("reset unknown: %v", err)
	}
	us, err := f.p.Users(ctx)
	if err != nil || len(us) != 1 || us[0].Lang != "vi" {
		t.Errorf("Users = %+v, %v", us, err)
	}
}

func TestAuditRecordNeverFails(t *testing.T) {
	var a *Audit
	a.Record(context.Background(), admin, "x", "", "") // nil: records nothing
	f := newPeopleFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f.p.Audit.Record(ctx, admin, "backup", "/tmp/x", "")      // written though ctx is done
	f.p.Audit.Record(context.Background(), admin, "", "", "") // refused by the store, logged
	if got := f.actions(t); len(got) != 1 || got[0] != "backup /tmp/x " {
		t.Errorf("audit %q", got)
	}
}

// TestSignInWaitsForASlot: with every password-check slot taken, a
// sign-in waits, and gives up when its request does.
func TestSignInWaitsForASlot(t *testing.T) {
	f := newPeopleFixture(t)
	f.p.init()
	for range maxHashing {
		f.p.slots <- struct{}{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, _, err := f.p.SignIn(ctx, "anyone", "whatever password", "10.0.0.1", ""); !errors.Is(err, context.Canceled) {
		t.Errorf("sign-in with every slot taken: %v, want context.Canceled", err)
	}
}

// TestSignInRecordsLongNamesCut: what a stranger types is recorded, cut to
// a line.
func TestSignInRecordsLongNamesCut(t *testing.T) {
	f := newPeopleFixture(t)
	long := strings.Repeat("ệ", 10000)
	if _, _, _, err := f.p.SignIn(context.Background(), long, "x", "10.0.0.1", ""); !errors.Is(err, mediawatch.ErrBadCredentials) {
		t.Fatalf("long name: %v", err)
	}
	es, _ := f.p.Audit.List(context.Background(), AuditFilter{})
	if len(es) != 1 || len(es[0].Actor) > 256 || !strings.HasPrefix(long, es[0].Actor) {
		t.Errorf("audit %+v", es)
	}
}
