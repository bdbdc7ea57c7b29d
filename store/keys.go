package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"time"

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

// keyName is what a key's name may be: short, and safe to print anywhere.
var keyName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// hashKey is the stored form of a key. A fast hash is right here: the key is
// 256 random bits, so there is nothing for a slow hash to protect.
func hashKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateKey makes a new API key called name with role, stores its hash and
// returns the key itself, which is never available again. A bad name or role
// is an error wrapping mediawatch.ErrInvalid; a name in use (revoked keys
// included) is one wrapping mediawatch.ErrConflict.
func (db *DB) CreateKey(ctx context.Context, name string, role mediawatch.Role) (string, mediawatch.APIKey, error) {
	if !keyName.MatchString(name) {
		return "", mediawatch.APIKey{}, fmt.Errorf("create key %q: %w: name must be 1-64 letters, digits, '.', '_' or '-'",
			name, mediawatch.ErrInvalid)
	}
	if !role.Valid() {
		return "", mediawatch.APIKey{}, fmt.Errorf("create key %q: %w: role %q", name, mediawatch.ErrInvalid, role)
	}
	raw := make([]byte, keyBytes)
	if _, err := rand.Read(raw); err != nil {
		return "", mediawatch.APIKey{}, fmt.Errorf("create key %q: %w", name, err)
	}
	token := KeyPrefix + base64.RawURLEncoding.EncodeToString(raw)
	k := mediawatch.APIKey{Name: name, Role: role, Prefix: token[:shownPrefix], CreatedAt: db.now().UTC().Round(0)}
	err := db.write(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `INSERT INTO api_keys (name, role, hash, prefix, created_at)
			VALUES (?, ?, ?, ?, ?)`, k.Name, string(k.Role), hashKey(token), k.Prefix, encodeTime(k.CreatedAt))
		if err != nil {
			return err
		}
		k.ID, err = r.LastInsertId()
		return err
	})
	if isUniqueViolation(err) {
		return "", mediawatch.APIKey{}, fmt.Errorf("create key %q: %w: name in use", name, mediawatch.ErrConflict)
	}
	if err != nil {
		return "", mediawatch.APIKey{}, fmt.Errorf("create key %q: %w", name, err)
	}
	return token, k, nil
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

// RevokeKey revokes the key called name from now on. Revoking a revoked key
// changes nothing (it keeps its first revocation time); an unknown name is
// an error wrapping mediawatch.ErrNotFound.
func (db *DB) RevokeKey(ctx context.Context, name string) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		var revoked string
		if err := tx.QueryRowContext(ctx, `SELECT revoked_at FROM api_keys WHERE name = ?`, name).
			Scan(&revoked); err != nil {
			return err
		}
		if revoked != "" {
			return nil
		}
		_, err := tx.ExecContext(ctx, `UPDATE api_keys SET revoked_at = ? WHERE name = ?`,
			encodeTime(db.now()), name)
		return err
	})
	if err != nil {
		return notFound(err, "revoke key", fmt.Sprintf("%q", name))
	}
	return nil
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
