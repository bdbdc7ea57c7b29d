package notify

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"mediawatch"
)

// reply is one answer a receiver gives.
type reply struct {
	status     int
	retryAfter string
	location   string
}

// receiver is a webhook endpoint on 127.0.0.1 that verifies every
// request's signature and freshness the way a real receiver would, and
// answers with the scripted replies in turn (the last one repeats).
type receiver struct {
	srv     *httptest.Server
	now     func() time.Time
	replies []reply

	mu   sync.Mutex
	got  []Event
	hdrs []http.Header
	bad  []error // signature or freshness failures
}

func newReceiver(t *testing.T, now func() time.Time, replies ...reply) *receiver {
	t.Helper()
	r := &receiver{now: now, replies: replies}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) serve(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	ts := req.Header.Get(HeaderTimestamp)
	if err == nil {
		err = Verify(testSecret, req.Header.Get(HeaderSignature), ts, body)
	}
	if err == nil {
		err = Fresh(ts, r.now(), 0)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		r.bad = append(r.bad, err)
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	var e Event
	if err := json.Unmarshal(body, &e); err != nil {
		r.bad = append(r.bad, err)
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	r.got = append(r.got, e)
	r.hdrs = append(r.hdrs, req.Header.Clone())
	rep := reply{status: http.StatusNoContent}
	if len(r.replies) > 0 {
		rep = r.replies[min(len(r.got), len(r.replies))-1]
	}
	if rep.retryAfter != "" {
		w.Header().Set("Retry-After", rep.retryAfter)
	}
	if rep.location != "" {
		w.Header().Set("Location", rep.location)
	}
	w.WriteHeader(rep.status)
}

func (r *receiver) events() ([]Event, []error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Event(nil), r.got...), append([]error(nil), r.bad...)
}

func testEvent(id int64, sev mediawatch.Severity) Event {
	return NewEvent(mediawatch.Flag{ID: id, ItemID: 7, RuleID: "dam-rumour", Severity: sev, Snippet: "tin vỡ đập ở Sơn La",
		CreatedAt: time.Date(2025, 3, 14, 1, 16, 0, 0, time.UTC),
		Matches: []mediawatch.TermMatch{
			{Term: "sơn la", Field: "text", Start: 15, End: 22, Text: "Sơn La"},
			{Term: "vỡ đập", Field: "title", Start: 8, End: 17, Text: "vỡ đập"},
			{Term: "vỡ đập", Field: "text", Start: 4, End: 13, Text: "vỡ đập"},
		}},
		mediawatch.Item{ID: 7, Title: "Tin đồn vỡ đập", URL: "https://baosonla.vn/7.html", Source: "baosonla"})
}

// recordWaits replaces the webhook's waits with a record of them.
func recordWaits(w *Webhook) *[]time.Duration {
	var waits []time.Duration
	w.sleep = func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
	return &waits
}

func TestSendSigned(t *testing.T) {
	r := newReceiver(t, time.Now)
	log := &MemoryLog{}
	w := &Webhook{URL: r.srv.URL + "/hooks/mediawatch?token=hidden", Secret: testSecret, Log: log}
	if err := w.Send(context.Background(), testEvent(42, mediawatch.SeverityCritical)); err != nil {
		t.Fatal(err)
	}
	got, bad := r.events()
	if len(bad) != 0 || len(got) != 1 {
		t.Fatalf("receiver got %d events, refused %v", len(got), bad)
	}
	e := got[0]
	if e.ID != "flag-42" || e.Type != "flag" || e.Flag.ID != 42 || e.Flag.ItemID != 7 || e.Flag.RuleID != "dam-rumour" ||
		e.Flag.Severity != mediawatch.SeverityCritical || e.Item.Title != "Tin đồn vỡ đập" || e.Item.Source != "baosonla" ||
		strings.Join(e.Flag.MatchedTerms, "|") != "vỡ đập|Sơn La" || e.SentAt.IsZero() {
		t.Errorf("event = %+v", e)
	}
	h := r.hdrs[0]
	if h.Get(HeaderEvent) != "flag" || h.Get(HeaderDelivery) != "flag-42" || h.Get("Content-Type") != "application/json" {
		t.Errorf("headers %v", h)
	}
	if h.Get(HeaderTimestamp) != strconv.FormatInt(e.SentAt.Unix(), 10) {
		t.Errorf("timestamp header %s and sent_at %v disagree", h.Get(HeaderTimestamp), e.SentAt)
	}
	ds := log.Deliveries()
	if len(ds) != 1 || ds[0].Status != http.StatusNoContent || ds[0].Attempt != 1 || ds[0].Error != "" ||
		ds[0].EventID != "flag-42" || ds[0].URL != r.srv.URL+"/hooks/mediawatch" || ds[0].At.IsZero() {
		t.Errorf("delivery log = %+v", ds)
	}
}

func TestSendRetries(t *testing.T) {
	clock := func() time.Time { return time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		name      string
		replies   []reply
		retries   int
		requests  int
		statuses  []int
		delivered bool
		waits     func(t *testing.T, waits []time.Duration)
	}{
		{"500, then success", []reply{{status: 500}, {status: 200}}, 3, 2, []int{500, 200}, true,
			between(time.Second/2, time.Second)},
		{"400 is not retried", []reply{{status: 400}}, 3, 1, []int{400}, false, exactly()},
		{"a redirect is not followed", []reply{{status: 302, location: "/elsewhere"}}, 3, 1, []int{302}, false, exactly()},
		{"429 with Retry-After in seconds", []reply{{status: 429, retryAfter: "1"}, {status: 202}}, 3, 2, []int{429, 202}, true,
			exactly(time.Second)},
		{"503 with Retry-After as a date", []reply{{status: 503, retryAfter: "Fri, 14 Mar 2025 00:00:03 GMT"}, {status: 200}}, 3, 2,
			[]int{503, 200}, true, exactly(3 * time.Second)},
		{"Retry-After beyond the longest wait", []reply{{status: 503, retryAfter: "3600"}}, 3, 1, []int{503}, false, exactly()},
		{"retries run out", []reply{{status: 502}}, 2, 3, []int{502, 502, 502}, false,
			between(time.Second/2, time.Second, time.Second, 2*time.Second)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newReceiver(t, clock, tc.replies...)
			log := &MemoryLog{}
			w := &Webhook{URL: r.srv.URL, Secret: testSecret, Retries: tc.retries, MaxWait: time.Minute, Log: log, Now: clock}
			waits := recordWaits(w)
			err := w.Send(context.Background(), testEvent(1, mediawatch.SeverityHigh))
			if (err == nil) != tc.delivered {
				t.Fatalf("Send = %v, want delivered %v", err, tc.delivered)
			}
			got, bad := r.events()
			if len(got) != tc.requests || len(bad) != 0 {
				t.Errorf("receiver saw %d requests (refused %v), want %d", len(got), bad, tc.requests)
			}
			var statuses []int
			for i, d := range log.Deliveries() {
				statuses = append(statuses, d.Status)
				if d.Attempt != i+1 || (d.Status >= 300) != (d.Error != "") {
					t.Errorf("delivery %d = %+v", i, d)
				}
			}
			if !slices.Equal(statuses, tc.statuses) {
				t.Errorf("logged statuses %v, want %v", statuses, tc.statuses)
			}
			tc.waits(t, *waits)
			var se *StatusError
			if !tc.delivered && !errors.As(err, &se) {
				t.Errorf("error %v carries no StatusError", err)
			}
		})
	}
}

// exactly expects these waits.
func exactly(want ...time.Duration) func(*testing.T, []time.Duration) {
	return func(t *testing.T, got []time.Duration) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("waited %v, want %v", got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("waited %v, want %v", got, want)
			}
		}
	}
}

// between expects one wait per pair of bounds, each within them.
func between(bounds ...time.Duration) func(*testing.T, []time.Duration) {
	return func(t *testing.T, got []time.Duration) {
		t.Helper()
		if len(got) != len(bounds)/2 {
			t.Fatalf("waited %v, want %d waits", got, len(bounds)/2)
		}
		for i, g := range got {
			if g < bounds[2*i] || g > bounds[2*i+1] {
				t.Errorf("wait %d = %v, want within [%v, %v]", i, g, bounds[2*i], bounds[2*i+1])
			}
		}
	}
}
