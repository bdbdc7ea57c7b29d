package notify

import (
	"context"
	"errors"
	"net"
	"net/http"
	"testing"
	"time"

	"mediawatch"
)

// TestSendWaitsForReal runs the real wait (1 ms) between a 500 and a success.
func TestSendWaitsForReal(t *testing.T) {
	r := newReceiver(t, time.Now, reply{status: 500}, reply{status: 200})
	w := &Webhook{URL: r.srv.URL, Secret: testSecret, Retries: 1, Backoff: time.Millisecond}
	if err := w.Send(context.Background(), testEvent(1, mediawatch.SeverityCritical)); err != nil {
		t.Fatal(err)
	}
	if got, _ := r.events(); len(got) != 2 {
		t.Errorf("receiver saw %d requests, want 2", len(got))
	}
}

func TestSendNetworkError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String() + "/hook"
	ln.Close() // nothing listens there now
	log := &MemoryLog{}
	w := &Webhook{URL: url, Secret: testSecret, Retries: 2, Log: log}
	waits := recordWaits(w)
	if err := w.Send(context.Background(), testEvent(1, mediawatch.SeverityHigh)); err == nil {
		t.Fatal("Send to a closed port succeeded")
	}
	ds := log.Deliveries()
	if len(ds) != 3 || len(*waits) != 2 {
		t.Fatalf("a refused connection must be retried: %d attempts, waits %v", len(ds), *waits)
	}
	for _, d := range ds {
		if d.Status != 0 || d.Error == "" {
			t.Errorf("delivery %+v: want no status and the error", d)
		}
	}
}

func TestSendSeverityFilter(t *testing.T) {
	for _, tc := range []struct {
		name string
		min  mediawatch.Severity
		sev  mediawatch.Severity
		sent bool
	}{
		{"critical by default", "", mediawatch.SeverityCritical, true},
		{"high by default", "", mediawatch.SeverityHigh, true},
		{"not medium by default", "", mediawatch.SeverityMedium, false},
		{"medium when asked", mediawatch.SeverityMedium, mediawatch.SeverityMedium, true},
		{"not low when medium is the floor", mediawatch.SeverityMedium, mediawatch.SeverityLow, false},
		{"never an unknown severity", mediawatch.SeverityLow, "urgent", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newReceiver(t, time.Now)
			w := &Webhook{URL: r.srv.URL, Secret: testSecret, MinSeverity: tc.min}
			if err := w.Send(context.Background(), testEvent(1, tc.sev)); err != nil {
				t.Fatal(err)
			}
			if got, _ := r.events(); (len(got) == 1) != tc.sent {
				t.Errorf("sent %d, want sent %v", len(got), tc.sent)
			}
		})
	}
}

func TestSendCancelledWhileWaiting(t *testing.T) {
	r := newReceiver(t, time.Now, reply{status: 503})
	ctx, cancel := context.WithCancel(context.Background())
	w := &Webhook{URL: r.srv.URL, Secret: testSecret, Retries: 5, Backoff: time.Hour, MaxWait: 2 * time.Hour}
	w.sleep = func(ctx context.Context, d time.Duration) error {
		cancel()
		<-ctx.Done()
		return ctx.Err()
	}
	if err := w.Send(ctx, testEvent(1, mediawatch.SeverityHigh)); !errors.Is(err, context.Canceled) {
		t.Errorf("Send = %v, want context.Canceled", err)
	}
}

// failingLog refuses every record.
type failingLog struct{ calls int }

func (l *failingLog) Record(context.Context, mediawatch.Delivery) error {
	l.calls++
	return errors.New("log full")
}

func TestSendSurvivesALogFailure(t *testing.T) {
	r := newReceiver(t, time.Now)
	log := &failingLog{}
	w := &Webhook{URL: r.srv.URL, Secret: testSecret, Log: log}
	if err := w.Send(context.Background(), testEvent(1, mediawatch.SeverityHigh)); err != nil || log.calls != 1 {
		t.Errorf("Send = %v with %d log calls; a log failure must not fail the delivery", err, log.calls)
	}
}

func TestSendRefusesWithoutURLOrSecret(t *testing.T) {
	for _, w := range []*Webhook{{Secret: testSecret}, {URL: "http://127.0.0.1:1/"}} {
		if err := w.Send(context.Background(), testEvent(1, mediawatch.SeverityHigh)); !errors.Is(err, mediawatch.ErrInvalid) {
			t.Errorf("Send with %+v = %v, want ErrInvalid", w, err)
		}
	}
	w := &Webhook{URL: "::not a url", Secret: testSecret, Retries: 3}
	waits := recordWaits(w)
	if err := w.Send(context.Background(), testEvent(1, mediawatch.SeverityHigh)); err == nil || len(*waits) != 0 {
		t.Errorf("a malformed URL = %v after waits %v; want an error at once", err, *waits)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{
		{"", -1}, {"0", 0}, {" 2 ", 2 * time.Second}, {"-1", -1}, {"soon", -1}, {"1.5", -1},
		{"Fri, 14 Mar 2025 00:01:00 GMT", time.Minute},
		{"Thu, 13 Mar 2025 23:00:00 GMT", 0},
		{"99999999999999", (1 << 32) * time.Second},
	} {
		if got := retryAfter(tc.in, now); got != tc.want {
			t.Errorf("retryAfter(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"https://user:pw@hooks.example.vn/a/b?token=x#f": "https://hooks.example.vn/a/b",
		"http://127.0.0.1:8080/hook":                     "http://127.0.0.1:8080/hook",
		"::bad":                                          "",
	} {
		if got := redact(in); got != want {
			t.Errorf("redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStatusError(t *testing.T) {
	e := &StatusError{Code: http.StatusBadRequest, Body: "missing field"}
	if e.Error() != "webhook answered 400 Bad Request: missing field" {
		t.Errorf("Error() = %q", e.Error())
	}
	if got := printable([]byte("a\n\tb\xff")); got != "a b�" {
		t.Errorf("printable = %q", got)
	}
}
