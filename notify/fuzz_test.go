package notify

import (
	"strings"
	"testing"
	"time"
)

// FuzzVerify feeds Verify arbitrary headers, timestamps and bodies: no
// panic; it accepts a header only when it is the signature of exactly
// these bytes, and always accepts what Sign made for a valid timestamp.
func FuzzVerify(f *testing.F) {
	f.Add(testSecret, "sha256=2567aa97d5f939cb72648d0b901c1bad61727faf1e292ae84fa7a530aab84a80", "1741935600", []byte(`{"id":"flag-1"}`))
	f.Add("", "sha256=", "0", []byte{})
	f.Add("k", "SHA256=00", "+1", []byte("\xff"))
	f.Fuzz(func(t *testing.T, secret, header, timestamp string, body []byte) {
		err := Verify(secret, header, timestamp, body)
		want := Sign(secret, timestamp, body)
		if err == nil && !strings.EqualFold(header, want) {
			t.Fatalf("Verify accepted %q for %q, the signature is %q", header, timestamp, want)
		}
		if _, perr := parseTimestamp(timestamp); perr == nil {
			if err := Verify(secret, want, timestamp, body); err != nil {
				t.Fatalf("Verify refused Sign's own signature: %v", err)
			}
		}
	})
}

// FuzzRetryAfter reads arbitrary Retry-After values: no panic, and either
// none (-1) or a wait that is not negative.
func FuzzRetryAfter(f *testing.F) {
	for _, s := range []string{"0", "120", "-5", "Fri, 14 Mar 2025 00:01:00 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "1e3", ""} {
		f.Add(s)
	}
	now := time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		if got := retryAfter(v, now); got != -1 && got < 0 {
			t.Fatalf("retryAfter(%q) = %v", v, got)
		}
	})
}
