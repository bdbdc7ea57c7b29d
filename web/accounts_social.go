package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"mediawatch"
	"mediawatch/desk"
	"mediawatch/index"
	"mediawatch/store"
)

// The accounts pages show the authors behind the posts — the channels,
// profiles and key opinion leaders the social sources read — by audience,
// and one account with its posts. (web/accounts.go is something else: the
// people who sign in.)

// accountsPlatforms are the platforms the filter offers, in its order.
var accountsPlatforms = []mediawatch.Platform{mediawatch.PlatformYouTube, mediawatch.PlatformTelegram,
	mediawatch.PlatformMastodon, mediawatch.PlatformBluesky, mediawatch.PlatformReddit, "facebook", "tiktok"}

// accountsPerPage is how many accounts and posts a page shows.
const accountsPerPage = desk.DefaultAccountsPage

// accountRoutes adds the accounts pages for viewers.
func (s *Server) accountRoutes(r chi.Router) {
	if s.deps.Desk == nil {
		return
	}
	r.With(s.requireRole(roleViewer)).Get("/accounts", s.accountsPage)
	r.With(s.requireRole(roleViewer)).Get("/accounts/{id}", s.accountDetailPage)
}

// accountRowView is one row of the accounts page.
type accountRowView struct {
	store.AccountRow
	PlatformName string
}

// platformOption is one choice of the platform filter.
type platformOption struct {
	Value, Label string
	Selected     bool
}

// accountsData is the accounts page's Data.
type accountsData struct {
	Rows      []accountRowView
	Platform  string
	Watched   bool
	Platforms []platformOption
	NextURL   string // the next page, "" on the last
	FirstURL  string // the first page, "" on it
}

// accountsPage answers GET /accounts[?platform=…&watched=1&cursor=…].
func (s *Server) accountsPage(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	lang := langOf(r)
	platform := string(mediawatch.NormalPlatform(cleanText(v.Get("platform"), 40, false)))
	if v.Get("platform") == "" {
		platform = ""
	}
	watched := v.Get("watched") == "1"
	cursor := cleanText(v.Get("cursor"), 100, false)
	list, err := s.deps.Desk.Accounts(r.Context(), desk.AccountsQuery{Platform: mediawatch.Platform(platform),
		Watched: watched, Limit: accountsPerPage, After: cursor})
	if err != nil && cursor != "" {
		// a cursor no page gave: show the first page rather than an error
		cursor = ""
		list, err = s.deps.Desk.Accounts(r.Context(), desk.AccountsQuery{Platform: mediawatch.Platform(platform),
			Watched: watched, Limit: accountsPerPage})
	}
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	d := accountsData{Platform: platform, Watched: watched}
	for _, p := range accountsPlatforms {
		d.Platforms = append(d.Platforms, platformOption{Value: string(p), Label: platformName(lang, p), Selected: string(p) == platform})
	}
	if platform != "" && !slices.ContainsFunc(d.Platforms, func(o platformOption) bool { return o.Selected }) {
		d.Platforms = append(d.Platforms, platformOption{Value: platform, Label: platformName(lang, mediawatch.Platform(platform)), Selected: true})
	}
	for _, row := range list.Rows {
		d.Rows = append(d.Rows, accountRowView{AccountRow: row, PlatformName: platformName(lang, row.Platform)})
	}
	q := url.Values{}
	if platform != "" {
		q.Set("platform", platform)
	}
	if watched {
		q.Set("watched", "1")
	}
	if cursor != "" {
		d.FirstURL = "/accounts?" + q.Encode()
	}
	if list.Next != "" {
		q.Set("cursor", list.Next)
		d.NextURL = "/accounts?" + q.Encode()
	}
	s.render(w, r, "accounts", page{Title: "accounts.title", Nav: "accounts", Data: d})
}

// accountPostView is one post on an account's page.
type accountPostView struct {
	ID          int64
	Title, Text string
	Outlet      string
	Item        mediawatch.Item
}

// accountDetailData is the account page's Data.
type accountDetailData struct {
	Account      mediawatch.Account
	PlatformName string
	SearchURL    string
	Search       string
	Posts        []accountPostView
	NextURL      string
	FirstURL     string
}

// accountDetailPage answers GET /accounts/{id}[?before=N]: the account's
// card, a link to search its posts, and its posts, newest first.
func (s *Server) accountDetailPage(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 {
		s.errorPage(w, r, http.StatusNotFound, nil)
		return
	}
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	before = max(before, 0)
	rec, err := s.deps.Desk.Account(r.Context(), id, before, accountsPerPage)
	if err != nil {
		s.readError(w, r, err)
		return
	}
	lang, names := langOf(r), s.outletNames()
	d := accountDetailData{Account: rec.Account, PlatformName: platformName(lang, rec.Account.Platform), Search: rec.Search,
		SearchURL: "/search?" + url.Values{"q": {rec.Search}, "sort": {"newest"}}.Encode()}
	for _, it := range rec.Items {
		d.Posts = append(d.Posts, accountPostView{ID: it.ID, Title: it.Title, Text: clipRunes(it.Text, 280),
			Outlet: outletOf(names, it.Source), Item: it})
	}
	base := "/accounts/" + strconv.FormatInt(id, 10)
	if before > 0 {
		d.FirstURL = base
	}
	if rec.Next != 0 {
		d.NextURL = base + "?before=" + strconv.FormatInt(rec.Next, 10)
	}
	s.render(w, r, "accounts-detail", page{Title: "accounts.one.title", Nav: "accounts", Data: d})
}

// platformName is a platform in words: the platform's own name, or for
// news, "news site" in the reader's language.
func platformName(lang string, p mediawatch.Platform) string {
	p = mediawatch.NormalPlatform(string(p))
	if _, ok := messages["accounts.platform."+string(p)]; ok {
		return T(lang, "accounts.platform."+string(p))
	}
	return string(p)
}

// clipRunes keeps at most n runes of s, with "…" when it cut.
func clipRunes(s string, n int) string {
	s = strings.TrimSpace(s)
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n])) + "…"
}

// platformFacet is the search page's platform facet: each platform with
// its count, linking to the search narrowed by platform:VALUE (or, when
// the query already says so, to the search without it). It is left out
// when every match is from one platform and the query does not name one:
// a coverage of news alone needs no facet saying so.
func platformFacet(f searchForm, counts []index.Count, lang string) []facetLink {
	var out []facetLink
	named := false
	for _, c := range counts {
		g := f
		filter := "platform:" + c.Value
		words := strings.Fields(f.Q)
		active := slices.ContainsFunc(words, func(w string) bool { return strings.EqualFold(w, filter) })
		if active {
			named = true
			g.Q = strings.Join(slices.DeleteFunc(words, func(w string) bool { return strings.EqualFold(w, filter) }), " ")
		} else if strings.Contains(f.Q, " OR ") {
			g.Q = "(" + f.Q + ") " + filter // implicit AND binds tighter than OR
		} else {
			g.Q = f.Q + " " + filter
		}
		g.Cursor = ""
		out = append(out, facetLink{Value: c.Value, Label: platformName(lang, mediawatch.Platform(c.Value)), N: c.N,
			URL: g.url(), Active: active})
	}
	if len(out) < 2 && !named {
		return nil
	}
	return out
}
