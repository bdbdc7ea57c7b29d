package config

import (
	"fmt"
	"time"

	"mediawatch"
)

// DefaultUserAgent names mediawatch and where a webmaster can learn about it.
// Operators should set crawler.user_agent to their own contact URL.
const DefaultUserAgent = "mediawatch/0.1 (+https://github.com/mediawatch/mediawatch; news monitoring)"

// Config is everything mediawatch reads at start. Field tags name the YAML
// keys; environment variables are MEDIAWATCH_ plus the upper-cased key path
// joined by underscores (MEDIAWATCH_CRAWLER_HOST_DELAY).
type Config struct {
	DataDir     string                 `yaml:"data_dir"`
	Store       Store                  `yaml:"store"`
	Listen      string                 `yaml:"listen"`
	Timezone    string                 `yaml:"timezone"`
	UILang      string                 `yaml:"ui_lang"`
	Log         Log                    `yaml:"log"`
	Watch       []mediawatch.WatchTerm `yaml:"watch"`
	Crawler     Crawler                `yaml:"crawler"`
	API         API                    `yaml:"api"`
	SourcesFile string                 `yaml:"sources_file"`
	Sources     []Source               `yaml:"sources"`
	Rules       Rules                  `yaml:"rules"`
	Stories     Stories                `yaml:"stories"`
	Queue       Queue                  `yaml:"queue"`
	Office      Office                 `yaml:"office"`
	Report      Report                 `yaml:"report"`
	Webhook     Webhook                `yaml:"webhook"`
	Backup      Backup                 `yaml:"backup"`
	Retention   Retention              `yaml:"retention"`
	Web         Web                    `yaml:"web"`
	Accounts    []WatchedAccount       `yaml:"accounts"`
	Health      Health                 `yaml:"health"`
	Alerts      Alerts                 `yaml:"alerts"`

	// where records the line of each key path ("crawler.host_delay",
	// "sources[2].url") in the file it was read from, for error messages.
	where map[string]position
}

// Store says where the system of record lives. URL "" is the SQLite file
// data_dir/mediawatch.db, the default; a postgres:// URL is a PostgreSQL
// database that several mediawatch nodes can share (the data directory
// then holds each node's own search index). Set MEDIAWATCH_STORE_URL to
// keep a password out of the file.
type Store struct {
	URL string `yaml:"url"`
	// Lease is how long a node that shares a PostgreSQL store holds a
	// source it crawls before another node may take it (renewed every
	// third of it while the crawl runs): how soon a dead node's sources
	// are crawled by the others.
	Lease time.Duration `yaml:"lease"`
}

// Log configures the process's log output.
type Log struct {
	Level  string `yaml:"level"`  // debug | info | warn | error
	Format string `yaml:"format"` // text | json
}

// Crawler configures fetching; see crawler.Options for what each field does.
type Crawler struct {
	UserAgent      string        `yaml:"user_agent"`
	Concurrency    int           `yaml:"concurrency"`
	HostDelay      time.Duration `yaml:"host_delay"`
	ConnectTimeout time.Duration `yaml:"connect_timeout"`
	Timeout        time.Duration `yaml:"timeout"`
	MaxBodyBytes   int64         `yaml:"max_body_bytes"`
	MaxRedirects   int           `yaml:"max_redirects"` // 0: no redirect is followed
	MaxLinks       int           `yaml:"max_links"`     // articles taken from one listing
	RobotsTTL      time.Duration `yaml:"robots_ttl"`
	MaxRetries     int           `yaml:"max_retries"` // 0: one attempt, no retry
	MaxRetryWait   time.Duration `yaml:"max_retry_wait"`
	MaxBackoff     time.Duration `yaml:"max_backoff"`
	RevisitWindow  time.Duration `yaml:"revisit_window"`
	// BackfillPages: how many older pages of a Telegram channel's preview
	// its first crawl reads (0: none).
	BackfillPages int `yaml:"backfill_pages"`
	// RedditUserAgent is sent to Reddit in the form Reddit asks for,
	// "<platform>:<app ID>:<version> (by /u/<username>)"; empty derives
	// "server:mediawatch:<version> (<user_agent's contact>)".
	RedditUserAgent string `yaml:"reddit_user_agent"`
}

// API configures the HTTP API that serve and demo run on Listen.
type API struct {
	RatePerSecond float64 `yaml:"rate_per_second"` // per key, on average
	RateBurst     int     `yaml:"rate_burst"`      // per key, at once
	MetricsPublic bool    `yaml:"metrics_public"`  // serve /metrics beyond loopback
	// TLSCert and TLSKey are PEM files; with both set the API is served
	// over HTTPS (see deploy notes in README).
	TLSCert string `yaml:"tls_cert"`
	TLSKey  string `yaml:"tls_key"`
	// TrustedProxies are the addresses or CIDR ranges of reverse proxies
	// whose X-Forwarded-For and X-Forwarded-Proto are believed.
	TrustedProxies []string `yaml:"trusted_proxies"`
}

// Rules configures the rule files the ingest pipeline judges items with.
type Rules struct {
	Dir   string        `yaml:"dir"`   // directory of *.yaml rule files; "" or missing: no rules
	Watch time.Duration `yaml:"watch"` // how often serve looks for changed files; 0 turns watching off
	// Edit lets admins add, edit and disable rules from the rules pages,
	// which then write to Dir (the service needs write access to it).
	Edit bool `yaml:"edit"`
}

// Stories configures how near-copies of one story are grouped.
type Stories struct {
	MaxDistance int           `yaml:"max_distance"` // SimHash Hamming bound, 0–16
	Window      time.Duration `yaml:"window"`       // how far apart two copies may be first seen
	// MinOverlap is the share of 3-word shingles two long items further
	// apart than MaxDistance must have in common to be one story (a
	// rewrite reworded throughout); 0 turns that second check off.
	MinOverlap float64 `yaml:"min_overlap"`
}

// Queue weighs the editors' response queue: priority = severity weight ×
// source weight × spread factor × recency decay (see README).
type Queue struct {
	Low      float64       `yaml:"low"`
	Medium   float64       `yaml:"medium"`
	High     float64       `yaml:"high"`
	Critical float64       `yaml:"critical"`
	HalfLife time.Duration `yaml:"half_life"` // recency decay: priority halves every HalfLife since last activity
}

// Office names the office mediawatch works for: the daily report's header
// and summary say whose briefing it is.
type Office struct {
	Name     string `yaml:"name"`     // the office's full name, as on its letterhead
	Province string `yaml:"province"` // the province it watches, without "tỉnh"
}

// DefaultOfficeName is the office of the default province, Sơn La.
const DefaultOfficeName = "Sở Thông tin và Truyền thông tỉnh Sơn La"

// Report configures the daily report.
type Report struct {
	At   string `yaml:"at"`   // local time of day the report for the day before is made, HH:MM
	Lang string `yaml:"lang"` // vi | en
	Mail Mail   `yaml:"mail"`
}

// Mail configures the report's e-mail delivery; no host means no e-mail.
type Mail struct {
	Host     string        `yaml:"host"`
	Port     int           `yaml:"port"`
	Username string        `yaml:"username"`
	Password string        `yaml:"password"`
	From     string        `yaml:"from"`
	To       []string      `yaml:"to"`
	TLS      string        `yaml:"tls"` // none | starttls | tls
	Timeout  time.Duration `yaml:"timeout"`
	Retries  int           `yaml:"retries"`
}

// Webhook configures the notification of new high and critical flags; no
// URL means none.
type Webhook struct {
	URL         string        `yaml:"url"`
	Secret      string        `yaml:"secret"`
	MinSeverity string        `yaml:"min_severity"` // high by default
	Timeout     time.Duration `yaml:"timeout"`
	Retries     int           `yaml:"retries"`
}

// Source is one source as written in YAML.
type Source struct {
	Name         string        `yaml:"name"`
	DisplayName  string        `yaml:"display_name"` // the outlet as readers know it: "Báo Sơn La"
	Kind         string        `yaml:"kind"`
	URL          string        `yaml:"url"`
	Selector     string        `yaml:"selector"`
	Interval     time.Duration `yaml:"interval"`
	Weight       float64       `yaml:"weight"`
	Lang         string        `yaml:"lang"`
	Keep         string        `yaml:"keep"`
	Enabled      *bool         `yaml:"enabled"`
	AllowPrivate bool          `yaml:"allow_private"`
}

// Default returns the configuration used when no file says otherwise.
func Default() Config {
	return Config{
		DataDir:  "./data",
		Listen:   "127.0.0.1:8080",
		Timezone: "Asia/Ho_Chi_Minh",
		UILang:   "en",
		Log:      Log{Level: "info", Format: "text"},
		Store:    Store{Lease: time.Minute},
		Watch: []mediawatch.WatchTerm{
			{Term: "Sơn La"},
			{Term: "Son La", Lang: "en"},
		},
		Crawler: Crawler{
			UserAgent:      DefaultUserAgent,
			Concurrency:    4,
			HostDelay:      2 * time.Second,
			ConnectTimeout: 10 * time.Second,
			Timeout:        30 * time.Second,
			MaxBodyBytes:   10 << 20,
			MaxRedirects:   10,
			MaxLinks:       1000,
			RobotsTTL:      24 * time.Hour,
			MaxRetries:     2,
			MaxRetryWait:   2 * time.Minute,
			MaxBackoff:     6 * time.Hour,
			RevisitWindow:  48 * time.Hour,
			BackfillPages:  5,
		},
		API:         API{RatePerSecond: 10, RateBurst: 20},
		SourcesFile: "sources.yaml",
		Rules:       Rules{Dir: "rules", Watch: 5 * time.Second, Edit: true},
		Stories:     Stories{MaxDistance: 7, Window: 72 * time.Hour, MinOverlap: 0.45},
		Queue:       Queue{Low: 1, Medium: 2, High: 4, Critical: 8, HalfLife: 24 * time.Hour},
		Office:      Office{Name: DefaultOfficeName, Province: "Sơn La"},
		Report: Report{At: "07:00", Lang: "vi",
			Mail: Mail{Port: 587, TLS: "starttls", Timeout: 30 * time.Second, Retries: 3}},
		Webhook:   Webhook{MinSeverity: "high", Timeout: 10 * time.Second, Retries: 5},
		Backup:    Backup{At: "02:30", Keep: 7},
		Retention: Retention{At: "03:30"},
		Web:       defaultWeb(),
		Health:    defaultHealth(),
		Alerts:    defaultAlerts(),
	}
}

// Location returns the configured time zone. Validate has already checked
// that it loads.
func (c Config) Location() *time.Location {
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// SourceList converts the configured sources to domain sources, applying
// per-source defaults (weight 1, keep mentions, enabled).
func (c Config) SourceList() []mediawatch.Source {
	out := make([]mediawatch.Source, 0, len(c.Sources))
	for _, s := range c.Sources {
		out = append(out, s.domain())
	}
	return out
}

func (s Source) domain() mediawatch.Source {
	d := mediawatch.Source{
		Name:         s.Name,
		DisplayName:  s.DisplayName,
		Kind:         mediawatch.SourceKind(s.Kind),
		URL:          s.URL,
		Selector:     s.Selector,
		Interval:     s.Interval,
		Weight:       s.Weight,
		Lang:         s.Lang,
		Keep:         mediawatch.Keep(s.Keep),
		Enabled:      s.Enabled == nil || *s.Enabled,
		AllowPrivate: s.AllowPrivate,
	}
	if d.Interval == 0 {
		d.Interval = defaultInterval(d.Kind)
	}
	if d.Weight == 0 {
		d.Weight = 1
	}
	if d.Keep == "" {
		d.Keep = defaultKeep(d.Kind, d.URL)
	}
	return d
}

// position is where a key was written.
type position struct {
	file string
	line int
}

func (p position) String() string {
	if p.line == 0 {
		return p.file
	}
	return fmt.Sprintf("%s:%d", p.file, p.line)
}
