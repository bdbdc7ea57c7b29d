package main

import (
	"strconv"
	"strings"

	"mediawatch"
	"mediawatch/desk"
)

// inLang picks n's text in t's language, the other one if that is empty,
// else fallback: a rule named in one language only still has a name.
func inLang(t texts, n mediawatch.Names, fallback string) string {
	if t.lang() == "vi" {
		return orElse(n.VI, orElse(n.EN, fallback))
	}
	return orElse(n.EN, orElse(n.VI, fallback))
}

// decimal writes f with one decimal the way t's language does: 7,8 in
// Vietnamese, 7.8 in English.
func decimal(t texts, f float64) string {
	s := strconv.FormatFloat(f, 'f', 1, 64)
	if t.lang() == "vi" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// queueWeights are config's queue weights, with the running rule set to
// name the rules in the queue's reasons, and the spikes under way (the
// store's alerts) boosted by alerts.spike_boost.
func (a *app) queueWeights() desk.QueueWeights {
	w := queueWeights(a.cfg)
	w.Names = a.rules
	w.Spikes, w.SpikeBoost = &desk.SpikeBoard{Store: a.db, Log: a.log}, a.cfg.Alerts.SpikeBoost
	return w
}
