package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"mediawatch"
)

// UserName returns name in the form it is stored in (NFC), or an error
// wrapping mediawatch.ErrInvalid when it is not a valid name: 1–64
// letters of any script (Vietnamese with its marks), digits, '-', '_' or
// '.', starting with a letter or digit — the same rule as a key's name,
// for the same reasons (nothing in it can hide or reorder text).
func UserName(name string) (string, error) {
	n := norm.NFC.String(name)
	if !keyName.MatchString(n) || utf8.RuneCountInString(n) > maxKeyName {
		return "", fmt.Errorf("%w: a person's name is 1-%d letters, digits, '-', '_' or '.', starting with a letter or digit",
			mediawatch.ErrInvalid, maxKeyName)
	}
	return n, nil
}

// NameKey is the form names are compared in: NFC and lower case, so that
// "Lan" and "lan", "Đức" and "đức" are one person.
func NameKey(name string) string {
	return strings.ToLower(norm.NFC.String(name))
}

// CreateUser stores a new person. u.Name must be valid (UserName), u.Role
// known and u.PasswordHash set; ID, CreatedAt (from the store's clock) are
// filled in. A name another person has, in any case, is an error wrapping
// mediawatch.ErrConflict.
func (db *DB) CreateUser(ctx context.Context, u mediawatch.User) (mediawatch.User, error) {
	n, err := UserName(u.Name)
	if err != nil {
		return mediawatch.User{}, fmt.Errorf("create user %q: %w", u.Name, err)
	}
	if !u.Role.Valid() || u.PasswordHash == "" {
		return mediawatch.User{}, fmt.Errorf("create user %q: %w: role %q or no password", n, mediawatch.ErrInvalid, u.Role)
	}
	u.Name = n
	u.CreatedAt = db.now().UTC().Round(0)
	u.LastSignIn, u.DisabledAt = time.Time{}, time.Time{}
	err = db.w.QueryRowContext(ctx, `INSERT INTO users (name, name_key, role, lang, time_zone, password_hash, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, u.Name, NameKey(u.Name), string(u.Role), u.Lang, u.TimeZone, u.PasswordHash,
		encodeTime(u.CreatedAt)).Scan(&u.ID)
	if isUniqueViolation(err) {
		return mediawatch.User{}, fmt.Errorf("create user %q: %w: the name is taken", n, mediawatch.ErrConflict)
	}
	if err != nil {
		return mediawatch.User{}, fmt.Errorf("create user %q: %w", n, err)
	}
	return u, nil
}

const userColumns = `id, name, role, lang, time_zone, password_hash, created_at, last_sign_in, disabled_at`

func scanUser(s scanner) (mediawatch.User, error) {
	var u mediawatch.User
	var role, created, last, disabled string
	if err := s.Scan(&u.ID, &u.Name, &role, &u.Lang, &u.TimeZone, &u.PasswordHash, &created, &last, &disabled); err != nil {
		return mediawatch.User{}, err
	}
	u.Role = mediawatch.Role(role)
	var d timeDecoder
	u.CreatedAt = d.decode(created)
	u.LastSignIn = d.decode(last)
	u.DisabledAt = d.decode(disabled)
	return u, d.err
}

// UserByName returns the person called name, compared as NameKey does; an
// unknown name is an error wrapping mediawatch.ErrNotFound.
func (db *DB) UserByName(ctx context.Context, name string) (mediawatch.User, error) {
	u, err := scanUser(db.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE name_key = ?`, NameKey(name)))
	if err != nil {
		return mediawatch.User{}, notFound(err, "user", fmt.Sprintf("%q", name))
	}
	return u, nil
}

// UserByID returns person id, or an error wrapping mediawatch.ErrNotFound.
func (db *DB) UserByID(ctx context.Context, id int64) (mediawatch.User, error) {
	u, err := scanUser(db.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	if err != nil {
		return mediawatch.User{}, notFound(err, "user", id)
	}
	return u, nil
}

// Users returns every person, disabled ones included, by name.
func (db *DB) Users(ctx context.Context) ([]mediawatch.User, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY name_key`)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var out []mediawatch.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return out, nil
}

// updateUser runs one UPDATE on person id and turns "no such row" into
// mediawatch.ErrNotFound.
func updateUser(ctx context.Context, tx *sql.Tx, id int64, set string, args ...any) error {
	r, err := tx.ExecContext(ctx, `UPDATE users SET `+set+` WHERE id = ?`, append(args, id)...)
	if err != nil {
		return err
	}
	if n, err := r.RowsAffected(); err != nil || n == 0 {
		return errors.Join(err, mediawatch.ErrNotFound)
	}
	return nil
}

// SetUserDisabled disables person id from now on, or enables them again.
// Disabling also revokes their sessions, so they are signed out at once.
// Disabling a disabled person keeps the first time.
func (db *DB) SetUserDisabled(ctx context.Context, id int64, disabled bool) error {
	now := encodeTime(db.now())
	err := db.write(ctx, func(tx *sql.Tx) error {
		if !disabled {
			return updateUser(ctx, tx, id, `disabled_at = ''`)
		}
		if err := updateUser(ctx, tx, id, `disabled_at = CASE disabled_at WHEN '' THEN ? ELSE disabled_at END`, now); err != nil {
			return err
		}
		return revokeUserSessions(ctx, tx, id, now)
	})
	if err != nil {
		return fmt.Errorf("set user %d disabled=%v: %w", id, disabled, err)
	}
	return nil
}

// SetUserPassword replaces person id's password hash and revokes all their
// sessions in the same transaction: whoever knew the old password is
// signed out everywhere.
func (db *DB) SetUserPassword(ctx context.Context, id int64, hash string) error {
	if hash == "" {
		return fmt.Errorf("set password of user %d: %w: empty hash", id, mediawatch.ErrInvalid)
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		if err := updateUser(ctx, tx, id, `password_hash = ?`, hash); err != nil {
			return err
		}
		return revokeUserSessions(ctx, tx, id, encodeTime(db.now()))
	})
	if err != nil {
		return fmt.Errorf("set password of user %d: %w", id, err)
	}
	return nil
}

// SetUserPrefs sets person id's language and time zone (validated by the
// caller).
func (db *DB) SetUserPrefs(ctx context.Context, id int64, lang, timeZone string) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		return updateUser(ctx, tx, id, `lang = ?, time_zone = ?`, lang, timeZone)
	})
	if err != nil {
		return fmt.Errorf("set preferences of user %d: %w", id, err)
	}
	return nil
}
