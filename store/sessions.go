package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"mediawatch"
)

// CreateSession stores a new session for s.UserID under tokenHash (the
// SHA-256 of the cookie's token, people.HashToken) and stamps the person's
// last sign-in, in one transaction. CreatedAt and SeenAt are s.CreatedAt.
func (db *DB) CreateSession(ctx context.Context, tokenHash string, s mediawatch.Session) (mediawatch.Session, error) {
	if tokenHash == "" || s.CSRF == "" || s.CreatedAt.IsZero() {
		return mediawatch.Session{}, fmt.Errorf("create session: %w: token hash, CSRF token and time are required", mediawatch.ErrInvalid)
	}
	s.CreatedAt = s.CreatedAt.UTC().Round(0)
	s.SeenAt, s.RevokedAt = s.CreatedAt, time.Time{}
	at := encodeTime(s.CreatedAt)
	err := db.write(ctx, func(tx *sql.Tx) error {
		if err := updateUser(ctx, tx, s.UserID, `last_sign_in = ?`, at); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO sessions (token_hash, user_id, csrf, created_at, seen_at, address, user_agent)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, tokenHash, s.UserID, s.CSRF, at, at, s.Address, s.UserAgent).Scan(&s.ID)
		return err
	})
	if err != nil {
		return mediawatch.Session{}, fmt.Errorf("create session for user %d: %w", s.UserID, err)
	}
	return s, nil
}

const sessionColumns = `id, user_id, csrf, created_at, seen_at, address, user_agent, revoked_at`

func scanSession(s scanner) (mediawatch.Session, error) {
	var x mediawatch.Session
	var created, seen, revoked string
	if err := s.Scan(&x.ID, &x.UserID, &x.CSRF, &created, &seen, &x.Address, &x.UserAgent, &revoked); err != nil {
		return mediawatch.Session{}, err
	}
	var d timeDecoder
	x.CreatedAt = d.decode(created)
	x.SeenAt = d.decode(seen)
	x.RevokedAt = d.decode(revoked)
	return x, d.err
}

// SessionByTokenHash returns the session stored under tokenHash, revoked
// or not (the caller decides what is still valid); an unknown hash is an
// error wrapping mediawatch.ErrNotFound. The error never holds the hash.
func (db *DB) SessionByTokenHash(ctx context.Context, tokenHash string) (mediawatch.Session, error) {
	s, err := scanSession(db.r.QueryRowContext(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE token_hash = ?`, tokenHash))
	if err != nil {
		return mediawatch.Session{}, notFound(err, "session", "")
	}
	return s, nil
}

// TouchSession records that session id was used at t, only ever moving
// seen_at forward. Callers throttle it (the desk writes at most once a
// minute per session).
func (db *DB) TouchSession(ctx context.Context, id int64, t time.Time) error {
	if err := checkTimes(t); err != nil {
		return fmt.Errorf("touch session %d: %w", id, err)
	}
	_, err := db.w.ExecContext(ctx, `UPDATE sessions SET seen_at = ? WHERE id = ? AND seen_at < ?`,
		encodeTime(t), id, encodeTime(t))
	if err != nil {
		return fmt.Errorf("touch session %d: %w", id, err)
	}
	return nil
}

// RevokeSession ends session id from now on; revoking it again keeps the
// first time. An unknown id is an error wrapping mediawatch.ErrNotFound.
func (db *DB) RevokeSession(ctx context.Context, id int64) error {
	r, err := db.w.ExecContext(ctx, `UPDATE sessions SET revoked_at = CASE revoked_at WHEN '' THEN ? ELSE revoked_at END
		WHERE id = ?`, encodeTime(db.now()), id)
	if err == nil {
		if n, e := r.RowsAffected(); e == nil && n == 0 {
			err = mediawatch.ErrNotFound
		}
	}
	if err != nil {
		return fmt.Errorf("revoke session %d: %w", id, err)
	}
	return nil
}

// RevokeUserSessions ends every live session of person userID.
func (db *DB) RevokeUserSessions(ctx context.Context, userID int64) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		return revokeUserSessions(ctx, tx, userID, encodeTime(db.now()))
	})
	if err != nil {
		return fmt.Errorf("revoke sessions of user %d: %w", userID, err)
	}
	return nil
}

func revokeUserSessions(ctx context.Context, tx *sql.Tx, userID int64, now string) error {
	_, err := tx.ExecContext(ctx, `UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at = ''`, now, userID)
	return err
}

// SigninFailure is one failed sign-in: the name typed (in NameKey form,
// whether or not anyone has it), the client address and the time.
type SigninFailure struct {
	Name    string
	Address string
	At      time.Time
}

// RecordSigninFailure stores a failed sign-in at t. It also forgets
// failures older than a day, which no throttle window reaches, so the
// table stays small without a job of its own.
func (db *DB) RecordSigninFailure(ctx context.Context, name, address string, t time.Time) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO signin_failures (name, address, at) VALUES (?, ?, ?)`,
			NameKey(name), address, encodeTime(t)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM signin_failures WHERE at < ?`, encodeTime(t.Add(-24*time.Hour)))
		return err
	})
	if err != nil {
		return fmt.Errorf("record sign-in failure: %w", err)
	}
	return nil
}

// SigninFailures returns the failures for name (compared as NameKey) or
// from address since the given time, oldest first.
func (db *DB) SigninFailures(ctx context.Context, name, address string, since time.Time) ([]SigninFailure, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT name, address, at FROM signin_failures
		WHERE at >= ? AND (name = ? OR address = ?) ORDER BY at, id`, encodeTime(since), NameKey(name), address)
	if err != nil {
		return nil, fmt.Errorf("sign-in failures: %w", err)
	}
	defer rows.Close()
	var out []SigninFailure
	for rows.Next() {
		var f SigninFailure
		var at string
		if err := rows.Scan(&f.Name, &f.Address, &at); err != nil {
			return nil, fmt.Errorf("sign-in failures: %w", err)
		}
		if f.At, err = decodeTime(at); err != nil {
			return nil, fmt.Errorf("sign-in failures: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// ClearSigninFailures forgets the failures for name after a successful
// sign-in, so that a person's own typos do not add up over a day. Those
// from the address stay: they may be another name's.
func (db *DB) ClearSigninFailures(ctx context.Context, name string) error {
	if _, err := db.w.ExecContext(ctx, `DELETE FROM signin_failures WHERE name = ?`, NameKey(name)); err != nil {
		return fmt.Errorf("clear sign-in failures: %w", err)
	}
	return nil
}
