package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync"
	"time"

	"mediawatch"
)

// fakeAccounts is an in-memory Accounts for the tests: plain passwords,
// a lock after maxFails wrong passwords, sessions by token.
type fakeAccounts struct {
	mu       sync.Mutex
	users    map[string]*fakeUser
	sessions map[string]mediawatch.Session
	now      func() time.Time
	maxFails int
	prefs    []string // "id lang tz" of each SetPrefs, for assertions
}

type fakeUser struct {
	u        mediawatch.User
	password string
	fails    int
	until    time.Time
}

// lockError is the lock the real people package returns: it wraps
// mediawatch.ErrLocked and says when it ends.
type lockError struct{ until time.Time }

func (e lockError) Error() string    { return "sign-in locked until " + e.until.String() }
func (e lockError) Unwrap() error    { return mediawatch.ErrLocked }
func (e lockError) Until() time.Time { return e.until }

func newFakeAccounts(now func() time.Time) *fakeAccounts {
	return &fakeAccounts{users: map[string]*fakeUser{}, sessions: map[string]mediawatch.Session{}, now: now, maxFails: 3}
}

func (f *fakeAccounts) add(name, password string, role mediawatch.Role, lang string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.users[name] = &fakeUser{u: mediawatch.User{ID: int64(len(f.users) + 1), Name: name, Role: role, Lang: lang}, password: password}
}

func tok() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (f *fakeAccounts) SignIn(_ context.Context, name, password, address, ua string) (string, mediawatch.User, mediawatch.Session, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fu, ok := f.users[name]
	if !ok {
		return "", mediawatch.User{}, mediawatch.Session{}, mediawatch.ErrBadCredentials
	}
	if f.now().Before(fu.until) {
		return "", mediawatch.User{}, mediawatch.Session{}, lockError{fu.until}
	}
	if fu.password != password {
		fu.fails++
		if fu.fails >= f.maxFails {
			fu.until = f.now().Add(15 * time.Minute)
			return "", mediawatch.User{}, mediawatch.Session{}, lockError{fu.until}
		}
		return "", mediawatch.User{}, mediawatch.Session{}, mediawatch.ErrBadCredentials
	}
	fu.fails = 0
	t := tok()
	s := mediawatch.Session{ID: int64(len(f.sessions) + 1), UserID: fu.u.ID, CSRF: tok(), CreatedAt: f.now(), Address: address, UserAgent: ua}
	f.sessions[t] = s
	return t, fu.u, s, nil
}

func (f *fakeAccounts) byID(id int64) *fakeUser {
	for _, fu := range f.users {
		if fu.u.ID == id {
			return fu
		}
	}
	return nil
}

func (f *fakeAccounts) Session(_ context.Context, token string) (mediawatch.User, mediawatch.Session, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.sessions[token]
	if !ok {
		return mediawatch.User{}, mediawatch.Session{}, mediawatch.ErrSessionExpired
	}
	return f.byID(s.UserID).u, s, nil
}

func (f *fakeAccounts) SignOut(_ context.Context, token string, _ mediawatch.Actor) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.sessions, token)
	return nil
}

func (f *fakeAccounts) SetPrefs(_ context.Context, _ mediawatch.Actor, id int64, lang, tz string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	fu := f.byID(id)
	if fu == nil {
		return fmt.Errorf("no user %d", id)
	}
	fu.u.Lang, fu.u.TimeZone = lang, tz
	f.prefs = append(f.prefs, fmt.Sprintf("%d %s %s", id, lang, tz))
	return nil
}

func (f *fakeAccounts) ChangeOwnPassword(_ context.Context, _ mediawatch.Actor, id int64, old, pw string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	fu := f.byID(id)
	if fu.password != old {
		return mediawatch.ErrBadCredentials
	}
	if len(pw) < 8 {
		return fmt.Errorf("%w: password too short", mediawatch.ErrInvalid)
	}
	fu.password = pw
	for t, s := range f.sessions { // as desk.People does: a new password ends every session
		if s.UserID == id {
			delete(f.sessions, t)
		}
	}
	return nil
}
