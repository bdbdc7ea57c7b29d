// Package mediawatch holds the domain types every other package speaks in —
// sources, articles, items and their versions, crawl state — and the sentinel
// errors that the API maps to HTTP status. It imports only the standard library.
package mediawatch

import (
	"errors"
	"sort"
	"time"
)

// Sentinel errors. Callers test them with errors.Is; the HTTP layer maps them
// to status codes in one place.
var (
	// ErrNotFound means the thing asked for does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict means the write would contradict what is already stored.
	ErrConflict = errors.New("conflict")
	// ErrInvalid means the input was refused by validation.
	ErrInvalid = errors.New("invalid input")
	// ErrDisallowed means robots.txt forbids fetching the URL.
	ErrDisallowed = errors.New("disallowed by robots.txt")
	// ErrPrivateAddress means the URL resolves to a private, loopback or
	// link-local address and the source does not allow that.
	ErrPrivateAddress = errors.New("private address refused")
	// ErrTooLarge means a response body exceeded the configured limit.
	ErrTooLarge = errors.New("response body too large")
)

// SourceKind says how a source lists its articles.
type SourceKind string

// The kinds of source the crawler understands.
const (
	KindFeed    SourceKind = "feed"    // RSS 0.9x/1.0/2.0, Atom, JSON Feed
	KindPage    SourceKind = "page"    // an HTML listing page plus a CSS selector for article links
	KindSitemap SourceKind = "sitemap" // a (news) sitemap or sitemap index
)

// Keep says which of a source's articles are stored.
type Keep string

// Keep policies.
const (
	KeepAll      Keep = "all"      // every article is stored
	KeepMentions Keep = "mentions" // only articles whose title or text mention a watch term
)

// Source is one place the crawler reads: a feed, a listing page or a sitemap.
type Source struct {
	Name string `json:"name"`
	// DisplayName is the outlet as readers know it ("Báo Sơn La"), which
	// reports show; empty shows Name, the slug.
	DisplayName  string        `json:"display_name,omitempty"`
	Kind         SourceKind    `json:"kind"`
	URL          string        `json:"url"`
	Selector     string        `json:"selector,omitempty"` // KindPage: CSS selector of article links
	Interval     time.Duration `json:"interval"`
	Weight       float64       `json:"weight"`         // the outlet's reach; 1 by default
	Lang         string        `json:"lang,omitempty"` // language hint: "vi", "en", … or empty
	Keep         Keep          `json:"keep"`
	Enabled      bool          `json:"enabled"`
	AllowPrivate bool          `json:"allow_private"` // may reach private/loopback addresses
}

// Label is the source as people read it: its display name, or its slug
// when it has none.
func (s Source) Label() string {
	if s.DisplayName != "" {
		return s.DisplayName
	}
	return s.Name
}

// SourceHealth is what the crawler remembers about a source's recent fetches.
type SourceHealth struct {
	Source              string    `json:"source"`
	LastAttempt         time.Time `json:"last_attempt"`
	LastSuccess         time.Time `json:"last_success"`
	LastError           string    `json:"last_error,omitempty"`
	LastErrorAt         time.Time `json:"last_error_at"`
	ConsecutiveFailures int       `json:"consecutive_failures"`
	NextAttempt         time.Time `json:"next_attempt"` // not before this time (backoff)
	// Warning is what the latest crawl that read the listing found wrong
	// without failing: a listing cut by crawler.max_links, a feed with no
	// items, links refused as private addresses. Empty means none.
	Warning string `json:"warning,omitempty"`
	// State is the health state last judged (by the health check, which
	// also applies the silence rule), and StateSince when it began; ""
	// and zero before the first check. A change of State is an alert.
	State      HealthState `json:"state,omitempty"`
	StateSince time.Time   `json:"state_since"`
}

// FetchState is the per-URL memory that makes conditional GETs possible.
type FetchState struct {
	URL          string
	ETag         string
	LastModified string
	Status       int
	FetchedAt    time.Time
}

// Article is what the crawler hands to ingest: one article as seen on the
// web, text already UTF-8 and NFC.
type Article struct {
	Source       string    `json:"source"`
	URL          string    `json:"url"`           // where it was fetched (after redirects) or listed
	CanonicalURL string    `json:"canonical_url"` // the page's rel=canonical, if any
	Title        string    `json:"title"`
	Text         string    `json:"text"`
	Summary      string    `json:"summary,omitempty"` // the feed's description
	Author       string    `json:"author,omitempty"`
	Published    time.Time `json:"published"`
	Lang         string    `json:"lang,omitempty"`
	Image        string    `json:"image,omitempty"`
	FeedOnly     bool      `json:"feed_only"` // the page could not be had: title and summary come from the feed
	FetchedAt    time.Time `json:"fetched_at"`
	// Post is set for an item of a social source (and an imported post):
	// the platform, the author account, views, shared links.
	Post *Post `json:"post,omitempty"`
}

// Item is one stored article: the current version of what was seen at one
// canonical URL.
type Item struct {
	ID           int64     `json:"id"`
	Source       string    `json:"source"`
	URL          string    `json:"url"`
	CanonicalURL string    `json:"canonical_url"`
	Title        string    `json:"title"`
	Text         string    `json:"text"`
	Summary      string    `json:"summary,omitempty"`
	Author       string    `json:"author,omitempty"`
	Published    time.Time `json:"published"`
	Lang         string    `json:"lang"`
	Image        string    `json:"image,omitempty"`
	FeedOnly     bool      `json:"feed_only"`
	ContentHash  string    `json:"content_hash"`
	Version      int       `json:"version"`    // 1 for the first text seen, +1 per edit
	FirstSeen    time.Time `json:"first_seen"` // when the crawler first stored it
	UpdatedAt    time.Time `json:"updated_at"` // when the current version was stored

	// RuleIDs are the rules that flagged the current version, sorted, and
	// Severity the highest of their severities ("" when none): what the
	// index holds for rule: and severity: searches.
	RuleIDs  []string `json:"rule_ids,omitempty"`
	Severity Severity `json:"severity,omitempty"`

	// StoryID is the story the item belongs to: the store files every
	// saved item in one, and a caller that found the story of a new item
	// names it here. Fingerprint is the SimHash of its title and body
	// (package story) that grouping compared it by, 0 until computed; it
	// is shown for diagnosis (a JavaScript client reads values above 2^53
	// rounded), never used as a key outside the server.
	StoryID     int64  `json:"story_id,omitempty"`
	Fingerprint uint64 `json:"fingerprint,omitempty"`

	// Platform is where it was published: PlatformNews for an article,
	// else the social platform of the post.
	Platform Platform `json:"platform"`
	// Account is the post's author (nil for a news article); AccountID
	// its id in the store (0 when none).
	AccountID int64    `json:"-"`
	Account   *Account `json:"account,omitempty"`
	// PostID, Views and ForwardedFrom are the post's (see Post).
	PostID        string `json:"post_id,omitempty"`
	Views         int64  `json:"views,omitempty"`
	ForwardedFrom string `json:"forwarded_from,omitempty"`
	// Pinned: the channel showed the post pinned when it was last read.
	Pinned bool `json:"pinned,omitempty"`
	// SharedURL is the canonical URL of the first news link the post
	// shares, "" when none: the post joins that article's story.
	SharedURL string `json:"shared_url,omitempty"`
}

// ItemVersion is one text an item has had. Edits are evidence an editor needs,
// so every version is kept.
type ItemVersion struct {
	ItemID      int64     `json:"item_id"`
	Version     int       `json:"version"`
	Title       string    `json:"title"`
	Text        string    `json:"text"`
	Summary     string    `json:"summary,omitempty"`
	ContentHash string    `json:"content_hash"`
	FeedOnly    bool      `json:"feed_only"`
	SeenAt      time.Time `json:"seen_at"`
}

// Outcome is what ingest did with one article.
type Outcome string

// Ingest outcomes.
const (
	OutcomeKept         Outcome = "kept"          // a new item was stored
	OutcomeUpdated      Outcome = "updated"       // the text changed: a new version of an existing item
	OutcomeDuplicate    Outcome = "duplicate"     // same URL and same text, or the same text at another URL
	OutcomeNotMentioned Outcome = "not_mentioned" // a keep:mentions source, and no watch term was found
	OutcomeError        Outcome = "error"
)

// IngestResult reports the outcome for one article.
type IngestResult struct {
	Outcome Outcome `json:"outcome"`
	ItemID  int64   `json:"item_id,omitempty"`
	Version int     `json:"version,omitempty"`
	Reason  string  `json:"reason,omitempty"` // in words, for logs and the demo's summary
	Lang    string  `json:"lang,omitempty"`   // the language the item was judged in
	Flags   int     `json:"flags,omitempty"`  // flags written with this version: rules it matched
}

// CrawlLogEntry is one line of the crawl log: a fetch or an ingest decision.
type CrawlLogEntry struct {
	Time    time.Time `json:"time"`
	Source  string    `json:"source"`
	URL     string    `json:"url"`
	Status  int       `json:"status,omitempty"` // HTTP status, 0 when none
	Outcome string    `json:"outcome"`          // fetched, not_modified, error, kept, duplicate, …
	Detail  string    `json:"detail,omitempty"`
}

// WatchTerm is one entry of the watch list: an item mentions the place when
// its title or text contains Term (accent-smart, see package textnorm).
// Lang, when set, limits the term to text in that language.
type WatchTerm struct {
	Term string `json:"term" yaml:"term"`
	Lang string `json:"lang,omitempty" yaml:"lang,omitempty"`
}

// SourceStats is what `sources list` shows beside a source's health.
type SourceStats struct {
	Source     string    `json:"source"`
	Items      int       `json:"items"`
	LastItemAt time.Time `json:"last_item_at"`
}

// Severity is how urgently a flag needs an answer.
type Severity string

// The severities, lowest first.
const (
	SeverityLow      Severity = "low"
	SeverityMedium   Severity = "medium"
	SeverityHigh     Severity = "high"
	SeverityCritical Severity = "critical"
)

// Severities lists every severity, lowest first.
var Severities = []Severity{SeverityLow, SeverityMedium, SeverityHigh, SeverityCritical}

// Rank orders severities: 1 for low to 4 for critical, 0 for anything else.
func (s Severity) Rank() int {
	for i, v := range Severities {
		if s == v {
			return i + 1
		}
	}
	return 0
}

// Valid reports whether s is one of Severities.
func (s Severity) Valid() bool { return s.Rank() > 0 }

// FlagStatus is where a flag stands in the editors' review. Every flag
// starts FlagNew; the review workflow moves it with its story.
type FlagStatus string

// The flag statuses.
const (
	FlagNew           FlagStatus = "new"
	FlagInReview      FlagStatus = "in_review"
	FlagResponded     FlagStatus = "responded"
	FlagDismissed     FlagStatus = "dismissed"
	FlagFalsePositive FlagStatus = "false_positive"
)

// Flag says that one version of an item matched one rule, and exactly what
// matched. The rules engine fills RuleID through Snippet; the store fills ID,
// ItemID, ItemVersion, Status and CreatedAt when it writes the flag in the
// item's own transaction.
type Flag struct {
	ID          int64       `json:"id"`
	ItemID      int64       `json:"item_id"`
	ItemVersion int         `json:"item_version"`
	RuleID      string      `json:"rule_id"`
	RuleVersion string      `json:"rule_version"` // a hash of the rule's text
	Severity    Severity    `json:"severity"`
	Matches     []TermMatch `json:"matches"`
	Snippet     string      `json:"snippet"` // plain text around the first match, never HTML
	Status      FlagStatus  `json:"status"`
	CreatedAt   time.Time   `json:"created_at"`
}

// TermMatch is one occurrence of a rule's word, phrase or prefix in an
// item: Field is "title" or "text", Start and End are byte offsets into
// that field of the item version the flag is about, Text is what stands
// there and Term the query unit it matched (as the rule wrote it).
type TermMatch struct {
	Term  string `json:"term"`
	Field string `json:"field"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Rule is one narrative the office must answer, written as a query in the
// search language. Rule files hold them; the rules package loads, checks
// and matches them.
type Rule struct {
	ID           string   `json:"id" yaml:"id"` // a stable slug: lower-case letters, digits and "-"
	Name         Names    `json:"name" yaml:"name"`
	Description  string   `json:"description,omitempty" yaml:"description"`
	Query        string   `json:"query" yaml:"query"`
	Severity     Severity `json:"severity" yaml:"severity"`
	Category     string   `json:"category" yaml:"category"`             // free text: rumour, distortion, defamation, scam, …
	Languages    []string `json:"languages,omitempty" yaml:"languages"` // only items in these languages (empty: all)
	Sources      []string `json:"sources,omitempty" yaml:"sources"`     // only items from these sources (empty: all)
	Enabled      bool     `json:"enabled" yaml:"enabled"`
	ResponseHint string   `json:"response_hint,omitempty" yaml:"response_hint"` // talking points or the official position's link
	Owner        string   `json:"owner,omitempty" yaml:"owner"`
	Version      string   `json:"version" yaml:"-"` // a hash of the rule's text: flags say which version matched
	File         string   `json:"file" yaml:"-"`    // where it was loaded from
	Line         int      `json:"line" yaml:"-"`
}

// Names is a label in Vietnamese and English.
type Names struct {
	VI string `json:"vi" yaml:"vi"`
	EN string `json:"en" yaml:"en"`
}

// Story is one piece of news however many outlets carried it: syndicated
// copies, light rewrites and one article at two URLs are its items. Editors
// review stories, not items: Status moves along
// new → in_review → responded | dismissed | false_positive (and back, to
// reopen), and every flag on its items carries the same status.
type Story struct {
	ID          int64      `json:"id"`
	Title       string     `json:"title"` // its first item's current title
	FirstItemID int64      `json:"first_item_id"`
	FirstSeen   time.Time  `json:"first_seen"` // when its first item was stored
	LastSeen    time.Time  `json:"last_seen"`  // when its newest item was stored
	Status      FlagStatus `json:"status"`
	StatusAt    time.Time  `json:"status_at"` // when Status was last set (moved or confirmed); FirstSeen until then
	Assignee    string     `json:"assignee,omitempty"`
	ResponseURL string     `json:"response_url,omitempty"` // the published clarification, when responded
	RespondedAt time.Time  `json:"responded_at"`           // when it was published; zero unless responded
	// RaisedAt is when a new item joined the story after it was responded
	// to or dismissed — it keeps spreading — and puts it back in the queue
	// until an editor acts on it again. Zero when not raised.
	RaisedAt  time.Time `json:"raised_at"`
	Version   int       `json:"version"` // +1 per review change or raise: the optimistic-concurrency token
	UpdatedAt time.Time `json:"updated_at"`

	// Derived on every read from its items, their sources and flags.
	Items      int      `json:"items"`
	Outlets    []string `json:"outlets"` // the distinct sources of its items, in the order they carried it
	Reach      float64  `json:"reach"`   // the highest weight among its outlets' sources (1 for an unknown source)
	Flags      int      `json:"flags"`
	RuleIDs    []string `json:"rule_ids,omitempty"`    // the rules that flagged any of its items, highest severity first
	Severity   Severity `json:"severity,omitempty"`    // the highest severity of its flags
	NewItems   int      `json:"new_items,omitempty"`   // items stored after StatusAt while responded or dismissed
	NewOutlets int      `json:"new_outlets,omitempty"` // the distinct sources of NewItems
}

// StoryEvent is one change to a story, kept forever: who made it (an API
// key's name, or "mediawatch" for the system) and when. Action is one of
// "status" (a move, or a confirmation when From equals To), "assign",
// "response" (the clarification's URL), "note", "raised" (a new item after
// the answer) and "merged" (regrouping folded other stories into this one).
// Every event records the fields its change set.
type StoryEvent struct {
	ID       int64      `json:"id"`
	StoryID  int64      `json:"story_id"`
	At       time.Time  `json:"at"`
	Who      string     `json:"who"`
	Action   string     `json:"action"`
	From     FlagStatus `json:"from,omitempty"`
	To       FlagStatus `json:"to,omitempty"`
	Assignee string     `json:"assignee,omitempty"`
	Note     string     `json:"note,omitempty"`
	URL      string     `json:"url,omitempty"`
}

// MatchedTexts lists the distinct texts of ms as they stand in the item,
// title matches first, then by offset: what a reader is told matched.
func MatchedTexts(ms []TermMatch) []string {
	sorted := append([]TermMatch(nil), ms...)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if (a.Field == "title") != (b.Field == "title") {
			return a.Field == "title"
		}
		return a.Start < b.Start
	})
	out := []string{}
	seen := map[string]bool{}
	for _, m := range sorted {
		if m.Text != "" && !seen[m.Text] {
			seen[m.Text] = true
			out = append(out, m.Text)
		}
	}
	return out
}
