package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The headers of a webhook request.
const (
	// HeaderSignature carries "sha256=" and the hex HMAC-SHA256 of the
	// timestamp, a ".", and the body, keyed with the shared secret.
	HeaderSignature = "X-Mediawatch-Signature"
	// HeaderTimestamp carries the Unix time of the attempt in seconds.
	HeaderTimestamp = "X-Mediawatch-Timestamp"
	// HeaderEvent carries the event's type ("flag").
	HeaderEvent = "X-Mediawatch-Event"
	// HeaderDelivery carries the event's id, the same on every attempt.
	HeaderDelivery = "X-Mediawatch-Delivery"
)

// DefaultTolerance is how far from the receiver's clock a timestamp may be
// before Fresh refuses it.
const DefaultTolerance = 5 * time.Minute

// ErrSignature means a request's signature does not prove it came from
// someone holding the secret.
var ErrSignature = errors.New("webhook signature invalid")

// ErrStale means a request's timestamp is too far from now: a replay, or
// a clock badly off.
var ErrStale = errors.New("webhook timestamp outside the tolerance")

// Sign returns the signature header value of body sent at timestamp (Unix
// seconds, in decimal) with secret: "sha256=" + hex(HMAC-SHA256(secret,
// timestamp + "." + body)).
func Sign(secret, timestamp string, body []byte) string {
	return "sha256=" + hex.EncodeToString(mac(secret, timestamp, body))
}

func mac(secret, timestamp string, body []byte) []byte {
	h := hmac.New(sha256.New, []byte(secret))
	h.Write([]byte(timestamp))
	h.Write([]byte("."))
	h.Write(body)
	return h.Sum(nil)
}

// Verify checks a received request: header is the X-Mediawatch-Signature
// value, timestamp the X-Mediawatch-Timestamp value and body the raw body,
// read before any decoding. It returns nil only when the signature is the
// HMAC of exactly these bytes with secret, compared in constant time;
// otherwise an error wrapping ErrSignature. Receivers should also check
// Fresh, so that a captured request cannot be replayed later.
func Verify(secret, header, timestamp string, body []byte) error {
	if _, err := parseTimestamp(timestamp); err != nil {
		return err
	}
	sig, ok := strings.CutPrefix(header, "sha256=")
	if !ok {
		return fmt.Errorf("%w: want sha256=<hex>", ErrSignature)
	}
	got, err := hex.DecodeString(sig)
	if err != nil || len(got) != sha256.Size {
		return fmt.Errorf("%w: want 64 hex digits", ErrSignature)
	}
	if !hmac.Equal(got, mac(secret, timestamp, body)) {
		return fmt.Errorf("%w: mismatch", ErrSignature)
	}
	return nil
}

// Fresh checks that timestamp (Unix seconds) is within tolerance of now,
// either side; a tolerance of 0 means DefaultTolerance.
func Fresh(timestamp string, now time.Time, tolerance time.Duration) error {
	ts, err := parseTimestamp(timestamp)
	if err != nil {
		return err
	}
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	limit := int64(tolerance / time.Second)
	if d := now.Unix() - ts; d > limit || d < -limit {
		return fmt.Errorf("%w: %d s off", ErrStale, d)
	}
	return nil
}

// parseTimestamp reads Unix seconds written as plain decimal digits.
func parseTimestamp(s string) (int64, error) {
	if s == "" || len(s) > 18 || strings.TrimLeft(s, "0123456789") != "" {
		return 0, fmt.Errorf("%w: timestamp %q: want Unix seconds", ErrSignature, s)
	}
	ts, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: timestamp %q: %w", ErrSignature, s, err)
	}
	return ts, nil
}
