package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"mediawatch"
)

// ErrStaleVersion means a story change was made against a version that is
// no longer the story's: someone changed it in between, and writing would
// overwrite their change unseen. It wraps mediawatch.ErrConflict.
var ErrStaleVersion = fmt.Errorf("%w: the story has changed since that version", mediawatch.ErrConflict)

// StoryChange is one editor's change to a story's review. Version is the
// optimistic-concurrency token: the change applies only while the story is
// still at that version.
type StoryChange struct {
	Version int       // the story's version the editor saw
	Who     string    // the API key's name
	At      time.Time // when the change is made
	// Status is where the story moves (see NextStatuses); "" keeps it. The
	// story's own status confirms it, which is how an editor acknowledges
	// a story raised again.
	Status mediawatch.FlagStatus
	// Assignee names who works on the story; nil keeps it, "" unassigns.
	Assignee *string
	// ResponseURL is the published clarification, required to move to
	// responded; given for a story already responded, it replaces the one
	// recorded. RespondedAt is when it was published (zero: At); it may not
	// be before the story was first seen nor after At.
	ResponseURL string
	RespondedAt time.Time
	Note        string // free text kept in the story's history
}

// transitions are the review workflow's moves: from each status, the
// statuses a story may go to; see NextStatuses.
var transitions = map[mediawatch.FlagStatus][]mediawatch.FlagStatus{
	mediawatch.FlagNew: {mediawatch.FlagInReview, mediawatch.FlagDismissed, mediawatch.FlagFalsePositive},
	mediawatch.FlagInReview: {mediawatch.FlagNew, mediawatch.FlagResponded, mediawatch.FlagDismissed,
		mediawatch.FlagFalsePositive},
	mediawatch.FlagResponded:     {mediawatch.FlagNew, mediawatch.FlagInReview},
	mediawatch.FlagDismissed:     {mediawatch.FlagNew, mediawatch.FlagInReview},
	mediawatch.FlagFalsePositive: {mediawatch.FlagNew, mediawatch.FlagInReview},
}

// NextStatuses returns the statuses the review workflow lets a story move
// to from status from, besides confirming from itself: from new, to
// in_review, dismissed or false_positive; from in_review, to any; from a
// verdict (responded, dismissed, false_positive) only back to new or
// in_review — a verdict is changed by reopening the story first, so that
// the history shows both. It returns nil for an unknown status.
func NextStatuses(from mediawatch.FlagStatus) []mediawatch.FlagStatus {
	return slices.Clone(transitions[from])
}

// canMove reports whether the workflow lets a story go from one status to
// another.
func canMove(from, to mediawatch.FlagStatus) bool {
	return from == to || slices.Contains(transitions[from], to)
}

// UpdateStory applies one change to a story's review in one transaction
// and returns the story as it now is. The change is refused with an error
// wrapping ErrStaleVersion when the story is no longer at ch.Version, with
// mediawatch.ErrConflict when the workflow does not allow the move from
// its current status, with mediawatch.ErrInvalid for a change that is
// malformed whatever the story's state, and mediawatch.ErrNotFound when
// there is no such story.
//
// A change of status moves every flag on the story's items with it; any
// status given clears a raise; leaving responded forgets the response
// (the history keeps it). Each change adds an event and bumps the version.
func (db *DB) UpdateStory(ctx context.Context, id int64, ch StoryChange) (mediawatch.Story, error) {
	if err := checkChange(ch); err != nil {
		return mediawatch.Story{}, fmt.Errorf("update story %d: %w", id, err)
	}
	var out mediawatch.Story
	err := db.write(ctx, func(tx *sql.Tx) error {
		cur, err := db.storyIn(ctx, tx, id)
		if err != nil {
			return err
		}
		next, ev, err := applyChange(cur, ch)
		if err != nil {
			return err
		}
		if err := writeReview(ctx, tx, cur, next, ev); err != nil {
			return err
		}
		out, err = db.storyIn(ctx, tx, id)
		return err
	})
	if err != nil {
		return mediawatch.Story{}, fmt.Errorf("update story %d: %w", id, err)
	}
	return out, nil
}

// checkChange refuses what no story state could accept.
func checkChange(ch StoryChange) error {
	switch {
	case ch.Version < 1:
		return fmt.Errorf("%w: no version to change against", mediawatch.ErrInvalid)
	case strings.TrimSpace(ch.Who) == "":
		return fmt.Errorf("%w: nobody named as making the change", mediawatch.ErrInvalid)
	case ch.At.IsZero():
		return fmt.Errorf("%w: no time of change", mediawatch.ErrInvalid)
	case ch.Status != "" && !flagStatuses[ch.Status]:
		return fmt.Errorf("%w: status %q", mediawatch.ErrInvalid, ch.Status)
	case ch.Status == "" && ch.Assignee == nil && ch.ResponseURL == "" && strings.TrimSpace(ch.Note) == "":
		return fmt.Errorf("%w: nothing to change", mediawatch.ErrInvalid)
	case ch.ResponseURL != "" && !webURL(ch.ResponseURL):
		return fmt.Errorf("%w: response URL %q is not an http(s) URL", mediawatch.ErrInvalid, ch.ResponseURL)
	case !ch.RespondedAt.IsZero() && ch.RespondedAt.After(ch.At):
		return fmt.Errorf("%w: responded at %s, after now", mediawatch.ErrInvalid, ch.RespondedAt.Format(time.RFC3339))
	}
	return checkTimes(ch.At, ch.RespondedAt)
}

func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// applyChange computes the story after ch and the event recording it.
func applyChange(cur mediawatch.Story, ch StoryChange) (mediawatch.Story, mediawatch.StoryEvent, error) {
	if cur.Version != ch.Version {
		return cur, mediawatch.StoryEvent{}, fmt.Errorf("%w: story %d is at version %d, not %d",
			ErrStaleVersion, cur.ID, cur.Version, ch.Version)
	}
	next := cur
	ev := mediawatch.StoryEvent{StoryID: cur.ID, At: ch.At, Who: ch.Who, Note: strings.TrimSpace(ch.Note)}
	if ch.Status != "" {
		if !canMove(cur.Status, ch.Status) {
			return cur, ev, fmt.Errorf("%w: story %d is %s; from there it can move to %v", mediawatch.ErrConflict,
				cur.ID, cur.Status, transitions[cur.Status])
		}
		next.Status, next.StatusAt, next.RaisedAt = ch.Status, ch.At, time.Time{}
		ev.Action, ev.From, ev.To = "status", cur.Status, ch.Status
	}
	if err := applyResponse(&next, &ev, cur, ch); err != nil {
		return cur, ev, err
	}
	if ch.Assignee != nil {
		next.Assignee = strings.TrimSpace(*ch.Assignee)
		ev.Assignee = next.Assignee
		ev.Action = firstOf(ev.Action, "assign")
	}
	ev.Action = firstOf(ev.Action, "note")
	next.Version, next.UpdatedAt = cur.Version+1, ch.At
	return next, ev, nil
}

// applyResponse records, forgets or corrects the published clarification.
func applyResponse(next *mediawatch.Story, ev *mediawatch.StoryEvent, cur mediawatch.Story, ch StoryChange) error {
	switch {
	case next.Status != mediawatch.FlagResponded:
		if ch.ResponseURL != "" || !ch.RespondedAt.IsZero() {
			return fmt.Errorf("%w: a response URL or time is only for a story that is responded", mediawatch.ErrInvalid)
		}
		next.ResponseURL, next.RespondedAt = "", time.Time{}
		return nil
	case cur.Status != mediawatch.FlagResponded && ch.ResponseURL == "":
		return fmt.Errorf("%w: moving to responded needs the URL of the published clarification", mediawatch.ErrInvalid)
	}
	if ch.ResponseURL != "" {
		next.ResponseURL = ch.ResponseURL
		ev.URL = ch.ResponseURL
		ev.Action = firstOf(ev.Action, "response")
	}
	switch {
	case !ch.RespondedAt.IsZero():
		next.RespondedAt = ch.RespondedAt
	case cur.Status != mediawatch.FlagResponded:
		next.RespondedAt = ch.At
	}
	if next.RespondedAt.Before(cur.FirstSeen) {
		return fmt.Errorf("%w: responded at %s, before the story was first seen", mediawatch.ErrInvalid,
			next.RespondedAt.Format(time.RFC3339))
	}
	return nil
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// writeReview stores the story's new review state, moves its flags with
// its status and records the event; the version in the WHERE makes the
// write itself refuse a lost race.
func writeReview(ctx context.Context, tx *sql.Tx, cur, next mediawatch.Story, ev mediawatch.StoryEvent) error {
	r, err := tx.ExecContext(ctx, `UPDATE stories SET status = ?, status_at = ?, assignee = ?, response_url = ?,
		responded_at = ?, raised_at = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?`,
		string(next.Status), encodeTime(next.StatusAt), next.Assignee, next.ResponseURL, encodeTime(next.RespondedAt),
		encodeTime(next.RaisedAt), next.Version, encodeTime(next.UpdatedAt), cur.ID, cur.Version)
	if err != nil {
		return fmt.Errorf("write review: %w", err)
	}
	if n, err := r.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("%w: story %d changed while being written (%v)", ErrStaleVersion, cur.ID, err)
	}
	if next.Status != cur.Status {
		if err := setStoryFlags(ctx, tx, cur.ID, next.Status); err != nil {
			return err
		}
	}
	return addEvent(ctx, tx, ev)
}

// setStoryFlags gives every flag on the story's items its status.
func setStoryFlags(ctx context.Context, tx *sql.Tx, id int64, st mediawatch.FlagStatus) error {
	_, err := tx.ExecContext(ctx, `UPDATE flags SET status = ? WHERE status != ?
		AND item_id IN (SELECT id FROM items WHERE story_id = ?)`, string(st), string(st), id)
	if err != nil {
		return fmt.Errorf("move flags of story %d to %s: %w", id, st, err)
	}
	return nil
}
