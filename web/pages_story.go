package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"mediawatch"
	"mediawatch/desk"
	"mediawatch/store"
)

// storyData is the story page's Data.
type storyData struct {
	words
	View   desk.StoryView
	Form   reviewForm // what the review form shows: fresh, or as typed before a refusal
	Editor bool
	// Conflict is set when the change was refused because the story moved
	// on: the page then says so and lists View.Changes.
	Conflict bool
}

// Options are the statuses the form offers: the moves allowed now, and the
// one the editor had chosen even when it no longer is (so it is not lost;
// the store refuses it again with a reason).
func (d storyData) Options() []mediawatch.FlagStatus {
	out := slices.Clone(d.View.Next)
	if st := mediawatch.FlagStatus(d.Form.Status); st != "" && !slices.Contains(out, st) {
		out = append(out, st)
	}
	return out
}

// Raised reports whether the story is back after its answer, when
// confirming its status is how an editor acknowledges it.
func (d storyData) Raised() bool { return !d.View.Story.RaisedAt.IsZero() }

// storyID reads {id} of the route; 0 when it is not a positive number.
func storyID(r *http.Request) int64 {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id < 1 {
		return 0
	}
	return id
}

// storyPage shows one story: its items and outlets, flags, review state,
// history and answer, with the review form for editors.
func (s *Server) storyPage(w http.ResponseWriter, r *http.Request) {
	id := storyID(r)
	if id == 0 {
		s.errorPage(w, r, http.StatusNotFound, nil)
		return
	}
	v, err := s.deps.Desk.StoryPage(r.Context(), id, 0)
	if err != nil {
		s.readError(w, r, err)
		return
	}
	s.renderStory(w, r, page{}, storyData{View: v, Form: freshForm(v.Story, r.URL.RequestURI())})
}

// storyReview applies the review form of the queue or story page. Saved, it
// returns to the page the form came from; refused because the story moved
// on (a colleague's change, or a move the workflow no longer allows), it
// draws the story page again with what changed, the story as it now is and
// the form as the editor typed it, answered 409; refused as malformed, the
// same with the reason, 422.
func (s *Server) storyReview(w http.ResponseWriter, r *http.Request) {
	id := storyID(r)
	if id == 0 {
		s.errorPage(w, r, http.StatusNotFound, nil)
		return
	}
	f, errs := decodeReviewForm(r)
	if slices.Contains(errs, errBadVersion) {
		s.errorPage(w, r, http.StatusBadRequest, nil)
		return
	}
	if len(errs) > 0 {
		s.redrawStory(w, r, id, f, http.StatusUnprocessableEntity, false, errs...)
		return
	}
	_, err := s.deps.Desk.ReviewStory(r.Context(), actorOf(r), id, f.change())
	switch {
	case err == nil:
		back := f.Back
		if back == "" {
			back = "/stories/" + strconv.FormatInt(id, 10)
		}
		s.flashAndRedirect(w, r, "review.saved", back)
	case errors.Is(err, mediawatch.ErrNotFound):
		s.errorPage(w, r, http.StatusNotFound, nil)
	case errors.Is(err, store.ErrStaleVersion):
		s.redrawStory(w, r, id, f, http.StatusConflict, true, "review.err.stale")
	case errors.Is(err, mediawatch.ErrConflict):
		s.redrawStory(w, r, id, f, http.StatusConflict, true, "review.err.move")
	case errors.Is(err, mediawatch.ErrInvalid):
		s.redrawStory(w, r, id, f, http.StatusUnprocessableEntity, false, "review.err.invalid")
	default:
		s.errorPage(w, r, http.StatusInternalServerError, err)
	}
}

// redrawStory draws the story page again after a refused change: the
// story as it now is, what changed since the version the form was read at,
// and the form as typed.
func (s *Server) redrawStory(w http.ResponseWriter, r *http.Request, id int64, f reviewForm, status int, conflict bool, keys ...string) {
	v, err := s.deps.Desk.StoryPage(r.Context(), id, f.Version)
	if err != nil {
		s.readError(w, r, err)
		return
	}
	p := page{Status: status}
	for _, k := range keys {
		p.Errors = append(p.Errors, T(langOf(r), k))
	}
	s.renderStory(w, r, p, storyData{View: v, Form: f.redrawn(v.Story), Conflict: conflict})
}

func (s *Server) renderStory(w http.ResponseWriter, r *http.Request, p page, d storyData) {
	d.words = s.words(r)
	d.Editor = personOf(r).User.Role.Allows(roleEditor)
	p.Title, p.Nav, p.Data = "story.title", "queue", d
	s.render(w, r, "story", p)
}

// Event says in words what one history event did ("moved from new to in
// review; assigned to Minh"); its note and link are shown beside it.
func (w words) Event(ev mediawatch.StoryEvent) string {
	var parts []string
	switch ev.Action {
	case "status":
		if ev.From == ev.To {
			parts = append(parts, T(w.lang, "review.ev.confirm", w.Status(ev.To)))
		} else {
			parts = append(parts, T(w.lang, "review.ev.move", w.Status(ev.From), w.Status(ev.To)))
		}
	case "response":
		parts = append(parts, T(w.lang, "review.ev.response"))
	case "note":
		parts = append(parts, T(w.lang, "review.ev.note"))
	case "raised":
		parts = append(parts, T(w.lang, "review.ev.raised"))
	case "merged":
		parts = append(parts, T(w.lang, "review.ev.merged"))
	case "assign":
	default:
		parts = append(parts, ev.Action)
	}
	if ev.Action == "assign" || ev.Assignee != "" {
		if ev.Assignee == "" {
			parts = append(parts, T(w.lang, "review.ev.unassign"))
		} else {
			parts = append(parts, T(w.lang, "review.ev.assign", ev.Assignee))
		}
	}
	if ev.URL != "" && ev.Action != "response" {
		parts = append(parts, T(w.lang, "review.ev.response"))
	}
	out := parts[0]
	for _, p := range parts[1:] {
		out += "; " + p
	}
	return out
}

// Matched are the distinct texts a flag matched, as they stand in the item.
func (w words) Matched(ms []mediawatch.TermMatch) []string { return mediawatch.MatchedTexts(ms) }

// hint is one rule's response hint on the story page.
type hint struct{ RuleID, Text string }

// Hints are the response hints of the rules that flagged the story, in the
// order the story names its rules (highest severity first). A hint written
// in both languages as "VI: …" and "EN: …" lines shows the page's own.
func (d storyData) Hints() []hint {
	var out []hint
	for _, id := range d.View.Story.RuleIDs {
		if h := hintIn(d.lang, d.View.Rules[id].ResponseHint); h != "" {
			out = append(out, hint{RuleID: id, Text: h})
		}
	}
	return out
}

// hintIn is the part of a response hint in lang (mediawatch.HintLines),
// its lines kept as the author broke them.
func hintIn(lang, h string) string { return strings.Join(mediawatch.HintLines(h, lang), "\n") }

// Item is the story's item of id (the zero Item when it is not one of
// them), so a flag can name the outlet whose copy it is on.
func (d storyData) Item(id int64) mediawatch.Item {
	for _, it := range d.View.Items {
		if it.ID == id {
			return it
		}
	}
	return mediawatch.Item{}
}
