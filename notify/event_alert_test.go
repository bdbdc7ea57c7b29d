package notify

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"mediawatch"
)

// keysOf is the top-level keys of e's JSON body.
func keysOf(t *testing.T, e Event) []string {
	t.Helper()
	raw, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// TestEventShapes: a flag event keeps the keys it always had; an alert's
// event carries its own object, its time and link, and no flag or item.
func TestEventShapes(t *testing.T) {
	at := time.Date(2026, 12, 6, 0, 5, 0, 0, time.UTC)
	flag := NewEvent(mediawatch.Flag{ID: 42, ItemID: 7, RuleID: "dam", Severity: mediawatch.SeverityHigh, CreatedAt: at},
		mediawatch.Item{Title: "t", URL: "u", Source: "s"})
	if got := keysOf(t, flag); !slices.Equal(got, []string{"flag", "id", "item", "sent_at", "type"}) {
		t.Errorf("flag event keys %v", got)
	}
	spike := NewAlertEvent(mediawatch.Alert{ID: "spike-1", Kind: mediawatch.AlertSpike, At: at,
		Spike: &mediawatch.Spike{Scope: mediawatch.SpikeTerm, Key: "thủy điện", Window: 24 * time.Hour, End: at, Count: 9}}, "https://mw/stories/1")
	if got := keysOf(t, spike); !slices.Equal(got, []string{"at", "id", "link", "sent_at", "spike", "type"}) {
		t.Errorf("spike event keys %v", got)
	}
	if spike.Type != TypeSpike || spike.Spike.WindowSeconds != 86400 || spike.Spike.Key != "thủy điện" {
		t.Errorf("spike event %+v", spike.Spike)
	}
	src := NewAlertEvent(mediawatch.Alert{ID: "s", Kind: mediawatch.AlertSourceRecovered, At: at,
		Source: &mediawatch.SourceAlert{Source: "a", From: mediawatch.StateFailing, To: mediawatch.StateRecovered}}, "")
	if got := keysOf(t, src); !slices.Equal(got, []string{"at", "id", "sent_at", "source", "type"}) {
		t.Errorf("source event keys %v", got)
	}
	w := &Webhook{MinSeverity: mediawatch.SeverityCritical}
	if !w.wants(src) || !w.wants(spike) || w.wants(flag) {
		t.Error("MinSeverity must filter flag events only")
	}
}
