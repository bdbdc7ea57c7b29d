package api

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// limiter is a token bucket per API key: each key may make burst requests
// at once and rate per second on average. Buckets live as long as the
// Server; there is one per key ever used, which is a handful.
type limiter struct {
	rate, burst float64 // rate <= 0: no limit
	mu          sync.Mutex
	buckets     map[int64]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(rate float64, burst int) *limiter {
	return &limiter{rate: rate, burst: float64(burst), buckets: make(map[int64]*bucket)}
}

// take spends a token of key id's bucket. When there is none it spends
// nothing and returns how long until there will be one.
func (l *limiter) take(id int64, now time.Time) (wait time.Duration) {
	if l.rate <= 0 {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[id]
	if !ok {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[id] = b
	}
	if elapsed := now.Sub(b.last); elapsed > 0 {
		b.tokens = math.Min(l.burst, b.tokens+elapsed.Seconds()*l.rate)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return 0
	}
	return time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// rateLimit answers 429, with Retry-After in whole seconds, to a key that
// has spent its bucket. It runs after authenticate: the limit is per key.
func (s *Server) rateLimit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k, ok := keyFrom(r.Context())
		if ok {
			if wait := s.limiter.take(k.ID, s.opts.Now()); wait > 0 {
				secs := int(math.Ceil(wait.Seconds()))
				w.Header().Set("Retry-After", strconv.Itoa(secs))
				writeProblemFor(w, r, http.StatusTooManyRequests, msgRateLimited, secs)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}
