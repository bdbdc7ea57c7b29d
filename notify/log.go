package notify

import (
	"context"
	"slices"
	"sync"
	"time"

	"mediawatch"
)

// Delivery is one attempt to deliver an event: a line of the delivery log.
type Delivery struct {
	EventID string `json:"event_id"`
	// URL is the webhook's address without credentials or query, which
	// may hold a token.
	URL      string        `json:"url"`
	Attempt  int           `json:"attempt"` // 1 for the first try
	Status   int           `json:"status"`  // the HTTP status; 0 when no response came
	Error    string        `json:"error,omitempty"`
	At       time.Time     `json:"at"`       // when the attempt started
	Duration time.Duration `json:"duration"` // how long it took
}

// Log keeps the delivery log. The store implements it; Record is called
// once per attempt, and an error it returns is logged, never fatal to the
// delivery.
type Log interface {
	Record(ctx context.Context, d mediawatch.Delivery) error
}

// MemoryLog is a Log in memory, for tests and for running without a store.
// It keeps every delivery, without bound. Its zero value is ready; it is
// safe for concurrent use.
type MemoryLog struct {
	mu   sync.Mutex
	list []mediawatch.Delivery
}

// Record appends d.
func (l *MemoryLog) Record(_ context.Context, d mediawatch.Delivery) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.list = append(l.list, d)
	return nil
}

// Deliveries returns a copy of what was recorded, oldest first.
func (l *MemoryLog) Deliveries() []mediawatch.Delivery {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.list)
}

var _ Log = (*MemoryLog)(nil)
