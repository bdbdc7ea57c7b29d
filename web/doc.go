// Package web is mediawatch's pages: server-rendered HTML for analysts,
// editors, the commission and an admin, beside the JSON API on the same
// listener (cmd/mediawatch/webface.go sends /api/, /healthz, /readyz and
// /metrics to the API and everything else here). web never imports api, nor
// api web; both call the use cases of package desk.
//
// # Design
//
//   - One layout (templates/layout.html): header with the product and office
//     name, navigation by role, the person's name, the language switch and
//     the sign-out button (a POST form); a skip link, landmarks (header, nav,
//     main, footer), visible focus; the page's "content" block; a footer.
//     Each templates/NAME.html defines {{define "content"}} and is parsed
//     with the layout into its own set (parseTemplates).
//   - No JavaScript framework. static/app.js is progressive enhancement only
//     (data-confirm dialogs, data-copy buttons); every page works without
//     it. static/style.css is ours, mobile first, usable at 360 px. Static
//     files are served at /static/HASH/NAME, cached for a year; templates
//     get the URL from {{$.Static "style.css"}}.
//   - The signed-in person: loadPerson reads the mw_session cookie (HttpOnly,
//     SameSite=Lax, Path=/, Secure under Options.Secure, over TLS, or behind a
//     trusted TLS proxy) and asks
//     Accounts.Session; handlers get the person with personOf(r) (nil before
//     sign-in) and the author of a change with actorOf(r). Routes behind
//     requireRole(min) send strangers to /login?next=PATH (next is only ever
//     a local path: localPath) and lower roles to the 403 page.
//   - CSRF: every POST/PUT/PATCH/DELETE carries the token — the form field
//     csrf ({{$.CSRFField}} in every form) or the X-CSRF-Token header —
//     compared in constant time with the session's (Session.CSRF), or before
//     sign-in with the mw_csrf double-submit cookie. A refusal is the 403
//     page saying so; /login shows it on its own form.
//   - Headers on every answer: a CSP with no inline script or style (so no
//     style= or on…= attributes, no <script> bodies, in any template),
//     Referrer-Policy same-origin, nosniff, X-Frame-Options DENY and
//     Cache-Control no-store (pages carry people's data).
//   - i18n: every text comes from messages.go in vi and en; templates write
//     {{$.T "key" args…}}, numbers {{$.Num n}} (vi 1.234, en 1,234), times
//     {{$.Time t}} (vi "06/12/2026 07:05", en "6 Dec 2026, 07:05") and days
//     {{$.Date t}}, in the person's zone. The language is the person's, else
//     the lang cookie the switch sets, else Accept-Language, else vi.
//   - Errors: errorPage(w, r, status, err) draws 400/403/404/405/500 in the
//     person's language; a 500 logs err with the request id and shows only
//     the id. Panics become that 500.
//   - Crawled text is escaped by html/template; a crawled link is a link only
//     when crawledURL says it is http(s), and then opens with
//     rel="noopener noreferrer" target="_blank".
//   - One exception, for speed: the search page writes its hits, facets and
//     volume chart in Go (search_hits.go, search_chart.go) with every value
//     escaped there, because an html/template action per value was most of
//     the page's time beyond the search (BENCHMARKS.md, issue 12). Snippets
//     and marked titles come escaped from desk, which puts matches in <mark>.
//   - The admin's pages (pages_admin_*.go, over the Admin interface that
//     desk.Admin implements) exist only when Deps.Admin is set, behind
//     requireRole(admin). A generated password or a new API key is shown
//     once, as the answer to the POST that made it (Cache-Control
//     no-store), never put in a cookie, a redirect or the log. The person
//     or key a form acts on travels in a hidden field, not in the path, so
//     any name (Vietnamese with its marks) needs no path escaping. Their
//     forms are decoded by pure functions over url.Values (admin_forms.go)
//     that FuzzAdminForm exercises.
//   - The social accounts pages (accounts_social.go: /accounts and
//     /accounts/{id}) show the authors behind posts through desk.Accounts
//     and desk.Account; account names and handles are crawled text. They
//     are not web/accounts.go, the Accounts interface of the people who
//     sign in. A bad listing cursor shows the first page, not an error.
//
// # Adding a page
//
//  1. templates/NAME.html: {{define "content"}}…{{end}}, texts via $.T, a
//     {{$.CSRFField}} in each form, stable test hooks (data-total, data-item-id…).
//  2. A handler: s.render(w, r, "NAME", page{Title: "NAME.title", Nav: "NAME", Data: d}).
//  3. Read form fields with formField / formSecret; on a refusal
//     s.formError(w, r, "NAME", p, "msg.key"); on success
//     s.flashAndRedirect(w, r, "msg.key", "/NAME").
//  4. Its route in routes(), inside the requireRole group of its lowest role;
//     a nav entry (navAll) appears once its GET route exists.
//  5. Its texts in messages.go (vi and en), an httptest test and a browser
//     test (browser_test_helpers_test.go: newBrowser, signInBrowser, checkAxe,
//     setViewport360, assertNoSidewaysScroll, screenshot).
//
// Lists page with newPager(r.URL, total, perPage) in Data and
// {{template "pager" $.PagerView .Data.Pager}}.
package web
