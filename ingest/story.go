package ingest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"mediawatch"
	"mediawatch/store"
	"mediawatch/story"
)

// StoryStore is what story grouping needs of the system of record;
// store.DB implements it.
type StoryStore interface {
	// SaveGrouped is SaveItem for an item whose story grouping has
	// decided: it.StoryID (0: a story of its own), it.Fingerprint and sig
	// are stored with it, and the result names its story.
	SaveGrouped(ctx context.Context, it mediawatch.Item, sig store.Signature, flags ...mediawatch.Flag) (store.Saved, error)
	// StoryCandidates returns the items first seen at or after since,
	// with their story and signature (or the text to compute it from).
	StoryCandidates(ctx context.Context, since time.Time) ([]store.StoryCandidate, error)
	// MergeStories folds stories into one and returns the one kept; two
	// reviewed stories are refused with mediawatch.ErrConflict.
	MergeStories(ctx context.Context, ids []int64, at time.Time) (int64, error)
}

// stories is the pipeline's story grouping: the candidates of the last
// window in memory, and the store that files items in stories.
type stories struct {
	st StoryStore
	// mu makes find, save and add one step: two copies arriving together
	// must not both miss each other and start two stories.
	mu     sync.Mutex
	g      *story.Grouper
	params story.Params
	// shared, on a store several nodes ingest into, is where the others'
	// items come from; cursor is the last change the grouper took.
	shared sharedStories
	cursor int64
	taken  time.Time     // when takeOthers last read the sequence
	every  time.Duration // how often at most it does (takeOthersEvery; tests 0)
}

// takeOthersEvery is how often at most a node reads the other nodes'
// items before grouping one of its own. Reading before every item cost
// 15% of the ingest rate into PostgreSQL (a round trip an item); every
// 20 ms it is one read in about ten items, and two copies of one story
// stored on two nodes within those 20 ms may start two stories, which
// the next copy close to both joins.
const takeOthersEvery = 20 * time.Millisecond

// sharedStories is a store that several nodes ingest into (store.DB on
// PostgreSQL, Node() != ""): its change sequence names the items the
// other nodes stored, moved to another story or deleted, and the grouper
// takes them before each decision, so that a copy one node stores joins
// the story of the copy another node stored.
type sharedStories interface {
	Node() string
	LastChange(ctx context.Context) (int64, error)
	ChangesAfter(ctx context.Context, seq int64, limit int) ([]store.Change, int64, error)
	StoryCandidatesByID(ctx context.Context, ids []int64) ([]store.StoryCandidate, error)
}

// WithStories makes the pipeline group every kept item into a story
// before storing it: the story of the closest item of the last
// params.Window (see package story), else a story of its own. It loads
// the items first seen within the window from st, computing the
// signature of those stored without one. An updated item keeps its story;
// its new signature replaces the old one. Without WithStories every kept
// item gets a story of its own. Call it before ingesting.
//
// Items are grouped by their date (published, else first seen) and the
// grouper forgets what is older than the window before now, so an import
// of old articles is not grouped as it goes: run Regroup after it.
func (p *Pipeline) WithStories(ctx context.Context, st StoryStore, params story.Params) error {
	g, err := story.NewGrouper(params)
	if err != nil {
		return fmt.Errorf("stories: %w", err)
	}
	s := &stories{st: st, g: g, params: params, every: takeOthersEvery}
	if sh, ok := st.(sharedStories); ok && sh.Node() != "" {
		// The place in the change sequence first: what other nodes store
		// while the candidates load is taken at the first item.
		if s.cursor, err = sh.LastChange(ctx); err != nil {
			return fmt.Errorf("stories: %w", err)
		}
		s.shared = sh
	}
	if err := s.load(ctx, g, p.now()); err != nil {
		return err
	}
	p.stories = s
	p.log.Info("stories loaded", "candidates", g.Len(), "window", params.Window)
	return nil
}

// load adds to g the stored items first seen within the window before now.
func (s *stories) load(ctx context.Context, g *story.Grouper, now time.Time) error {
	cands, err := s.st.StoryCandidates(ctx, now.Add(-s.params.Window))
	if err != nil {
		return fmt.Errorf("stories: load: %w", err)
	}
	for _, c := range cands {
		if c.StoryID != 0 {
			g.Add(candidateOf(c))
		}
	}
	g.Evict(now)
	return nil
}

// forgetStories starts the grouper over from the store after a write
// batch was rolled back: it had learnt the batch's items and their
// stories' merges, none of which are stored. Should the load fail, the
// grouper is left empty (the next items start stories of their own; a
// regroup joins them).
func (p *Pipeline) forgetStories(ctx context.Context) {
	s := p.stories
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := story.NewGrouper(s.params)
	if err != nil { // the params were accepted once
		return
	}
	if err := s.load(ctx, g, p.now()); err != nil {
		p.log.Warn("stories: reloading after a failed write", "err", err)
	}
	s.g = g
}

// candidateOf turns a stored candidate into the grouper's, computing the
// signature when the store has none.
func candidateOf(c store.StoryCandidate) story.Candidate {
	if !c.Signed {
		n := story.NewCandidate(c.ItemID, c.Title, c.Body, c.Date)
		n.StoryID = c.StoryID
		return n
	}
	// A sketch that does not decode cannot come from this store's writes;
	// the item is then grouped by its fingerprint and title alone.
	sk, _ := story.SketchFromBytes(c.Sketch)
	return story.Candidate{StoryID: c.StoryID, ItemID: c.ItemID, Fingerprint: c.Fingerprint, Words: c.Words,
		Sketch: sk, TitleKey: c.TitleKey, Seen: c.Date}
}

// save stores it with its flags, in a story when grouping is on.
func (p *Pipeline) save(ctx context.Context, it mediawatch.Item, flags []mediawatch.Flag, cand *story.Candidate) (mediawatch.IngestResult, error) {
	s := p.stories
	if s == nil {
		return p.store.SaveItem(ctx, it, flags...)
	}
	c := *cand
	it.Fingerprint = c.Fingerprint
	sig := store.Signature{Words: c.Words, TitleKey: c.TitleKey, Sketch: c.Sketch.Bytes()}

	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.takeOthers(ctx); err != nil {
		// The item is grouped with what this node knows; the next one
		// tries again.
		p.log.Warn("taking other nodes' items for story grouping", "err", err)
	}
	s.g.Evict(p.now())
	ids := s.g.Stories(c)
	if len(ids) > 0 {
		it.StoryID = ids[0]
	}
	saved, err := s.st.SaveGrouped(ctx, it, sig, flags...)
	if err != nil {
		return saved.IngestResult, err
	}
	if saved.Outcome == mediawatch.OutcomeKept || saved.Outcome == mediawatch.OutcomeUpdated {
		c.ItemID, c.StoryID = saved.ItemID, saved.StoryID
		s.g.Add(c)
		if !slices.Contains(ids, saved.StoryID) {
			ids = append(ids, saved.StoryID)
		}
		if len(ids) > 1 {
			p.bridge(ctx, s, ids, saved.ItemID)
		}
	}
	if saved.Raised {
		p.log.Info("story raised again", "story", saved.StoryID, "item", saved.ItemID, "source", it.Source)
	}
	return saved.IngestResult, nil
}

// takeOthers brings the grouper up to the items other nodes changed since
// the last call: their candidates added or replaced (a new version, a
// story merged or split), those deleted forgotten. The caller holds s.mu.
// A copy another node commits between this read and this node's save is
// missed — the window is takeOthersEvery and one save — and the next
// item close to both joins their stories (bridge).
func (s *stories) takeOthers(ctx context.Context) error {
	if s.shared == nil || time.Since(s.taken) < s.every {
		return nil
	}
	s.taken = time.Now()
	for {
		changes, last, err := s.shared.ChangesAfter(ctx, s.cursor, 1000)
		if err != nil {
			return err
		}
		if last == s.cursor {
			return nil
		}
		ids := store.ChangedItems(changes)
		cands, err := s.shared.StoryCandidatesByID(ctx, ids)
		if err != nil {
			return err
		}
		found := make(map[int64]bool, len(cands))
		for _, c := range cands {
			found[c.ItemID] = true
			if c.StoryID != 0 {
				s.g.Add(candidateOf(c))
			}
		}
		for _, id := range ids {
			if !found[id] { // deleted
				s.g.Forget(id)
			}
		}
		s.cursor = last
	}
}

// bridge merges the stories an item was one story with: a rewrite close to
// two copies that were not close to each other joins their stories. The
// item is stored whatever happens here; a merge the store refuses (two
// stories editors have both reviewed) or fails leaves them apart, logged.
// The caller holds s.mu.
func (p *Pipeline) bridge(ctx context.Context, s *stories, ids []int64, item int64) {
	into, err := s.st.MergeStories(ctx, ids, p.now())
	switch {
	case errors.Is(err, mediawatch.ErrConflict):
		p.log.Info("stories left apart: both reviewed", "stories", ids, "item", item)
		return
	case err != nil:
		p.log.Warn("merge stories", "stories", ids, "item", item, "err", err)
		return
	}
	s.g.Relabel(into, ids...)
	p.log.Info("stories merged", "into", into, "stories", ids, "item", item)
}
