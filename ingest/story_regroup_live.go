package ingest

import (
	"context"
	"fmt"

	"mediawatch/story"
)

// RegroupLive is Regroup for a pipeline that may be ingesting meanwhile
// (`mediawatch stories regroup` run inside `serve`): items being saved
// wait while it runs, and the pipeline's grouper is then loaded afresh
// from the store, so that later copies of a merged story join the story
// that took it in instead of starting a new one. Without WithStories it
// is plain Regroup.
func (p *Pipeline) RegroupLive(ctx context.Context, st RegroupStore, params story.Params, progress func(examined int)) (RegroupSummary, error) {
	s := p.stories
	if s == nil {
		return Regroup(ctx, st, params, p.now, progress)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sum, err := Regroup(ctx, st, params, p.now, progress)
	if err != nil {
		return sum, err
	}
	g, err := story.NewGrouper(params)
	if err != nil {
		return sum, fmt.Errorf("regroup: %w", err)
	}
	now := p.now()
	cands, err := s.st.StoryCandidates(ctx, now.Add(-params.Window))
	if err != nil {
		return sum, fmt.Errorf("regroup: reload stories: %w", err)
	}
	for _, c := range cands {
		if c.StoryID != 0 {
			g.Add(candidateOf(c))
		}
	}
	g.Evict(now)
	s.g = g
	return sum, nil
}
