package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"mediawatch"
	"mediawatch/store"
)

// Bounds of the review form's fields, in runes.
const (
	maxNoteRunes     = 4000
	maxURLRunes      = 2000
	maxAssigneeRunes = 100
)

// reviewForm is the review form of the queue and story pages as it was
// sent: what the editor typed, kept whole so that a refused change can be
// drawn again with nothing lost.
type reviewForm struct {
	Version     int    // the story's version the form was read at
	Status      string // where the story moves; "" keeps it
	StatusWas   string // the status when the form was read: choosing it again confirms it
	URL         string // the published answer, for responded
	Note        string
	Assignee    string // the assignee field as typed
	AssigneeWas string // the assignee when the form was read: unchanged means "keep"
	HasAssignee bool   // the form carries an assignee field at all
	Back        string // the local page to return to after saving
}

// reviewStatuses are the statuses a form may ask for.
var reviewStatuses = map[string]bool{
	string(mediawatch.FlagNew): true, string(mediawatch.FlagInReview): true,
	string(mediawatch.FlagResponded): true, string(mediawatch.FlagDismissed): true,
	string(mediawatch.FlagFalsePositive): true,
}

// decodeReviewForm reads the review form of r. It returns the form as
// typed and the message keys of what is wrong with it; a form that is not
// ours at all (no version) is errBadVersion, answered 400.
func decodeReviewForm(r *http.Request) (reviewForm, []string) {
	f := reviewForm{
		Status:      formField(r, "status", 32, false),
		StatusWas:   formField(r, "status_was", 32, false),
		URL:         formField(r, "response_url", maxURLRunes, false),
		Note:        formField(r, "note", maxNoteRunes, true),
		Assignee:    formField(r, "assignee", maxAssigneeRunes, false),
		AssigneeWas: formField(r, "assignee_was", maxAssigneeRunes, false),
		Back:        localPath(formField(r, "back", 2000, false)),
	}
	_, f.HasAssignee = r.PostForm["assignee"]
	v, err := strconv.Atoi(formField(r, "version", 12, false))
	if err != nil || v < 1 {
		return f, []string{errBadVersion}
	}
	f.Version = v
	var errs []string
	if f.Status != "" && !reviewStatuses[f.Status] {
		errs = append(errs, "review.err.status")
		f.Status = ""
	}
	if f.URL != "" && !webURL(f.URL) {
		errs = append(errs, "review.err.url")
	}
	// Moving to responded needs the answer's link; confirming a story
	// already responded (raised again) keeps the one it has. The store
	// checks the same against the story as it is.
	if f.Status == string(mediawatch.FlagResponded) && f.StatusWas != f.Status && f.URL == "" {
		errs = append(errs, "review.err.needurl")
	}
	if len(errs) == 0 && f.Status == "" && !f.assigns() && f.URL == "" && f.Note == "" {
		errs = append(errs, "review.err.nothing")
	}
	return f, errs
}

// errBadVersion is the decoder's word for a form without a usable version.
const errBadVersion = "review.err.version"

// assigns reports whether the form changes the assignee.
func (f reviewForm) assigns() bool { return f.HasAssignee && f.Assignee != f.AssigneeWas }

// change is the store change the form asks for.
func (f reviewForm) change() store.StoryChange {
	ch := store.StoryChange{Version: f.Version, Status: mediawatch.FlagStatus(f.Status), ResponseURL: f.URL, Note: f.Note}
	if f.assigns() {
		a := f.Assignee
		ch.Assignee = &a
	}
	return ch
}

// webURL reports whether s is an absolute http(s) URL with a host: the
// only kind of answer URL the review accepts, and the only kind the pages
// link to.
func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		!strings.ContainsAny(s, " \t\n")
}

// redrawn is the form to show again after a refusal against story now:
// the version becomes the current one, so that re-sending applies, and an
// assignee the editor did not touch follows the story's (a colleague may
// have changed it meanwhile) instead of reverting it.
func (f reviewForm) redrawn(now mediawatch.Story) reviewForm {
	if !f.HasAssignee || f.Assignee == f.AssigneeWas {
		f.Assignee = now.Assignee
	}
	f.AssigneeWas = now.Assignee
	f.StatusWas = string(now.Status)
	f.Version = now.Version
	return f
}

// freshForm is the form of a story as read now.
func freshForm(s mediawatch.Story, back string) reviewForm {
	return reviewForm{Version: s.Version, StatusWas: string(s.Status), Assignee: s.Assignee, AssigneeWas: s.Assignee, HasAssignee: true, Back: back}
}
