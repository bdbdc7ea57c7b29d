package people

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestHashVerify(t *testing.T) {
	h, err := Hash("mật khẩu đúng")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=2,p=2$") {
		t.Errorf("hash %q: want argon2id PHC with the documented parameters", h)
	}
	if ok, err := Verify(h, "mật khẩu đúng"); !ok || err != nil {
		t.Errorf("Verify(right) = %v, %v", ok, err)
	}
	if ok, err := Verify(h, "mật khẩu sai"); ok || err != nil {
		t.Errorf("Verify(wrong) = %v, %v", ok, err)
	}
	h2, _ := Hash("mật khẩu đúng")
	if h2 == h {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
}

func TestVerifyReadsParameters(t *testing.T) {
	// A hash made with other (cheaper) parameters still verifies: they are
	// read from the string.
	const h = "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$"
	p, err := parse(h + "AAAAAAAAAAAAAAAAAAAAAA")
	if err != nil {
		t.Fatal(err)
	}
	if p.memory != 64 || p.time != 1 || p.threads != 1 {
		t.Errorf("parse = %+v", p)
	}
}

func TestVerifyRefusesDamaged(t *testing.T) {
	good, _ := Hash("x")
	for _, h := range []string{
		"", "$", "plain", "$argon2i$v=19$m=65536,t=2,p=2$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5",
		strings.Replace(good, "v=19", "v=16", 1),
		strings.Replace(good, "m=65536", "m=99999999", 1),
		strings.Replace(good, "m=65536", "m=-1", 1),
		strings.Replace(good, "t=2", "t=0", 1),
		strings.Replace(good, "p=2", "p=300", 1),
		strings.Replace(good, "p=2", "p=02", 1),
		good[:len(good)-10],
		good + "$",
		good + "!",
	} {
		ok, err := Verify(h, "x")
		if ok || !errors.Is(err, ErrBadHash) {
			t.Errorf("Verify(%q) = %v, %v; want ErrBadHash", h, ok, err)
		}
	}
}

func TestTokens(t *testing.T) {
	a, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := NewToken()
	if a == b || len(a) != 43 || strings.ContainsAny(a, "+/=") {
		t.Errorf("tokens %q %q: want 43 distinct base64url characters", a, b)
	}
	if HashToken(a) == HashToken(b) || len(HashToken(a)) != 64 {
		t.Error("HashToken")
	}
}

func TestGeneratePassword(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		p, err := GeneratePassword()
		if err != nil {
			t.Fatal(err)
		}
		if utf8.RuneCountInString(p) != 23 || strings.Count(p, "-") != 3 {
			t.Errorf("password %q: want 4 groups of 5", p)
		}
		if strings.ContainsAny(p, "0Oo1lIi5S2Zuv") {
			t.Errorf("password %q has an ambiguous character", p)
		}
		if seen[p] {
			t.Errorf("password %q twice", p)
		}
		seen[p] = true
	}
}

func TestThrottle(t *testing.T) {
	th := Throttle{MaxFailures: 5, Lock: 15 * time.Minute}
	t0 := time.Date(2026, 1, 2, 7, 0, 0, 0, time.UTC)
	var fails []time.Time
	wantWaits := []time.Duration{0, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second}
	now := t0
	for i, want := range wantWaits {
		d := th.Decide(fails, now)
		if d.Locked() || d.Wait != want {
			t.Fatalf("after %d failures: %+v, want wait %v", i, d, want)
		}
		now = now.Add(10 * time.Second)
		fails = append(fails, now)
	}
	// The fifth failure locks until it plus 15 minutes.
	d := th.Decide(fails, now.Add(time.Second))
	if want := now.Add(15 * time.Minute); !d.LockedUntil.Equal(want) {
		t.Fatalf("after 5 failures: %+v, want locked until %v", d, want)
	}
	if d := th.Decide(fails, now.Add(15*time.Minute-time.Nanosecond)); !d.Locked() {
		t.Error("lock ended early")
	}
	// At the end of the lock the failures have left the window.
	d = th.Decide(fails, now.Add(15*time.Minute))
	if d.Locked() || d.Wait != 0 {
		t.Errorf("at the lock's end: %+v, want unlocked", d)
	}
	// Old failures count nothing.
	if d := th.Decide(fails, now.Add(time.Hour)); d != (Decision{}) {
		t.Errorf("an hour later: %+v", d)
	}
	// The zero policy never locks.
	if d := (Throttle{}).Decide(fails, now); d.Locked() {
		t.Errorf("zero policy locked: %+v", d)
	}
}

func TestMerge(t *testing.T) {
	until := time.Date(2026, 1, 2, 7, 42, 0, 0, time.UTC)
	d := Merge(Decision{Wait: 2 * time.Second}, Decision{LockedUntil: until})
	if !d.LockedUntil.Equal(until) || d.Wait != 0 {
		t.Errorf("Merge = %+v", d)
	}
	if d := Merge(Decision{Wait: 2 * time.Second}, Decision{Wait: 4 * time.Second}); d.Wait != 4*time.Second {
		t.Errorf("Merge = %+v", d)
	}
}

func FuzzVerify(f *testing.F) {
	f.Add("$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAA", "x")
	f.Add("$argon2id$v=19$m=65536,t=2,p=2$$", "")
	f.Fuzz(func(t *testing.T, hash, password string) {
		p, err := parse(hash)
		if err != nil {
			if !errors.Is(err, ErrBadHash) {
				t.Fatalf("parse(%q) = %v, not ErrBadHash", hash, err)
			}
			return
		}
		if p.memory > 1024 {
			return // valid but slow: the parser is what is fuzzed
		}
		if _, err := Verify(hash, password); err != nil {
			t.Fatalf("Verify(%q) after parse succeeded: %v", hash, err)
		}
	})
}
