package api

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humachi"
	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"mediawatch"
	"mediawatch/desk"
)

// Server is the HTTP API. Build one with New and serve Handler; a Server
// starts no goroutines, so it needs no Close.
type Server struct {
	store   Store
	desk    *desk.Desk                      // the use cases every route calls
	index   desk.Searcher                   // nil: no search routes
	rules   RuleBook                        // nil: no rules and flags routes
	flags   FlagStore                       // nil: no rules and flags routes
	reports ReportBuilder                   // nil: no report route
	audit   AuditLog                        // nil: no audit route
	node    func(context.Context) NodeState // nil: one node, nothing to say
	log     *slog.Logger
	opts    Options
	reg     *prometheus.Registry
	metrics *httpMetrics
	limiter *limiter
	touches *throttle

	api     huma.API
	spec    []byte // the OpenAPI document, marshalled once
	docs    []byte // the docs page, rendered once
	handler http.Handler
}

// New builds a Server. It panics when deps.Store is nil or the route table
// is inconsistent: both are programming errors found at start, not input.
func New(deps Deps, opts Options) *Server {
	if deps.Store == nil {
		panic("api.New: nil Store")
	}
	s := &Server{store: deps.Store, index: deps.Index, rules: deps.Rules, flags: deps.Flags, reports: deps.Reports, audit: deps.Audit, node: deps.Node, log: deps.Logger,
		opts: opts.withDefaults(), reg: deps.Metrics}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s.log = s.log.With("component", "api")
	if s.desk = deps.Desk; s.desk == nil {
		ds, ok := deps.Store.(desk.Store)
		if !ok {
			panic("api.New: without Deps.Desk, Store must satisfy desk.Store")
		}
		s.desk = desk.New(desk.Deps{Store: ds, Index: deps.Index, Rules: deps.Rules, Logger: s.log},
			desk.Options{Location: s.opts.Location, Now: s.opts.Now, Queue: s.opts.Queue})
	}
	if s.reg == nil {
		s.reg = prometheus.NewRegistry()
		s.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	s.metrics = newHTTPMetrics(s.reg)
	s.limiter = newLimiter(s.opts.RatePerSecond, s.opts.RateBurst)
	s.touches = newThrottle(s.opts.TouchEvery)
	s.handler = s.routes()

	spec, err := json.Marshal(s.api.OpenAPI())
	if err != nil {
		panic("api.New: marshal OpenAPI: " + err.Error())
	}
	s.spec = spec
	s.docs = renderDocs(s.api.OpenAPI())
	return s
}

// Handler returns the handler serving every route.
func (s *Server) Handler() http.Handler { return s.handler }

// routes is the route table: every route the API serves is here.
func (s *Server) routes() http.Handler {
	r := chi.NewRouter()
	r.Use(s.requestID, s.observe, s.recoverer, s.limitHeaders)
	r.NotFound(s.notFound)
	r.MethodNotAllowed(s.methodNotAllowed)

	// Open to all.
	r.Get("/healthz", s.healthz)
	r.Get("/readyz", s.readyz)
	r.Get("/api/v1/openapi.json", s.openAPI)
	r.Get("/api/v1/docs", s.docsPage)
	// Open to loopback unless Options.MetricsPublic.
	r.With(s.loopbackOnly).Get("/metrics", s.metricsHandler().ServeHTTP)

	// Authenticated and rate-limited; each operation names its least role.
	r.Group(func(r chi.Router) {
		r.Use(s.authenticate, s.rateLimit)
		api := s.newAPI(r)
		register(api, operation("get-item", http.MethodGet, "/api/v1/items/{id}", mediawatch.RoleViewer,
			"Get an item", "One stored article or post: its current text and metadata, its platform and author account, and every version it has had.",
			http.StatusBadRequest, http.StatusNotFound), docs{example: exampleItem}, s.getItem)
		register(api, operation("get-me", http.MethodGet, "/api/v1/me", mediawatch.RoleViewer,
			"Who am I", "The name and role of the API key making the request."), docs{example: exampleMe}, s.getMe)
		if s.index != nil {
			register(api, operation("search", http.MethodGet, "/api/v1/search", mediawatch.RoleViewer,
				"Search coverage", "Hits with highlighted snippets, the total, facets by source, language, platform and local day, "+
					"and a cursor for deep paging.", http.StatusBadRequest), docs{example: exampleSearch}, s.search)
			register(api, operation("export", http.MethodGet, "/api/v1/export", mediawatch.RoleViewer,
				"Export every match", "Every match of a search, newest first, as CSV (with a UTF-8 byte order mark "+
					"unless bom=false, so that spreadsheet programs read Vietnamese right) or JSON lines, streamed — "+
					"not capped at a page.", http.StatusBadRequest), exportDocs(exportExampleCSV, exportExampleJSONL), s.export)
		}
		// Source health (sources.go).
		s.registerSources(api)
		{ // the stories and the queue, read and reviewed through the desk
			r := &storyRoutes{s: s}
			register(api, operation("list-stories", http.MethodGet, "/api/v1/stories", mediawatch.RoleViewer,
				"List stories", "Stories — an article and its copies, rewrites and syndications — newest first, filtered "+
					"by review status, first-seen date, assignee and whether they carry flags.", http.StatusBadRequest), docs{example: exampleStories}, r.list)
			register(api, operation("get-story", http.MethodGet, "/api/v1/stories/{id}", mediawatch.RoleViewer,
				"Get a story", "One story: its review state, its items (outlets), the flags rules raised on them and its "+
					"full history. The ETag header is its version, for If-Match.", http.StatusBadRequest, http.StatusNotFound),
				docs{example: exampleStoryDetail}, r.get)
			register(api, operation("update-story", http.MethodPatch, "/api/v1/stories/{id}", mediawatch.RoleEditor,
				"Review a story", "Move a story along new → in_review → responded | dismissed | false_positive (dismissed "+
					"and false_positive also straight from new; a verdict is reopened to new or in_review), assign it, note on it, record the published clarification. Send the version you "+
					"read, as If-Match (answered 412 when stale) or as version in the body (answered 409 when stale); a stale "+
					"change or a move the workflow forbids is refused with the current story in the problem's story member. "+
					"Without either, 428.", http.StatusBadRequest, http.StatusNotFound, http.StatusConflict,
				http.StatusPreconditionFailed, http.StatusPreconditionRequired), docs{example: exampleStory,
				problems: map[int]any{http.StatusConflict: storyConflict{}, http.StatusPreconditionFailed: storyConflict{}}}, r.patch)
			register(api, operation("queue", http.MethodGet, "/api/v1/queue", mediawatch.RoleViewer,
				"The response queue", "Open flagged stories — new, in review, or answered or dismissed but still spreading "+
					"— by priority = severity weight × reach (the highest source weight, or the audience reach of a post's "+
					"account when higher) × (1 + ln outlets) × 0.5^(hours since the newest copy / "+
					"half-life), × alerts.spike_boost for a story a spike under way made, each with the reasons in words, in Vietnamese or English (lang, else Accept-Language, else "+
					"Vietnamese).", http.StatusBadRequest), docs{example: exampleQueue}, r.queue)
		}
		s.registerAccounts(api)
		if s.rules != nil && s.flags != nil {
			register(api, operation("list-rules", http.MethodGet, "/api/v1/rules", mediawatch.RoleViewer,
				"List the rules", "The active rule set: its version, when it was loaded, every rule with its flag counts and "+
					"editors' precision, and the newest refused set with every problem."), docs{example: exampleRules}, s.listRules)
			reload := operation("reload-rules", http.MethodPost, "/api/v1/rules/reload", mediawatch.RoleAdmin,
				"Reload the rules", "Reads the rule directory again. A set with any error is refused whole (422, every "+
					"problem as file:line:col) and the active set stays.", http.StatusUnprocessableEntity)
			reload.Metadata[keep422Key] = true // a refused set is not bad input: the request has none
			register(api, reload, docs{example: exampleRules}, s.reloadRules)
			op := operation("test-rule", http.MethodPost, "/api/v1/rules/test", mediawatch.RoleEditor,
				"Test a rule on history", "How many stored items a query would flag, per local day, with the 20 newest "+
					"matches highlighted: found through the index, confirmed by the rule matcher. Nothing is written.",
				http.StatusBadRequest)
			op.MaxBodyBytes = 64 << 10
			register(api, op, docs{example: exampleRuleTest}, s.testRule)
			register(api, operation("list-flags", http.MethodGet, "/api/v1/flags", mediawatch.RoleViewer,
				"List flags", "Flags newest first, filtered by time flagged, rule, severity, source and review status.",
				http.StatusBadRequest), docs{example: exampleFlags}, s.listFlags)
			register(api, operation("export-flags", http.MethodGet, "/api/v1/flags/export", mediawatch.RoleViewer,
				"Export flags", "Every flag of the filter, newest first, as CSV (with a UTF-8 byte order mark unless "+
					"bom=false) or JSON lines, streamed — not capped at a page.",
				http.StatusBadRequest), exportDocs(flagExportExampleCSV, flagExportExampleJSONL), s.exportFlags)
			register(api, operation("get-flag", http.MethodGet, "/api/v1/flags/{id}", mediawatch.RoleViewer,
				"Get a flag", "One flag: the rule, the item version it matched, every matched term with its offsets.",
				http.StatusNotFound), docs{example: exampleFlag}, s.getFlag)
		}
		if b := s.reports; b != nil {
			register(api, operation("daily-report", http.MethodGet, "/api/v1/reports/daily/{date}", mediawatch.RoleViewer,
				"The daily report", "One local day's flagged-item report, computed from the store now: counts by source, "+
					"language, rule and severity, the new flagged stories with what matched, the answer picture, the 30-day "+
					"volume chart and one row per flagged item. An item belongs to the day it was first seen, a flag to the "+
					"day it was created. HTML is one self-contained page with every crawled string escaped.",
				http.StatusBadRequest), reportDocs(api), func(ctx context.Context, in *reportInput) (*reportOutput, error) {
				return s.dailyReport(ctx, b, in)
			})
		}
		register(api, operation("list-alerts", http.MethodGet, "/api/v1/alerts", mediawatch.RoleViewer,
			"List alerts", alertsDescription, http.StatusBadRequest), docs{example: exampleAlerts}, s.listAlerts)
		if s.audit != nil {
			register(api, operation("list-audit", http.MethodGet, "/api/v1/audit", mediawatch.RoleAdmin,
				"The audit log", auditDescription, http.StatusBadRequest), docs{example: exampleAudit}, s.listAudit)
		}
	})
	return r
}

// newAPI puts huma over r. The built-in spec, docs and schema routes are
// off: the spec and the (offline) docs page are served by routes(), outside
// authentication.
func (s *Server) newAPI(r chi.Router) huma.API {
	cfg := huma.DefaultConfig("mediawatch API", s.opts.Version)
	cfg.Info.Description = "Search and read the coverage mediawatch has collected. " +
		"Send an API key as `Authorization: Bearer <key>`; errors are RFC 9457 problem+json, in Vietnamese or " +
		"English as Accept-Language asks (English by default). Bad input is 400, with each field named. Times are " +
		"RFC 3339 in the configured zone, to the second; a time that has not happened is null."
	cfg.OpenAPIPath, cfg.DocsPath, cfg.SchemasPath = "", "", ""
	cfg.CreateHooks = nil // no $schema links in bodies: clients should not need them
	cfg.Transformers = append(cfg.Transformers, fixProblem)
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer", Description: "An API key made with `mediawatch keys create`."},
	}
	s.api = huma.NewAPI(cfg, roleAdapter{router: r, s: s})
	return s.api
}

// roleKey is the operation metadata holding the least role an operation
// needs.
const roleKey = "min_role"

// operation describes one authenticated operation needing at least role min.
// Besides errs, every such operation may answer 401, 403 and 429.
func operation(id, method, path string, min mediawatch.Role, summary, desc string, errs ...int) huma.Operation {
	return huma.Operation{
		OperationID: id,
		Method:      method,
		Path:        path,
		Summary:     summary,
		Description: desc + " Needs role " + string(min) + " or higher.",
		Security:    []map[string][]string{{"bearer": {}}},
		Metadata:    map[string]any{roleKey: min},
		Errors:      append([]int{http.StatusUnauthorized, http.StatusForbidden, http.StatusTooManyRequests}, errs...),
	}
}

// roleAdapter registers huma operations on a chi router, each behind the
// role check its metadata names, so the role rule is a plain chi middleware
// and an operation without a role fails closed (admin only).
type roleAdapter struct {
	router chi.Router
	s      *Server
}

func (a roleAdapter) Handle(op *huma.Operation, handler func(huma.Context)) {
	min, ok := op.Metadata[roleKey].(mediawatch.Role)
	if !ok || !min.Valid() {
		min = mediawatch.RoleAdmin
	}
	a.router.With(a.s.requireRole(min)).MethodFunc(op.Method, op.Path, func(w http.ResponseWriter, r *http.Request) {
		handler(statusContext{humachi.NewContext(op, r, w)})
	})
}

// statusContext sends 400 where huma would send 422 for input it refused:
// bad input is 400 everywhere (fixProblem makes the body agree), except in
// an operation that answers 422 itself (keep422Key).
type statusContext struct{ humaContext }

// humaContext names huma.Context so that statusContext can embed it: a
// field named Context would hide the interface's Context method.
type humaContext = huma.Context

// SetStatus sends code, 400 for huma's 422.
func (c statusContext) SetStatus(code int) {
	if code == http.StatusUnprocessableEntity && !keeps422(c.Operation()) {
		code = http.StatusBadRequest
	}
	c.humaContext.SetStatus(code)
}

func (a roleAdapter) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.router.ServeHTTP(w, r) }
