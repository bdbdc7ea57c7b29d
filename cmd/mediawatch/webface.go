package main

import (
	"net/http"

	"mediawatch/desk"
	"mediawatch/web"
)

// faces is the one handler of the HTTP listener: the API's paths go to the
// API, everything else to the web pages. api and web never import each
// other; this is the only place they meet.
//
// people is sign-in for the pages and, with the API keys and the audit
// log of the same store, the admin's pages. With nil the pages run, /login
// says that sign-in is not configured and there are no admin pages.
func (a *app) faces(apiHandler http.Handler, people *desk.People) http.Handler {
	deps := web.Deps{Logger: a.log, Desk: a.newDesk(), SourceNames: storedSourceNames(a.db, a.cfg.SourceList())}
	if people != nil { // not a nil *desk.People in the interfaces: web tests them against nil
		deps.Accounts = people
		deps.Admin = desk.Admin{People: people, Keys: &desk.Keys{Store: a.db, Audit: people.Audit}, Log: people.Audit}
	}
	pages := web.New(deps, web.Options{
		Location: a.cfg.Location(),
		Office:   a.cfg.Office.Name,
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
