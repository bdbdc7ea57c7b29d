package desk

import (
	"time"

	"mediawatch"
	"mediawatch/alert"
)

// SpikeSource tells which stories a spike still under way made; *SpikeBoard
// satisfies it.
type SpikeSource interface {
	SpikesUnderWay(now time.Time) map[int64]mediawatch.Spike
}

var _ SpikeSource = (*SpikeBoard)(nil)

// boostSpikes multiplies by w.SpikeBoost the priority of each entry whose
// story a spike under way made, and puts the spike first among its
// reasons: "Tăng đột biến: quy tắc “…” có 12 bài trong giờ qua, bình
// thường 1,5" / "Spike: rule “…” had 12 items in the last hour, usually
// 1.5".
func boostSpikes(w QueueWeights, out []QueueEntry, now time.Time, names map[string]mediawatch.Names) {
	if w.Spikes == nil {
		return
	}
	spikes := w.Spikes.SpikesUnderWay(now)
	if len(spikes) == 0 {
		return
	}
	boost := w.SpikeBoost
	if boost <= 0 {
		boost = 1
	}
	for i := range out {
		sp, ok := spikes[out[i].Story.ID]
		if !ok {
			continue
		}
		out[i].Priority *= boost
		reason := mediawatch.Names{VI: alert.SpikeWords("vi", sp, names), EN: alert.SpikeWords("en", sp, names)}
		out[i].Reasons = append([]mediawatch.Names{reason}, out[i].Reasons...)
	}
}
