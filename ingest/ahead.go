package ingest

import (
	"context"
	"runtime"

	"mediawatch"
)

// Ahead ingests articles in the order they are added, each as Ingest
// would, but prepares several at once on other goroutines — cleaning,
// language, the watch filter, the rules and the story candidate, about
// half of what Ingest does on its goroutine — while the store's one
// writer stores the articles before them. A crawl's fetchers already
// ingest side by side; Ahead is for one goroutine with many articles:
// import, and bench/scale, which measures it (60,000 items: 1,166 items/s
// before, 1,217 and 1,253 in two runs with it).
//
// One goroutine adds and closes; an Ahead is not for concurrent use.
type Ahead struct {
	p     *Pipeline
	ctx   context.Context
	n     int
	queue []*pending
	err   error
}

// pending is an article being prepared, or a refusal known at once.
type pending struct {
	pr   *prepared
	done chan struct{} // closed when pr is ready
	then func(mediawatch.IngestResult, error) error
}

// Ahead returns an Ahead storing through p with ctx, preparing up to
// twice as many articles as there are cores ahead of the one it stores.
func (p *Pipeline) Ahead(ctx context.Context) *Ahead {
	return &Ahead{p: p, ctx: ctx, n: 2 * runtime.GOMAXPROCS(0)}
}

// Add queues an article from src. then hears its result and error, as
// Ingest returns them, on the goroutine that calls Add or Close, in the
// order of the Adds. An error then returns stops the Ahead: Add and
// Close return it, and nothing queued after that article is stored.
func (q *Ahead) Add(src mediawatch.Source, a mediawatch.Article, then func(mediawatch.IngestResult, error) error) error {
	pd, err := q.enqueue(then)
	if err != nil {
		return err
	}
	go func() {
		pd.pr = q.p.prepare(src, a)
		close(pd.done)
	}()
	return nil
}

// Refuse queues an article known bad without preparing it, so that its
// refusal reaches then in its place among the others: then hears an
// OutcomeError result with err.
func (q *Ahead) Refuse(err error, then func(mediawatch.IngestResult, error) error) error {
	pd, qerr := q.enqueue(then)
	if qerr != nil {
		return qerr
	}
	pd.pr = &prepared{err: err}
	close(pd.done)
	return nil
}

// enqueue stores the oldest article first when the queue is full.
func (q *Ahead) enqueue(then func(mediawatch.IngestResult, error) error) (*pending, error) {
	if q.err != nil {
		return nil, q.err
	}
	if len(q.queue) >= q.n {
		if err := q.storeFirst(); err != nil {
			return nil, err
		}
	}
	pd := &pending{done: make(chan struct{}), then: then}
	q.queue = append(q.queue, pd)
	return pd, nil
}

// storeFirst stores the oldest queued article once it is prepared.
func (q *Ahead) storeFirst() error {
	pd := q.queue[0]
	q.queue[0] = nil
	q.queue = q.queue[1:]
	<-pd.done
	res, err := q.p.commit(q.ctx, pd.pr)
	if terr := pd.then(res, err); terr != nil {
		q.err = terr
		// What is still being prepared is dropped, after it is done, so
		// that no goroutine outlives the Ahead.
		for _, rest := range q.queue {
			<-rest.done
		}
		q.queue = nil
		return terr
	}
	return nil
}

// Close stores what is queued and returns the error that stopped the
// Ahead, if any.
func (q *Ahead) Close() error {
	for len(q.queue) > 0 && q.err == nil {
		if err := q.storeFirst(); err != nil {
			return err
		}
	}
	return q.err
}
