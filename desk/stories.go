package desk

import (
	"context"
	"fmt"

	"mediawatch"
	"mediawatch/store"
)

// StoryRecord is one story with everything its page shows: its items in
// the order they were stored, every flag on them (newest first) and its
// history (oldest first).
type StoryRecord struct {
	Story  mediawatch.Story
	Items  []mediawatch.Item
	Flags  []mediawatch.Flag
	Events []mediawatch.StoryEvent
}

// Story reads one story whole; an unknown id wraps mediawatch.ErrNotFound.
func (d *Desk) Story(ctx context.Context, id int64) (StoryRecord, error) {
	var r StoryRecord
	var err error
	if r.Story, err = d.store.Story(ctx, id); err != nil {
		return r, err
	}
	if r.Items, err = d.store.StoryItems(ctx, id); err != nil {
		return r, err
	}
	if r.Flags, err = d.store.StoryFlags(ctx, id); err != nil {
		return r, err
	}
	r.Events, err = d.store.StoryEvents(ctx, id)
	return r, err
}

// StoryNow reads a story's review state alone, as it is now: what a face
// shows beside a refused change.
func (d *Desk) StoryNow(ctx context.Context, id int64) (mediawatch.Story, error) {
	return d.store.Story(ctx, id)
}

// Stories lists stories by filter, newest first.
func (d *Desk) Stories(ctx context.Context, f store.StoryFilter) (store.StoryPage, error) {
	return d.store.Stories(ctx, f)
}

// ReviewStory applies one review change made by who against ch.Version:
// the change carries who's name into the story's history and is logged.
// A stale version wraps store.ErrStaleVersion (someone else changed the
// story since it was read); a move the workflow forbids wraps
// mediawatch.ErrConflict.
func (d *Desk) ReviewStory(ctx context.Context, who mediawatch.Actor, id int64, ch store.StoryChange) (mediawatch.Story, error) {
	ch.Who = who.Name
	if ch.At.IsZero() {
		ch.At = d.now()
	}
	s, err := d.store.UpdateStory(ctx, id, ch)
	if err != nil {
		return s, err
	}
	d.log.InfoContext(ctx, "story reviewed", "story", id, "who", who.Name, "who_kind", string(who.Kind),
		"status", s.Status, "version", s.Version)
	d.Record(ctx, who, "story.review", fmt.Sprintf("story %d", id), reviewDetail(ch, s))
	return s, nil
}

// reviewDetail says in plain words what a review change did, for the
// audit log.
func reviewDetail(ch store.StoryChange, s mediawatch.Story) string {
	out := fmt.Sprintf("status %s, version %d", s.Status, s.Version)
	if ch.Assignee != nil {
		out += fmt.Sprintf(", assignee %q", *ch.Assignee)
	}
	if ch.ResponseURL != "" {
		out += ", response " + ch.ResponseURL
	}
	if ch.Note != "" {
		out += ", with a note"
	}
	return out
}
