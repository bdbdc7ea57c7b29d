package store

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/internal/pgtest"
)

// nodesOn opens n DBs on one new PostgreSQL database: n nodes sharing a
// store, closed at the end of the test.
func nodesOn(t *testing.T, n int) []*DB {
	t.Helper()
	url := pgtest.Database(t)
	var out []*DB
	for range n {
		db, err := Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		out = append(out, db)
	}
	return out
}

func leasedNames(hs []mediawatch.SourceHealth) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.Source)
	}
	slices.Sort(out)
	return out
}

// TestLeaseSourcesOneNode: a node leases what is due and nobody holds,
// gets back the stored health, and a source given back is due again only
// at its next attempt. On both engines.
func TestLeaseSourcesOneNode(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	now := time.Date(2026, 12, 6, 8, 0, 0, 0, time.UTC)
	names := []string{"a", "b", "c"}
	if err := db.PutSourceHealth(ctx, mediawatch.SourceHealth{Source: "c", ConsecutiveFailures: 2,
		NextAttempt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := db.PutSourceHealth(ctx, mediawatch.SourceHealth{Source: "b", ConsecutiveFailures: 1,
		NextAttempt: now.Add(-time.Minute)}); err != nil {
		t.Fatal(err)
	}
	got, err := db.LeaseSources(ctx, names, 10, now, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if n := leasedNames(got); !slices.Equal(n, []string{"a", "b"}) {
		t.Fatalf("leased %v, want a and b (c is not due)", n)
	}
	for _, h := range got {
		if h.Source == "b" && h.ConsecutiveFailures != 1 {
			t.Errorf("b's health came back as %+v", h)
		}
	}
	again, err := db.LeaseSources(ctx, names, 10, now.Add(time.Second), time.Minute)
	if err != nil || len(again) != 0 {
		t.Fatalf("leased again while held: %v, %v", leasedNames(again), err)
	}
	// The crawl of a stores its next attempt, then gives the lease back.
	if err := db.PutSourceHealth(ctx, mediawatch.SourceHealth{Source: "a", NextAttempt: now.Add(30 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	if err := db.ReleaseSourceLease(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if err := db.ReleaseSourceLease(ctx, "b"); err != nil {
		t.Fatal(err)
	}
	got, err = db.LeaseSources(ctx, names, 10, now.Add(2*time.Second), time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if n := leasedNames(got); !slices.Equal(n, []string{"b"}) {
		t.Fatalf("after release leased %v, want only b (a is next due in 30 min)", n)
	}
	got, err = db.LeaseSources(ctx, names, 1, now.Add(2*time.Hour), time.Minute)
	if err != nil || len(got) != 1 {
		t.Fatalf("n=1 leased %v, %v", leasedNames(got), err)
	}
	if got[0].Source != "b" {
		t.Errorf("leased %s first, want b (due longest; its lease has expired)", got[0].Source)
	}
	leases, err := db.SourceLeases(ctx, now.Add(2*time.Hour))
	if err != nil || len(leases) != 1 || leases[0].Source != "b" {
		t.Fatalf("SourceLeases = %+v, %v", leases, err)
	}
}

// TestLeaseSourcesAcrossNodes: nodes on one PostgreSQL store never hold
// one source at once, even leasing together; a lease renewed stays, one
// not renewed past its time goes to another node, and its old holder
// learns it lost it.
func TestLeaseSourcesAcrossNodes(t *testing.T) {
	ctx := context.Background()
	nodes := nodesOn(t, 4)
	var names []string
	for i := range 40 {
		names = append(names, string(rune('a'+i%26))+string(rune('a'+i/26)))
	}
	now := time.Date(2026, 12, 6, 8, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	holder := map[string]int{}
	var wg sync.WaitGroup
	for i, db := range nodes {
		wg.Go(func() {
			for range 10 {
				got, err := db.LeaseSources(ctx, names, 3, now, time.Minute)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				for _, h := range got {
					if j, ok := holder[h.Source]; ok {
						t.Errorf("%s leased by node %d and node %d", h.Source, j, i)
					}
					holder[h.Source] = i
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(holder) != len(names) {
		t.Fatalf("%d of %d sources leased", len(holder), len(names))
	}
	first := names[0]
	a, b := nodes[holder[first]], nodes[(holder[first]+1)%4]
	if ok, err := a.RenewSourceLease(ctx, first, now.Add(50*time.Second), time.Minute); err != nil || !ok {
		t.Fatalf("holder renews: %v, %v", ok, err)
	}
	if ok, err := b.RenewSourceLease(ctx, first, now.Add(50*time.Second), time.Minute); err != nil || ok {
		t.Fatalf("another node renewed a lease it does not hold: %v, %v", ok, err)
	}
	// Renewed at 50 s for a minute: still held at 100 s, free at 111 s.
	if got, err := b.LeaseSources(ctx, []string{first}, 1, now.Add(100*time.Second), time.Minute); err != nil || len(got) != 0 {
		t.Fatalf("leased a renewed lease: %v, %v", leasedNames(got), err)
	}
	if got, err := b.LeaseSources(ctx, []string{first}, 1, now.Add(111*time.Second), time.Minute); err != nil || len(got) != 1 {
		t.Fatalf("an expired lease was not taken over: %v, %v", leasedNames(got), err)
	}
	if ok, err := a.RenewSourceLease(ctx, first, now.Add(112*time.Second), time.Minute); err != nil || ok {
		t.Fatalf("the old holder still renews a lease taken over: %v, %v", ok, err)
	}
	// Giving back what another node now holds changes nothing.
	if err := a.ReleaseSourceLease(ctx, first); err != nil {
		t.Fatal(err)
	}
	if got, err := a.LeaseSources(ctx, []string{first}, 1, now.Add(113*time.Second), time.Minute); err != nil || len(got) != 0 {
		t.Fatalf("a release by the old holder freed the new holder's lease: %v, %v", leasedNames(got), err)
	}
}

// TestHostSlots: one request to a host at a time across nodes, the next
// no sooner than the time the last one set; a slot whose holder died is
// free after its hold.
func TestHostSlots(t *testing.T) {
	ctx := context.Background()
	nodes := nodesOn(t, 2)
	a, b := nodes[0], nodes[1]
	now := time.Date(2026, 12, 6, 8, 0, 0, 0, time.UTC)
	const host = "baosonla.vn:443"
	if w, err := a.TakeHost(ctx, host, now, 30*time.Second); err != nil || w != 0 {
		t.Fatalf("a free host: wait %v, %v", w, err)
	}
	w, err := b.TakeHost(ctx, host, now.Add(time.Second), 30*time.Second)
	if err != nil || w <= 0 || w > hostPoll {
		t.Fatalf("a host in flight on another node: wait %v, %v (want a poll up to %v)", w, err, hostPoll)
	}
	// a's request ended at now+2s; the host delay is 2 s.
	if err := a.ReleaseHost(ctx, host, now.Add(4*time.Second)); err != nil {
		t.Fatal(err)
	}
	if w, err := b.TakeHost(ctx, host, now.Add(3*time.Second), 30*time.Second); err != nil || w != time.Second {
		t.Fatalf("before the host's next time: wait %v, %v; want 1s", w, err)
	}
	if w, err := b.TakeHost(ctx, host, now.Add(4*time.Second), 30*time.Second); err != nil || w != 0 {
		t.Fatalf("at the host's next time: wait %v, %v", w, err)
	}
	// b dies mid-request: its slot frees itself after the hold.
	if w, err := a.TakeHost(ctx, host, now.Add(20*time.Second), 30*time.Second); err != nil || w == 0 {
		t.Fatalf("taken while b's request is in flight: %v, %v", w, err)
	}
	if w, err := a.TakeHost(ctx, host, now.Add(35*time.Second), 30*time.Second); err != nil || w != 0 {
		t.Fatalf("a dead node's slot after its hold: wait %v, %v", w, err)
	}
	// A release by the node that no longer holds the slot changes nothing.
	if err := b.ReleaseHost(ctx, host, now); err != nil {
		t.Fatal(err)
	}
	if w, err := b.TakeHost(ctx, host, now.Add(36*time.Second), 30*time.Second); err != nil || w == 0 {
		t.Fatalf("b's late release freed a's slot: %v, %v", w, err)
	}
}
