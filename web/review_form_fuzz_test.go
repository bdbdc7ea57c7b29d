package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"mediawatch"
)

// FuzzReviewForm feeds arbitrary bodies to the review form's decoder: it
// never panics, and a form it accepts asks the store only for a change the
// store could take — a version, a known status, an http(s) answer URL
// (required for responded), clean bounded text and something to change.
func FuzzReviewForm(f *testing.F) {
	f.Add("version=3&status=in_review&note=%C4%91ang+x%C3%A1c+minh&back=%2Fqueue%3Fseverity%3Dhigh")
	f.Add("version=1&status=responded&response_url=javascript%3Aalert(1)")
	f.Add("version=-1&status=dismissed&assignee=minh&assignee_was=")
	f.Add("version=2&note=%00%0D%0A%E2%80%AE&assignee=%3Cscript%3E&back=%2F%2Fevil.example")
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest(http.MethodPost, "/stories/1/review", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		form, errs := decodeReviewForm(r)
		for _, k := range errs {
			if _, ok := messages[k]; !ok {
				t.Fatalf("error key %q has no text", k)
			}
		}
		for _, s := range []string{form.Note, form.URL, form.Assignee, form.AssigneeWas, form.Status, form.StatusWas, form.Back} {
			if !utf8.ValidString(s) || strings.ContainsRune(s, '\x00') || strings.ContainsRune(s, '\r') {
				t.Fatalf("unclean field %q", s)
			}
		}
		if utf8.RuneCountInString(form.Note) > maxNoteRunes || utf8.RuneCountInString(form.URL) > maxURLRunes {
			t.Fatalf("unbounded field: %d runes of note", utf8.RuneCountInString(form.Note))
		}
		if form.Back != "" && localPath(form.Back) != form.Back {
			t.Fatalf("back %q is not a local path", form.Back)
		}
		if len(errs) > 0 {
			return
		}
		ch := form.change()
		switch {
		case ch.Version < 1:
			t.Fatalf("accepted version %d", ch.Version)
		case ch.Status != "" && !reviewStatuses[string(ch.Status)]:
			t.Fatalf("accepted status %q", ch.Status)
		case ch.ResponseURL != "" && !webURL(ch.ResponseURL):
			t.Fatalf("accepted URL %q", ch.ResponseURL)
		case ch.Status == mediawatch.FlagResponded && ch.ResponseURL == "" && form.StatusWas != "responded":
			t.Fatal("accepted a move to responded without a URL")
		case ch.Status == "" && ch.Assignee == nil && ch.ResponseURL == "" && ch.Note == "":
			t.Fatal("accepted a form with nothing to change")
		}
	})
}
