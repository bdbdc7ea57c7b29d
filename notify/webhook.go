package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"mediawatch"
)

// Webhook posts events to one URL, signed with a shared secret. The zero
// value of every optional field means its default. A Webhook is safe for
// concurrent use once built; do not change its fields while it sends.
type Webhook struct {
	URL    string
	Secret string
	// MinSeverity is the lowest severity sent; high when empty.
	MinSeverity mediawatch.Severity
	Timeout     time.Duration // for one attempt; 10s when 0
	Retries     int           // attempts after the first
	// Backoff is the wait before the first retry; it doubles for each
	// next one, with jitter (a random half of it). 1s when 0.
	Backoff time.Duration
	// MaxWait caps the wait between attempts; a Retry-After longer than
	// it ends the delivery instead, since coming back sooner would ignore
	// the receiver. 5 minutes when 0.
	MaxWait time.Duration
	Client  *http.Client     // nil: a client that does not follow redirects
	Log     Log              // the delivery log; nil keeps none
	Logger  *slog.Logger     // nil: no logging
	Now     func() time.Time // the clock for SentAt, Delivery.At and Retry-After dates; time.Now when nil

	// sleep waits between attempts; tests replace it to see the waits.
	sleep func(ctx context.Context, d time.Duration) error
}

// StatusError is a delivery the receiver answered with a status other
// than 2xx.
type StatusError struct {
	Code int
	Body string // the start of the response body, for the log
}

// Error says what the receiver answered.
func (e *StatusError) Error() string {
	s := fmt.Sprintf("webhook answered %d %s", e.Code, http.StatusText(e.Code))
	if e.Body != "" {
		s += ": " + e.Body
	}
	return s
}

// Wants reports whether events of severity s are sent.
func (w *Webhook) Wants(s mediawatch.Severity) bool {
	return s.Rank() >= w.minSeverity().Rank() && s.Valid()
}

// wants reports whether e is sent: a flag event at or above MinSeverity,
// and every alert of another type (alerts.* in config chose them).
func (w *Webhook) wants(e Event) bool {
	if e.Type == "" || e.Type == TypeFlag {
		return e.Flag != nil && w.Wants(e.Flag.Severity)
	}
	return true
}

func (w *Webhook) minSeverity() mediawatch.Severity {
	if w.MinSeverity.Valid() {
		return w.MinSeverity
	}
	return mediawatch.SeverityHigh
}

// Send delivers e: a JSON POST with the signature and timestamp headers
// (see the package doc). A flag event below MinSeverity is skipped and Send
// returns nil, so callers may hand it every new flag. A network error, a
// 5xx or a 429 is tried again after a growing wait with jitter, or after
// the receiver's Retry-After, Retries times; any other status ends the
// delivery at once. Every attempt is recorded in the delivery log.
func (w *Webhook) Send(ctx context.Context, e Event) error {
	if !w.wants(e) {
		return nil
	}
	if w.URL == "" || w.Secret == "" {
		return fmt.Errorf("webhook: URL and secret are required: %w", mediawatch.ErrInvalid)
	}
	if e.Type == "" {
		e.Type = TypeFlag
	}
	wait := orDefault(w.Backoff, time.Second)
	for attempt := 1; ; attempt++ {
		retryAfter, err := w.attempt(ctx, e, attempt)
		if err == nil {
			return nil
		}
		if !retryable(err) || attempt > w.Retries || ctx.Err() != nil {
			return fmt.Errorf("webhook event %s: attempt %d: %w", e.ID, attempt, err)
		}
		next := jitter(min(wait, w.maxWait()))
		if retryAfter >= 0 {
			if retryAfter > w.maxWait() {
				return fmt.Errorf("webhook event %s: attempt %d: %w; Retry-After %v is beyond the longest wait", e.ID, attempt, err, retryAfter)
			}
			next = retryAfter
		}
		w.logger().Warn("webhook delivery failed, will retry", "event", e.ID, "attempt", attempt, "wait", next, "err", err)
		if err := w.wait(ctx, next); err != nil {
			return fmt.Errorf("webhook event %s: %w", e.ID, err)
		}
		wait *= 2
	}
}

// attempt makes one request and records it. It returns the receiver's
// Retry-After (-1 when none) and nil for a 2xx answer.
func (w *Webhook) attempt(ctx context.Context, e Event, n int) (time.Duration, error) {
	e.SentAt = w.now().UTC().Truncate(time.Second)
	body, err := json.Marshal(e)
	if err != nil {
		return -1, fmt.Errorf("encode event: %w", err)
	}
	ts := strconv.FormatInt(e.SentAt.Unix(), 10)
	ctx, cancel := context.WithTimeout(ctx, orDefault(w.Timeout, 10*time.Second))
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return -1, &permanentError{fmt.Errorf("request: %w", err)}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "mediawatch-webhook/1")
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderSignature, Sign(w.Secret, ts, body))
	req.Header.Set(HeaderEvent, e.Type)
	req.Header.Set(HeaderDelivery, e.ID)

	d := mediawatch.Delivery{EventID: e.ID, URL: redact(w.URL), Attempt: n, At: e.SentAt}
	began := time.Now()
	status, retryAfter, err := w.do(req)
	d.Duration, d.Status = time.Since(began), status
	if err != nil {
		d.Error = err.Error()
	}
	w.record(ctx, d, err)
	return retryAfter, err
}

// do sends req and reads the answer: its status (0 when none came), its
// Retry-After (-1 when none), and nil for 2xx.
func (w *Webhook) do(req *http.Request) (int, time.Duration, error) {
	resp, err := w.client().Do(req)
	if err != nil {
		return 0, -1, err
	}
	defer resp.Body.Close()
	head, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // let the connection be reused
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return resp.StatusCode, -1, nil
	}
	serr := &StatusError{Code: resp.StatusCode, Body: printable(head)}
	return resp.StatusCode, retryAfter(resp.Header.Get("Retry-After"), w.now()), serr
}

// record writes d to the delivery log, logging a failure to do so.
func (w *Webhook) record(ctx context.Context, d mediawatch.Delivery, sendErr error) {
	if w.Log != nil {
		if err := w.Log.Record(context.WithoutCancel(ctx), d); err != nil {
			w.logger().Warn("webhook delivery log", "event", d.EventID, "err", err)
		}
	}
	if sendErr == nil {
		w.logger().Info("webhook delivered", "event", d.EventID, "attempt", d.Attempt, "duration", d.Duration)
	}
}

// permanentError is a failure no retry can mend.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// retryable reports whether a failed attempt is worth repeating: a
// network error, a 5xx or a 429.
func retryable(err error) bool {
	var pe *permanentError
	if errors.As(err, &pe) {
		return false
	}
	var se *StatusError
	if errors.As(err, &se) {
		return se.Code >= 500 || se.Code == http.StatusTooManyRequests
	}
	return true
}

// retryAfter reads a Retry-After header: delay seconds or an HTTP date;
// -1 when absent or unreadable.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return -1
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return -1
		}
		return time.Duration(min(secs, 1<<32)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0)
	}
	return -1
}

// jitter returns a random duration in [d/2, d].
func jitter(d time.Duration) time.Duration {
	if d <= 1 {
		return d
	}
	return d/2 + rand.N(d/2+1)
}

// redact drops credentials, query and fragment from a URL for the log.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	u.User, u.RawQuery, u.Fragment, u.RawFragment, u.ForceQuery = nil, "", "", "", false
	return u.String()
}

// printable keeps the start of a response body that is valid text, on one line.
func printable(b []byte) string {
	s := strings.ToValidUTF8(string(b), "�")
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > 200 {
		s = string([]rune(s)[:200]) + "…"
	}
	return s
}

func (w *Webhook) client() *http.Client {
	if w.Client != nil {
		return w.Client
	}
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func (w *Webhook) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

func (w *Webhook) maxWait() time.Duration { return orDefault(w.MaxWait, 5*time.Minute) }

func (w *Webhook) logger() *slog.Logger {
	if w.Logger != nil {
		return w.Logger.With("component", "webhook")
	}
	return slog.New(slog.DiscardHandler)
}

func (w *Webhook) wait(ctx context.Context, d time.Duration) error {
	if w.sleep != nil {
		return w.sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}
