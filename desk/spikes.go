package desk

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"mediawatch"
	"mediawatch/index"
	"mediawatch/query"
	"mediawatch/store"
)

// The windows a spike is judged over: the last hour and the last day.
var spikeWindows = []time.Duration{time.Hour, 24 * time.Hour}

// spikeStories is how many of a spike's stories it names (and the queue
// raises), most items first; spikeHits how many of a term's items in the
// window are looked up for their stories.
const (
	spikeStories = 20
	spikeHits    = 500
)

// SpikeStore is what the spike check reads; *store.DB satisfies it.
type SpikeStore interface {
	FlaggedItemCounts(ctx context.Context, spans []store.Span) (map[string][]int, error)
	FlaggedStories(ctx context.Context, rule string, s store.Span, limit int) ([]int64, error)
	ItemStories(ctx context.Context, ids []int64, limit int) ([]int64, error)
	FirstItemAt(ctx context.Context) (time.Time, error)
	AlertReader
}

// SpikeOptions are alerts.spike_k, spike_min and spike_days.
type SpikeOptions struct {
	K    float64 // a count above mean + K·σ of the baseline is a spike
	Min  int     // and it must be at least Min
	Days int     // days of baseline: the same window on each earlier day
}

// Spikes looks for spikes: a rule's flagged items, or a watch term's items,
// in the last hour or the last day, well above the same window on each of
// the previous Days days. serve runs Check every alerts.check_every.
//
// A rule counts the distinct items it flagged with a flag created in the
// window (a flag is created when the item is stored, so this is when the
// office learned of it; the flags_created index answers each window
// without touching items). A watch term counts, through the search index,
// the items that mention it dated in the window (published, else first
// seen: an old article found late counts on its own day, not as news);
// the index already knows which items mention a term, which the store
// does not record.
//
// A day of the baseline that starts before the oldest stored item is left
// out: mediawatch was not running then, which is not the same as a quiet
// day. With no baseline day left there is no judgement.
type Spikes struct {
	Store   SpikeStore
	Index   Searcher // nil: watch terms are not counted
	Terms   []mediawatch.WatchTerm
	Alerter mediawatch.Alerter // nil: Check finds spikes but raises none
	Options SpikeOptions
	Now     func() time.Time // nil: time.Now
}

// JudgeSpike says whether count is a spike over baseline: count > mean +
// k·σ (σ the population standard deviation of baseline) and count ≥ min.
// It returns the mean, σ and the threshold mean + k·σ. A zero baseline
// has threshold 0: min alone decides. An empty baseline is no spike.
func JudgeSpike(count int, baseline []int, k float64, min int) (mean, sd, threshold float64, spike bool) {
	if len(baseline) == 0 {
		return 0, 0, 0, false
	}
	for _, n := range baseline {
		mean += float64(n)
	}
	mean /= float64(len(baseline))
	for _, n := range baseline {
		sd += (float64(n) - mean) * (float64(n) - mean)
	}
	sd = math.Sqrt(sd / float64(len(baseline)))
	threshold = mean + k*sd
	return mean, sd, threshold, float64(count) > threshold && count >= min
}

// SpikeID is the alert id of a spike: its scope, key, window and the check
// time truncated to the window's length, so that the same spike seen
// twice in one hour (or day) is one alert.
func SpikeID(scope mediawatch.SpikeScope, key string, window time.Duration, at time.Time) string {
	name, layout := "1h", "2006-01-02T15"
	if window >= 24*time.Hour {
		name, layout = "1d", "2006-01-02"
	}
	return fmt.Sprintf("spike-%s-%s-%s-%s", scope, key, name, at.UTC().Truncate(window).Format(layout))
}

// spans are the windows of one length ending now and at the same time on
// each of days earlier days, the current one first; a day before start
// (the oldest item) is left out.
func spans(now time.Time, window time.Duration, days int, start time.Time) []store.Span {
	out := []store.Span{{From: now.Add(-window), To: now}}
	for d := 1; d <= days; d++ {
		to := now.Add(-time.Duration(d) * 24 * time.Hour)
		if to.Add(-window).Before(start) {
			break
		}
		out = append(out, store.Span{From: to.Add(-window), To: to})
	}
	return out
}

// Check finds the spikes under way now and raises those not already
// raised: a spike of a rule or term over a window is raised at most once
// per window length (while it lasts, the next check finds it raised and
// stays quiet; it is raised again only after a full window, if it still
// holds). So a count that wavers around the threshold from one check to
// the next makes one alert, not one per crossing. It returns the spikes
// raised.
func (s *Spikes) Check(ctx context.Context) ([]mediawatch.Alert, error) {
	now := time.Now()
	if s.Now != nil {
		now = s.Now()
	}
	now = now.UTC()
	start, err := s.Store.FirstItemAt(ctx)
	if err != nil || start.IsZero() {
		return nil, err
	}
	recent, err := s.Store.Alerts(ctx, now.Add(-24*time.Hour), mediawatch.AlertSpike, store.MaxAlertLimit)
	if err != nil {
		return nil, err
	}
	var found []mediawatch.Alert
	for _, w := range spikeWindows {
		sp := spans(now, w, s.Options.Days, start)
		if len(sp) < 2 {
			continue
		}
		rules, err := s.Store.FlaggedItemCounts(ctx, sp)
		if err != nil {
			return nil, err
		}
		for _, rule := range sortedKeys(rules) {
			if a, ok := s.judge(mediawatch.SpikeRule, rule, w, now, rules[rule]); ok {
				found = append(found, a)
			}
		}
		for _, t := range s.terms() {
			counts, err := s.termCounts(ctx, t, sp)
			if err != nil {
				return nil, err
			}
			if a, ok := s.judge(mediawatch.SpikeTerm, t, w, now, counts); ok {
				found = append(found, a)
			}
		}
	}
	var raised []mediawatch.Alert
	for _, a := range found {
		if underWay(recent, a.Spike, now) {
			continue
		}
		if err := s.stories(ctx, a.Spike, now); err != nil {
			return raised, err
		}
		if s.Alerter != nil {
			if err := s.Alerter.Raise(ctx, a); err != nil {
				return raised, err
			}
		}
		raised = append(raised, a)
	}
	return raised, nil
}

// judge makes the alert of a spike in counts (the current window first).
func (s *Spikes) judge(scope mediawatch.SpikeScope, key string, w time.Duration, now time.Time, counts []int) (mediawatch.Alert, bool) {
	mean, sd, threshold, spike := JudgeSpike(counts[0], counts[1:], s.Options.K, s.Options.Min)
	if !spike {
		return mediawatch.Alert{}, false
	}
	return mediawatch.Alert{ID: SpikeID(scope, key, w, now), Kind: mediawatch.AlertSpike, At: now,
		Spike: &mediawatch.Spike{Scope: scope, Key: key, Window: w, End: now, Count: counts[0], Mean: mean, SD: sd,
			Threshold: threshold, Days: len(counts) - 1}}, true
}

// underWay reports whether a spike of the same scope, key and window was
// raised less than a window ago.
func underWay(recent []mediawatch.Alert, sp *mediawatch.Spike, now time.Time) bool {
	for _, a := range recent {
		r := a.Spike
		if r != nil && r.Scope == sp.Scope && r.Key == sp.Key && r.Window == sp.Window && now.Sub(a.At) < sp.Window {
			return true
		}
	}
	return false
}

// stories fills sp.StoryIDs with the stories of the window's items.
func (s *Spikes) stories(ctx context.Context, sp *mediawatch.Spike, now time.Time) error {
	win := store.Span{From: now.Add(-sp.Window), To: now}
	var err error
	if sp.Scope == mediawatch.SpikeRule {
		sp.StoryIDs, err = s.Store.FlaggedStories(ctx, sp.Key, win, spikeStories)
		return err
	}
	q, req, err := termSearch(sp.Key, win)
	if err != nil {
		return err
	}
	req.Size, req.Sort = spikeHits, index.SortNewest
	res, err := s.Index.Search(ctx, q, req)
	if err != nil {
		return fmt.Errorf("spike stories of %q: %w", sp.Key, err)
	}
	ids := make([]int64, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	sp.StoryIDs, err = s.Store.ItemStories(ctx, ids, spikeStories)
	return err
}

// terms are the watch terms counted: none without an index.
func (s *Spikes) terms() []string {
	if s.Index == nil {
		return nil
	}
	var out []string
	for _, t := range s.Terms {
		if k := strings.TrimSpace(t.Term); k != "" && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// termCounts counts term's items in each span through the index.
func (s *Spikes) termCounts(ctx context.Context, term string, sp []store.Span) ([]int, error) {
	out := make([]int, len(sp))
	for i, win := range sp {
		q, req, err := termSearch(term, win)
		if err != nil {
			return nil, err
		}
		req.Size = 1
		res, err := s.Index.Search(ctx, q, req)
		if err != nil {
			return nil, fmt.Errorf("count %q: %w", term, err)
		}
		out[i] = int(res.Total)
	}
	return out, nil
}

// termSearch is the search for term's items dated in win: the term as a
// phrase (quotation marks inside it are dropped).
func termSearch(term string, win store.Span) (query.Node, index.Request, error) {
	q, err := query.Parse(`"` + strings.ReplaceAll(term, `"`, " ") + `"`)
	if err != nil {
		return nil, index.Request{}, fmt.Errorf("watch term %q: %w", term, err)
	}
	return q, index.Request{From: win.From, To: win.To.Add(-time.Nanosecond)}, nil
}

func sortedKeys(m map[string][]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
