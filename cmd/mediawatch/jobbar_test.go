package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestTimeLeft(t *testing.T) {
	cases := []struct {
		elapsed     time.Duration
		done, total int
		want        time.Duration
		ok          bool
	}{
		{10 * time.Second, 0, 100, 0, false},                     // no progress yet: no estimate
		{10 * time.Second, 100, 100, 0, false},                   // done
		{10 * time.Second, 50, 100, 10 * time.Second, true},      // half in 10 s: 10 s more
		{time.Minute, 100_000, 1_000_000, 9 * time.Minute, true}, // a tenth in a minute
		{2 * time.Minute, 100_000, 1_000_000, 18 * time.Minute, true},
		{time.Millisecond, 999, 1000, time.Second, true}, // never "0s left" while work remains
		{100 * time.Second, 7, 10, 43 * time.Second, true},
	}
	for _, c := range cases {
		got, ok := timeLeft(c.elapsed, c.done, c.total)
		if got != c.want || ok != c.ok {
			t.Errorf("timeLeft(%s, %d, %d) = %s, %v; want %s, %v", c.elapsed, c.done, c.total, got, ok, c.want, c.ok)
		}
	}
}

// TestJobBarSaysTimeLeft draws a reindex's bar with a pinned clock and
// finds the estimate in words, in Vietnamese and in English.
func TestJobBarSaysTimeLeft(t *testing.T) {
	for lang, want := range map[string]string{
		"en": "reindexing, about 1m30s left",
		"vi": "đang lập lại chỉ mục, còn khoảng 1m30s",
	} {
		var out bytes.Buffer
		now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
		b := newJobBar(&out, textsFor(lang), "reindex", func() time.Time { return now })
		b.set(0, 1000)
		now = now.Add(30 * time.Second)
		b.set(250, 1000)
		b.finish()
		if !strings.Contains(out.String(), want) {
			t.Errorf("%s: the bar says %q, want it to say %q", lang, out.String(), want)
		}
	}
}
