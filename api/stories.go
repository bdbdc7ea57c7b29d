package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"mediawatch"
	"mediawatch/store"
)

// storyRoutes serves the story and queue operations.
type storyRoutes struct {
	s *Server
}

// StoryView is a story as the API shows it: times in the configured zone to
// the second, times that have not happened null. It is exported because
// huma documents the fields of exported embedded types only.
type StoryView struct {
	ID          int64                 `json:"id"`
	Title       string                `json:"title" doc:"Its first item's title."`
	FirstItemID int64                 `json:"first_item_id"`
	FirstSeen   time.Time             `json:"first_seen"`
	LastSeen    time.Time             `json:"last_seen" doc:"When its newest copy was stored."`
	Status      mediawatch.FlagStatus `json:"status" enum:"new,in_review,responded,dismissed,false_positive"`
	StatusAt    time.Time             `json:"status_at" doc:"When the status was last set."`
	Assignee    string                `json:"assignee,omitempty"`
	ResponseURL string                `json:"response_url,omitempty" doc:"The published clarification."`
	RespondedAt *time.Time            `json:"responded_at" doc:"When the clarification was published; null unless responded."`
	ResponseSec *int64                `json:"response_seconds" doc:"How long the answer took, in seconds: first seen to responded; null unless responded."`
	Raised      bool                  `json:"raised" doc:"New copies appeared after it was answered or dismissed."`
	RaisedAt    *time.Time            `json:"raised_at" doc:"When it was raised; null when not raised."`
	Version     int                   `json:"version" doc:"The optimistic-concurrency token; also the ETag."`
	UpdatedAt   time.Time             `json:"updated_at"`
	Items       int                   `json:"items"`
	Outlets     []string              `json:"outlets" doc:"The sources that carried it, in the order they did."`
	Reach       float64               `json:"reach" doc:"The highest weight among its outlets."`
	Flags       int                   `json:"flags"`
	RuleIDs     []string              `json:"rule_ids" doc:"The rules that flagged it, highest severity first."`
	Severity    mediawatch.Severity   `json:"severity,omitempty" enum:"low,medium,high,critical"`
	NewItems    int                   `json:"new_items" doc:"Copies stored after the last verdict, while answered or dismissed."`
	NewOutlets  int                   `json:"new_outlets"`
}

func (r *storyRoutes) body(s mediawatch.Story) StoryView {
	at := r.s.at
	b := StoryView{ID: s.ID, Title: s.Title, FirstItemID: s.FirstItemID, FirstSeen: at(s.FirstSeen),
		LastSeen: at(s.LastSeen), Status: s.Status, StatusAt: at(s.StatusAt), Assignee: s.Assignee,
		ResponseURL: s.ResponseURL, Raised: !s.RaisedAt.IsZero(), Version: s.Version, UpdatedAt: at(s.UpdatedAt),
		Items: s.Items, Outlets: s.Outlets, Reach: s.Reach, Flags: s.Flags, RuleIDs: s.RuleIDs, Severity: s.Severity,
		NewItems: s.NewItems, NewOutlets: s.NewOutlets, RespondedAt: r.s.atOrNil(s.RespondedAt), RaisedAt: r.s.atOrNil(s.RaisedAt)}
	if !s.RespondedAt.IsZero() {
		sec := int64(s.RespondedAt.Sub(s.FirstSeen) / time.Second)
		b.ResponseSec = &sec
	}
	if b.Outlets == nil {
		b.Outlets = []string{}
	}
	if b.RuleIDs == nil {
		b.RuleIDs = []string{}
	}
	return b
}

// etag is a story's strong entity tag: its version, quoted.
func etag(version int) string { return `"` + strconv.Itoa(version) + `"` }

type listStoriesInput struct {
	Status   []string `query:"status" doc:"Only these statuses: new, in_review, responded, dismissed, false_positive (repeat or separate with commas)."`
	From     string   `query:"from" doc:"First seen on or after: a local date YYYY-MM-DD or an RFC 3339 time."`
	To       string   `query:"to" doc:"First seen on or before: a local date YYYY-MM-DD (the whole day) or an RFC 3339 time."`
	Flagged  bool     `query:"flagged" doc:"Only stories with at least one flag."`
	Assignee string   `query:"assignee" maxLength:"200" doc:"Only stories assigned to this name."`
	Page     int      `query:"page" minimum:"1" maximum:"10000" default:"1"`
	Size     int      `query:"size" minimum:"1" maximum:"200" default:"50"`
}

type listStoriesOutput struct {
	Body struct {
		Total   int         `json:"total" doc:"Stories in all pages."`
		Stories []StoryView `json:"stories"`
	}
}

func (r *storyRoutes) list(ctx context.Context, in *listStoriesInput) (*listStoriesOutput, error) {
	f := store.StoryFilter{Flagged: in.Flagged, Assignee: strings.TrimSpace(in.Assignee), Page: in.Page, Size: in.Size}
	for _, st := range splitList(in.Status) {
		if !isStatus(mediawatch.FlagStatus(st)) {
			return nil, r.s.problem(ctx, &FieldError{Location: "query.status", Value: st, Key: msgWantStatus})
		}
		f.Statuses = append(f.Statuses, mediawatch.FlagStatus(st))
	}
	var err error
	if f.From, f.To, err = dateRange(r.s.opts.Location, in.From, in.To); err != nil {
		return nil, r.s.problem(ctx, err)
	}
	page, err := r.s.desk.Stories(ctx, f)
	if err != nil {
		return nil, r.s.problem(ctx, err)
	}
	out := &listStoriesOutput{}
	out.Body.Total, out.Body.Stories = page.Total, make([]StoryView, 0, len(page.Stories))
	for _, s := range page.Stories {
		out.Body.Stories = append(out.Body.Stories, r.body(s))
	}
	return out, nil
}

// isStatus reports whether st is a review status.
func isStatus(st mediawatch.FlagStatus) bool {
	switch st {
	case mediawatch.FlagNew, mediawatch.FlagInReview, mediawatch.FlagResponded, mediawatch.FlagDismissed,
		mediawatch.FlagFalsePositive:
		return true
	}
	return false
}

type storyInput struct {
	ID string `path:"id" doc:"The story's id, a positive integer." example:"42"`
}

type storyOutput struct {
	ETag string `header:"ETag"`
	Body storyDetail
}

type storyDetail struct {
	StoryView
	ItemList []storyItem     `json:"item_list" doc:"Its items, in the order they were stored."`
	FlagList []storyFlagView `json:"flag_list" doc:"Every flag on its items, newest first."`
	History  []eventView     `json:"history" doc:"Every change, oldest first, with who made it."`
}

type storyItem struct {
	ID        int64               `json:"id"`
	Title     string              `json:"title"`
	URL       string              `json:"url"`
	Source    string              `json:"source"`
	Lang      string              `json:"lang"`
	Published *time.Time          `json:"published" doc:"Null when the outlet does not say."`
	FirstSeen time.Time           `json:"first_seen"`
	Version   int                 `json:"version"`
	RuleIDs   []string            `json:"rule_ids,omitempty"`
	Severity  mediawatch.Severity `json:"severity,omitempty" enum:"low,medium,high,critical"`
}

func (r *storyRoutes) get(ctx context.Context, in *storyInput) (*storyOutput, error) {
	id, err := parseID("path.id", in.ID)
	if err != nil {
		return nil, r.s.problem(ctx, err)
	}
	rec, err := r.s.desk.Story(ctx, id)
	if err != nil {
		return nil, r.s.problem(ctx, err)
	}
	s, items, flags, events := rec.Story, rec.Items, rec.Flags, rec.Events
	d := storyDetail{StoryView: r.body(s), ItemList: make([]storyItem, 0, len(items)),
		FlagList: make([]storyFlagView, 0, len(flags)), History: make([]eventView, 0, len(events))}
	for _, it := range items {
		d.ItemList = append(d.ItemList, storyItem{ID: it.ID, Title: it.Title, URL: it.URL, Source: it.Source, Lang: it.Lang,
			Published: r.s.atOrNil(it.Published), FirstSeen: r.s.at(it.FirstSeen), Version: it.Version, RuleIDs: it.RuleIDs,
			Severity: it.Severity})
	}
	for _, f := range flags {
		d.FlagList = append(d.FlagList, r.s.storyFlagViewOf(f))
	}
	for _, e := range events {
		d.History = append(d.History, r.s.eventViewOf(e))
	}
	return &storyOutput{ETag: etag(s.Version), Body: d}, nil
}

type patchStoryInput struct {
	ID      string `path:"id" doc:"The story's id, a positive integer." example:"42"`
	IfMatch string `header:"If-Match" doc:"The ETag of the story as read, e.g. \"3\"."`
	Body    struct {
		Version     int                   `json:"version,omitempty" minimum:"0" doc:"The version read, when If-Match is not sent."`
		Status      mediawatch.FlagStatus `json:"status,omitempty" enum:"new,in_review,responded,dismissed,false_positive" doc:"Where the story moves; its own status confirms it (and clears a raise)."`
		Assignee    *string               `json:"assignee,omitempty" maxLength:"200" doc:"Who works on it; empty to unassign."`
		Note        string                `json:"note,omitempty" maxLength:"4000" doc:"Kept in the story's history."`
		ResponseURL string                `json:"response_url,omitempty" maxLength:"2048" doc:"The published clarification; required to move to responded."`
		RespondedAt string                `json:"responded_at,omitempty" maxLength:"64" doc:"When it was published: an RFC 3339 time or a local date; now when left out."`
	}
}

type patchStoryOutput struct {
	ETag string `header:"ETag"`
	Body StoryView
}

func (r *storyRoutes) patch(ctx context.Context, in *patchStoryInput) (*patchStoryOutput, error) {
	id, err := parseID("path.id", in.ID)
	if err != nil {
		return nil, r.s.problem(ctx, err)
	}
	version, viaHeader, err := precondition(in.IfMatch, in.Body.Version)
	if err != nil {
		return nil, r.problemOrStatus(ctx, err)
	}
	k, _ := keyFrom(ctx) // the role check let the request in, so there is a key
	ch := store.StoryChange{Version: version, At: r.s.opts.Now(), Status: in.Body.Status,
		Assignee: in.Body.Assignee, Note: in.Body.Note, ResponseURL: strings.TrimSpace(in.Body.ResponseURL)}
	if ch.RespondedAt, err = dateParam(r.s.opts.Location, "body.responded_at", in.Body.RespondedAt, false); err != nil {
		return nil, r.s.problem(ctx, err)
	}
	s, err := r.s.desk.ReviewStory(ctx, r.s.actor(ctx, k), id, ch)
	switch {
	case errors.Is(err, store.ErrStaleVersion) && viaHeader:
		return nil, r.conflict(ctx, http.StatusPreconditionFailed, id, err)
	case errors.Is(err, mediawatch.ErrConflict):
		return nil, r.conflict(ctx, http.StatusConflict, id, err)
	case err != nil:
		return nil, r.s.problem(ctx, err)
	}
	return &patchStoryOutput{ETag: etag(s.Version), Body: r.body(s)}, nil
}

// errNoPrecondition is a change sent without the version it was made
// against: it could overwrite someone else's unseen, so it is refused.
var errNoPrecondition = errors.New("no precondition")

// precondition reads the version a change was made against from If-Match
// (a single strong ETag; * names none) or the body, and says which.
func precondition(ifMatch string, bodyVersion int) (int, bool, error) {
	ifMatch = strings.TrimSpace(ifMatch)
	if ifMatch == "" || ifMatch == "*" {
		if bodyVersion > 0 {
			return bodyVersion, false, nil
		}
		return 0, false, errNoPrecondition
	}
	v, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(ifMatch, `"`), `"`))
	if err != nil || v < 1 || !strings.HasPrefix(ifMatch, `"`) || !strings.HasSuffix(ifMatch, `"`) || len(ifMatch) < 3 {
		return 0, false, &FieldError{Location: "header.If-Match", Value: ifMatch, Key: msgIfMatch}
	}
	if bodyVersion > 0 && bodyVersion != v {
		return 0, false, &FieldError{Location: "body.version", Value: bodyVersion, Key: msgDisagreesIfMatch}
	}
	return v, true, nil
}

// problemOrStatus answers a change without a version 428 and turns other
// errors into problems.
func (r *storyRoutes) problemOrStatus(ctx context.Context, err error) error {
	if errors.Is(err, errNoPrecondition) {
		lang := langFrom(ctx)
		return newProblem(lang, http.StatusPreconditionRequired, tr(lang, msgNeedVersion))
	}
	return r.s.problem(ctx, err)
}

// storyConflict is a refused change: a problem whose story member is the
// story as it now is, and whose ETag header is its version, so that the
// client can show the editor what changed and try again.
type storyConflict struct {
	huma.ErrorModel
	Story *StoryView `json:"story,omitempty" doc:"The story as it now is."`
}

// GetHeaders sends the current story's ETag with the problem.
func (c *storyConflict) GetHeaders() http.Header {
	h := http.Header{}
	if c.Story != nil {
		h.Set("ETag", etag(c.Story.Version))
	}
	return h
}

// conflict answers a refused change with status and the current story.
func (r *storyRoutes) conflict(ctx context.Context, status int, id int64, cause error) error {
	lang := langFrom(ctx)
	c := &storyConflict{ErrorModel: *newProblem(lang, status, detailOf(lang, status, cause))}
	if cur, err := r.s.desk.StoryNow(ctx, id); err == nil {
		b := r.body(cur)
		c.Story = &b
	} else {
		r.s.log.WarnContext(ctx, "read story after a conflict", "story", id, "err", err)
	}
	return c
}
