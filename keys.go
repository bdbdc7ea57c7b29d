package mediawatch

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrRevoked means an API key was found but has been revoked: the caller is
// told so rather than "unknown key", which helps an operator who rotated it.
var ErrRevoked = errors.New("api key revoked")

// Role says what an API key may do. Roles are ordered: a higher role may do
// everything a lower one may.
type Role string

// The roles, lowest first.
const (
	RoleViewer Role = "viewer" // read and search coverage
	RoleEditor Role = "editor" // also work the response queue
	RoleAdmin  Role = "admin"  // also manage rules, sources and keys
)

// rank orders the roles; an unknown role ranks 0 and so is allowed nothing.
func (r Role) rank() int {
	switch r {
	case RoleViewer:
		return 1
	case RoleEditor:
		return 2
	case RoleAdmin:
		return 3
	}
	return 0
}

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool { return r.rank() > 0 }

// Allows reports whether a key with role r may do what needs at least min.
// An unknown role on either side allows nothing, so a typo fails closed.
func (r Role) Allows(min Role) bool {
	return r.Valid() && min.Valid() && r.rank() >= min.rank()
}

// ParseRole reads a role name as typed on a command line (case and
// surrounding space ignored); an unknown name is an error wrapping ErrInvalid.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if !r.Valid() {
		return "", fmt.Errorf("%w: role %q: want viewer, editor or admin", ErrInvalid, s)
	}
	return r, nil
}

// APIKey is what is known about an API key. The key itself is shown once,
// when created; only its SHA-256 hash is stored, and Prefix (its first
// characters) lets a person tell keys apart in a list.
type APIKey struct {
	ID         int64     `json:"id"`
	Name       string    `json:"name"`
	Role       Role      `json:"role"`
	Prefix     string    `json:"prefix"`
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at"` // zero when never used
	RevokedAt  time.Time `json:"revoked_at"`   // zero while the key is valid
}

// Revoked reports whether the key has been revoked.
func (k APIKey) Revoked() bool { return !k.RevokedAt.IsZero() }
