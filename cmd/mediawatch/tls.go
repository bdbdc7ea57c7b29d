package main

import (
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"os"
	"sync"
	"time"

	"mediawatch/config"
)

// Built-in TLS: with api.tls_cert and api.tls_key both set, serve speaks
// HTTPS only. The pair is loaded at start, and a pair that does not load
// stops the start with the reason (a half-configured pair is refused by
// config validation already). A renewed certificate (certbot, an office
// CA) is picked up without a restart: the files' modification times are
// looked at, at most once a minute, on new connections, and a renewed
// pair that does not load is logged while the old one keeps serving.

// certReloadEvery is how often the files' times are looked at, at most.
const certReloadEvery = time.Minute

// certFiles holds the loaded pair and reloads it when the files change.
type certFiles struct {
	certPath, keyPath string
	log               *slog.Logger
	every             time.Duration // certReloadEvery; tests make it 0

	mu        sync.Mutex
	cert      *tls.Certificate
	stamp     [2]time.Time // modification times of the loaded files
	lastCheck time.Time
}

// loadCertFiles loads the pair now; its error is the message serve stops
// with.
func loadCertFiles(api config.API, log *slog.Logger) (*certFiles, error) {
	c := &certFiles{certPath: api.TLSCert, keyPath: api.TLSKey, log: log, every: certReloadEvery}
	stamp, err := c.stamps()
	if err != nil {
		return nil, err
	}
	cert, err := tls.LoadX509KeyPair(c.certPath, c.keyPath)
	if err != nil {
		return nil, fmt.Errorf("api.tls_cert %s / api.tls_key %s do not load as a PEM certificate and its key: %w",
			c.certPath, c.keyPath, err)
	}
	c.cert, c.stamp, c.lastCheck = &cert, stamp, time.Now()
	return c, nil
}

func (c *certFiles) stamps() ([2]time.Time, error) {
	var out [2]time.Time
	for i, p := range []string{c.certPath, c.keyPath} {
		key := []string{"api.tls_cert", "api.tls_key"}[i]
		fi, err := os.Stat(p)
		if err != nil {
			return out, fmt.Errorf("%s: %w", key, err)
		}
		out[i] = fi.ModTime()
	}
	return out, nil
}

// get is tls.Config.GetCertificate: the loaded pair, reloaded first when
// the files changed since.
func (c *certFiles) get(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if time.Since(c.lastCheck) < c.every {
		return c.cert, nil
	}
	c.lastCheck = time.Now()
	stamp, err := c.stamps()
	if err != nil || stamp == c.stamp {
		return c.cert, nil
	}
	cert, err := tls.LoadX509KeyPair(c.certPath, c.keyPath)
	if err != nil {
		c.log.Warn("renewed TLS certificate does not load; still serving the old one", "cert", c.certPath, "err", err)
		return c.cert, nil
	}
	c.cert, c.stamp = &cert, stamp
	c.log.Info("TLS certificate reloaded", "cert", c.certPath)
	return c.cert, nil
}

// serverTLS is the TLS configuration serve uses, nil when api.tls_cert is
// not set.
func (a *app) serverTLS() (*tls.Config, error) {
	if a.cfg.API.TLSCert == "" && a.cfg.API.TLSKey == "" {
		return nil, nil
	}
	certs, err := loadCertFiles(a.cfg.API, a.log)
	if err != nil {
		return nil, err
	}
	return &tls.Config{MinVersion: tls.VersionTLS12, GetCertificate: certs.get}, nil
}

// listening is the line serve prints once the API listens.
func listening(t texts, ln net.Addr, https bool) string {
	if https {
		return t.f(msgListeningTLS, ln, ln)
	}
	return t.f(msgListening, ln, ln)
}
