package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"mediawatch/config"
	"mediawatch/desk"
)

// service is the code that owns the search index, reached over HTTP
// either way: in this process, when the data directory was free and the
// command opened it, or in the running service through its admin socket.
// A command asks it the same questions in both cases (doc.go).
type service struct {
	client *http.Client
	remote bool          // through the admin socket
	cfg    config.Config // the command's configuration
	// holder and dataDir name the service reached (remote only).
	holder  lockHolder
	dataDir string
	// down turns a failure to reach the remote service into the message
	// that names it.
	down  func(error) error
	close func() error
}

// connectOptions say what a command needs opened in its own process.
type connectOptions struct {
	storeOnly bool // no live index (reindex builds its own)
	rules     bool // load the rule directory
	reconcile bool // index what the store has and the index lacks first
}

// connect reaches the index's owner for the running command: it takes the
// data directory and opens it here, or, when a service holds it, talks to
// the service, or else refuses at once naming the holder.
func (g *globals) connect(data string, opts connectOptions) (*service, error) {
	cfg, err := g.loadConfig(data)
	if err != nil {
		return nil, err
	}
	// A short-lived holder (another search, say) gets a moment to finish;
	// the refusal still comes well within two seconds.
	deadline := time.Now().Add(time.Second)
	for {
		s, err := g.connectWith(cfg, opts)
		var held *heldError
		switch {
		case err == nil:
			s.cfg = cfg
			return s, nil
		case !errors.As(err, &held):
			return nil, err
		case held.holder.serves() || time.Now().After(deadline):
			s, err := g.dialService(cfg, held.holder)
			if err != nil {
				return nil, err
			}
			s.cfg = cfg
			return s, nil
		}
		select {
		case <-g.ctx.Done():
			return nil, g.ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// connectWith opens the data directory here, or returns the *heldError
// naming who holds it.
func (g *globals) connectWith(cfg config.Config, opts connectOptions) (*service, error) {
	if opts.storeOnly {
		return g.connectStoreOnly(cfg)
	}
	a, err := openApp(g.ctx, cfg, g.logger(cfg))
	if err != nil {
		return nil, err
	}
	// An index short of the store (deleted, or moved aside as damaged) is
	// filled before anything reads it: never a silent 0.
	err = a.rebuildIndex(g.ctx)
	if err == nil && opts.rules {
		err = a.loadRules(g.ctx)
	}
	if err == nil && opts.reconcile {
		err = a.reconcile(g.ctx)
	}
	if err != nil {
		a.Close()
		return nil, err
	}
	return local(a, a.Close), nil
}

// connectStoreOnly takes the data directory and opens only the store.
func (g *globals) connectStoreOnly(cfg config.Config) (*service, error) {
	lock, err := lockData(cfg.DataDir, commandName())
	if err != nil {
		return nil, err
	}
	db, err := openStore(g.ctx, cfg)
	if err != nil {
		lock.Release()
		return nil, err
	}
	a := &app{cfg: cfg, log: g.logger(cfg), db: db}
	return local(a, func() error { return errors.Join(db.Close(), lock.Release()) }), nil
}

// local is the service of an app opened in this process; closing waits
// for the handlers still at work before close releases the app.
func local(a *app, close func() error) *service {
	if a.audit == nil { // an app opened over the store alone records in the same log
		a.audit = &desk.Audit{Store: a.db, Log: a.log}
	}
	t := &handlerTransport{h: a.adminHandler()}
	return &service{client: &http.Client{Transport: t}, down: func(err error) error { return err },
		close: func() error { t.wg.Wait(); return close() }}
}

// dialService reaches the service that holds the data directory through
// its admin socket; a holder that serves none (crawl, import, …) is named
// and the command refused.
func (g *globals) dialService(cfg config.Config, h lockHolder) (*service, error) {
	busy := g.busy(cfg, h)
	if !h.serves() {
		return nil, busy
	}
	path := filepath.Join(cfg.DataDir, socketFile)
	if _, err := os.Stat(path); err != nil {
		return nil, busy // starting, or its socket could not be made
	}
	dial := func(ctx context.Context, _, _ string) (net.Conn, error) {
		d := net.Dialer{Timeout: 2 * time.Second}
		return d.DialContext(ctx, "unix", path)
	}
	return &service{client: &http.Client{Transport: &http.Transport{DialContext: dial, DisableCompression: true}}, remote: true,
		holder: h, dataDir: cfg.DataDir,
		down:  func(err error) error { return fmt.Errorf("%w (%v)", busy, err) },
		close: func() error { return nil }}, nil
}

// call sends one request to the service. A failure to reach it, other
// than the command's own interruption, is said with the holder's name.
func (s *service) call(ctx context.Context, method, target string, body io.Reader, contentType string) (*http.Response, error) {
	if body == nil {
		body = http.NoBody
	} else {
		body = ctxReader{ctx, body}
	}
	req, err := http.NewRequestWithContext(ctx, method, "http://mediawatch"+target, body)
	if err != nil {
		return nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	// Problems come back in the command line's language.
	req.Header.Set("Accept-Language", textsFor(s.cfg.UILang).code)
	resp, err := s.client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, s.down(err)
	}
	return resp, nil
}

// ctxReader stops reading when ctx ends, even while a read waits (on a
// terminal or a pipe that never writes): an HTTP client waits for its
// request body before it gives up, and must not wait on an interrupted
// command's standard input.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	type result struct {
		n   int
		err error
	}
	buf := make([]byte, len(p))
	done := make(chan result, 1)
	go func() { // left waiting on r if ctx ends first: the command is ending
		n, err := c.r.Read(buf)
		done <- result{n, err}
	}()
	select {
	case r := <-done:
		return copy(p, buf[:r.n]), r.err
	case <-c.ctx.Done():
		return 0, c.ctx.Err()
	}
}

// get reads an API route; the body is returned whatever the status.
func (s *service) get(ctx context.Context, target string) (int, []byte, error) {
	resp, err := s.call(ctx, http.MethodGet, target, nil, "")
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil && ctx.Err() != nil {
		return 0, nil, ctx.Err()
	}
	return resp.StatusCode, b, err
}

// send posts a JSON body to an API route; the answer is returned whatever
// the status.
func (s *service) send(ctx context.Context, method, target string, body []byte) (int, []byte, error) {
	resp, err := s.call(ctx, method, target, bytes.NewReader(body), "application/json")
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil && ctx.Err() != nil {
		return 0, nil, ctx.Err()
	}
	return resp.StatusCode, b, err
}

// writeBody prints an API answer as it came, ending with a newline.
func writeBody(g *globals, body []byte) error {
	_, err := g.stdout.Write(body)
	if err == nil && !bytes.HasSuffix(body, []byte("\n")) {
		_, err = fmt.Fprintln(g.stdout)
	}
	return err
}

// plainText is an API snippet (HTML-escaped, matches in <mark>) as text.
func plainText(h string) string {
	return html.UnescapeString(strings.NewReplacer("<mark>", "", "</mark>", "").Replace(h))
}

// job runs the named index job with params (as JSON) and body streamed
// to it, hands progress and warnings on as they come and decodes the
// result into out. A job that stopped with an error may still have
// reported a result (an import's counts so far): out is set and the
// error returned.
func (s *service) job(ctx context.Context, name string, params any, body io.Reader, progress func(done, total int), warn func(string), out any) error {
	p, err := json.Marshal(params)
	if err != nil {
		return err
	}
	resp, err := s.call(ctx, http.MethodPost, "/cli/v1/jobs/"+name+"?params="+url.QueryEscape(string(p)), body, "application/x-ndjson")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1000))
		return fmt.Errorf("%s: %s", resp.Status, strings.TrimSpace(string(b)))
	}
	dec := json.NewDecoder(resp.Body)
	var got bool
	var jobErr error
	for {
		var l struct {
			Progress *[2]int         `json:"progress"`
			Warn     string          `json:"warn"`
			Result   json.RawMessage `json:"result"`
			Error    string          `json:"error"`
			Busy     bool            `json:"busy"`
			Said     bool            `json:"said"`
		}
		err := dec.Decode(&l)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return s.lost(&userError{key: msgJobAnswerBroke, args: []any{err}, cause: err})
		}
		switch {
		case l.Progress != nil && progress != nil:
			progress(l.Progress[0], l.Progress[1])
		case l.Warn != "" && warn != nil:
			warn(l.Warn)
		case len(l.Result) > 0:
			got = true
			if err := json.Unmarshal(l.Result, out); err != nil {
				return err
			}
		case l.Busy:
			jobErr = errJobBusy
		case l.Error != "" && l.Said:
			jobErr = &userError{key: msgJobSaid, args: []any{l.Error}} // already in the command's language
		case l.Error != "":
			jobErr = errors.New(l.Error)
		}
	}
	if !got && jobErr == nil {
		return s.lost(&userError{key: msgJobServiceStopped})
	}
	return jobErr
}

// lost is the error of a job whose answer ended before its result: the
// service died under it (killed, or its machine stopped). Said as "in use,
// wait for it", the busy message would send the user waiting for a process
// that is gone.
func (s *service) lost(err error) error {
	if !s.remote {
		return s.down(err)
	}
	t := textsFor(s.cfg.UILang)
	why := err.Error()
	var ue *userError
	if errors.As(err, &ue) {
		why = ue.in(t)
	}
	return errors.New(t.f(msgServiceLost, s.holder.PID, why))
}

// handlerTransport serves a request with a handler in this process,
// streaming its answer as a network server would, so that progress shows
// while the handler works. It is how a command runs the same handler
// in-process that the admin socket serves.
type handlerTransport struct {
	h  http.Handler
	wg sync.WaitGroup
}

// RoundTrip starts the handler and returns once it has written its status.
func (t *handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	pr, pw := io.Pipe()
	w := &pipeWriter{header: http.Header{}, pw: pw, ready: make(chan struct{})}
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		defer func() { w.WriteHeader(http.StatusOK); pw.Close() }()
		t.h.ServeHTTP(w, req)
	}()
	select {
	case <-w.ready:
	case <-req.Context().Done():
		pr.Close()
		return nil, req.Context().Err()
	}
	return &http.Response{Status: http.StatusText(w.status), StatusCode: w.status, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: w.sent, Body: pr, ContentLength: -1, Request: req}, nil
}

// pipeWriter is the http.ResponseWriter of handlerTransport.
type pipeWriter struct {
	header http.Header
	sent   http.Header // the header as it was when the status was written
	pw     *io.PipeWriter
	status int
	ready  chan struct{}
	once   sync.Once
}

func (w *pipeWriter) Header() http.Header { return w.header }

func (w *pipeWriter) WriteHeader(code int) {
	w.once.Do(func() {
		w.status, w.sent = code, w.header.Clone()
		close(w.ready)
	})
}

func (w *pipeWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.pw.Write(p)
}

// Flush is a no-op: every Write reaches the reader at once.
func (w *pipeWriter) Flush() {}

// apiProblem is the detail of an API problem body, for a command's error.
func apiProblem(status int, body []byte) error {
	var p struct {
		Title  string `json:"title"`
		Detail string `json:"detail"`
		Errors []struct {
			Message  string `json:"message"`
			Location string `json:"location"`
		} `json:"errors"`
	}
	if json.Unmarshal(body, &p) != nil || p.Detail == "" && p.Title == "" {
		return fmt.Errorf("%d %s: %s", status, http.StatusText(status), oneLine(string(bytes.TrimSpace(body)), 200))
	}
	msg := orElse(p.Detail, p.Title)
	for _, e := range p.Errors {
		msg += "; " + strings.TrimSpace(e.Location+" "+e.Message)
	}
	return errors.New(msg)
}

// commandName is the running command as the lock file shows it: the
// command and subcommand words of the command line ("rules apply").
func commandName() string {
	var words []string
	args := os.Args[1:]
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--config" {
			i++ // the global flag's value
		}
		if strings.HasPrefix(a, "-") {
			continue
		}
		words = append(words, a)
		if len(words) == 2 || !groupCommands[a] {
			break
		}
	}
	if len(words) == 0 {
		return filepath.Base(os.Args[0])
	}
	return strings.Join(words, " ")
}

// groupCommands are the commands whose first argument is a subcommand.
var groupCommands = map[string]bool{"keys": true, "rules": true, "stories": true, "sources": true}
