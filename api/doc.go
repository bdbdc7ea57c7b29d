// Package api serves mediawatch's authenticated JSON API over HTTP: chi for
// routing and middleware, huma for typed operations and the OpenAPI 3.1
// document, RFC 9457 problem+json for every error.
//
// It owns: the route table (Server.routes, the one place every route is
// listed), authentication by API key (Authorization: Bearer), the role each
// operation needs, the per-key rate limit, request ids, panic recovery, the
// access log, the HTTP metrics, and the mapping of mediawatch's sentinel
// errors to HTTP status (statusOf, the one place that happens).
//
// It must not: write SQL or touch bleve (it reads through the small
// interfaces in deps.go, which store.DB and later the index satisfy), import
// package web, keep globals (each Server has its own metrics registry,
// limiter and clock), or log secrets (keys are logged by name only).
//
// Routes, by the file that holds them (routes() registers every one):
//   - search.go, export.go, items.go: search with highlights and facets, the
//     streamed export of every match, one item with its versions.
//   - rules.go, flags.go: the active rule set (GET /api/v1/rules, reload,
//     test a rule on history) and the flags it raised (list, one, export).
//   - stories.go, queue.go: stories and their review (GET, PATCH with
//     If-Match or version: 412/409 with the current state), the queue.
//   - reports.go: the daily report of a local date in html, md, csv or json.
//
// A new operation is registered with operation(…, least role, …) inside the
// authenticated group, takes its dependency through a small interface in
// deps.go, and returns input errors as *FieldError (a 400 problem naming the
// parameter) so that no input reaches a 500.
package api
