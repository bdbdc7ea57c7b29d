package notify

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"mediawatch"
)

// gate is a receiver that holds each request until released, and says
// when one has arrived.
type gate struct {
	srv     *httptest.Server
	arrived chan string // the delivery id of each request as it arrives
	release chan struct{}
	mu      sync.Mutex
	done    []string
}

func newGate(t *testing.T) *gate {
	t.Helper()
	g := &gate{arrived: make(chan string, 100), release: make(chan struct{})}
	g.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(HeaderDelivery)
		// Read the body first: only then does the server notice a client
		// that hangs up, and end r.Context().
		if _, err := io.Copy(io.Discard, r.Body); err != nil {
			return
		}
		g.arrived <- id
		select {
		case <-g.release:
		case <-r.Context().Done():
			return
		}
		g.mu.Lock()
		g.done = append(g.done, id)
		g.mu.Unlock()
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(g.srv.Close)
	return g
}

func (g *gate) delivered() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.done...)
}

func waitArrival(t *testing.T, g *gate) string {
	t.Helper()
	select {
	case id := <-g.arrived:
		return id
	case <-time.After(10 * time.Second):
		t.Fatal("no request arrived")
		return ""
	}
}

func TestQueueDeliversInOrderAndDrains(t *testing.T) {
	g := newGate(t)
	close(g.release) // answer at once
	q := NewQueue(&Webhook{URL: g.srv.URL, Secret: testSecret}, 10)
	for i := range 5 {
		if err := q.Enqueue(testEvent(int64(i+1), mediawatch.SeverityHigh)); err != nil {
			t.Fatal(err)
		}
	}
	if err := q.Enqueue(testEvent(99, mediawatch.SeverityLow)); err != nil {
		t.Errorf("an event below the floor is skipped, not refused: %v", err)
	}
	if err := q.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := g.delivered()
	want := []string{"flag-1", "flag-2", "flag-3", "flag-4", "flag-5"}
	if len(got) != len(want) {
		t.Fatalf("delivered %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("delivered %v, want %v in order", got, want)
		}
	}
	if err := q.Enqueue(testEvent(6, mediawatch.SeverityHigh)); !errors.Is(err, ErrQueueClosed) {
		t.Errorf("Enqueue after Close = %v, want ErrQueueClosed", err)
	}
	if err := q.Close(context.Background()); err != nil {
		t.Errorf("a second Close = %v", err)
	}
}

func TestQueueBounded(t *testing.T) {
	g := newGate(t)
	q := NewQueue(&Webhook{URL: g.srv.URL, Secret: testSecret}, 2)
	if err := q.Enqueue(testEvent(1, mediawatch.SeverityHigh)); err != nil {
		t.Fatal(err)
	}
	waitArrival(t, g) // the worker holds event 1; the buffer is empty
	for _, id := range []int64{2, 3} {
		if err := q.Enqueue(testEvent(id, mediawatch.SeverityHigh)); err != nil {
			t.Fatalf("event %d: %v", id, err)
		}
	}
	if err := q.Enqueue(testEvent(4, mediawatch.SeverityCritical)); !errors.Is(err, ErrQueueFull) {
		t.Fatalf("Enqueue into a full queue = %v, want ErrQueueFull", err)
	}
	close(g.release)
	if err := q.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := g.delivered(); len(got) != 3 {
		t.Errorf("delivered %v, want events 1 to 3", got)
	}
}

func TestQueueCloseGivesUp(t *testing.T) {
	g := newGate(t) // never released: the receiver hangs
	log := &MemoryLog{}
	q := NewQueue(&Webhook{URL: g.srv.URL, Secret: testSecret, Log: log, Timeout: time.Hour}, 10)
	for _, id := range []int64{1, 2, 3} {
		if err := q.Enqueue(testEvent(id, mediawatch.SeverityHigh)); err != nil {
			t.Fatal(err)
		}
	}
	waitArrival(t, g)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := q.Close(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Close with an ended context = %v, want context.Canceled", err)
	}
	ds := log.Deliveries()
	if len(ds) != 1 || ds[0].EventID != "flag-1" || ds[0].Error == "" {
		t.Errorf("delivery log %+v: want only event 1's cancelled attempt", ds)
	}
	if got := g.delivered(); len(got) != 0 {
		t.Errorf("delivered %v after giving up", got)
	}
}
