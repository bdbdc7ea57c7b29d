package main

import (
	"time"

	"mediawatch/desk"
)

// newDesk builds the use cases over the data directory's store, its
// index (when open) and the running rule set (when loaded): the one Desk
// both faces — the API and the web pages — call.
func (a *app) newDesk() *desk.Desk {
	deps := desk.Deps{Store: a.db, Reports: a.reportBuilder(time.Now), Logger: a.log}
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
	return desk.New(deps, desk.Options{Location: a.cfg.Location(), Queue: a.queueWeights()})
}
