package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"mediawatch/bench/internal/benchkit"
)

// followerRun measures a second node while the build ingests into a
// PostgreSQL store: a serve of the real binary on a data directory of its
// own and the same store, which follows the store's change sequence into
// its own index. The query load runs against it for the length of the
// ingest; after it, how long the node took to find the last item.
func followerRun(ctx context.Context, c options, tmp string, w io.Writer, ingest func() error) error {
	dir := filepath.Join(tmp, "follower")
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	cfg, err := writeConfig(dir, addr, c.storeURL)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "building the mediawatch binary for the following node")
	bin, err := binary(ctx, tmp)
	if err != nil {
		return err
	}
	key, err := apiKey(ctx, bin, cfg)
	if err != nil {
		return err
	}
	s, took, err := startServe(ctx, bin, cfg, addr, filepath.Join(dir, "serve.log"))
	if err != nil {
		return err
	}
	defer s.stop()
	fmt.Fprintf(w, "following node ready after %s; ingesting into the store while %d clients search it\n",
		took.Round(time.Millisecond), c.clients)
	// The load's mix, less the last 30 days: the build stores the months
	// in turn, so that search has no hits until its end.
	qs := slices.DeleteFunc(queries(end), func(q query) bool { return q.params.Has("from") })
	lctx, stopLoad := context.WithCancel(ctx)
	var lat latencies
	var loadErr error
	done := make(chan struct{})
	path := "/api/v1/search?" + url.Values{"q": {`"Sơn La"`}, "size": {"1"}}.Encode()
	found := func(ctx context.Context) (int, error) {
		var body struct {
			Total int `json:"total"`
		}
		err := s.get(ctx, key, path, &body)
		return body.Total, err
	}
	go func() {
		defer close(done)
		// The load's deep pages need a few thousand items to walk.
		for lctx.Err() == nil {
			if n, err := found(lctx); err == nil && n >= min(2000, c.n) {
				break
			}
			time.Sleep(200 * time.Millisecond)
		}
		if lctx.Err() == nil {
			lat, _, loadErr = load(lctx, s, key, qs, c.clients, 24*time.Hour)
		}
	}()
	err = ingest()
	ingested := time.Now()
	stopLoad()
	<-done
	if err != nil {
		return err
	}
	if loadErr != nil && ctx.Err() == nil {
		return loadErr
	}
	// How long after the last item was stored the following node finds it.
	for {
		n, err := found(ctx)
		if err != nil {
			return err
		}
		if n >= c.n {
			break
		}
		if time.Since(ingested) > 5*time.Minute {
			return fmt.Errorf("the following node finds %d of %d items five minutes after the ingest", n, c.n)
		}
		time.Sleep(100 * time.Millisecond)
	}
	fmt.Fprintf(w, "\nthe following node found the last item %s after it was stored\n\n", time.Since(ingested).Round(10*time.Millisecond))
	fmt.Fprintln(w, "| query on the following node, during the ingest | requests | p50 ms | p99 ms | max ms |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|")
	for _, q := range qs {
		times := slices.Clone(lat[q.kind])
		if len(times) == 0 {
			continue
		}
		slices.Sort(times)
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s |\n", q.kind, len(times), ms(pct(times, 50)), ms(pct(times, 99)), ms(times[len(times)-1]))
	}
	return nil
}

// ingestTogether runs c.ingesters nodes' ingest into the one store at
// once, node 0 into the data directory of cfgPath and each other into a
// directory of its own under tmp, every node storing every c.ingesters-th
// item. It returns the whole ingest as one slice: the items, the wall
// time until the last node finished, and the process's CPU time.
func ingestTogether(ctx context.Context, c options, cfgPath, tmp string, corp corpus, have int, w io.Writer) (slice, error) {
	cfgs := []string{cfgPath}
	for k := 1; k < c.ingesters; k++ {
		addr, err := freeAddr()
		if err != nil {
			return slice{}, err
		}
		cfg, err := writeConfig(filepath.Join(tmp, fmt.Sprintf("node%d", k)), addr, c.storeURL)
		if err != nil {
			return slice{}, err
		}
		cfgs = append(cfgs, cfg)
	}
	t0, cpu0 := time.Now(), benchkit.CPUTime()
	var mu sync.Mutex
	errs := make([]error, len(cfgs))
	var wg sync.WaitGroup
	for k, cfg := range cfgs {
		wg.Go(func() {
			errs[k] = build(ctx, cfg, corp, have, c.every, "", k, len(cfgs), func(s slice) {
				mu.Lock()
				defer mu.Unlock()
				fmt.Fprintf(w, "node %d: ingest %s: %.0f items/s\n", k, s.label(), s.rate())
			})
		})
	}
	wg.Wait()
	s := slice{from: have, to: corp.n, wall: time.Since(t0), cpu: benchkit.CPUTime() - cpu0}
	fmt.Fprintf(w, "%d nodes together: ingest %s: %.0f items/s, %.0f per CPU-second of this process\n",
		len(cfgs), s.label(), s.rate(), s.perCPU())
	return s, errors.Join(errs...)
}
