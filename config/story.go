package config

import "mediawatch/story"

// StoryParams are the story grouping parameters of c: the measured
// defaults with the configured bound, window and overlap (0: no second
// check).
func (c Config) StoryParams() story.Params {
	p := story.DefaultParams()
	p.MaxDistance, p.Window, p.MinOverlap = c.Stories.MaxDistance, c.Stories.Window, c.Stories.MinOverlap
	if p.MinOverlap == 0 {
		p.SketchDistance = 0
	}
	return p
}
