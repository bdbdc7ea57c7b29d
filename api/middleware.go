package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"mediawatch"
)

// requestIDHeader carries the request id both ways.
const requestIDHeader = "X-Request-Id"

// requestInfo is what the outer middleware learns from the inner ones: the
// request id and, once authenticated, the caller's key. It travels in the
// request context as a pointer so that inner middleware can fill it in.
type requestInfo struct {
	id   string
	lang string // of problems: "en" or "vi", from Accept-Language
	key  mediawatch.APIKey
	addr string // the client's address (after TrustProxies); "" over the admin socket
}

type infoKey struct{}

func infoFrom(ctx context.Context) *requestInfo {
	if ri, ok := ctx.Value(infoKey{}).(*requestInfo); ok {
		return ri
	}
	return &requestInfo{}
}

// ensureInfo returns r with a requestInfo in its context, adding one when
// requestID did not run (a handler mounted on its own, as in tests).
func ensureInfo(r *http.Request) (*http.Request, *requestInfo) {
	if ri, ok := r.Context().Value(infoKey{}).(*requestInfo); ok {
		return r, ri
	}
	ri := &requestInfo{lang: problemLang(r.Header.Get("Accept-Language"))}
	return r.WithContext(context.WithValue(r.Context(), infoKey{}, ri)), ri
}

func requestIDFrom(ctx context.Context) string { return infoFrom(ctx).id }

// langFrom is the language problems are written in for the request.
func langFrom(ctx context.Context) string {
	if l := infoFrom(ctx).lang; l != "" {
		return l
	}
	return "en"
}

// actor is who makes the request, for the history and the audit log: the
// API key, or the command line when the request came over the data
// directory's own socket (which has no address).
func (s *Server) actor(ctx context.Context, k mediawatch.APIKey) mediawatch.Actor {
	ri := infoFrom(ctx)
	a := mediawatch.Actor{Kind: mediawatch.ActorKey, Name: k.Name, Role: k.Role, Address: ri.addr}
	if ri.addr == "" {
		a.Kind = mediawatch.ActorCLI
	}
	return a
}

// keyFrom returns the authenticated caller's key.
func keyFrom(ctx context.Context) (mediawatch.APIKey, bool) {
	k := infoFrom(ctx).key
	return k, k.ID != 0
}

// requestID takes the client's X-Request-Id when it is short and plain
// (it ends up in logs), makes one otherwise, and echoes it. It also sets
// the headers every response carries.
func (s *Server) requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(requestIDHeader)
		if !plainID(id) {
			id = newRequestID()
		}
		w.Header().Set(requestIDHeader, id)
		// Bodies carry crawled text: never let a browser sniff one as HTML.
		w.Header().Set("X-Content-Type-Options", "nosniff")
		lang := problemLang(r.Header.Get("Accept-Language"))
		ctx := context.WithValue(r.Context(), infoKey{}, &requestInfo{id: id, lang: lang, addr: clientAddr(r.RemoteAddr)})
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// clientAddr is the host of a request's remote address; "" for a
// request over a Unix socket, which has none.
func clientAddr(remote string) string {
	if host, _, err := net.SplitHostPort(remote); err == nil {
		return host
	}
	if remote == "@" {
		return ""
	}
	return remote
}

func plainID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range []byte(id) {
		ok := c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_' || c == '.'
		if !ok {
			return false
		}
	}
	return true
}

func newRequestID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b)
}

// observe writes the access log line and the HTTP metrics of each request.
// The route label is chi's pattern, so ids in paths do not make new series.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := s.opts.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r)
		elapsed := s.opts.Now().Sub(start)
		status := ww.Status()
		if status == 0 {
			status = http.StatusOK // nothing written: net/http sends 200
		}
		route := routeLabel(r)
		s.metrics.observe(route, r.Method, status, elapsed)

		ri := infoFrom(r.Context())
		level := slog.LevelInfo
		if status >= http.StatusInternalServerError {
			level = slog.LevelWarn
		}
		s.log.LogAttrs(r.Context(), level, "http request",
			slog.String("request_id", ri.id), slog.String("method", r.Method),
			slog.String("path", truncate(r.URL.Path, 200)), slog.String("route", route),
			slog.Int("status", status), slog.Int("bytes", ww.BytesWritten()),
			slog.Float64("duration_ms", float64(elapsed.Microseconds())/1000),
			slog.String("remote", r.RemoteAddr), slog.String("key", ri.key.Name))
	})
}

func routeLabel(r *http.Request) string {
	if rc := chi.RouteContext(r.Context()); rc != nil {
		if p := rc.RoutePattern(); p != "" {
			return p
		}
	}
	return "unmatched"
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// recoverer turns a panic into a logged 500 problem. Handlers must not
// panic on any input; this is the net under bugs, not a way to validate.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v) // the server's own way to abort a response
			}
			id := requestIDFrom(r.Context())
			s.log.ErrorContext(r.Context(), "panic serving request", "request_id", id,
				"method", r.Method, "route", routeLabel(r), "panic", v, "stack", string(debug.Stack()))
			if ww, ok := w.(middleware.WrapResponseWriter); ok && ww.Status() != 0 {
				return // the response has begun; all that is left is to stop it
			}
			writeProblemFor(w, r, http.StatusInternalServerError, msgServerFailed, id)
		}()
		next.ServeHTTP(w, r)
	})
}
