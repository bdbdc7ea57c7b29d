package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"mediawatch/api"
	"mediawatch/store"
)

// Several nodes on one PostgreSQL store: each keeps its own search index,
// and follows the store's change sequence (store.ChangesAfter) for what
// the other nodes change — items they store, stories and flags people
// review through them, items retention deletes. Every node crawls its
// share of the sources (leases in the store: crawler.Leases) and takes
// turns at each host with the others (crawler.HostSlots). One node at a
// time (store.ClaimSole) runs the jobs that must run once: the daily
// report and its e-mail, retention, the health and spike checks, the
// alert mail. The others wait for that claim, which PostgreSQL frees when
// its holder dies, so one of them takes the jobs over.

// waitForStoreKey marks the context of an app that may wait for its turn
// at the once-only jobs (serve) instead of being refused.
type waitForStoreKey struct{}

// changesFile keeps, beside the index, the last change the index has
// applied, so that a restarted node goes on from there.
const changesFile = "index.changes"

// followEvery is how often a node looks for other nodes' changes; every
// node shows what another stored within about this long.
const followEvery = time.Second

// claimEvery is how often a waiting node tries to become the one that
// runs the once-only jobs.
const claimEvery = 2 * time.Second

// followBatch is how many changes one step reads.
const followBatch = 1000

// changesKept is how many changes the node that ingests keeps in the
// store, pruning the older ones every changesPruneEvery: a node that has
// been away for longer than that many changes reconciles instead.
const (
	changesKept       = 1_000_000
	changesPruneEvery = time.Hour
)

// followStart sets the node's place in the change sequence before the
// start's reconcile: the saved place when there is one the store still
// keeps, else the newest change, since the reconcile brings the index up
// to the store as it is now.
func (a *app) followStart(ctx context.Context) error {
	if a.db.Node() == "" {
		return nil // SQLite: one node, nothing to follow
	}
	last, err := a.db.LastChange(ctx)
	if err != nil {
		return err
	}
	a.cursor = last
	if b, err := os.ReadFile(filepath.Join(a.cfg.DataDir, changesFile)); err == nil {
		saved, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
		oldest, oerr := a.db.OldestChange(ctx)
		if err == nil && oerr == nil && saved <= last && (oldest == 0 || saved >= oldest-1) {
			a.cursor = saved
		} else if err == nil {
			a.log.Warn("this node's place in the change sequence is no longer kept: the reconcile brings the index up to date",
				"saved", saved, "oldest", oldest)
		}
	}
	a.following = true
	return nil
}

// catchUp applies every change other nodes made since the node's place,
// and saves the new place. It returns how many items it indexed again or
// removed.
func (a *app) catchUp(ctx context.Context) (int, error) {
	if !a.following {
		return 0, nil
	}
	a.followMu.Lock()
	defer a.followMu.Unlock()
	applied := 0
	for {
		changes, last, err := a.db.ChangesAfter(ctx, a.cursor, followBatch)
		if err != nil {
			return applied, err
		}
		if last == a.cursor {
			return applied, nil
		}
		if ids := store.ChangedItems(changes); len(ids) > 0 {
			items, err := a.db.ItemsByID(ctx, ids)
			if err != nil {
				return applied, err
			}
			found := make(map[int64]bool, len(items))
			for _, it := range items {
				found[it.ID] = true
			}
			if err := a.counting().Put(ctx, items); err != nil {
				return applied, fmt.Errorf("follow the store: %w", err)
			}
			var gone []int64
			for _, id := range ids {
				if !found[id] {
					gone = append(gone, id)
				}
			}
			if len(gone) > 0 {
				if err := a.idx.Delete(ctx, gone); err != nil {
					return applied, fmt.Errorf("follow the store: %w", err)
				}
			}
			applied += len(ids)
		}
		a.cursor = last
		if err := writeAtomic(filepath.Join(a.cfg.DataDir, changesFile), []byte(strconv.FormatInt(last, 10)+"\n")); err != nil {
			return applied, err
		}
	}
}

// follow catches up every followEvery until ctx ends.
func (a *app) follow(ctx context.Context) {
	if !a.following {
		return
	}
	tick := time.NewTicker(followEvery)
	defer tick.Stop()
	pruned := time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if a.leads() && time.Since(pruned) >= changesPruneEvery {
			pruned = time.Now()
			if n, err := a.db.PruneChanges(ctx, changesKept); err != nil && ctx.Err() == nil {
				a.log.Warn("pruning the change sequence", "err", err)
			} else if n > 0 {
				a.log.Info("change sequence pruned", "removed", n, "kept", changesKept)
			}
		}
		n, err := a.catchUp(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			a.log.Warn("following the store's changes", "err", err)
		case n > 0:
			a.log.Debug("followed the store's changes", "items", n)
		}
	}
}

// claimName is how this process names itself in its claim to a store
// (store.ClaimSole), which another one is told when it is refused.
func claimName(command string) string {
	host, _ := os.Hostname()
	return fmt.Sprintf("mediawatch %s, PID %d on %s", command, os.Getpid(), host)
}

// waitForClaim tries, every claimEvery, to become the node that runs the
// store's once-only jobs, until it does (nil) or ctx ends.
func (a *app) waitForClaim(ctx context.Context) error {
	who := claimName("serve")
	tick := time.NewTicker(claimEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
		err := a.db.ClaimSole(ctx, who)
		if err == nil {
			return nil
		}
		if !errors.Is(err, store.ErrStoreInUse) && ctx.Err() == nil {
			a.log.Warn("claiming the store", "err", err)
		}
	}
}

// leads reports whether this process runs the jobs that must run once
// per store — the daily report and its e-mail, retention, the health and
// spike checks, the alert mail: always on SQLite, on PostgreSQL while it
// holds the store's claim.
func (a *app) leads() bool { return !a.waiting.Load() }

// startOnceJobs starts the jobs that run on one node only (leads) and
// returns the function that waits for them after ctx ends.
func (a *app) startOnceJobs(ctx context.Context, configPath string) (wait func()) {
	reports := a.startReports(ctx)
	health := a.startHealthChecks(ctx)
	maint := a.startMaintenance(ctx, configPath)
	return func() {
		maint()
		health()
		reports()
	}
}

// nodeState says, for /readyz, whether this node leads, how many sources
// it crawls now and how far its index is behind the other nodes' changes;
// nil on SQLite (one node).
func (a *app) nodeState() func(context.Context) api.NodeState {
	if a.db.Node() == "" {
		return nil
	}
	return func(ctx context.Context) api.NodeState {
		st := api.NodeState{Role: "leader"}
		if !a.leads() {
			st.Role = "member"
		}
		st.Behind = a.behind(ctx)
		if leases, err := a.db.SourceLeases(ctx, time.Now()); err == nil {
			for _, l := range leases {
				if l.Node == a.db.Node() {
					st.Crawling++
				}
			}
		}
		return st
	}
}

// behind is how many changes the node has not applied yet: 0 when it
// does not follow (SQLite; demo, which is a store of its own) or cannot
// tell.
func (a *app) behind(ctx context.Context) int64 {
	if !a.following {
		return 0
	}
	last, err := a.db.LastChange(ctx)
	if err != nil {
		return 0
	}
	a.followMu.Lock()
	cursor := a.cursor
	a.followMu.Unlock()
	return max(0, last-cursor)
}
