package main

import (
	"net/http"

	"mediawatch/web"
)

// faces is the one handler of the HTTP listener: the API's paths go to the
// API, everything else to the web pages. api and web never import each
// other; this is the only place they meet.
//
// accounts is sign-in for the pages (desk.People). With nil the pages run
// and /login says that sign-in is not configured.
func (a *app) faces(apiHandler http.Handler, accounts web.Accounts) http.Handler {
	pages := web.New(web.Deps{Accounts: accounts, Logger: a.log, Desk: a.newDesk(),
		SourceNames: storedSourceNames(a.db, a.cfg.SourceList())}, web.Options{
		Location: a.cfg.Location(),
		// Cookies are Secure when mediawatch itself speaks TLS. Behind a
		// proxy that terminates TLS, the proxy marks them (or sets HSTS).
		Secure: a.cfg.API.TLSCert != "",
		// Admins edit rules from the pages unless rules.edit is off.
		RuleEditing: a.cfg.Rules.Edit,
	})
	mux := http.NewServeMux()
	for _, p := range []string{"/api/", "/healthz", "/readyz", "/metrics"} {
		mux.Handle(p, apiHandler)
	}
	mux.Handle("/", pages.Handler())
	return mux
}
