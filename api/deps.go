package api

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"mediawatch"
	"mediawatch/desk"
)

// Store is what the API reads itself — API keys and readiness; everything
// else goes through the desk. *store.DB satisfies it.
type Store interface {
	// CountItems answers /readyz: a store that can count is a store that
	// answers.
	CountItems(ctx context.Context) (int, error)
	// KeyByToken finds an API key by its plaintext: an unknown key wraps
	// mediawatch.ErrNotFound, a revoked one mediawatch.ErrRevoked.
	KeyByToken(ctx context.Context, token string) (mediawatch.APIKey, error)
	// TouchKey records that a key was used; the server throttles calls.
	TouchKey(ctx context.Context, id int64, t time.Time) error
}

// Deps are the parts a Server uses but does not own.
type Deps struct {
	Store Store
	// Logger receives the access log and server-side errors; nil discards.
	Logger *slog.Logger
	// Metrics is the registry /metrics serves and the HTTP metrics are
	// registered in. Pass the one the crawler and index count in, so one
	// scrape sees everything; nil makes a new registry with the Go and
	// process collectors. One Server per registry: registering twice panics.
	Metrics *prometheus.Registry
	// Desk is the use cases the routes call. When nil, New builds one
	// over Store (which must then satisfy desk.Store, as *store.DB does),
	// Index and Rules, with Options' zone, clock and queue weights.
	Desk *desk.Desk
	// Index answers search and export; nil leaves those routes out.
	Index desk.Searcher
	// Rules is the active rule set and Flags the flags it raised; with
	// both, the rules and flags routes are served (rule tests also need
	// Index).
	Rules RuleBook
	Flags FlagStore
	// Reports builds the daily report; nil leaves the report route out.
	Reports ReportBuilder
	// Audit is the audit log (desk.Audit); nil leaves GET /api/v1/audit out.
	Audit AuditLog
	// Node, when set (a node of a shared PostgreSQL store), says what
	// this node does, for /readyz.
	Node func(ctx context.Context) NodeState
}

// NodeState is one node's part among the nodes that share a store.
type NodeState struct {
	// Role is "leader" (this node runs the jobs that run once per store:
	// the daily report, retention, the health and spike checks, the alert
	// mail) or "member" (another node does; this one takes them over when
	// that node stops). Every node crawls its share and serves.
	Role string `json:"role"`
	// Crawling is how many sources this node holds the lease of now.
	Crawling int `json:"crawling"`
	// Behind is how many changes other nodes made that this node's index
	// has not applied yet (it applies them every second).
	Behind int64 `json:"behind"`
}

// Options are plain settings, read once from config by cmd.
type Options struct {
	// Version is the API version shown in the OpenAPI document; "dev" when
	// empty.
	Version string
	// MetricsPublic serves /metrics to every address, not only loopback.
	MetricsPublic bool
	// RatePerSecond is how many requests per second each key may make on
	// average, and RateBurst how many it may make at once. Zero means the
	// defaults (10/s, burst 20); a negative rate turns the limit off.
	RatePerSecond float64
	RateBurst     int
	// TouchEvery is how often a key's last-used time is written at most;
	// zero means once a minute.
	TouchEvery time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Location is the zone of local dates in parameters, of per-day facets
	// and of times in answers; nil means Asia/Ho_Chi_Minh.
	Location *time.Location
	// Queue weighs the response queue; zero means desk.DefaultQueueWeights.
	Queue desk.QueueWeights
}

// Defaults for Options.
const (
	defaultRate       = 10
	defaultBurst      = 20
	defaultTouchEvery = time.Minute
)

func (o Options) withDefaults() Options {
	if o.Version == "" {
		o.Version = "dev"
	}
	if o.RatePerSecond == 0 {
		o.RatePerSecond = defaultRate
	}
	if o.RateBurst <= 0 {
		o.RateBurst = defaultBurst
	}
	if o.TouchEvery <= 0 {
		o.TouchEvery = defaultTouchEvery
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Location == nil {
		o.Location = desk.DefaultLocation()
	}
	if o.Queue == (desk.QueueWeights{}) {
		o.Queue = desk.DefaultQueueWeights()
	}
	return o
}
