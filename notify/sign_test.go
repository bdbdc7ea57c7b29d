package notify

import (
	"errors"
	"strings"
	"testing"
	"time"
)

const testSecret = "s3cr3t-for-tests-only"

// TestSignKnownVector pins the scheme receivers implement: the value was
// computed outside Go, with Python's hmac module.
func TestSignKnownVector(t *testing.T) {
	got := Sign(testSecret, "1741935600", []byte(`{"id":"flag-1"}`))
	want := "sha256=2567aa97d5f939cb72648d0b901c1bad61727faf1e292ae84fa7a530aab84a80"
	if got != want {
		t.Fatalf("Sign = %s, want %s", got, want)
	}
}

func TestVerify(t *testing.T) {
	body := []byte(`{"id":"flag-1","item":{"title":"Sơn La"}}`)
	ts := "1741935600"
	good := Sign(testSecret, ts, body)
	for _, tc := range []struct {
		name               string
		secret, header, ts string
		body               []byte
		ok                 bool
	}{
		{"genuine", testSecret, good, ts, body, true},
		{"upper-case hex", testSecret, "sha256=" + strings.ToUpper(strings.TrimPrefix(good, "sha256=")), ts, body, true},
		{"wrong secret", "another-secret-entirely", good, ts, body, false},
		{"body changed", testSecret, good, ts, []byte(`{"id":"flag-2","item":{"title":"Sơn La"}}`), false},
		{"body with a trailing newline", testSecret, good, ts, append(append([]byte{}, body...), '\n'), false},
		{"timestamp changed", testSecret, good, "1741935601", body, false},
		{"no scheme", testSecret, strings.TrimPrefix(good, "sha256="), ts, body, false},
		{"other scheme", testSecret, "sha1=" + strings.TrimPrefix(good, "sha256="), ts, body, false},
		{"short", testSecret, good[:len(good)-2], ts, body, false},
		{"not hex", testSecret, "sha256=" + strings.Repeat("zz", 32), ts, body, false},
		{"empty header", testSecret, "", ts, body, false},
		{"timestamp not a number", testSecret, Sign(testSecret, "soon", body), "soon", body, false},
		{"negative timestamp", testSecret, Sign(testSecret, "-1", body), "-1", body, false},
		{"empty timestamp", testSecret, Sign(testSecret, "", body), "", body, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Verify(tc.secret, tc.header, tc.ts, tc.body)
			if (err == nil) != tc.ok {
				t.Fatalf("Verify = %v, want ok %v", err, tc.ok)
			}
			if err != nil && !errors.Is(err, ErrSignature) {
				t.Errorf("Verify error %v does not wrap ErrSignature", err)
			}
		})
	}
}

func TestFresh(t *testing.T) {
	now := time.Unix(1741935600, 0)
	for _, tc := range []struct {
		name      string
		ts        string
		tolerance time.Duration
		err       error
	}{
		{"now", "1741935600", 0, nil},
		{"five minutes old", "1741935300", 0, nil},
		{"five minutes and a second old", "1741935299", 0, ErrStale},
		{"from the future, within", "1741935660", time.Minute, nil},
		{"from the future, beyond", "1741935661", time.Minute, ErrStale},
		{"a day old", "1741849200", time.Hour, ErrStale},
		{"not a number", "yesterday", 0, ErrSignature},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := Fresh(tc.ts, now, tc.tolerance); !errors.Is(err, tc.err) || (tc.err == nil) != (err == nil) {
				t.Errorf("Fresh(%s) = %v, want %v", tc.ts, err, tc.err)
			}
		})
	}
}
