package web

import (
	"context"
	"errors"
	"time"

	"mediawatch"
)

// Accounts is what the pages need of the people use cases (desk.People
// implements it). web depends on this interface, not on desk, so the pages
// can be tested with an in-memory implementation and the composition root
// (cmd/mediawatch) chooses the real one.
type Accounts interface {
	// SignIn checks a name and password and opens a session. Errors:
	// mediawatch.ErrBadCredentials, ErrDisabled, ErrLocked (see lockedUntil).
	SignIn(ctx context.Context, name, password, address, userAgent string) (token string, u mediawatch.User, s mediawatch.Session, err error)
	// Session finds the open session of a cookie's token; a stale or revoked
	// one is mediawatch.ErrSessionExpired.
	Session(ctx context.Context, token string) (mediawatch.User, mediawatch.Session, error)
	// SignOut revokes the session of token.
	SignOut(ctx context.Context, token string, actor mediawatch.Actor) error
	// SetPrefs stores a person's language and time zone.
	SetPrefs(ctx context.Context, actor mediawatch.Actor, userID int64, lang, tz string) error
	// ChangeOwnPassword changes a person's password after checking the old
	// one (mediawatch.ErrBadCredentials when it is wrong).
	ChangeOwnPassword(ctx context.Context, actor mediawatch.Actor, userID int64, old, new string) error
}

// lockedUntil tells when a sign-in lock ends. The lock error wraps
// mediawatch.ErrLocked and carries its end through an Until() method; an
// error without one gives the zero time, and the page then says only that
// sign-in is locked for now.
func lockedUntil(err error) (time.Time, bool) {
	if !errors.Is(err, mediawatch.ErrLocked) {
		return time.Time{}, false
	}
	var u interface{ Until() time.Time }
	if errors.As(err, &u) {
		return u.Until(), true
	}
	return time.Time{}, true
}
