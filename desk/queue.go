package desk

import (
	"cmp"
	"math"
	"slices"
	"time"

	"mediawatch"
)

// QueueWeights weigh the editors' response queue: a weight per severity
// and the half-life of the recency decay. cmd hands them over from
// config.Queue.
type QueueWeights struct {
	Low, Medium, High, Critical float64
	// HalfLife is how long it takes a story's priority to halve when no
	// new copy of it appears; zero or less turns the decay off.
	HalfLife time.Duration
	// Names, if set, names the rules in the reasons (a *Rulebook: the
	// running set's names), asked once per Rank. Without it, or for a rule
	// it does not know, a reason calls a rule by its id. It rides along
	// with the weights because every face that ranks the queue is handed
	// them from cmd.
	Names RuleNamer
	// Spikes, if set, tells Rank which stories a spike still under way
	// made (a *SpikeBoard); their priority is multiplied by SpikeBoost
	// (alerts.spike_boost; 1 when 0), with the spike as the first reason.
	Spikes     SpikeSource
	SpikeBoost float64
}

// RuleNamer names rules by id, in Vietnamese and English.
type RuleNamer interface {
	RuleNames() map[string]mediawatch.Names
}

var _ RuleNamer = (*Rulebook)(nil)

// RuleNames names the rules of the active set by id; none before the first
// load.
func (b *Rulebook) RuleNames() map[string]mediawatch.Names {
	st := b.Status()
	m := make(map[string]mediawatch.Names, len(st.Rules))
	for _, r := range st.Rules {
		m[r.ID] = r.Name
	}
	return m
}

// DefaultQueueWeights are config's defaults: each severity counts twice
// the one below, and priority halves in a day without a new copy.
func DefaultQueueWeights() QueueWeights {
	return QueueWeights{Low: 1, Medium: 2, High: 4, Critical: 8, HalfLife: 24 * time.Hour}
}

// weight returns the weight of a severity; 0 for none.
func (w QueueWeights) weight(s mediawatch.Severity) float64 {
	switch s {
	case mediawatch.SeverityLow:
		return w.Low
	case mediawatch.SeverityMedium:
		return w.Medium
	case mediawatch.SeverityHigh:
		return w.High
	case mediawatch.SeverityCritical:
		return w.Critical
	}
	return 0
}

// QueueEntry is one story in the response queue: its priority, whether it
// is there because it kept spreading after it was answered or dismissed,
// and why it stands where it does, in words, in Vietnamese and English.
type QueueEntry struct {
	Story    mediawatch.Story   `json:"story"`
	Priority float64            `json:"priority"`
	Raised   bool               `json:"raised"`
	Reasons  []mediawatch.Names `json:"reasons"`
}

// Priority is how urgently a story needs an answer:
//
//	priority = weight(severity) × reach × (1 + ln(outlets)) × 0.5^(age / half-life) [× spike_boost]
//
// weight(severity) is the QueueWeights weight of the highest severity of
// its flags; reach the highest weight among its outlets' sources (a
// national paper outweighs a local blog), or, when one of its posts comes
// from an account whose audience is known and it is higher, that
// account's AudienceReach (Desk.Queue fills it in); outlets the number of distinct
// sources that carried it, so spread counts but with diminishing returns
// (1 outlet: ×1, 3: ×2.1, 10: ×3.3); age the time since its newest item
// was first stored, so a story still being copied stays up and a
// quiet one sinks, halving every HalfLife. A story raised again after an
// answer has a recent newest item by definition, so it comes back near
// the top. Age before now counts as zero. Rank multiplies by spike_boost
// the priority of a story a spike still under way made (boostSpikes).
func Priority(w QueueWeights, s mediawatch.Story, now time.Time) float64 {
	p := w.weight(s.Severity) * s.Reach * (1 + math.Log(float64(max(len(s.Outlets), 1))))
	if age := now.Sub(s.LastSeen); w.HalfLife > 0 && age > 0 {
		p *= math.Exp2(-age.Hours() / w.HalfLife.Hours())
	}
	return p
}

// MaxAudienceReach bounds AudienceReach: an account of a million
// followers weighs as much as the heaviest outlet an office usually sets,
// and no audience, however large, drowns the severity and spread terms.
const MaxAudienceReach = 4.0

// AudienceReach is the reach of a post whose account has audience
// followers or subscribers:
//
//	reach = min(1 + log10(1 + audience/1000), MaxAudienceReach)
//
// 0 (unknown) counts 1, as an unweighted source does; 1,000 followers
// ×1.3, 10,000 ×2.0, 100,000 ×3.0, 1,000,000 and more ×4. The
// logarithm makes each tenfold audience add the same, since followers are
// a rough and inflated measure of who reads a post.
func AudienceReach(audience int64) float64 {
	if audience <= 0 {
		return 1
	}
	return min(1+math.Log10(1+float64(audience)/1000), MaxAudienceReach)
}

// Rank orders open stories (store.DB.OpenStories) into the queue: highest
// priority first, then the most recently copied, then the oldest story.
func Rank(w QueueWeights, open []mediawatch.Story, now time.Time) []QueueEntry {
	var names map[string]mediawatch.Names
	if w.Names != nil {
		names = w.Names.RuleNames()
	}
	out := make([]QueueEntry, 0, len(open))
	for _, s := range open {
		out = append(out, QueueEntry{Story: s, Priority: Priority(w, s, now), Raised: !s.RaisedAt.IsZero(),
			Reasons: Reasons(s, now, names)})
	}
	boostSpikes(w, out, now, names)
	slices.SortStableFunc(out, func(a, b QueueEntry) int {
		return cmp.Or(cmp.Compare(b.Priority, a.Priority), b.Story.LastSeen.Compare(a.Story.LastSeen),
			cmp.Compare(a.Story.ID, b.Story.ID))
	})
	return out
}
