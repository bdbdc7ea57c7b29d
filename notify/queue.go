package notify

import (
	"context"
	"errors"
	"sync"
)

// ErrQueueFull means the queue's buffer is full and the event was dropped.
var ErrQueueFull = errors.New("webhook queue full")

// ErrQueueClosed means the queue was closed and takes no more events.
var ErrQueueClosed = errors.New("webhook queue closed")

// Queue delivers events in the background, one at a time in the order
// given, so that ingest never waits for a receiver. Its buffer is bounded:
// when it is full, Enqueue drops the event and says so.
type Queue struct {
	w      *Webhook
	ch     chan Event
	cancel context.CancelFunc
	done   chan struct{}

	mu     sync.Mutex
	closed bool
}

// NewQueue starts a queue of at most size waiting events (at least 1)
// that delivers through w, which must not be nil. Close must be called to
// stop its goroutine.
func NewQueue(w *Webhook, size int) *Queue {
	ctx, cancel := context.WithCancel(context.Background())
	q := &Queue{w: w, ch: make(chan Event, max(size, 1)), cancel: cancel, done: make(chan struct{})}
	go q.run(ctx)
	return q
}

// Enqueue hands e to the queue without waiting. A flag event below the
// webhook's MinSeverity is skipped (nil). It returns ErrQueueFull when the
// buffer is full and ErrQueueClosed after Close.
func (q *Queue) Enqueue(e Event) error {
	if !q.w.wants(e) {
		return nil
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return ErrQueueClosed
	}
	select {
	case q.ch <- e:
		return nil
	default:
		q.w.logger().Warn("webhook queue full, event dropped", "event", e.ID, "size", cap(q.ch))
		return ErrQueueFull
	}
}

// Close stops taking events and delivers those already queued. If ctx
// ends first, the delivery under way is cancelled, the rest are dropped,
// and Close returns ctx's error once the worker has stopped.
func (q *Queue) Close(ctx context.Context) error {
	q.mu.Lock()
	if !q.closed {
		q.closed = true
		close(q.ch)
	}
	q.mu.Unlock()
	select {
	case <-q.done:
		q.cancel()
		return nil
	case <-ctx.Done():
		q.cancel()
		<-q.done
		return ctx.Err()
	}
}

// run delivers queued events until the channel is closed and drained or
// ctx is cancelled.
func (q *Queue) run(ctx context.Context) {
	defer close(q.done)
	dropped := 0
	for e := range q.ch {
		if ctx.Err() != nil {
			dropped++
			continue
		}
		if err := q.w.Send(ctx, e); err != nil {
			q.w.logger().Error("webhook delivery failed", "event", e.ID, "err", err)
		}
	}
	if dropped > 0 {
		q.w.logger().Warn("webhook queue closed before delivering every event", "dropped", dropped)
	}
}
