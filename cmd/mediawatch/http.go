package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"mediawatch/api"
)

// listenAPI opens addr and returns the listener (so ":0" works and the real
// address can be printed) and the server that will run on it.
func (a *app) listenAPI(addr string) (net.Listener, *http.Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	srv := a.newAPI(a.db, a.metrics.reg, 0) // socket.go: the admin socket serves the same API
	hs := &http.Server{
		// Behind a reverse proxy, the client's address and scheme come from
		// the proxy's headers, believed only from api.trusted_proxies.
		// The web pages share the listener (webface.go), signing people in
		// through desk.People over the same store (users.go).
		Handler:           api.TrustProxies(a.cfg.API.Proxies(), a.faces(srv.Handler(), a.people())),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		// No WriteTimeout: exports stream every match and may take minutes.
	}
	api.ConfigureServer(hs) // oversized headers answered as problems, not net/http's text
	return ln, hs, nil
}

// serveUntilDone serves hs on ln until ctx is done, then shuts down
// gracefully, letting requests in flight finish for up to 10 s.
func serveUntilDone(ctx context.Context, ln net.Listener, hs *http.Server) error {
	errc := make(chan error, 1)
	go func() {
		if hs.TLSConfig != nil {
			errc <- hs.ServeTLS(ln, "", "") // the certificate comes from TLSConfig
			return
		}
		errc <- hs.Serve(ln)
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	err := hs.Shutdown(shutdownCtx)
	if serveErr := <-errc; !errors.Is(serveErr, http.ErrServerClosed) && err == nil {
		err = serveErr
	}
	return err
}
