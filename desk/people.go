package desk

// People: the design in short. Passwords are argon2id hashes (package
// people); a session is a row keyed by the SHA-256 of its cookie's token,
// so revoking is a write and a stolen database gives no cookie. Sessions
// end by idle time, by absolute lifetime, at sign-out, and when their person
// is disabled or gets a new password. Failed sign-ins are rows too, so the
// throttle (people.Throttle, a pure function of them) holds across restarts
// and across the processes that share the store (serve and the CLI).

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"mediawatch"
	"mediawatch/people"
	"mediawatch/store"
)

// PeopleStore is what people, sessions and failed sign-ins are kept in.
// *store.DB satisfies it.
type PeopleStore interface {
	CreateUser(ctx context.Context, u mediawatch.User) (mediawatch.User, error)
	UserByName(ctx context.Context, name string) (mediawatch.User, error)
	UserByID(ctx context.Context, id int64) (mediawatch.User, error)
	Users(ctx context.Context) ([]mediawatch.User, error)
	SetUserDisabled(ctx context.Context, id int64, disabled bool) error
	SetUserPassword(ctx context.Context, id int64, hash string) error
	SetUserPrefs(ctx context.Context, id int64, lang, timeZone string) error
	CreateSession(ctx context.Context, tokenHash string, s mediawatch.Session) (mediawatch.Session, error)
	SessionByTokenHash(ctx context.Context, tokenHash string) (mediawatch.Session, error)
	TouchSession(ctx context.Context, id int64, t time.Time) error
	RevokeSession(ctx context.Context, id int64) error
	RecordSigninFailure(ctx context.Context, name, address string, t time.Time) error
	SigninFailures(ctx context.Context, name, address string, since time.Time) ([]store.SigninFailure, error)
	ClearSigninFailures(ctx context.Context, name string) error
}

// Defaults of People's settings (and of the web.* config keys).
const (
	DefaultIdleTimeout  = 8 * time.Hour
	DefaultLifetime     = 7 * 24 * time.Hour
	DefaultSigninLock   = 15 * time.Minute
	DefaultMaxFailures  = 5
	addressFailureTimes = 3 // an address may fail this many times a name's limit: an office shares one address
	touchEvery          = time.Minute
)

// People are the use cases of people: signing in and out, sessions, and
// managing accounts. The zero durations mean the defaults above.
type People struct {
	Store PeopleStore
	Audit *Audit // nil records nothing
	Log   *slog.Logger
	Now   func() time.Time // nil means time.Now
	// IdleTimeout ends a session not used for this long; Lifetime ends
	// any session this long after sign-in.
	IdleTimeout, Lifetime time.Duration
	// MaxFailures failed sign-ins for one name within SigninLock lock
	// that name for SigninLock; an address is locked after
	// addressFailureTimes as many (several people of an office share one
	// address behind its router). Before the lock each failure adds a
	// growing delay (people.Delay).
	MaxFailures int
	SigninLock  time.Duration
	// Sleep waits d or until ctx ends (the sign-in delay); nil means a
	// real timer. Tests record the waits instead.
	Sleep func(ctx context.Context, d time.Duration) error

	once  sync.Once
	dummy string        // a hash to verify against for unknown names
	slots chan struct{} // bounds the password checks running at once
}

// maxHashing is how many password checks run at once. Each takes 64 MiB
// for about a tenth of a second: a burst of sign-ins (or an attack) waits
// its turn instead of taking the machine's memory.
const maxHashing = 4

// verify checks password against hash, waiting (with ctx) for one of
// maxHashing slots.
func (p *People) verify(ctx context.Context, hash, password string) (bool, error) {
	p.init()
	select {
	case p.slots <- struct{}{}:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	defer func() { <-p.slots }()
	return people.Verify(hash, norm.NFC.String(password))
}

func (p *People) init() {
	p.once.Do(func() {
		p.slots = make(chan struct{}, maxHashing)
		p.dummy, _ = people.Hash("no one has this password")
	})
}

// LockedError is the error of a sign-in refused by the throttle. It
// wraps mediawatch.ErrLocked; Until says when sign-in is allowed again, so
// that a page can say "try again at 07:42".
type LockedError struct{ until time.Time }

func (e *LockedError) Error() string {
	return fmt.Sprintf("%v until %s", mediawatch.ErrLocked, e.until.UTC().Format(time.RFC3339))
}

// Until is when the lock ends.
func (e *LockedError) Until() time.Time { return e.until }

// Unwrap makes errors.Is(err, mediawatch.ErrLocked) hold.
func (e *LockedError) Unwrap() error { return mediawatch.ErrLocked }

func (p *People) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func (p *People) throttles() (byName, byAddress people.Throttle) {
	maxF := p.MaxFailures
	if maxF == 0 {
		maxF = DefaultMaxFailures
	}
	lock := p.SigninLock
	if lock <= 0 {
		lock = DefaultSigninLock
	}
	return people.Throttle{MaxFailures: maxF, Lock: lock},
		people.Throttle{MaxFailures: maxF * addressFailureTimes, Lock: lock}
}

// decide asks the throttle about an attempt for name from address.
func (p *People) decide(ctx context.Context, name, address string, now time.Time) (people.Decision, error) {
	byName, byAddr := p.throttles()
	// A lock lasts Lock after a failure that had MaxFailures within the
	// window (Lock) before it: failures up to twice Lock ago matter.
	fails, err := p.Store.SigninFailures(ctx, name, address, now.Add(-2*byName.Lock))
	if err != nil {
		return people.Decision{}, err
	}
	key := store.NameKey(name)
	var nameTimes, addrTimes []time.Time
	for _, f := range fails {
		if f.Name == key {
			nameTimes = append(nameTimes, f.At)
		}
		if address != "" && f.Address == address {
			addrTimes = append(addrTimes, f.At)
		}
	}
	return people.Merge(byName.Decide(nameTimes, now), byAddr.Decide(addrTimes, now)), nil
}

func (p *People) sleep(ctx context.Context, d time.Duration) error {
	if p.Sleep != nil {
		return p.Sleep(ctx, d)
	}
	return mediawatch.Sleep(ctx, d)
}

// SignIn checks name and password from a client at address and, when
// they are right, starts a session: it returns the session's token (for
// the cookie; only its hash is stored), the person and the session.
//
// Failed attempts are throttled per name and per address. While locked,
// it returns a *LockedError at once. Otherwise, after recent failures it
// first sleeps the growing delay (1, 2, 4, 8 s), honouring ctx, so the
// page needs to do nothing; the failure that reaches the limit returns a
// *LockedError too, so the person learns at once when to try again.
//
// An unknown name or a wrong password is mediawatch.ErrBadCredentials; a
// disabled account with the right password is mediawatch.ErrDisabled (the
// page shows both alike). Every outcome is logged and audited:
// signin.ok, signin.failed with the reason, signin.locked.
func (p *People) SignIn(ctx context.Context, name, password, address, userAgent string) (string, mediawatch.User, mediawatch.Session, error) {
	var nou mediawatch.User
	var nos mediawatch.Session
	now := p.now()
	// What a stranger typed is recorded, but never more than a line of it.
	actor := mediawatch.Actor{Kind: mediawatch.ActorPerson, Name: truncate(name, 256), Address: truncate(address, 128)}
	if n, err := store.UserName(name); err == nil {
		actor.Name = n
	}
	d, err := p.decide(ctx, actor.Name, actor.Address, now)
	if err != nil {
		return "", nou, nos, fmt.Errorf("sign in: %w", err)
	}
	if d.Locked() {
		p.signinLog(ctx, actor, "signin.locked", "refused while locked until "+d.LockedUntil.UTC().Format(time.RFC3339))
		return "", nou, nos, &LockedError{until: d.LockedUntil}
	}
	if d.Wait > 0 {
		if err := p.sleep(ctx, d.Wait); err != nil {
			return "", nou, nos, fmt.Errorf("sign in: %w", err)
		}
	}
	u, reason, err := p.check(ctx, name, password)
	if err != nil {
		return "", nou, nos, fmt.Errorf("sign in: %w", err)
	}
	if reason != "" {
		return "", nou, nos, p.failed(ctx, actor, reason, now)
	}
	actor.Name, actor.Role = u.Name, u.Role
	if err := p.Store.ClearSigninFailures(ctx, name); err != nil {
		return "", nou, nos, fmt.Errorf("sign in: %w", err)
	}
	token, s, err := p.startSession(ctx, u.ID, address, userAgent, now)
	if err != nil {
		return "", nou, nos, fmt.Errorf("sign in: %w", err)
	}
	u.LastSignIn = s.CreatedAt
	p.signinLog(ctx, actor, "signin.ok", "session "+fmt.Sprint(s.ID))
	return token, u, s, nil
}

// Reasons a sign-in fails, as the audit log says them.
const (
	reasonUnknown  = "unknown name"
	reasonPassword = "wrong password"
	reasonDisabled = "account disabled"
)

// check verifies name and password; reason is why they fail, empty when
// they do not. An unknown name costs one hash like a known one, so the
// time taken does not tell which names exist.
func (p *People) check(ctx context.Context, name, password string) (mediawatch.User, string, error) {
	u, err := p.Store.UserByName(ctx, name)
	if errors.Is(err, mediawatch.ErrNotFound) {
		p.init()
		if _, err := p.verify(ctx, p.dummy, password); err != nil {
			return u, "", err
		}
		return u, reasonUnknown, nil
	}
	if err != nil {
		return u, "", err
	}
	ok, err := p.verify(ctx, u.PasswordHash, password)
	if err != nil {
		return u, "", fmt.Errorf("user %q: %w", u.Name, err)
	}
	switch {
	case !ok:
		return u, reasonPassword, nil
	case u.Disabled():
		return u, reasonDisabled, nil
	}
	return u, "", nil
}

// failed records a failed sign-in and returns its error: the lock's when
// this failure engaged it.
func (p *People) failed(ctx context.Context, actor mediawatch.Actor, reason string, now time.Time) error {
	if err := p.Store.RecordSigninFailure(ctx, actor.Name, actor.Address, now); err != nil {
		return fmt.Errorf("sign in: %w", err)
	}
	p.signinLog(ctx, actor, "signin.failed", reason)
	if d, err := p.decide(ctx, actor.Name, actor.Address, now); err == nil && d.Locked() {
		p.signinLog(ctx, actor, "signin.locked", "locked until "+d.LockedUntil.UTC().Format(time.RFC3339))
		return &LockedError{until: d.LockedUntil}
	}
	if reason == reasonDisabled {
		return mediawatch.ErrDisabled
	}
	return mediawatch.ErrBadCredentials
}

// signinLog logs and audits one sign-in event.
func (p *People) signinLog(ctx context.Context, actor mediawatch.Actor, action, detail string) {
	level := slog.LevelInfo
	if action != "signin.ok" {
		level = slog.LevelWarn
	}
	orDiscard(p.Log).Log(ctx, level, "sign-in", "action", action, "name", actor.Name, "address", actor.Address, "detail", detail)
	p.Audit.Record(ctx, actor, action, actor.Name, detail)
}

// startSession stores a new session for user id with fresh session and
// CSRF tokens.
func (p *People) startSession(ctx context.Context, userID int64, address, userAgent string, now time.Time) (string, mediawatch.Session, error) {
	token, err := people.NewToken()
	if err != nil {
		return "", mediawatch.Session{}, err
	}
	csrf, err := people.NewToken()
	if err != nil {
		return "", mediawatch.Session{}, err
	}
	s, err := p.Store.CreateSession(ctx, people.HashToken(token), mediawatch.Session{UserID: userID, CSRF: csrf,
		CreatedAt: now, Address: address, UserAgent: truncate(userAgent, 256)})
	return token, s, err
}

// truncate cuts s to at most n bytes on a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// Session returns the person and session of a cookie's token. A token
// that is unknown, revoked, idle longer than IdleTimeout, older than
// Lifetime, or whose person is disabled is mediawatch.ErrSessionExpired.
// It records use (seen_at) at most once a minute, so a page with many
// requests costs one write.
func (p *People) Session(ctx context.Context, token string) (mediawatch.User, mediawatch.Session, error) {
	var nou mediawatch.User
	var nos mediawatch.Session
	if token == "" {
		return nou, nos, mediawatch.ErrSessionExpired
	}
	s, err := p.Store.SessionByTokenHash(ctx, people.HashToken(token))
	if errors.Is(err, mediawatch.ErrNotFound) {
		return nou, nos, mediawatch.ErrSessionExpired
	}
	if err != nil {
		return nou, nos, fmt.Errorf("session: %w", err)
	}
	now := p.now()
	idle, life := p.IdleTimeout, p.Lifetime
	if idle <= 0 {
		idle = DefaultIdleTimeout
	}
	if life <= 0 {
		life = DefaultLifetime
	}
	if !s.RevokedAt.IsZero() || now.Sub(s.SeenAt) >= idle || now.Sub(s.CreatedAt) >= life {
		return nou, nos, mediawatch.ErrSessionExpired
	}
	u, err := p.Store.UserByID(ctx, s.UserID)
	if errors.Is(err, mediawatch.ErrNotFound) || (err == nil && u.Disabled()) {
		return nou, nos, mediawatch.ErrSessionExpired
	}
	if err != nil {
		return nou, nos, fmt.Errorf("session: %w", err)
	}
	if now.Sub(s.SeenAt) >= touchEvery {
		if err := p.Store.TouchSession(ctx, s.ID, now); err != nil {
			orDiscard(p.Log).WarnContext(ctx, "session use not recorded", "session_id", s.ID, "err", err)
		} else {
			s.SeenAt = now.UTC().Round(0)
		}
	}
	return u, s, nil
}

// SignOut ends the session of token; an unknown or dead token is already
// signed out and not an error. It is audited as signout.
func (p *People) SignOut(ctx context.Context, token string, actor mediawatch.Actor) error {
	if token == "" {
		return nil
	}
	s, err := p.Store.SessionByTokenHash(ctx, people.HashToken(token))
	if errors.Is(err, mediawatch.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("sign out: %w", err)
	}
	if err := p.Store.RevokeSession(ctx, s.ID); err != nil {
		return fmt.Errorf("sign out: %w", err)
	}
	orDiscard(p.Log).InfoContext(ctx, "signed out", "name", actor.Name, "address", actor.Address, "session_id", s.ID)
	p.Audit.Record(ctx, actor, "signout", actor.Name, "session "+fmt.Sprint(s.ID))
	return nil
}
