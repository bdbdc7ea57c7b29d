package mediawatch

import (
	"errors"
	"time"
)

// Sign-in errors. The web face tells a person only "wrong name or password"
// for ErrBadCredentials and ErrDisabled alike, so that a stranger cannot learn
// which names exist; the audit log keeps the difference.
var (
	// ErrBadCredentials means the name is unknown or the password wrong.
	ErrBadCredentials = errors.New("wrong name or password")
	// ErrDisabled means the person's account has been disabled.
	ErrDisabled = errors.New("account disabled")
	// ErrLocked means too many failed sign-ins for a name or an address:
	// sign-in is refused until the lock ends.
	ErrLocked = errors.New("sign-in locked")
	// ErrSessionExpired means a session was idle too long, outlived its
	// lifetime or was revoked.
	ErrSessionExpired = errors.New("session expired")
)

// User is a person who signs in to the web pages. Passwords are kept only as
// an argon2id hash in PHC form ($argon2id$v=19$m=…,t=…,p=…$salt$hash), so the
// parameters travel with the hash and can be raised later.
type User struct {
	ID           int64     `json:"id"`
	Name         string    `json:"name"`
	Role         Role      `json:"role"`
	Lang         string    `json:"lang"`      // "vi" or "en": the person's pages and e-mails
	TimeZone     string    `json:"time_zone"` // IANA name; empty means the configured zone
	PasswordHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
	LastSignIn   time.Time `json:"last_sign_in"` // zero when never signed in
	DisabledAt   time.Time `json:"disabled_at"`  // zero while the account is active
}

// Disabled reports whether the account has been disabled.
func (u User) Disabled() bool { return !u.DisabledAt.IsZero() }

// Session is a signed-in browser. Only the SHA-256 hash of the cookie's
// token is stored; the token itself lives only in the cookie. CSRF is the
// token forms and state-changing requests must echo.
type Session struct {
	ID        int64     `json:"id"`
	UserID    int64     `json:"user_id"`
	CSRF      string    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	SeenAt    time.Time `json:"seen_at"`    // last request; idle expiry counts from here
	Address   string    `json:"address"`    // the client address at sign-in
	UserAgent string    `json:"user_agent"` // at sign-in, for the person's own session list
	RevokedAt time.Time `json:"revoked_at"` // zero while the session is valid
}

// Actor is who makes a change or a request: a person signed in to the
// pages, an API key, the command line on the data directory's own machine,
// or mediawatch itself. Every change recorded (story history, the audit log)
// carries Name and Kind.
type Actor struct {
	Kind    ActorKind `json:"kind"`
	Name    string    `json:"name"`
	Role    Role      `json:"role"`
	Address string    `json:"address,omitempty"` // client address, empty for the CLI and the system
}

// ActorKind says what an Actor is.
type ActorKind string

// The kinds of actor.
const (
	ActorPerson ActorKind = "person"
	ActorKey    ActorKind = "key"
	ActorCLI    ActorKind = "cli"
	ActorSystem ActorKind = "system"
)

// AuditEntry is one line of the append-only audit log: who did what, when,
// from where. Action is a dotted name ("signin.ok", "signin.failed",
// "signout", "story.status", "user.create", "key.revoke", "rules.edit",
// "export", "report.resend", "backup", …); Target names what it was done to
// and Detail says the rest in plain words (the query and row count of an
// export, the reason a sign-in failed).
type AuditEntry struct {
	ID        int64     `json:"id"`
	At        time.Time `json:"at"`
	ActorKind ActorKind `json:"actor_kind"`
	Actor     string    `json:"actor"`
	Address   string    `json:"address,omitempty"`
	Action    string    `json:"action"`
	Target    string    `json:"target,omitempty"`
	Detail    string    `json:"detail,omitempty"`
}
