package people

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// The parameters Hash writes; see doc.go for why these.
const (
	hashMemory  = 64 * 1024 // KiB
	hashTime    = 2
	hashThreads = 2
	saltLen     = 16
	keyLen      = 32
)

// Limits on what Verify accepts from a stored string, so that a damaged
// hash cannot make one check allocate gigabytes or run for minutes.
const (
	maxMemory  = 256 * 1024 // KiB
	maxTime    = 16
	maxThreads = 16
	minSalt    = 8
	maxSalt    = 64
	minKey     = 16
	maxKey     = 64
)

// ErrBadHash means a stored hash string is not a well-formed argon2id PHC
// string within the accepted parameters.
var ErrBadHash = errors.New("malformed password hash")

// Hash returns the argon2id hash of password as a PHC string with a fresh
// random salt.
func Hash(password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, hashTime, hashMemory, hashThreads, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, hashMemory, hashTime, hashThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// params are the argon2id settings read from a PHC string.
type params struct {
	memory  uint32
	time    uint32
	threads uint8
	salt    []byte
	key     []byte
}

// Verify reports whether password matches hash, a PHC string written by
// Hash (or by Hash with other parameters). The comparison takes the same
// time wherever the two keys differ. A malformed hash is an error wrapping
// ErrBadHash, never a panic.
func Verify(hash, password string) (bool, error) {
	p, err := parse(hash)
	if err != nil {
		return false, err
	}
	key := argon2.IDKey([]byte(password), p.salt, p.time, p.memory, p.threads, uint32(len(p.key)))
	return subtle.ConstantTimeCompare(key, p.key) == 1, nil
}

// parse reads $argon2id$v=19$m=M,t=T,p=P$salt$key.
func parse(hash string) (params, error) {
	var p params
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, fmt.Errorf("%w: not an argon2id PHC string", ErrBadHash)
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, fmt.Errorf("%w: version %q", ErrBadHash, parts[2])
	}
	fields := strings.Split(parts[3], ",")
	if len(fields) != 3 {
		return p, fmt.Errorf("%w: parameters %q", ErrBadHash, parts[3])
	}
	m, errM := param(fields[0], "m=", 1, maxMemory)
	t, errT := param(fields[1], "t=", 1, maxTime)
	th, errP := param(fields[2], "p=", 1, maxThreads)
	if err := errors.Join(errM, errT, errP); err != nil {
		return p, err
	}
	if m < 8*th { // argon2 needs 8 KiB per lane
		return p, fmt.Errorf("%w: memory %d KiB too small for %d lanes", ErrBadHash, m, th)
	}
	salt, err := base64.RawStdEncoding.Strict().DecodeString(parts[4])
	if err != nil || len(salt) < minSalt || len(salt) > maxSalt {
		return p, fmt.Errorf("%w: salt", ErrBadHash)
	}
	key, err := base64.RawStdEncoding.Strict().DecodeString(parts[5])
	if err != nil || len(key) < minKey || len(key) > maxKey {
		return p, fmt.Errorf("%w: key", ErrBadHash)
	}
	return params{memory: m, time: t, threads: uint8(th), salt: salt, key: key}, nil
}

// param reads one "x=N" with lo <= N <= hi.
func param(s, prefix string, lo, hi uint32) (uint32, error) {
	v, ok := strings.CutPrefix(s, prefix)
	if !ok {
		return 0, fmt.Errorf("%w: want %sN, have %q", ErrBadHash, prefix, s)
	}
	n, err := strconv.ParseUint(v, 10, 32)
	if err != nil || v != strconv.FormatUint(n, 10) || uint32(n) < lo || uint32(n) > hi {
		return 0, fmt.Errorf("%w: %s%s outside %d-%d", ErrBadHash, prefix, v, lo, hi)
	}
	return uint32(n), nil
}
