package main

import (
	"strings"

	"mediawatch/desk"
)

// A source's health is stored as the crawler wrote it, in English; the
// table shows it in the interface language. Which stored texts are which
// problem is desk's (desk/sources_problems.go: ExplainError,
// ExplainWarning), so the sources page and this table recognise the same
// forms; the words are this catalogue's. A form not known is shown as
// stored, which is honest if not translated.

// problemKeys are the messages that say each problem form.
var problemKeys = map[string]msgKey{
	desk.ProblemListingCut:        msgWarnListingCut,
	desk.ProblemFeedEmpty:         msgWarnFeedEmpty,
	desk.ProblemSelectorEmpty:     msgWarnSelectorEmpty,
	desk.ProblemSitemapEmpty:      msgWarnSitemapEmpty,
	desk.ProblemSitemapsUnread:    msgWarnSitemapsUnread,
	desk.ProblemSitemapsPartial:   msgWarnSitemapsPartial,
	desk.ProblemRefusedPrivate:    msgWarnRefusedPrivate,
	desk.ProblemHTTPStatusRetry:   msgErrHTTPStatusRetry,
	desk.ProblemHTTPStatus:        msgErrHTTPStatus,
	desk.ProblemRedirectLimit:     msgErrRedirectLimit,
	desk.ProblemPrivateAddress:    msgErrPrivateAddress,
	desk.ProblemRobotsDisallowed:  msgErrRobotsDisallowed,
	desk.ProblemRobotsUnavailable: msgErrRobotsUnavailable,
	desk.ProblemHostBusy:          msgErrHostBusy,
	desk.ProblemTooLarge:          msgErrTooLarge,
	desk.ProblemTimeout:           msgErrTimeout,
	desk.ProblemConnRefused:       msgErrConnRefused,
	desk.ProblemNoSuchHost:        msgErrNoSuchHost,
	desk.ProblemCertificate:       msgErrCertificate,
	desk.ProblemNotFeed:           msgErrNotFeed,
	desk.ProblemNotSitemap:        msgErrNotSitemap,
	desk.ProblemChannelEmpty:      msgErrChannelEmpty,
	desk.ProblemListingEmpty:      msgErrListingEmpty,
	desk.ProblemNoPreview:         msgErrNoPreview,
	desk.ProblemVideoEmpty:        msgErrVideoEmpty,
	desk.ProblemMastodonEmpty:     msgErrMastodonEmpty,
	desk.ProblemBlueskyEmpty:      msgErrBlueskyEmpty,
	desk.ProblemRedditEmpty:       msgErrRedditEmpty,
}

// healthWarning is a stored warning in t's language, part by part.
func healthWarning(t texts, stored string) string {
	if stored == "" || t.lang() == "en" {
		return stored
	}
	parts := desk.ExplainWarning(stored)
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = problemText(t, p)
	}
	return strings.Join(out, "; ")
}

// healthError is a stored crawl error in t's language, or as stored when
// its form is not known.
func healthError(t texts, stored string) string {
	if stored == "" || t.lang() == "en" {
		return stored
	}
	p, _ := desk.ExplainError(stored)
	return problemText(t, p)
}

// problemText says p from the catalogue, or as stored when its form is
// not known.
func problemText(t texts, p desk.Problem) string {
	key, ok := problemKeys[p.Form]
	if !ok {
		return p.Stored
	}
	return t.f(key, problemArgs(t, p)...)
}

// problemArgs are the message's arguments: the address first when the
// form names one ("(address unknown)" when the stored text did not say).
func problemArgs(t texts, p desk.Problem) []any {
	args := strArgs(p.Args)
	if p.NamesURL {
		addr := p.URL
		if addr == "" {
			addr = t.f(msgErrTheSite)
		}
		args = append([]any{addr}, args...)
	}
	return args
}

// errorForm finds stored's message and its arguments (for tests).
func errorForm(t texts, stored string) (msgKey, []any, bool) {
	p, ok := desk.ExplainError(stored)
	if !ok {
		return 0, nil, false
	}
	return problemKeys[p.Form], problemArgs(t, p), true
}

func strArgs(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// explainError is a stored crawl error in lang (vi or en), for the
// report's sources section and the alert mails: the table's words.
func explainError(lang, stored string) string { return healthError(textsFor(lang), stored) }
