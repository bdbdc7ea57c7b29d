package mediawatch

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestSpikeJSONWindowInSeconds(t *testing.T) {
	in := Spike{Scope: SpikeRule, Key: "dam", Window: time.Hour, Count: 12, Mean: 1.5}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"window_seconds":3600`) {
		t.Fatalf("window not in seconds: %s", b)
	}
	var out Spike
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if out.Window != time.Hour || out.Key != "dam" || out.Count != 12 {
		t.Fatalf("round trip: %+v", out)
	}
}
