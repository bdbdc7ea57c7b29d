package desk

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"mediawatch"
	"mediawatch/store"
)

// The assignee filter's two words that are not a person's name. They start
// with "@" so no account name (letters, digits, dots and dashes) can be
// mistaken for them.
const (
	AssigneeMine       = "@mine"       // stories assigned to the person asking
	AssigneeUnassigned = "@unassigned" // stories nobody has taken yet
)

// QueueFilter narrows the response queue the way an editor does in the
// morning: only what is at least this severe, only what is mine or nobody's
// or a colleague's. The zero value keeps every open story.
type QueueFilter struct {
	// MinSeverity keeps stories whose highest severity is at least this;
	// "" keeps all.
	MinSeverity mediawatch.Severity
	// Assignee is "" (anyone), AssigneeMine, AssigneeUnassigned or a
	// person's name.
	Assignee string
	// Me is the name of the person asking: what AssigneeMine means.
	Me string
}

// ParseQueueFilter reads the filter as a page or a link writes it: a
// severity name or "", and an assignee word or name. An unknown severity
// wraps mediawatch.ErrInvalid, so a mistyped link says so instead of
// silently showing everything.
func ParseQueueFilter(severity, assignee, me string) (QueueFilter, error) {
	f := QueueFilter{MinSeverity: mediawatch.Severity(strings.TrimSpace(severity)),
		Assignee: strings.TrimSpace(assignee), Me: me}
	if f.MinSeverity != "" && !f.MinSeverity.Valid() {
		return QueueFilter{}, fmt.Errorf("%w: severity %q (want one of %v)", mediawatch.ErrInvalid, severity,
			mediawatch.Severities)
	}
	return f, nil
}

// Keeps reports whether s passes the filter.
func (f QueueFilter) Keeps(s mediawatch.Story) bool {
	if f.MinSeverity != "" && s.Severity.Rank() < f.MinSeverity.Rank() {
		return false
	}
	switch f.Assignee {
	case "":
		return true
	case AssigneeMine:
		return f.Me != "" && s.Assignee == f.Me
	case AssigneeUnassigned:
		return s.Assignee == ""
	}
	return s.Assignee == f.Assignee
}

// Active reports whether the filter hides anything at all.
func (f QueueFilter) Active() bool { return f.MinSeverity != "" || f.Assignee != "" }

// QueueView is the queue page: the stories the filter keeps, most urgent
// first, with what the page needs beside them.
type QueueView struct {
	Entries []QueueEntry
	// Open is how many stories the whole queue holds, filter or not, so
	// the page can say "3 of 12".
	Open int
	// Assignees are the names working on any open story, sorted: the
	// filter's choices.
	Assignees []string
	// Next is, per story id, the statuses its review may move to now.
	Next map[int64][]mediawatch.FlagStatus
}

// QueuePage ranks the open stories (Queue) and keeps those f lets through.
func (d *Desk) QueuePage(ctx context.Context, f QueueFilter) (QueueView, error) {
	all, err := d.Queue(ctx)
	if err != nil {
		return QueueView{}, err
	}
	v := QueueView{Open: len(all), Next: map[int64][]mediawatch.FlagStatus{}}
	for _, e := range all {
		if e.Story.Assignee != "" && !slices.Contains(v.Assignees, e.Story.Assignee) {
			v.Assignees = append(v.Assignees, e.Story.Assignee)
		}
		if f.Keeps(e.Story) {
			v.Entries = append(v.Entries, e)
			v.Next[e.Story.ID] = store.NextStatuses(e.Story.Status)
		}
	}
	slices.Sort(v.Assignees)
	return v, nil
}

// StoryView is the story page: the story whole, the rules that flagged it
// (names and response hints), where its review may go next, and — when it
// is drawn again after a refused change — what others changed since the
// version the editor read.
type StoryView struct {
	StoryRecord
	// Rules are the running set's rules by id (name, severity, response
	// hint); a rule no longer in the set is missing and shown by its id.
	Rules map[string]mediawatch.Rule
	// Next are the statuses the review may move to from the current one.
	Next []mediawatch.FlagStatus
	// Changes are the history events after the version read (oldest
	// first): every review change, raise or merge adds one event and one
	// version, so they are the newest Version−read events. Empty when the
	// story is still at that version or none was given.
	Changes []mediawatch.StoryEvent
}

// StoryPage reads story id for its page. read is the version the editor's
// form was read at (0 when there is none); Changes then tells what happened
// since. An unknown id wraps mediawatch.ErrNotFound.
func (d *Desk) StoryPage(ctx context.Context, id int64, read int) (StoryView, error) {
	rec, err := d.Story(ctx, id)
	if err != nil {
		return StoryView{}, err
	}
	v := StoryView{StoryRecord: rec, Rules: d.storyRules(rec), Next: store.NextStatuses(rec.Story.Status)}
	if n := rec.Story.Version - read; read > 0 && n > 0 {
		v.Changes = rec.Events[max(len(rec.Events)-n, 0):]
	}
	return v, nil
}

// storyRules finds the rules of the story's flags in the running set, or
// at least their names from the queue's namer.
func (d *Desk) storyRules(rec StoryRecord) map[string]mediawatch.Rule {
	out := map[string]mediawatch.Rule{}
	want := map[string]bool{}
	for _, f := range rec.Flags {
		want[f.RuleID] = true
	}
	if d.rules != nil {
		for _, r := range d.rules.Status().Rules {
			if want[r.ID] {
				out[r.ID] = r
			}
		}
		return out
	}
	if d.weights.Names != nil {
		for id, n := range d.weights.Names.RuleNames() {
			if want[id] {
				out[id] = mediawatch.Rule{ID: id, Name: n}
			}
		}
	}
	return out
}
