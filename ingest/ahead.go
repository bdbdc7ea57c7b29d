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
// before, 1,217 and 1,253 in two runs with it). It stores them in write
// batches (storeFirst), and while it is open the index queue prepares
// its next batch ahead (indexQueue.bulk): both for a bulk of articles.
//
// One goroutine adds and closes; an Ahead is not for concurrent use.
type Ahead struct {
	p      *Pipeline
	ctx    context.Context
	n      int
	queue  []*pending
	err    error
	closed bool
}

// pending is an article being prepared, or a refusal known at once.
type pending struct {
	pr   *prepared
	done chan struct{} // closed when pr is ready
	then func(mediawatch.IngestResult, error) error
}

// Ahead returns an Ahead storing through p with ctx, preparing up to
// twice groupMax articles (or twice as many as there are cores) ahead of
// the one it stores, so that a group is prepared while one is stored.
func (p *Pipeline) Ahead(ctx context.Context) *Ahead {
	if p.index != nil {
		p.index.bulk.Add(1)
	}
	return &Ahead{p: p, ctx: ctx, n: max(2*groupMax, 2*runtime.GOMAXPROCS(0))}
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

// storeFirst stores the oldest queued article once it is prepared, with
// those right behind it that are prepared too, up to groupMax, in one
// write batch when the store has them (store.DB.WriteBatch): one commit
// for the group instead of one an article. The batch stops before an
// article whose save fails, so that its then hears the failure, and may
// stop the Ahead, before anything queued after it is stored.
func (q *Ahead) storeFirst() error {
	<-q.queue[0].done
	group := 1
	for group < len(q.queue) && group < groupMax && isDone(q.queue[group].done) {
		group++
	}
	results := make([]stored1, group)
	if b, ok := q.p.store.(batchWriter); ok && group > 1 {
		n := 0
		err := b.WriteBatch(q.ctx, func(ctx context.Context) error {
			for n < group {
				r := &results[n]
				r.res, r.err = q.p.store1(ctx, q.queue[n].pr)
				n++
				if r.err != nil {
					break
				}
			}
			return nil
		})
		group = n
		if err != nil {
			// Nothing of the group is stored: each hears why, and the
			// story grouper forgets what it learnt from them.
			for i := range results[:group] {
				results[i] = stored1{res: mediawatch.IngestResult{Outcome: mediawatch.OutcomeError, Reason: err.Error()}, err: err}
			}
			q.p.forgetStories(q.ctx)
		}
	} else {
		group = 1
		results[0].res, results[0].err = q.p.store1(q.ctx, q.queue[0].pr)
	}
	for i := range group {
		pd := q.queue[i]
		q.queue[i] = nil
		r := results[i]
		if r.err == nil {
			q.p.stored(q.ctx, pd.pr, r.res)
		}
		if terr := pd.then(r.res, r.err); terr != nil {
			q.err = terr
			// What this group stored after the article is stored: it goes
			// to the index and its flags to the handler, though its then
			// is not called.
			for j := i + 1; j < group; j++ {
				if results[j].err == nil {
					q.p.stored(q.ctx, q.queue[j].pr, results[j].res)
				}
			}
			// What is still being prepared is dropped, after it is done, so
			// that no goroutine outlives the Ahead.
			for _, rest := range q.queue[i+1:] {
				<-rest.done
			}
			q.queue = nil
			return terr
		}
	}
	q.queue = q.queue[group:]
	return nil
}

// stored1 is one article's result in a group.
type stored1 struct {
	res mediawatch.IngestResult
	err error
}

// groupMax is the most articles storeFirst stores in one write batch.
const groupMax = 32

// batchWriter is a store that writes a burst of saves in one transaction;
// store.DB implements it.
type batchWriter interface {
	WriteBatch(ctx context.Context, fn func(ctx context.Context) error) error
}

// isDone reports whether ch is closed, without waiting.
func isDone(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// Close stores what is queued and returns the error that stopped the
// Ahead, if any.
func (q *Ahead) Close() error {
	if !q.closed && q.p.index != nil {
		defer q.p.index.bulk.Add(-1)
	}
	q.closed = true
	for len(q.queue) > 0 && q.err == nil {
		if err := q.storeFirst(); err != nil {
			return err
		}
	}
	return q.err
}
