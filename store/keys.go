package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"mediawatch"
)

// KeyPrefix starts every API key, so that a leaked key is recognisable (and
// findable by secret scanners) as a mediawatch key.
const KeyPrefix = "mw_"

// keyBytes is how much randomness a key carries.
const keyBytes = 32

// keyLen is the length of a well-formed key: the prefix and 32 bytes in
// unpadded base64url.
var keyLen = len(KeyPrefix) + base64.RawURLEncoding.EncodedLen(keyBytes)

// shownPrefix is how many leading characters of a key are stored in clear,
// for lists.
const shownPrefix = 8

// keyName is what a key's name may be: letters of any script (with their
// combining marks), digits, '-', '_' and '.', starting with a letter or a
// digit — a person's name like nguyễn-lan works, and nothing in it can
// hide or reorder text where it is printed (no spaces, controls or bidi
// marks). Names are compared in NFC, so the same name typed on a keyboard
// that composes differently is the same name.
var keyName = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{M}\p{N}._-]*$`)

// maxKeyName is the longest name, in characters.
const maxKeyName = 64

// KeyName returns name in the form it is stored and looked up in (NFC), or
// an error wrapping mediawatch.ErrInvalid when it is not a valid name.
func KeyName(name string) (string, error) {
	n := norm.NFC.String(name)
	if !keyName.MatchString(n) || utf8.RuneCountInString(n) > maxKeyName {
		return "", fmt.Errorf("%w: a key's name is 1-%d letters, digits, '-', '_' or '.', starting with a letter or digit",
			mediawatch.ErrInvalid, maxKeyName)
	}
	return n, nil
}

// hashKey is the stored form of a key. A fast hash is right here: the key is
// 256 random bits, so there is nothing for a slow hash to protect.
func hashKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateKey makes a new API key called name with role, stores its hash and
// returns the key itself, which is never available again. A bad name or role
// is an error wrapping mediawatch.ErrInvalid; a name a live key carries is
// one wrapping mediawatch.ErrConflict. The name of a revoked key may be
// given again (see migration 0009 for why the history stays unambiguous).
func (db *DB) CreateKey(ctx context.Context, name string, role mediawatch.Role) (string, mediawatch.APIKey, error) {
	n, err := KeyName(name)
	if err != nil {
		return "", mediawatch.APIKey{}, fmt.Errorf("create key %q: %w", name, err)
	}
	if !role.Valid() {
		return "", mediawatch.APIKey{}, fmt.Errorf("create key %q: %w: role %q", n, mediawatch.ErrInvalid, role)
	}
	var token string
	var k mediawatch.APIKey
	err = db.write(ctx, func(tx *sql.Tx) error {
		token, k, err = insertKey(ctx, tx, n, role, db.now())
		return err
	})
	if isUniqueViolation(err) {
		return "", mediawatch.APIKey{}, fmt.Errorf("create key %q: %w: a live key has this name (revoke or rotate it)",
			n, mediawatch.ErrConflict)
	}
	if err != nil {
		return "", mediawatch.APIKey{}, fmt.Errorf("create key %q: %w", n, err)
	}
	return token, k, nil
}

// insertKey draws a new secret and stores the key name (valid, NFC) with
// role, created at now.
func insertKey(ctx context.Context, tx *sql.Tx, name string, role mediawatch.Role, now time.Time) (string, mediawatch.APIKey, error) {
	raw := make([]byte, keyBytes)
	if _, err := rand.Read(raw); err != nil {
		return "", mediawatch.APIKey{}, err
	}
	token := KeyPrefix + base64.RawURLEncoding.EncodeToString(raw)
	k := mediawatch.APIKey{Name: name, Role: role, Prefix: token[:shownPrefix], CreatedAt: now.UTC().Round(0)}
	err := tx.QueryRowContext(ctx, `INSERT INTO api_keys (name, role, hash, prefix, created_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`, k.Name, string(k.Role), hashKey(token), k.Prefix, encodeTime(k.CreatedAt)).Scan(&k.ID)
	return token, k, err
}

const keyColumns = `id, name, role, prefix, created_at, last_used_at, revoked_at`

func scanKey(s scanner) (mediawatch.APIKey, error) {
	var k mediawatch.APIKey
	var role, created, used, revoked string
	if err := s.Scan(&k.ID, &k.Name, &role, &k.Prefix, &created, &used, &revoked); err != nil {
		return mediawatch.APIKey{}, err
	}
	k.Role = mediawatch.Role(role)
	var d timeDecoder
	k.CreatedAt = d.decode(created)
	k.LastUsedAt = d.decode(used)
	k.RevokedAt = d.decode(revoked)
	return k, d.err
}

// KeyByToken returns the key whose plaintext is token. An unknown or
// malformed token is an error wrapping mediawatch.ErrNotFound; a revoked
// key is returned together with an error wrapping mediawatch.ErrRevoked.
// The lookup is by hash, so no comparison ever runs over the secret itself
// and its timing tells nothing about stored keys. The error never contains
// the token.
func (db *DB) KeyByToken(ctx context.Context, token string) (mediawatch.APIKey, error) {
	if len(token) != keyLen || !strings.HasPrefix(token, KeyPrefix) {
		return mediawatch.APIKey{}, fmt.Errorf("api key: %w", mediawatch.ErrNotFound)
	}
	row := db.r.QueryRowContext(ctx, `SELECT `+keyColumns+` FROM api_keys WHERE hash = ?`, hashKey(token))
	k, err := scanKey(row)
	if err != nil {
		return mediawatch.APIKey{}, notFound(err, "api key", token[:shownPrefix]+"…")
	}
	if k.Revoked() {
		return k, fmt.Errorf("api key %q: %w", k.Name, mediawatch.ErrRevoked)
	}
	return k, nil
}

// ListKeys returns every key, revoked ones included, oldest first. Neither
// the keys nor their hashes are part of what it returns.
func (db *DB) ListKeys(ctx context.Context) ([]mediawatch.APIKey, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+keyColumns+` FROM api_keys ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list keys: %w", err)
	}
	defer rows.Close()
	var out []mediawatch.APIKey
	for rows.Next() {
		k, err := scanKey(rows)
		if err != nil {
			return nil, fmt.Errorf("list keys: %w", err)
		}
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list keys: %w", err)
	}
	return out, nil
}

// RevokeKey revokes the live key called name from now on. A name no key
// ever had is an error wrapping mediawatch.ErrNotFound; a name whose keys
// are all revoked already is one wrapping mediawatch.ErrRevoked, so that a
// typo or a second revoke is never reported as done.
func (db *DB) RevokeKey(ctx context.Context, name string) error {
	n := norm.NFC.String(name)
	err := db.write(ctx, func(tx *sql.Tx) error {
		k, err := liveKey(ctx, tx, n)
		if err != nil {
			return err
		}
		return revokeKey(ctx, tx, k.ID, db.now())
	})
	if err != nil {
		return fmt.Errorf("revoke key %q: %w", n, err)
	}
	return nil
}

// RotateKey replaces the live key called name with a new one of the same
// name and role, in one transaction: the old key is revoked at the very
// instant the new one is created, so that at no time two keys, or none,
// carry the name. It returns the new key itself, which is never available
// again. Errors are RevokeKey's.
func (db *DB) RotateKey(ctx context.Context, name string) (string, mediawatch.APIKey, error) {
	n := norm.NFC.String(name)
	var token string
	var k mediawatch.APIKey
	err := db.write(ctx, func(tx *sql.Tx) error {
		old, err := liveKey(ctx, tx, n)
		if err != nil {
			return err
		}
		now := db.now()
		if err := revokeKey(ctx, tx, old.ID, now); err != nil {
			return err
		}
		token, k, err = insertKey(ctx, tx, old.Name, old.Role, now)
		return err
	})
	if err != nil {
		return "", mediawatch.APIKey{}, fmt.Errorf("rotate key %q: %w", n, err)
	}
	return token, k, nil
}

// liveKey returns the live key called name (NFC), or an error wrapping
// mediawatch.ErrRevoked when only revoked keys have that name,
// mediawatch.ErrNotFound when none ever had.
func liveKey(ctx context.Context, tx *sql.Tx, name string) (mediawatch.APIKey, error) {
	k, err := scanKey(tx.QueryRowContext(ctx, `SELECT `+keyColumns+` FROM api_keys
		WHERE name = ? ORDER BY revoked_at = '' DESC, id DESC LIMIT 1`, name))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return k, mediawatch.ErrNotFound
	case err != nil:
		return k, err
	case k.Revoked():
		return k, mediawatch.ErrRevoked
	}
	return k, nil
}

func revokeKey(ctx context.Context, tx *sql.Tx, id int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE api_keys SET revoked_at = ? WHERE id = ?`, encodeTime(now), id)
	return err
}

// TouchKey records that key id was used at t. It only ever moves
// last_used_at forward, so touches arriving out of order do no harm; callers
// should throttle it (once a minute per key is plenty), since every touch is
// a write. An unknown id is not an error: the key may just have been
// deleted, and usage stamps are not worth failing a request over.
func (db *DB) TouchKey(ctx context.Context, id int64, t time.Time) error {
	if err := checkTimes(t); err != nil {
		return fmt.Errorf("touch key %d: %w", id, err)
	}
	_, err := db.w.ExecContext(ctx, `UPDATE api_keys SET last_used_at = ? WHERE id = ? AND last_used_at < ?`,
		encodeTime(t), id, encodeTime(t))
	if err != nil {
		return fmt.Errorf("touch key %d: %w", id, err)
	}
	return nil
}
