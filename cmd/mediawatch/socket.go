package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"mediawatch"
	"mediawatch/api"
	"mediawatch/store"
)

// socketFile is the name of the admin socket in the data directory.
const socketFile = "mediawatch.sock"

// cliKeyName is the name the admin socket's caller goes by in the API's
// access log and in the history of what it changes.
const cliKeyName = "cli"

// localStore is the API's store for a caller on the admin socket: the
// token only this process knows stands for an admin key named "cli". The
// socket's owner-only permissions are the authentication.
type localStore struct {
	*store.DB
	token string
}

// KeyByToken answers the process's own token with the local admin key,
// and any other from the store.
func (s localStore) KeyByToken(ctx context.Context, token string) (mediawatch.APIKey, error) {
	if token == s.token {
		return mediawatch.APIKey{ID: -1, Name: cliKeyName, Role: mediawatch.RoleAdmin, Prefix: "local"}, nil
	}
	return s.DB.KeyByToken(ctx, token)
}

// TouchKey records use of stored keys only.
func (s localStore) TouchKey(ctx context.Context, id int64, t time.Time) error {
	if id < 0 {
		return nil
	}
	return s.DB.TouchKey(ctx, id, t)
}

// adminHandler is what the admin socket serves, and what a CLI command
// calls in its own process when no service runs: the API, with every
// caller the local admin, and the index jobs under /cli/v1/jobs/. An app
// opened without its index (rules list) serves the API's other routes.
func (a *app) adminHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /cli/v1/jobs/{name}", a.serveJob)
	if a.idx != nil || a.rules != nil { // the API over the index, or over the store and the rules alone
		var b [16]byte
		rand.Read(b[:])
		token := hex.EncodeToString(b[:])
		srv := a.newAPI(localStore{a.db, token}, prometheus.NewRegistry(), -1)
		h := srv.Handler()
		mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r.Header.Set("Authorization", "Bearer "+token)
			h.ServeHTTP(w, r)
		}))
	}
	return mux
}

// newAPI builds the API server over st, with its HTTP metrics in reg and
// rate rps per key (0: the configured one).
func (a *app) newAPI(st api.Store, reg *prometheus.Registry, rps float64) *api.Server {
	if rps == 0 {
		rps = a.cfg.API.RatePerSecond
	}
	var idx api.Searcher // nil, not a nil *index.Index: the API then leaves search out
	if a.idx != nil {
		idx = a.idx
	}
	return api.New(api.Deps{Store: st, Desk: a.newDesk(), Index: idx, Rules: a.rules, Flags: a.db,
		Reports: api.Reports{Builder: a.reportBuilder(time.Now)}, Logger: a.log, Metrics: reg,
		Audit: a.audit, Node: a.nodeState()}, api.Options{
		RatePerSecond: rps, RateBurst: a.cfg.API.RateBurst, MetricsPublic: a.cfg.API.MetricsPublic,
		Location: a.cfg.Location(), Queue: a.queueWeights(),
	})
}

// jobLine is one line of a job's answer (application/x-ndjson): progress
// while it works, warnings, then its result and, if it failed, its error.
type jobLine struct {
	Progress *[2]int `json:"progress,omitempty"` // done, total
	Warn     string  `json:"warn,omitempty"`
	Result   any     `json:"result,omitempty"`
	Error    string  `json:"error,omitempty"`
	Busy     bool    `json:"busy,omitempty"` // the error is another job running
	Said     bool    `json:"said,omitempty"` // the error is a sentence in the request's language
}

// serveJob runs the named index job with the request's context, which
// ends when the CLI hangs up (interrupted) or the service stops.
func (a *app) serveJob(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	j, ok := jobs[name]
	if !ok {
		http.Error(w, "no such job: "+name, http.StatusNotFound)
		return
	}
	// Progress goes out while an import's lines still come in.
	_ = http.NewResponseController(w).EnableFullDuplex()
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.WriteHeader(http.StatusOK)
	if f, ok := w.(http.Flusher); ok {
		f.Flush() // the CLI has its answer started, even for a job that reports no progress
	}
	var mu sync.Mutex
	enc := json.NewEncoder(w)
	send := func(l jobLine) {
		mu.Lock()
		defer mu.Unlock()
		enc.Encode(l)
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
	}
	// Errors go back in the command's language (remote.go's call says it).
	t := textsFor(requestLang(r))
	if !a.jobs.TryLock() {
		send(jobLine{Error: t.f(msgJobAnotherRuns), Busy: true})
		return
	}
	defer a.jobs.Unlock()
	a.log.Info("job started", "job", name, "by", cliKeyName)
	in := jobInput{params: json.RawMessage(r.URL.Query().Get("params")), body: r.Body,
		progress: func(done, total int) { send(jobLine{Progress: &[2]int{done, total}}) },
		warn:     func(msg string) { send(jobLine{Warn: msg}) }}
	if len(in.params) == 0 {
		in.params = json.RawMessage("{}")
	}
	res, err := j.run(r.Context(), a, in)
	if res != nil {
		send(jobLine{Result: res})
	}
	if err != nil {
		a.log.Warn("job failed", "job", name, "by", cliKeyName, "err", err)
		msg, said := describeJobError(err, t)
		if r.Context().Err() != nil {
			msg, said = t.f(msgJobStopped), true
		}
		send(jobLine{Error: msg, Said: said})
		return
	}
	a.log.Info("job done", "job", name, "by", cliKeyName)
}

// serveSocket serves the admin socket in the data directory until ctx
// ends: the caller holds the data directory's lock, so a socket file
// found there is a dead service's and is replaced. The socket is the
// owner's only (0600) and removed on return. The returned function stops
// the server and waits for it.
func (a *app) serveSocket(ctx context.Context) (stop func(), err error) {
	path := filepath.Join(a.cfg.DataDir, socketFile)
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("admin socket: %w", err)
	}
	var ln net.Listener
	err = ownerOnly(func() (err error) { // born 0600: no moment when others may connect
		ln, err = net.Listen("unix", path)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("admin socket: %w", err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("admin socket: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	hs := &http.Server{Handler: a.adminHandler(), ReadHeaderTimeout: 10 * time.Second,
		BaseContext: func(net.Listener) context.Context { return ctx }}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := serveUntilDone(ctx, ln, hs); err != nil {
			a.log.Warn("admin socket", "err", err)
		}
	}()
	a.log.Info("admin socket for commands beside the service", "path", path)
	return func() { cancel(); <-done; os.Remove(path) }, nil
}

// serveSocketOrWarn serves the admin socket for serve and demo; a socket
// that cannot be made (a data path too long for one) is logged, and the
// commands beside the service are then refused with its PID.
func (a *app) serveSocketOrWarn(ctx context.Context) (stop func()) {
	stop, err := a.serveSocket(ctx)
	if err != nil {
		a.log.Warn("no admin socket: commands beside this service will be refused", "err", err)
		return func() {}
	}
	return stop
}

// hintFirstKey prints, when the store holds no valid API key, the command
// that creates the first admin key for this data directory.
func (a *app) hintFirstKey(g *globals) {
	keys, err := a.db.ListKeys(g.ctx)
	if err != nil {
		a.log.Warn("list keys", "err", err)
		return
	}
	for _, k := range keys {
		if !k.Revoked() {
			return
		}
	}
	cmd := "mediawatch"
	if g.configPath != "" {
		if _, err := os.Stat(g.configPath); err == nil {
			cmd += " --config " + shellQuote(absPath(g.configPath))
		}
	}
	cmd += " keys create --name admin --role admin --data " + shellQuote(absPath(a.cfg.DataDir))
	fmt.Fprintln(g.stdout, g.t.f(msgFirstKey, cmd))
}

// absPath is p made absolute, or p when that fails.
func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '/' || r == '.' || r == '-' || r == '_' || r == ':' || r == '+' || r == ',' ||
			r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
