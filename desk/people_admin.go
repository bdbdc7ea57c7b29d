package desk

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"mediawatch"
	"mediawatch/people"
	"mediawatch/store"
)

// Password lengths, in characters. Ten is long enough that the throttle
// and argon2id make guessing hopeless, short enough that people choose a
// phrase rather than write it down; the upper bound keeps hashing cheap.
const (
	minPassword = 10
	maxPassword = 256
)

// CheckPassword refuses a password too short or too long, with a reason
// in plain words.
func CheckPassword(pw string) error {
	switch n := utf8.RuneCountInString(pw); {
	case n < minPassword:
		return fmt.Errorf("%w: a password needs at least %d characters", mediawatch.ErrInvalid, minPassword)
	case n > maxPassword:
		return fmt.Errorf("%w: a password has at most %d characters", mediawatch.ErrInvalid, maxPassword)
	}
	return nil
}

// passwordOrGenerated returns the hash of pw (NFC, so that the same
// Vietnamese typed on another keyboard matches), or of a generated
// password when pw is empty, which it then returns.
func passwordOrGenerated(pw string) (hash, generated string, err error) {
	if pw == "" {
		if generated, err = people.GeneratePassword(); err != nil {
			return "", "", err
		}
		pw = generated
	} else if err := CheckPassword(pw); err != nil {
		return "", "", err
	}
	hash, err = people.Hash(norm.NFC.String(pw))
	return hash, generated, err
}

// CheckPrefs validates a language (vi or en; empty means vi) and a time
// zone (an IANA name such as Asia/Ho_Chi_Minh; empty means the
// configured zone) and returns them as stored.
func CheckPrefs(lang, tz string) (string, string, error) {
	lang = strings.ToLower(strings.TrimSpace(lang))
	switch lang {
	case "":
		lang = "vi"
	case "vi", "en":
	default:
		return "", "", fmt.Errorf("%w: language %q: want vi or en", mediawatch.ErrInvalid, lang)
	}
	tz = strings.TrimSpace(tz)
	if tz != "" {
		if _, err := time.LoadLocation(tz); err != nil || strings.EqualFold(tz, "local") {
			return "", "", fmt.Errorf("%w: time zone %q: want a name like Asia/Ho_Chi_Minh", mediawatch.ErrInvalid, tz)
		}
	}
	return lang, tz, nil
}

// CreateUser makes an account called name with role, language and time
// zone. An empty password means one is generated and returned (it is
// never available again); otherwise the password is checked and
// generatedPassword is empty. A bad name, role, language, zone or password
// is mediawatch.ErrInvalid with the reason; a name taken in any case is
// mediawatch.ErrConflict. Audited as user.create.
func (p *People) CreateUser(ctx context.Context, actor mediawatch.Actor, name, role, lang, tz, password string) (string, error) {
	n, err := store.UserName(name)
	if err != nil {
		return "", fmt.Errorf("create user: %w", err)
	}
	r, err := mediawatch.ParseRole(role)
	if err != nil {
		return "", fmt.Errorf("create user %q: %w", n, err)
	}
	lang, tz, err = CheckPrefs(lang, tz)
	if err != nil {
		return "", fmt.Errorf("create user %q: %w", n, err)
	}
	hash, generated, err := passwordOrGenerated(password)
	if err != nil {
		return "", fmt.Errorf("create user %q: %w", n, err)
	}
	u, err := p.Store.CreateUser(ctx, mediawatch.User{Name: n, Role: r, Lang: lang, TimeZone: tz, PasswordHash: hash})
	if err != nil {
		return "", err
	}
	p.changed(ctx, actor, "user.create", u.Name, fmt.Sprintf("role %s, language %s, time zone %q", u.Role, u.Lang, u.TimeZone))
	return generated, nil
}

// Users returns every account, disabled ones included, by name.
func (p *People) Users(ctx context.Context) ([]mediawatch.User, error) {
	return p.Store.Users(ctx)
}

// User returns the account called name (any case), or
// mediawatch.ErrNotFound.
func (p *People) User(ctx context.Context, name string) (mediawatch.User, error) {
	return p.Store.UserByName(ctx, name)
}

// DisableUser disables the account called name and ends its sessions at
// once. Audited as user.disable.
func (p *People) DisableUser(ctx context.Context, actor mediawatch.Actor, name string) error {
	return p.setDisabled(ctx, actor, name, true)
}

// EnableUser enables a disabled account again. Audited as user.enable.
func (p *People) EnableUser(ctx context.Context, actor mediawatch.Actor, name string) error {
	return p.setDisabled(ctx, actor, name, false)
}

func (p *People) setDisabled(ctx context.Context, actor mediawatch.Actor, name string, disabled bool) error {
	u, err := p.Store.UserByName(ctx, name)
	if err != nil {
		return err
	}
	if err := p.Store.SetUserDisabled(ctx, u.ID, disabled); err != nil {
		return err
	}
	action := "user.enable"
	if disabled {
		action = "user.disable"
	}
	p.changed(ctx, actor, action, u.Name, "")
	return nil
}

// ResetPassword gives the account called name a new password — the one
// given, or a generated one that it returns — and ends all its sessions.
// Audited as user.reset.
func (p *People) ResetPassword(ctx context.Context, actor mediawatch.Actor, name, newPassword string) (string, error) {
	u, err := p.Store.UserByName(ctx, name)
	if err != nil {
		return "", err
	}
	hash, generated, err := passwordOrGenerated(newPassword)
	if err != nil {
		return "", fmt.Errorf("reset password of %q: %w", u.Name, err)
	}
	if err := p.Store.SetUserPassword(ctx, u.ID, hash); err != nil {
		return "", err
	}
	detail := "password given, sessions ended"
	if generated != "" {
		detail = "password generated, sessions ended"
	}
	p.changed(ctx, actor, "user.reset", u.Name, detail)
	return generated, nil
}

// SetPrefs sets the language and time zone of account userID (a person's
// own, from their settings page). Audited as user.prefs.
func (p *People) SetPrefs(ctx context.Context, actor mediawatch.Actor, userID int64, lang, tz string) error {
	lang, tz, err := CheckPrefs(lang, tz)
	if err != nil {
		return err
	}
	u, err := p.Store.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	if err := p.Store.SetUserPrefs(ctx, u.ID, lang, tz); err != nil {
		return err
	}
	p.changed(ctx, actor, "user.prefs", u.Name, fmt.Sprintf("language %s, time zone %q", lang, tz))
	return nil
}

// ChangeOwnPassword replaces the password of account userID after checking
// the old one (a wrong one is mediawatch.ErrBadCredentials). Every session
// of the account ends, the current one included: the page signs the
// person in again with the new password (SignIn). Audited as
// user.password.
func (p *People) ChangeOwnPassword(ctx context.Context, actor mediawatch.Actor, userID int64, oldPassword, newPassword string) error {
	u, err := p.Store.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	ok, err := p.verify(ctx, u.PasswordHash, oldPassword)
	if err != nil {
		return fmt.Errorf("change password of %q: %w", u.Name, err)
	}
	if !ok {
		p.changed(ctx, actor, "user.password", u.Name, "refused: wrong current password")
		return fmt.Errorf("change password: %w", mediawatch.ErrBadCredentials)
	}
	if newPassword == "" {
		return fmt.Errorf("change password: %w: the new password is empty", mediawatch.ErrInvalid)
	}
	hash, _, err := passwordOrGenerated(newPassword)
	if err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	if err := p.Store.SetUserPassword(ctx, u.ID, hash); err != nil {
		return err
	}
	p.changed(ctx, actor, "user.password", u.Name, "changed, sessions ended")
	return nil
}

// changed logs and audits a change to an account.
func (p *People) changed(ctx context.Context, actor mediawatch.Actor, action, target, detail string) {
	orDiscard(p.Log).InfoContext(ctx, "account changed", "action", action, "target", target,
		"actor_kind", string(actor.Kind), "actor", actor.Name, "detail", detail)
	p.Audit.Record(ctx, actor, action, target, detail)
}
