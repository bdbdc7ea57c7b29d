package api

import (
	"context"
	"net/http"
	"time"
)

// readyTimeout bounds how long /readyz waits for the store.
const readyTimeout = 2 * time.Second

// healthz says the process is up; it touches nothing.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

type readyBody struct {
	Status string     `json:"status"`
	Items  int        `json:"items"`
	Node   *NodeState `json:"node,omitempty"` // on a store several nodes share
}

// readyz says the store answers: a load balancer sends traffic only then.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	n, err := s.store.CountItems(ctx)
	if err != nil {
		s.log.WarnContext(ctx, "not ready", "request_id", requestIDFrom(ctx), "err", err)
		writeProblemFor(w, r, http.StatusServiceUnavailable, msgStoreDown)
		return
	}
	body := readyBody{Status: "ready", Items: n}
	if s.node != nil {
		st := s.node(ctx)
		body.Node = &st
	}
	writeJSON(w, http.StatusOK, body)
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(s.spec)
}

func (s *Server) docsPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// The page is self-contained: no script, no style or font from elsewhere.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	_, _ = w.Write(s.docs)
}
