package api

import (
	"strconv"
	"time"

	"mediawatch"
	"mediawatch/desk"
	"mediawatch/rules"
	"mediawatch/store"
)

// The API shows mediawatch's records through its own view types rather than
// the domain types, so that what it sends is exactly what the OpenAPI
// document says (both come from these types): every time RFC 3339 in the
// configured zone to the second, a time that has not happened null, and
// 64-bit values a JavaScript client would round (a SimHash) as strings.

// at is t as the API shows it: in the configured zone, to the second.
func (s *Server) at(t time.Time) time.Time {
	return t.In(s.opts.Location).Truncate(time.Second)
}

// atOrNil is at(t), or nil when t is zero ("never").
func (s *Server) atOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	v := s.at(t)
	return &v
}

// ItemView is one stored item as the API shows it. It is exported because
// huma documents the fields of exported embedded types only.
type ItemView struct {
	ID            int64               `json:"id"`
	Source        string              `json:"source"`
	URL           string              `json:"url"`
	CanonicalURL  string              `json:"canonical_url"`
	Title         string              `json:"title"`
	Text          string              `json:"text"`
	Summary       string              `json:"summary,omitempty"`
	Author        string              `json:"author,omitempty"`
	Published     *time.Time          `json:"published" doc:"When the outlet says it was published; null when it does not say."`
	Lang          string              `json:"lang"`
	Image         string              `json:"image,omitempty"`
	FeedOnly      bool                `json:"feed_only" doc:"The page could not be had: title and summary come from the feed."`
	ContentHash   string              `json:"content_hash"`
	Version       int                 `json:"version" doc:"1 for the first text seen, +1 per edit."`
	FirstSeen     time.Time           `json:"first_seen" doc:"When the crawler first stored it."`
	UpdatedAt     time.Time           `json:"updated_at" doc:"When the current version was stored."`
	RuleIDs       []string            `json:"rule_ids" doc:"The rules that flagged the current version."`
	Severity      mediawatch.Severity `json:"severity,omitempty" enum:"low,medium,high,critical" doc:"The highest severity of those flags."`
	StoryID       int64               `json:"story_id,omitempty" doc:"The story the item belongs to."`
	Fingerprint   string              `json:"fingerprint,omitempty" pattern:"^[0-9]+$" doc:"The SimHash stories are grouped by, a 64-bit unsigned integer as a decimal string (JavaScript rounds numbers above 2^53)." example:"14695981039346656037"`
	Platform      string              `json:"platform" doc:"Where it was published: news for an article, else the platform of the post (youtube, telegram, …)." example:"news"`
	Account       *AccountView        `json:"account,omitempty" doc:"The post's author; absent for an article (whose byline is author)."`
	PostID        string              `json:"post_id,omitempty" doc:"The platform's id of the post."`
	Views         int64               `json:"views,omitempty" doc:"The post's view count where the platform shows it."`
	ForwardedFrom string              `json:"forwarded_from,omitempty" doc:"The channel or account a forwarded post came from."`
	Pinned        bool                `json:"pinned,omitempty" doc:"The channel showed the post pinned (at its top) when it was last read."`
	SharedURL     string              `json:"shared_url,omitempty" doc:"The canonical address of the first news article the post shares; the post joins that article's story."`
}

func (s *Server) itemViewOf(it mediawatch.Item) ItemView {
	v := ItemView{ID: it.ID, Source: it.Source, URL: it.URL, CanonicalURL: it.CanonicalURL, Title: it.Title, Text: it.Text,
		Summary: it.Summary, Author: it.Author, Published: s.atOrNil(it.Published), Lang: it.Lang, Image: it.Image,
		FeedOnly: it.FeedOnly, ContentHash: it.ContentHash, Version: it.Version, FirstSeen: s.at(it.FirstSeen),
		UpdatedAt: s.at(it.UpdatedAt), RuleIDs: it.RuleIDs, Severity: it.Severity, StoryID: it.StoryID,
		Platform: string(mediawatch.NormalPlatform(string(it.Platform))), PostID: it.PostID, Views: it.Views,
		ForwardedFrom: it.ForwardedFrom, Pinned: it.Pinned, SharedURL: it.SharedURL}
	if it.Account != nil {
		a := s.accountViewOf(*it.Account)
		v.Account = &a
	}
	if v.RuleIDs == nil {
		v.RuleIDs = []string{}
	}
	if it.Fingerprint != 0 {
		v.Fingerprint = strconv.FormatUint(it.Fingerprint, 10)
	}
	return v
}

// versionView is one text an item has had.
type versionView struct {
	Version     int       `json:"version"`
	Title       string    `json:"title"`
	Text        string    `json:"text"`
	Summary     string    `json:"summary,omitempty"`
	ContentHash string    `json:"content_hash"`
	FeedOnly    bool      `json:"feed_only"`
	SeenAt      time.Time `json:"seen_at" doc:"When this text was first stored."`
}

func (s *Server) versionViewOf(v mediawatch.ItemVersion) versionView {
	return versionView{Version: v.Version, Title: v.Title, Text: v.Text, Summary: v.Summary, ContentHash: v.ContentHash,
		FeedOnly: v.FeedOnly, SeenAt: s.at(v.SeenAt)}
}

// storyFlagView is one flag on a story's items.
type storyFlagView struct {
	ID          int64                  `json:"id"`
	ItemID      int64                  `json:"item_id"`
	ItemVersion int                    `json:"item_version"`
	RuleID      string                 `json:"rule_id"`
	RuleVersion string                 `json:"rule_version"`
	Severity    mediawatch.Severity    `json:"severity" enum:"low,medium,high,critical"`
	Matches     []mediawatch.TermMatch `json:"matches"`
	Snippet     string                 `json:"snippet" doc:"Plain text around the first match (not HTML)."`
	Status      mediawatch.FlagStatus  `json:"status" enum:"new,in_review,responded,dismissed,false_positive"`
	CreatedAt   time.Time              `json:"created_at"`
}

func (s *Server) storyFlagViewOf(f mediawatch.Flag) storyFlagView {
	v := storyFlagView{ID: f.ID, ItemID: f.ItemID, ItemVersion: f.ItemVersion, RuleID: f.RuleID, RuleVersion: f.RuleVersion,
		Severity: f.Severity, Matches: f.Matches, Snippet: f.Snippet, Status: f.Status, CreatedAt: s.at(f.CreatedAt)}
	if v.Matches == nil {
		v.Matches = []mediawatch.TermMatch{}
	}
	return v
}

// eventView is one change in a story's history.
type eventView struct {
	ID       int64                 `json:"id"`
	At       time.Time             `json:"at"`
	Who      string                `json:"who" doc:"The API key or user that made the change."`
	Action   string                `json:"action"`
	From     mediawatch.FlagStatus `json:"from,omitempty"`
	To       mediawatch.FlagStatus `json:"to,omitempty"`
	Assignee string                `json:"assignee,omitempty"`
	Note     string                `json:"note,omitempty"`
	URL      string                `json:"url,omitempty"`
}

func (s *Server) eventViewOf(e mediawatch.StoryEvent) eventView {
	return eventView{ID: e.ID, At: s.at(e.At), Who: e.Who, Action: e.Action, From: e.From, To: e.To,
		Assignee: e.Assignee, Note: e.Note, URL: e.URL}
}

// ruleCountsView is how many flags a rule raised.
type ruleCountsView struct {
	Total       int                           `json:"total"`
	ByStatus    map[mediawatch.FlagStatus]int `json:"by_status" doc:"Flags per review status."`
	LastFlagged *time.Time                    `json:"last_flagged" doc:"When it last flagged an item; null when never."`
}

func (s *Server) ruleCountsViewOf(c store.RuleCounts) ruleCountsView {
	v := ruleCountsView{Total: c.Total, ByStatus: c.ByStatus, LastFlagged: s.atOrNil(c.LastFlagged)}
	if v.ByStatus == nil {
		v.ByStatus = map[mediawatch.FlagStatus]int{}
	}
	return v
}

// refusalView is a rule set that was refused, with every problem.
type refusalView struct {
	_        struct{}      `nullable:"true"` // null when no set was refused
	At       time.Time     `json:"at" doc:"When the set was refused."`
	Error    string        `json:"error" doc:"Every problem, one \"file:line:col: message\" per line."`
	Problems []problemView `json:"problems"`
}

// problemView is one problem of a refused rule set.
type problemView struct {
	File string `json:"file"`
	Line int    `json:"line" doc:"0 when the problem is the whole file."`
	Col  int    `json:"col" doc:"0 when the column is not known."`
	Msg  string `json:"message"`
}

func (s *Server) refusalViewOf(r *desk.Refusal) *refusalView {
	if r == nil {
		return nil
	}
	v := &refusalView{At: s.at(r.At), Error: r.Error, Problems: []problemView{}}
	for _, p := range r.Problems {
		v.Problems = append(v.Problems, problemViewOf(p))
	}
	return v
}

func problemViewOf(p rules.Problem) problemView {
	return problemView{File: p.File, Line: p.Line, Col: p.Col, Msg: p.Msg}
}
