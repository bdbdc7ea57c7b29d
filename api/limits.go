package api

import (
	"net/http"
)

// Header limits. net/http answers a request whose header is over its
// Server.MaxHeaderBytes itself, with a text/plain 431 no handler can
// change; so ConfigureServer sets that hard cap well above MaxHeaderBytes,
// and limitHeaders answers everything between the two with a problem.
const (
	// MaxHeaderBytes is the largest request header (request line and
	// header fields) the API reads; a larger one is answered 431 with a
	// problem+json body.
	MaxHeaderBytes = 64 << 10
	// hardHeaderBytes is net/http's own limit (it adds 4 KiB of slack):
	// beyond it net/http answers a plain-text 431 before any handler runs.
	hardHeaderBytes = 1 << 20
)

// ConfigureServer sets on hs what the API relies on from net/http: the
// hard header cap above MaxHeaderBytes, so that limitHeaders and not
// net/http answers most oversized headers. What net/http still answers
// itself, in text/plain, before any handler can run: a malformed request
// line or header (400), a header over the hard cap (431), an unsupported
// HTTP version (505) or transfer encoding (501), and TLS on a plain port.
func ConfigureServer(hs *http.Server) {
	hs.MaxHeaderBytes = hardHeaderBytes
}

// headerSize is the size of r's request line and header fields as sent,
// near enough: each field as "Name: value\r\n".
func headerSize(r *http.Request) int {
	n := len(r.Method) + len(r.RequestURI) + len(r.Proto) + 4
	for k, vs := range r.Header {
		for _, v := range vs {
			n += len(k) + len(v) + 4
		}
	}
	return n
}

// limitHeaders answers 431 with a problem to a request whose header is
// larger than MaxHeaderBytes.
func (s *Server) limitHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if headerSize(r) > MaxHeaderBytes {
			writeProblemFor(w, r, http.StatusRequestHeaderFieldsTooLarge, msgHeaderTooLarge, MaxHeaderBytes)
			return
		}
		next.ServeHTTP(w, r)
	})
}
