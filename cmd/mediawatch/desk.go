package main

import (
	"time"

	"mediawatch/desk"
)

// newDesk returns the use cases over the data directory's store, its
// index (when open) and the running rule set (when loaded): the one Desk
// both faces — the API and the web pages — call, built at the first call,
// once the index and the rules are in place.
func (a *app) newDesk() *desk.Desk {
	a.desk.once.Do(func() { a.desk.d = a.buildDesk() })
	return a.desk.d
}

func (a *app) buildDesk() *desk.Desk {
	deps := desk.Deps{Store: a.db, Reports: a.reportBuilder(time.Now), Audit: a.audit,
		Logger: a.log, Alerts: lateAlerter{a}}
	if send, err := a.reportSending(a.log.With("component", "report")); err == nil {
		deps.Send = send // a bad report.mail is reported by the scheduler; the pages then offer no resend
	} else {
		deps.Send.Archive.Dir = reportsDir(a.cfg.DataDir)
	}
	if a.idx != nil { // not a nil *index.Index: the desk then has no search
		deps.Index = a.idx
	}
	if a.rules != nil {
		deps.Rules = a.rules
	}
	return desk.New(deps, desk.Options{Location: a.cfg.Location(), Queue: a.queueWeights(), Health: healthOptions(a.cfg.Health),
		ExplainError: explainError})
}
