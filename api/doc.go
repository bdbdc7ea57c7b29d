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
// Extension points, for the routes that come next:
//   - GET /api/v1/search: declare a Searcher interface in deps.go and add it
//     to Deps; register the operation in routes() beside get-item with
//     operation(…, RoleViewer, …). A query that does not parse should be
//     returned as a *FieldError (Location "query.q", the position in
//     Message): it becomes a 400 problem with huma's errors list.
//   - GET /api/v1/export: register it the same way with an output whose Body
//     is a huma.StreamResponse, so it appears in the OpenAPI document and
//     passes through the same authentication, role check and rate limit (one
//     export is one request). Give the http.Server a WriteTimeout long
//     enough for it.
package api
