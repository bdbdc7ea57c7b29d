package people

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"
)

// tokenBytes is the randomness of a session or CSRF token.
const tokenBytes = 32

// NewToken returns 32 random bytes in unpadded base64url: a session cookie
// or a CSRF token.
func NewToken() (string, error) {
	b := make([]byte, tokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("new token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// HashToken is the stored form of a session token. A fast hash is right:
// the token is 256 random bits, so a slow hash would protect nothing, and
// a stolen database gives no usable cookie.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// passwordAlphabet has no characters that look alike in common fonts
// (0/O/o, 1/l/I/i, 5/S, 2/Z, u/v) and no symbols, so a password read aloud,
// from paper or off a phone is typed right the first time. 47 characters.
const passwordAlphabet = "abcdefghjkmnpqrstwxyzABCDEFGHJKLMNPQRTWXY346789"

// Generated passwords are passwordGroups groups of passwordGroup characters
// joined by '-': 4×5 = 20 characters from 47, about 111 bits.
const (
	passwordGroups = 4
	passwordGroup  = 5
)

// GeneratePassword returns a random password that is easy to type: four
// groups of five unambiguous letters and digits joined by dashes, like
// "kq7mR-x3bte-Wp9ha-nc4Ty".
func GeneratePassword() (string, error) {
	var b strings.Builder
	n := big.NewInt(int64(len(passwordAlphabet)))
	for g := range passwordGroups {
		if g > 0 {
			b.WriteByte('-')
		}
		for range passwordGroup {
			i, err := rand.Int(rand.Reader, n)
			if err != nil {
				return "", fmt.Errorf("generate password: %w", err)
			}
			b.WriteByte(passwordAlphabet[i.Int64()])
		}
	}
	return b.String(), nil
}
