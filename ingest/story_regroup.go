package ingest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"mediawatch"
	"mediawatch/store"
	"mediawatch/story"
)

// RegroupStore is what Regroup needs of the system of record; store.DB
// implements it.
type RegroupStore interface {
	// EachStoryCandidate calls fn with every stored item in date order.
	EachStoryCandidate(ctx context.Context, fn func(store.StoryCandidate) error) error
	// SetSignatures stores computed signatures.
	SetSignatures(ctx context.Context, sigs []store.ItemSignature) error
	// MergeStories folds stories into one and returns the one kept; two
	// reviewed stories are refused with mediawatch.ErrConflict.
	MergeStories(ctx context.Context, ids []int64, at time.Time) (int64, error)
}

// RegroupSummary counts what Regroup did.
type RegroupSummary struct {
	Items     int `json:"items"`     // stored items examined
	Signed    int `json:"signed"`    // signatures computed and stored (items saved without one)
	Groups    int `json:"groups"`    // stories that took in others
	Merged    int `json:"merged"`    // stories folded into another and deleted
	Conflicts int `json:"conflicts"` // groups left apart: two of their stories have editors' verdicts
}

// signBatch is how many computed signatures go to the store at once.
const signBatch = 1000

// Regroup groups every stored item again, by the same rule ingest uses,
// and folds together the stories whose items turn out to be one story:
// `mediawatch stories regroup`, for a database written before stories
// existed (the migration gives each old item a story of its own) or after
// an import of history, whose old items the live grouper has already
// evicted. It only merges: items that share a story stay together.
//
// Items are walked in date order (published, else first seen) through a
// Grouper that evicts by the date of the item at hand, so the window means
// the same as at ingest. The signature of an item stored without one is
// computed and stored. A group with two stories editors have reviewed is
// left apart (counted in Conflicts) so that no verdict is lost. now stamps
// the merges; progress, if set, hears the number of items examined.
//
// Run it while nothing ingests: a pipeline running beside it still holds
// the story ids it loaded and would start new stories for copies of the
// merged ones.
func Regroup(ctx context.Context, st RegroupStore, params story.Params, now func() time.Time,
	progress func(examined int)) (RegroupSummary, error) {
	if now == nil {
		now = time.Now
	}
	g, err := story.NewGrouper(params)
	if err != nil {
		return RegroupSummary{}, fmt.Errorf("regroup: %w", err)
	}
	var sum RegroupSummary
	groups := unionFind{}
	var sigs []store.ItemSignature
	flush := func() error {
		err := st.SetSignatures(ctx, sigs)
		sum.Signed += len(sigs)
		sigs = sigs[:0]
		return err
	}
	err = st.EachStoryCandidate(ctx, func(sc store.StoryCandidate) error {
		sum.Items++
		if progress != nil && sum.Items%signBatch == 0 {
			progress(sum.Items)
		}
		if sc.StoryID == 0 {
			return nil // filed in a story at its next save
		}
		c := candidateOf(sc)
		if !sc.Signed {
			sigs = append(sigs, store.ItemSignature{ItemID: c.ItemID, Fingerprint: c.Fingerprint,
				Signature: store.Signature{Words: c.Words, TitleKey: c.TitleKey, Sketch: c.Sketch.Bytes()}})
		}
		g.Evict(c.Seen)
		for _, id := range g.Stories(c) {
			groups.union(id, sc.StoryID)
		}
		g.Add(c)
		if len(sigs) >= signBatch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return sum, fmt.Errorf("regroup: %w", err)
	}
	if progress != nil {
		progress(sum.Items)
	}
	return sum, mergeGroups(ctx, st, groups, now(), &sum)
}

// mergeGroups asks the store to fold each group of stories into one.
func mergeGroups(ctx context.Context, st RegroupStore, groups unionFind, at time.Time, sum *RegroupSummary) error {
	for _, ids := range groups.sets() {
		_, err := st.MergeStories(ctx, ids, at)
		switch {
		case errors.Is(err, mediawatch.ErrConflict):
			sum.Conflicts++
		case err != nil:
			return fmt.Errorf("regroup: %w", err)
		default:
			sum.Groups++
			sum.Merged += len(ids) - 1
		}
	}
	return nil
}

// unionFind joins story ids into groups; a story never joined is in none.
type unionFind map[int64]int64

func (u unionFind) find(x int64) int64 {
	root := x
	for {
		p, ok := u[root]
		if !ok || p == root {
			break
		}
		root = p
	}
	for x != root { // path compression
		next := u[x]
		u[x] = root
		x = next
	}
	return root
}

func (u unionFind) union(a, b int64) {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return
	}
	if rb < ra {
		ra, rb = rb, ra
	}
	u[ra], u[rb] = ra, ra
}

// sets returns the groups of more than one story, each sorted, in the
// order of their smallest id.
func (u unionFind) sets() [][]int64 {
	by := map[int64][]int64{}
	for x := range u {
		r := u.find(x)
		by[r] = append(by[r], x)
	}
	var out [][]int64
	for _, ids := range by {
		if len(ids) > 1 {
			slices.Sort(ids)
			out = append(out, ids)
		}
	}
	slices.SortFunc(out, func(a, b []int64) int { return cmp.Compare(a[0], b[0]) })
	return out
}
