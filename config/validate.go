package config

import (
	"errors"
	"fmt"
	"math"
	"net"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/andybalholm/cascadia"

	"mediawatch"
	"mediawatch/textnorm"
)

// FieldError is one refused key: Key is its path ("sources[2].url"), At
// where it was written ("mediawatch.yaml:14", "$MEDIAWATCH_LISTEN"), empty
// for a default.
type FieldError struct {
	Key string
	At  string
	Msg string
}

func (e *FieldError) Error() string {
	if e.At != "" {
		return fmt.Sprintf("config: %s: %s: %s", e.At, e.Key, e.Msg)
	}
	return fmt.Sprintf("config: %s: %s", e.Key, e.Msg)
}

// Unwrap lets callers test errors.Is(err, mediawatch.ErrInvalid).
func (e *FieldError) Unwrap() error { return mediawatch.ErrInvalid }

var (
	slug     = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)
	langCode = regexp.MustCompile(`^[a-z]{2,3}$`)
	// redditAgent is the User-Agent form Reddit's API rules ask for:
	// "<platform>:<app ID>:<version> (by /u/<username>)".
	redditAgent = regexp.MustCompile(`^[A-Za-z0-9._-]+:[A-Za-z0-9._-]+:[A-Za-z0-9._+-]+ \(by /?u/[A-Za-z0-9_-]{3,20}\)$`)
)

// Validate checks every key and returns all problems at once, each naming
// its key and, where known, the file and line.
func (c *Config) Validate() error {
	v := validator{where: c.where}
	v.check(c.DataDir != "", "data_dir", "must not be empty")
	if c.Store.URL != "" {
		u, err := url.Parse(c.Store.URL)
		v.check(err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql"), "store.url",
			"want a PostgreSQL URL like postgres://user@host/mediawatch, or nothing for the SQLite file in data_dir")
	}
	v.check(c.Store.Lease >= 3*time.Second && c.Store.Lease <= 24*time.Hour, "store.lease",
		"want a duration from 3s to 24h, like 1m")
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		v.fail("listen", "want host:port, like 127.0.0.1:8080")
	}
	if _, err := time.LoadLocation(c.Timezone); err != nil || c.Timezone == "" {
		v.fail("timezone", fmt.Sprintf("unknown time zone %q (want an IANA name like Asia/Ho_Chi_Minh)", c.Timezone))
	}
	v.oneOf("ui_lang", c.UILang, "en", "vi")
	v.label("office.name", c.Office.Name, 200)
	v.label("office.province", c.Office.Province, 100)
	v.oneOf("log.level", c.Log.Level, "debug", "info", "warn", "error")
	v.oneOf("log.format", c.Log.Format, "text", "json")
	v.check(len(c.Watch) > 0, "watch", "the watch list must name at least one term")
	for i, w := range c.Watch {
		key := fmt.Sprintf("watch[%d]", i)
		if _, err := textnorm.CompileTerm(w.Term); err != nil {
			v.fail(key+".term", fmt.Sprintf("%q is not a word or phrase", w.Term))
		}
		v.check(w.Lang == "" || langCode.MatchString(w.Lang), key+".lang", "want a language code like vi or en")
	}
	c.Crawler.validate(&v)
	v.check(c.API.RatePerSecond > 0, "api.rate_per_second", "must be positive")
	v.check(c.API.RateBurst >= 1, "api.rate_burst", "want at least 1")
	c.API.validateServing(&v)
	c.validateWork(&v)
	c.validateMaintenance(&v)
	c.Web.validateSignin(&v)
	c.validateSocial(&v)
	names := map[string]int{}
	for i, s := range c.Sources {
		s.validate(&v, fmt.Sprintf("sources[%d]", i))
		if j, dup := names[s.Name]; dup && s.Name != "" {
			v.fail(fmt.Sprintf("sources[%d].name", i), fmt.Sprintf("%q is also the name of sources[%d]", s.Name, j))
		}
		names[s.Name] = i
	}
	return errors.Join(v.errs...)
}

func (k Crawler) validate(v *validator) {
	ua := strings.ToLower(k.UserAgent)
	v.check(strings.Contains(ua, "mediawatch") && strings.Contains(ua, "http"),
		"crawler.user_agent", "must name mediawatch and a contact URL, like \"mediawatch/0.1 (+https://your.office/contact)\"")
	v.check(k.Concurrency >= 1 && k.Concurrency <= 64, "crawler.concurrency", "want 1 to 64")
	v.check(k.HostDelay >= 0, "crawler.host_delay", "must not be negative")
	v.check(k.ConnectTimeout > 0, "crawler.connect_timeout", "must be positive")
	v.check(k.Timeout > 0, "crawler.timeout", "must be positive")
	v.check(k.MaxBodyBytes >= 1024, "crawler.max_body_bytes", "want at least 1024")
	v.check(k.MaxRedirects >= 0 && k.MaxRedirects <= 20, "crawler.max_redirects", "want 0 to 20")
	v.check(k.MaxLinks >= 1 && k.MaxLinks <= 5000, "crawler.max_links", "want 1 to 5000")
	v.check(k.RobotsTTL > 0, "crawler.robots_ttl", "must be positive")
	v.check(k.MaxRetries >= 0 && k.MaxRetries <= 10, "crawler.max_retries", "want 0 to 10")
	v.check(k.MaxRetryWait >= 0, "crawler.max_retry_wait", "must not be negative")
	v.check(k.MaxBackoff >= time.Minute, "crawler.max_backoff", "want at least 1m")
	v.check(k.RevisitWindow >= 0, "crawler.revisit_window", "must not be negative")
	v.check(k.BackfillPages >= 0 && k.BackfillPages <= 50, "crawler.backfill_pages", "want 0 to 50, like 5")
	v.check(k.RedditUserAgent == "" || redditAgent.MatchString(k.RedditUserAgent), "crawler.reddit_user_agent",
		"want Reddit's form \"<platform>:<app ID>:<version> (by /u/<username>)\", like \"server:mediawatch:0.1 (by /u/sonla_office)\", or leave it out")
}

func (s Source) validate(v *validator, key string) {
	v.check(slug.MatchString(s.Name), key+".name", fmt.Sprintf("%q: want a slug of a-z, 0-9, '-', '.', '_'", s.Name))
	v.label(key+".display_name", s.DisplayName, 120)
	kinds := make([]string, len(mediawatch.SourceKinds))
	for i, k := range mediawatch.SourceKinds {
		kinds[i] = string(k)
	}
	v.oneOf(key+".kind", s.Kind, kinds...)
	u, err := url.Parse(s.URL)
	v.check(err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "", key+".url",
		fmt.Sprintf("%q: want an absolute http or https URL", s.URL))
	v.check(s.Kind != string(mediawatch.KindPage) || s.Selector != "", key+".selector", "a page source needs the CSS selector of its article links")
	if s.Selector != "" {
		// The crawler compiles it on every crawl; a typo must stop the start,
		// not fail the source quietly on schedule.
		if _, err := cascadia.Compile(s.Selector); err != nil {
			v.fail(key+".selector", fmt.Sprintf("%q is not a CSS selector: %v", s.Selector, err))
		}
	}
	v.check(s.Interval == 0 || s.Interval >= time.Minute, key+".interval", "want at least 1m")
	v.check(s.Weight >= 0 && !math.IsInf(s.Weight, 0), key+".weight", "want a finite number, not negative")
	v.check(s.Lang == "" || langCode.MatchString(s.Lang), key+".lang", "want a language code like vi or en")
	if s.Keep != "" {
		v.oneOf(key+".keep", s.Keep, string(mediawatch.KeepAll), string(mediawatch.KeepMentions))
	}
}

// validator collects field errors with their positions.
type validator struct {
	where map[string]position
	errs  []error
}

// label checks a name people read in reports: one line of valid UTF-8,
// at most max characters; empty is allowed.
func (v *validator) label(key, s string, max int) {
	ok := utf8.ValidString(s) && utf8.RuneCountInString(s) <= max && !strings.ContainsFunc(s, unicode.IsControl)
	v.check(ok, key, fmt.Sprintf("want one line of text of at most %d characters", max))
}

func (v *validator) check(ok bool, key, msg string) {
	if !ok {
		v.fail(key, msg)
	}
}

func (v *validator) fail(key, msg string) {
	at := ""
	if p, ok := v.where[key]; ok {
		at = p.String()
	}
	v.errs = append(v.errs, &FieldError{Key: key, At: at, Msg: msg})
}

func (v *validator) oneOf(key, got string, allowed ...string) {
	for _, a := range allowed {
		if got == a {
			return
		}
	}
	v.fail(key, fmt.Sprintf("%q: want one of %s", got, strings.Join(allowed, ", ")))
}

var clock = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// validateWork checks the rules, stories, queue, report and webhook keys.
func (c *Config) validateWork(v *validator) {
	v.check(c.Rules.Watch >= 0, "rules.watch", "must not be negative")
	v.check(c.Stories.MaxDistance >= 0 && c.Stories.MaxDistance <= 16, "stories.max_distance", "want 0 to 16")
	v.check(c.Stories.MinOverlap >= 0 && c.Stories.MinOverlap <= 1, "stories.min_overlap", "want 0 to 1")
	v.check(c.Stories.Window >= time.Hour, "stories.window", "want at least 1h")
	for key, w := range map[string]float64{"queue.low": c.Queue.Low, "queue.medium": c.Queue.Medium,
		"queue.high": c.Queue.High, "queue.critical": c.Queue.Critical} {
		v.check(w > 0 && !math.IsInf(w, 0), key, "want a positive number")
	}
	v.check(c.Queue.HalfLife >= time.Minute, "queue.half_life", "want at least 1m")
	v.check(clock.MatchString(c.Report.At), "report.at", fmt.Sprintf("%q: want a local time like 07:00", c.Report.At))
	v.oneOf("report.lang", c.Report.Lang, "vi", "en")
	m := c.Report.Mail
	if m.Host != "" {
		v.check(m.Port > 0 && m.Port < 65536, "report.mail.port", "want 1 to 65535")
		v.check(strings.Contains(m.From, "@"), "report.mail.from", "want the sender's address")
		v.check(len(m.To) > 0, "report.mail.to", "name at least one recipient")
		for i, to := range m.To {
			v.check(strings.Contains(to, "@"), fmt.Sprintf("report.mail.to[%d]", i), fmt.Sprintf("%q is not an address", to))
		}
		v.oneOf("report.mail.tls", m.TLS, "none", "starttls", "tls")
		v.check(m.Timeout > 0, "report.mail.timeout", "must be positive")
		v.check(m.Retries >= 0 && m.Retries <= 20, "report.mail.retries", "want 0 to 20")
	}
	w := c.Webhook
	if w.URL != "" {
		u, err := url.Parse(w.URL)
		v.check(err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "", "webhook.url",
			fmt.Sprintf("%q: want an absolute http or https URL", w.URL))
		v.check(len(w.Secret) >= 16, "webhook.secret", "want a shared secret of at least 16 characters")
		v.oneOf("webhook.min_severity", w.MinSeverity, "low", "medium", "high", "critical")
		v.check(w.Timeout > 0, "webhook.timeout", "must be positive")
		v.check(w.Retries >= 0 && w.Retries <= 20, "webhook.retries", "want 0 to 20")
	}
}
