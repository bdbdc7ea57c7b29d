package main

import (
	"io"
	"time"

	"github.com/schollz/progressbar/v3"
)

// jobBar is the progress bar of an index job on a terminal: the count
// done, the rate, and in words, in the interface language, about how long
// is left — a reindex of a million items takes minutes, and the one
// question on the operator's mind is when it ends.
type jobBar struct {
	w     io.Writer
	t     texts
	title string
	bar   *progressbar.ProgressBar
	start time.Time
	shown time.Time // when the estimate was last written
	now   func() time.Time
}

// jobTitles name the jobs that report progress, in the interface
// language; another job is shown by its name.
var jobTitles = map[string]msgKey{
	"reindex":         msgJobReindex,
	"rules-apply":     msgJobRulesApply,
	"stories-regroup": msgJobRegroup,
	"import":          msgJobImport,
}

func newJobBar(w io.Writer, t texts, job string, now func() time.Time) *jobBar {
	title := job
	if k, ok := jobTitles[job]; ok {
		title = t.f(k)
	}
	return &jobBar{w: w, t: t, title: title, now: now}
}

// set shows done of total; the estimate is written at most once a second.
func (b *jobBar) set(done, total int) {
	now := b.now()
	if b.bar == nil {
		b.bar = countBar(b.w, total, b.title)
		b.start, b.shown = now, now
	}
	if left, ok := timeLeft(now.Sub(b.start), done, total); ok && now.Sub(b.shown) >= time.Second {
		b.bar.Describe(b.t.f(msgJobLeft, b.title, left))
		b.shown = now
	}
	_ = b.bar.Set(done)
}

// finish ends the bar (a terminal line cleared), if one was drawn.
func (b *jobBar) finish() {
	if b.bar != nil {
		_ = b.bar.Finish()
	}
}

// timeLeft estimates the time still needed to do total when done took
// elapsed, at the rate so far, rounded for reading: to the second under
// ten minutes, to the minute above. ok is false before any progress and
// once the work is done.
func timeLeft(elapsed time.Duration, done, total int) (left time.Duration, ok bool) {
	if done <= 0 || total <= done || elapsed <= 0 {
		return 0, false
	}
	left = time.Duration(float64(elapsed) * float64(total-done) / float64(done))
	if left >= 10*time.Minute {
		return left.Round(time.Minute), true
	}
	return max(time.Second, left.Round(time.Second)), true
}
