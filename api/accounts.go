package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"mediawatch"
	"mediawatch/desk"
	"mediawatch/store"
)

// AccountView is the author of a post — a channel, a profile, a user — as
// the API shows it. It is exported because huma documents the fields of
// exported embedded types only.
type AccountView struct {
	ID        int64     `json:"id"`
	Platform  string    `json:"platform" doc:"Where the account publishes: youtube, telegram, mastodon, bluesky, reddit, or a platform an import named." example:"telegram"`
	Handle    string    `json:"handle" doc:"The account's name on its platform: a Telegram channel's username, a YouTube channel id, a Mastodon user@instance." example:"sonla24h"`
	Name      string    `json:"name" doc:"Its display name; empty when the platform shows none."`
	URL       string    `json:"url" doc:"Its page on the platform; empty when not known."`
	Audience  *int64    `json:"audience" doc:"Followers or subscribers where the platform shows them publicly; null when it does not."`
	Watched   bool      `json:"watched" doc:"Named in the configuration's accounts, or the one account a source reads: every post of it is kept."`
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
}

func (s *Server) accountViewOf(a mediawatch.Account) AccountView {
	v := AccountView{ID: a.ID, Platform: string(a.Platform), Handle: a.Handle, Name: a.Name, URL: a.URL, Watched: a.Watched,
		FirstSeen: s.at(a.FirstSeen), LastSeen: s.at(a.LastSeen)}
	if a.Audience > 0 {
		n := a.Audience
		v.Audience = &n
	}
	return v
}

// accountRowView is one account of the listing, with what its posts add
// up to.
type accountRowView struct {
	AccountView
	Posts    int        `json:"posts" doc:"Its stored posts."`
	Flagged  int        `json:"flagged" doc:"Of those, the posts a rule flagged."`
	LastPost *time.Time `json:"last_post" doc:"When its newest stored post was first seen; null with none."`
}

type listAccountsInput struct {
	Platform string `query:"platform" pattern:"^[A-Za-z][A-Za-z0-9._-]{0,31}$" doc:"Only accounts of this platform (youtube, telegram, mastodon, bluesky, reddit, …)." example:"telegram"`
	Watched  bool   `query:"watched" doc:"Only watched accounts: those named in the configuration or read by a source of their own."`
	Limit    int    `query:"limit" minimum:"1" maximum:"200" default:"50" doc:"Accounts per page."`
	Cursor   string `query:"cursor" maxLength:"100" doc:"The next value of the previous page."`
}

type listAccountsOutput struct {
	Body accountsBody
}

type accountsBody struct {
	Accounts []accountRowView `json:"accounts" doc:"The widest audience first (unknown counts as none), then the most posts."`
	Next     string           `json:"next,omitempty" doc:"Pass as cursor for the next page; absent after the last."`
}

// listAccounts answers GET /api/v1/accounts.
func (s *Server) listAccounts(ctx context.Context, in *listAccountsInput) (*listAccountsOutput, error) {
	page, err := s.desk.Accounts(ctx, desk.AccountsQuery{Platform: mediawatch.Platform(in.Platform), Watched: in.Watched,
		Limit: in.Limit, After: in.Cursor})
	if err != nil {
		if in.Cursor != "" && errors.Is(err, mediawatch.ErrInvalid) {
			err = &FieldError{Location: "query.cursor", Value: in.Cursor, Key: msgWantAccountCursor}
		}
		return nil, s.problem(ctx, err)
	}
	body := accountsBody{Accounts: make([]accountRowView, 0, len(page.Rows)), Next: page.Next}
	for _, r := range page.Rows {
		body.Accounts = append(body.Accounts, s.accountRowViewOf(r))
	}
	return &listAccountsOutput{Body: body}, nil
}

func (s *Server) accountRowViewOf(r store.AccountRow) accountRowView {
	return accountRowView{AccountView: s.accountViewOf(r.Account), Posts: r.Posts, Flagged: r.Flagged, LastPost: s.atOrNil(r.LastPost)}
}

type getAccountInput struct {
	ID     string `path:"id" doc:"The account's id, a positive integer." example:"3"`
	Before string `query:"before" doc:"The next value of the previous page: posts stored before that one."`
	Limit  int    `query:"limit" minimum:"1" maximum:"200" default:"50" doc:"Posts per page."`
}

type getAccountOutput struct {
	Body accountBody
}

type accountBody struct {
	Account AccountView `json:"account"`
	Search  string      `json:"search" doc:"The query that finds the account's posts in search." example:"author:\"telegram:sonla24h\""`
	Items   []ItemView  `json:"items" doc:"Its posts, newest stored first."`
	Next    string      `json:"next,omitempty" doc:"Pass as before for the next page; absent after the last." example:"118"`
}

// getAccount answers GET /api/v1/accounts/{id}.
func (s *Server) getAccount(ctx context.Context, in *getAccountInput) (*getAccountOutput, error) {
	id, err := parseID("path.id", in.ID)
	if err != nil {
		return nil, s.problem(ctx, err)
	}
	var before int64
	if in.Before != "" {
		if before, err = parseID("query.before", in.Before); err != nil {
			return nil, s.problem(ctx, err)
		}
	}
	rec, err := s.desk.Account(ctx, id, before, in.Limit)
	if err != nil {
		return nil, s.problem(ctx, err)
	}
	body := accountBody{Account: s.accountViewOf(rec.Account), Search: rec.Search, Items: make([]ItemView, 0, len(rec.Items))}
	for _, it := range rec.Items {
		body.Items = append(body.Items, s.itemViewOf(it))
	}
	if rec.Next != 0 {
		body.Next = strconv.FormatInt(rec.Next, 10)
	}
	return &getAccountOutput{Body: body}, nil
}

// registerAccounts adds the accounts routes.
func (s *Server) registerAccounts(api huma.API) {
	register(api, operation("list-accounts", http.MethodGet, "/api/v1/accounts", mediawatch.RoleViewer,
		"List accounts", "The accounts behind the posts — channels, profiles, the key opinion leaders — the widest "+
			"audience first, each with its post and flag counts and when it last posted; filtered by platform and "+
			"whether it is watched.", http.StatusBadRequest), docs{example: exampleAccounts}, s.listAccounts)
	register(api, operation("get-account", http.MethodGet, "/api/v1/accounts/{id}", mediawatch.RoleViewer,
		"Get an account", "One account, the search that finds its posts, and its posts, newest first, a page at a time.",
		http.StatusBadRequest, http.StatusNotFound), docs{example: exampleAccount}, s.getAccount)
}

var exampleAccountView = AccountView{ID: 3, Platform: "telegram", Handle: "sonla24h", Name: "Sơn La 24h",
	URL: "https://t.me/sonla24h", Audience: func() *int64 { n := int64(52000); return &n }(), Watched: true,
	FirstSeen: exampleAt.Add(-30 * 24 * time.Hour), LastSeen: exampleAt}

var exampleAccounts = accountsBody{Accounts: []accountRowView{{AccountView: exampleAccountView, Posts: 128, Flagged: 4,
	LastPost: examplePtr(exampleAt)}}, Next: "52000.128.3"}

var exampleAccount = accountBody{Account: exampleAccountView, Search: `author:"telegram:sonla24h"`,
	Items: []ItemView{{ID: 120, Source: "tg-sonla24h", URL: "https://t.me/sonla24h/5120", CanonicalURL: "https://t.me/sonla24h/5120",
		Title: "Nước sông Đà lên nhanh", Text: "Nước sông Đà lên nhanh, bà con vùng thấp chú ý.", Published: examplePtr(exampleAt),
		Lang: "vi", ContentHash: "77b1e0", Version: 1, FirstSeen: exampleAt, UpdatedAt: exampleAt, RuleIDs: []string{},
		StoryID: 7, Platform: "telegram", Account: &exampleAccountView, PostID: "sonla24h/5120", Views: 8400}},
	Next: "118"}
