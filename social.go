package mediawatch

import (
	"strings"
	"time"
)

// The source kinds of the public channels: each reads a platform's own
// no-login, machine-readable page, and each item it gives is a post (its
// own text, no article page fetched) with an author Account.
const (
	KindYouTube  SourceKind = "youtube"  // a channel's or playlist's Atom feed (/feeds/videos.xml?channel_id=…)
	KindTelegram SourceKind = "telegram" // a public channel's web preview (https://t.me/s/NAME)
	KindMastodon SourceKind = "mastodon" // a hashtag's or account's RSS (/tags/TAG.rss, /@USER.rss)
	KindBluesky  SourceKind = "bluesky"  // a profile's RSS (https://bsky.app/profile/HANDLE/rss)
	KindReddit   SourceKind = "reddit"   // a subreddit's or search's RSS (/r/NAME/.rss, /search.rss?q=…)
)

// SourceKinds lists every kind a source may have, news kinds first.
var SourceKinds = []SourceKind{KindFeed, KindPage, KindSitemap, KindYouTube, KindTelegram, KindMastodon, KindBluesky, KindReddit}

// Social reports whether the kind reads posts of a platform rather than
// news articles.
func (k SourceKind) Social() bool {
	switch k {
	case KindYouTube, KindTelegram, KindMastodon, KindBluesky, KindReddit:
		return true
	}
	return false
}

// Platform is the platform the kind's items are published on: the kind's
// own name for the social kinds, PlatformNews for the news kinds.
func (k SourceKind) Platform() Platform {
	if k.Social() {
		return Platform(k)
	}
	return PlatformNews
}

// Platform is where an item was published: PlatformNews for articles of
// news sites, else the social platform ("telegram", "youtube", …). Posts
// brought in by import or webhook may name others ("facebook", "tiktok").
type Platform string

// The platforms mediawatch reads itself.
const (
	PlatformNews     Platform = "news"
	PlatformYouTube  Platform = "youtube"
	PlatformTelegram Platform = "telegram"
	PlatformMastodon Platform = "mastodon"
	PlatformBluesky  Platform = "bluesky"
	PlatformReddit   Platform = "reddit"
)

// NormalPlatform is p as stored and searched: lower case and trimmed, with
// "" meaning PlatformNews.
func NormalPlatform(p string) Platform {
	p = strings.ToLower(strings.TrimSpace(p))
	if p == "" {
		return PlatformNews
	}
	return Platform(p)
}

// Account is who published a post: a channel, a profile, a user — the key
// opinion leaders the office watches are accounts. An account is known by
// its platform and handle; the rest is what its pages last said.
type Account struct {
	ID int64 `json:"id"`
	// Platform and Handle name the account: the Telegram channel's
	// username ("sonla24h"), the YouTube channel id ("UC…"), the Mastodon
	// "user@instance", the Bluesky handle ("name.bsky.social"), the
	// Reddit "u/name" (or "r/name" for a subreddit's own posts). Handles
	// of platforms that ignore case are stored lower case (NormalHandle).
	Platform Platform `json:"platform"`
	Handle   string   `json:"handle"`
	// Name is the account's display name; URL its page on the platform.
	Name string `json:"name,omitempty"`
	URL  string `json:"url,omitempty"`
	// Audience is its followers or subscribers where the platform shows
	// them publicly; 0 when it does not (unknown, not "none").
	Audience int64 `json:"audience,omitempty"`
	// Watched: named in the configuration's accounts, or the only account
	// a source reads — every post of a watched account is kept.
	Watched   bool      `json:"watched"`
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
}

// Key is the account as one string, "platform:handle": the author: field
// of the query language matches it, and logs name it so.
func (a Account) Key() string { return string(a.Platform) + ":" + a.Handle }

// Label is the account as people read it: its display name, or its
// handle when it has none.
func (a Account) Label() string {
	if a.Name != "" {
		return a.Name
	}
	return a.Handle
}

// NormalHandle is h as stored for platform p: trimmed of spaces and of a
// leading "@", lower case except for YouTube, whose channel ids are case
// sensitive.
func NormalHandle(p Platform, h string) string {
	h = strings.TrimPrefix(strings.TrimSpace(h), "@")
	if p == PlatformYouTube {
		return h
	}
	return strings.ToLower(h)
}

// Post is what a post carries beyond an article's fields: the crawler's
// social parsers fill it, ingest stores it with the item. The post's own
// text is the Article's Text; no page is fetched for it.
type Post struct {
	Platform Platform `json:"platform"`
	// ID is the platform's id of the post, unique within the platform:
	// "sonla24h/1234" for Telegram, the video id for YouTube, the status
	// URL for Mastodon and Bluesky, the "t3_…" id for Reddit.
	ID string `json:"id"`
	// Account is the author as the page showed it (Audience where shown).
	Account Account `json:"account"`
	// Views is the view count where the platform shows it, 0 otherwise.
	Views int64 `json:"views,omitempty"`
	// ForwardedFrom is the account (or channel title) a forwarded post
	// came from, "" for the author's own.
	ForwardedFrom string `json:"forwarded_from,omitempty"`
	// Links are the outside links the post shares, absolute, in order;
	// ingest canonicalises them and a post sharing a stored article joins
	// that article's story.
	Links []string `json:"links,omitempty"`
	// Pinned: the channel pinned it (it may be old; its date says so).
	Pinned bool `json:"pinned,omitempty"`
}
