package report

import (
	"strings"
	"testing"
)

// A failing source's reason carries the crawler's error in the report's
// language when the builder is given the words for it, and as stored
// otherwise; last_error stays as stored for programs.
func TestSourcesExplainError(t *testing.T) {
	in := fixture(t, "vi")
	in.ExplainError = func(lang, stored string) string {
		if lang != "vi" || !strings.HasSuffix(stored, "status 503") {
			t.Errorf("asked to explain %q in %q", stored, lang)
		}
		return "trang trả về mã 503: https://vtv.vn/rss"
	}
	d, err := Compute(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range d.Sources.Troubled {
		if e.Source != "vtv" {
			continue
		}
		if !strings.Contains(e.Why, "trang trả về mã 503") || strings.Contains(e.Why, "status 503") {
			t.Errorf("vtv's reason = %q, want the error in Vietnamese", e.Why)
		}
		if e.LastError != "fetch https://vtv.vn/rss: status 503" {
			t.Errorf("last_error = %q, want it as stored", e.LastError)
		}
		return
	}
	t.Fatal("vtv not among the troubled sources")
}
