package api

import (
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"mediawatch"
)

// authenticate lets through only requests with a valid, unrevoked API key
// in "Authorization: Bearer <key>", recording the key for what follows.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearerToken(r.Header.Get("Authorization"))
		if !ok {
			unauthorized(w, r, "", msgSendKey)
			return
		}
		k, err := s.store.KeyByToken(r.Context(), token)
		switch {
		case errors.Is(err, mediawatch.ErrRevoked):
			unauthorized(w, r, "invalid_token", msgKeyRevoked)
			return
		case errors.Is(err, mediawatch.ErrNotFound):
			unauthorized(w, r, "invalid_token", msgKeyUnknown)
			return
		case err != nil:
			s.writeError(w, r, err)
			return
		}
		r, ri := ensureInfo(r)
		ri.key = k
		s.touchKey(r, k)
		next.ServeHTTP(w, r)
	})
}

// bearerToken reads the credentials of a Bearer Authorization header (the
// scheme is case-insensitive, RFC 9110).
func bearerToken(h string) (string, bool) {
	scheme, token, ok := strings.Cut(h, " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", false
	}
	return token, true
}

// unauthorized answers 401 with the challenge RFC 6750 asks for.
func unauthorized(w http.ResponseWriter, r *http.Request, errCode string, detail msgKey) {
	challenge := `Bearer realm="mediawatch"`
	if errCode != "" {
		challenge += `, error="` + errCode + `"`
	}
	w.Header().Set("WWW-Authenticate", challenge)
	writeProblemFor(w, r, http.StatusUnauthorized, detail)
}

// requireRole lets through only callers whose key has at least role min.
// Without an authenticated key it answers 401: it fails closed when put
// where authenticate is not.
func (s *Server) requireRole(min mediawatch.Role) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			k, ok := keyFrom(r.Context())
			if !ok {
				unauthorized(w, r, "", msgSendKey)
				return
			}
			if !k.Role.Allows(min) {
				writeProblemFor(w, r, http.StatusForbidden, msgNeedsRole, string(min), string(k.Role))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// touchKey records the key's use, at most once per Options.TouchEvery per
// key. A failure is logged, not answered: usage stamps are not worth a
// refused request.
func (s *Server) touchKey(r *http.Request, k mediawatch.APIKey) {
	now := s.opts.Now()
	if !s.touches.due(k.ID, now) {
		return
	}
	if err := s.store.TouchKey(r.Context(), k.ID, now); err != nil {
		s.log.WarnContext(r.Context(), "record api key use", "key", k.Name, "err", err)
	}
}

// throttle says whether something keyed by id is due again.
type throttle struct {
	every time.Duration
	mu    sync.Mutex
	last  map[int64]time.Time
}

func newThrottle(every time.Duration) *throttle {
	return &throttle{every: every, last: make(map[int64]time.Time)}
}

// due reports whether id was not due within the last period, and if so
// starts a new period.
func (t *throttle) due(id int64, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if last, ok := t.last[id]; ok && now.Sub(last) < t.every {
		return false
	}
	t.last[id] = now
	return true
}
