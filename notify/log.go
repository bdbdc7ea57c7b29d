package notify

import (
	"context"
	"slices"
	"sync"

	"mediawatch"
)

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
