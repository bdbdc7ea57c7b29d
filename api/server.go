package api

import (
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
)

// Server is the HTTP API. Build one with New and serve Handler; a Server
// starts no goroutines, so it needs no Close.
type Server struct {
	store   Store
	index   Searcher      // nil: no search routes
	rules   RuleBook      // nil: no rules and flags routes
	flags   FlagStore     // nil: no rules and flags routes
	reports ReportBuilder // nil: no report route
	audit   AuditLog      // nil: no audit route
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
	s := &Server{store: deps.Store, index: deps.Index, rules: deps.Rules, flags: deps.Flags, reports: deps.Reports, audit: deps.Audit, log: deps.Logger,
		opts: opts.withDefaults(), reg: deps.Metrics}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s.log = s.log.With("component", "api")
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
			"Get an item", "One stored article: its current text and metadata, and every version it has had.",
			http.StatusBadRequest, http.StatusNotFound), docs{example: exampleItem}, s.getItem)
		register(api, operation("get-me", http.MethodGet, "/api/v1/me", mediawatch.RoleViewer,
			"Who am I", "The name and role of the API key making the request."), docs{example: exampleMe}, s.getMe)
		if s.index != nil {
			register(api, operation("search", http.MethodGet, "/api/v1/search", mediawatch.RoleViewer,
				"Search coverage", "Hits with highlighted snippets, the total, facets by source, language and local day, "+
					"and a cursor for deep paging.", http.StatusBadRequest), docs{example: exampleSearch}, s.search)
			register(api, operation("export", http.MethodGet, "/api/v1/export", mediawatch.RoleViewer,
				"Export every match", "Every match of a search, newest first, as CSV (with a UTF-8 byte order mark "+
					"unless bom=false, so that spreadsheet programs read Vietnamese right) or JSON lines, streamed — "+
					"not capped at a page.", http.StatusBadRequest), exportDocs(exportExampleCSV, exportExampleJSONL), s.export)
		}
		s.registerStories(api)
		if s.rules != nil && s.flags != nil {
			s.registerRules(api)
		}
		if s.reports != nil {
			s.registerReports(api, s.reports)
		}
		if s.audit != nil {
			s.registerAudit(api)
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
