package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"mediawatch"
)

// savePosts stores n posts of the account a, returning their ids in order.
func savePosts(t *testing.T, f *fixture, a mediawatch.Account, n int) []int64 {
	t.Helper()
	var ids []int64
	for i := range n {
		u := fmt.Sprintf("https://t.me/%s/%d", a.Handle, 100+i)
		res, err := f.db.SaveItem(context.Background(), mediawatch.Item{Source: "tg-" + a.Handle, URL: u, CanonicalURL: u,
			Title: "Tin nhanh " + strconv.Itoa(i), Text: "Nước sông Đà lên nhanh.", Lang: "vi", ContentHash: u,
			FirstSeen: time.Date(2026, 11, 20, 1, i, 0, 0, time.UTC), Platform: a.Platform, Account: &a,
			PostID: fmt.Sprintf("%s/%d", a.Handle, 100+i), Views: 8400, ForwardedFrom: "Tin Tây Bắc"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.ItemID)
	}
	return ids
}

type accountJSON struct {
	ID       int64  `json:"id"`
	Platform string `json:"platform"`
	Handle   string `json:"handle"`
	Name     string `json:"name"`
	Audience *int64 `json:"audience"`
	Posts    int    `json:"posts"`
	Flagged  int    `json:"flagged"`
	LastPost *time.Time
}

func TestAccountsListAndOne(t *testing.T) {
	f := newFixture(t, Options{})
	tg := mediawatch.Account{Platform: mediawatch.PlatformTelegram, Handle: "sonla24h", Name: "Sơn La 24h", Audience: 52000}
	yt := mediawatch.Account{Platform: mediawatch.PlatformYouTube, Handle: "UCmocchau", Name: "Mộc Châu TV"}
	posts := savePosts(t, f, tg, 3)
	savePosts(t, f, yt, 1)
	viewer := f.tokens[mediawatch.RoleViewer]

	type listJSON struct {
		Accounts []accountJSON `json:"accounts"`
		Next     string        `json:"next"`
	}
	var list listJSON
	resp, body := f.get(t, "/api/v1/accounts", viewer)
	if resp.StatusCode != http.StatusOK || unmarshalFresh(body, &list) != nil {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if len(list.Accounts) != 2 || list.Accounts[0].Handle != "sonla24h" || list.Accounts[0].Posts != 3 ||
		*list.Accounts[0].Audience != 52000 || list.Accounts[1].Audience != nil || list.Next != "" {
		t.Errorf("accounts %s", body)
	}
	resp, body = f.get(t, "/api/v1/accounts?limit=1", viewer)
	if unmarshalFresh(body, &list) != nil || len(list.Accounts) != 1 || list.Next == "" {
		t.Fatalf("first page %s", body)
	}
	resp, body = f.get(t, "/api/v1/accounts?limit=1&cursor="+list.Next, viewer)
	if unmarshalFresh(body, &list) != nil || len(list.Accounts) != 1 || list.Accounts[0].Handle != "UCmocchau" || list.Next != "" {
		t.Errorf("second page %d %s", resp.StatusCode, body)
	}
	resp, body = f.get(t, "/api/v1/accounts?platform=youtube", viewer)
	if unmarshalFresh(body, &list) != nil || len(list.Accounts) != 1 || list.Accounts[0].Platform != "youtube" {
		t.Errorf("platform filter %d %s", resp.StatusCode, body)
	}
	var watched listJSON
	resp, body = f.get(t, "/api/v1/accounts?watched=true", viewer)
	if unmarshalFresh(body, &watched) != nil || len(watched.Accounts) != 0 {
		t.Errorf("watched filter %d %s", resp.StatusCode, body)
	}

	var one struct {
		Account accountJSON `json:"account"`
		Search  string      `json:"search"`
		Items   []struct {
			ID       int64        `json:"id"`
			Platform string       `json:"platform"`
			Account  *accountJSON `json:"account"`
			Views    int64        `json:"views"`
		} `json:"items"`
		Next string `json:"next"`
	}
	id := strconv.FormatInt(list.Accounts[0].ID, 10)
	resp, body = f.get(t, "/api/v1/accounts/"+id, viewer)
	if resp.StatusCode != http.StatusOK || unmarshalFresh(body, &one) != nil {
		t.Fatalf("account %d %s", resp.StatusCode, body)
	}
	if one.Account.Handle != "UCmocchau" || one.Search != `author:"youtube:UCmocchau"` || len(one.Items) != 1 ||
		one.Items[0].Platform != "youtube" || one.Items[0].Account == nil || one.Next != "" {
		t.Errorf("account %s", body)
	}
	resp, body = f.get(t, "/api/v1/accounts?platform=telegram", viewer)
	if unmarshalFresh(body, &list) != nil || len(list.Accounts) != 1 {
		t.Fatalf("telegram %s", body)
	}
	tgID := strconv.FormatInt(list.Accounts[0].ID, 10)
	resp, body = f.get(t, "/api/v1/accounts/"+tgID+"?limit=2", viewer)
	if unmarshalFresh(body, &one) != nil || len(one.Items) != 2 || one.Items[0].ID != posts[2] || one.Next != strconv.FormatInt(posts[1], 10) {
		t.Fatalf("first posts %s", body)
	}
	resp, body = f.get(t, "/api/v1/accounts/"+tgID+"?limit=2&before="+one.Next, viewer)
	if unmarshalFresh(body, &one) != nil || len(one.Items) != 1 || one.Items[0].ID != posts[0] || one.Next != "" {
		t.Errorf("second posts %s", body)
	}

	var item struct {
		Platform      string       `json:"platform"`
		Account       *accountJSON `json:"account"`
		PostID        string       `json:"post_id"`
		Views         int64        `json:"views"`
		ForwardedFrom string       `json:"forwarded_from"`
	}
	resp, body = f.get(t, "/api/v1/items/"+strconv.FormatInt(posts[0], 10), viewer)
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &item) != nil {
		t.Fatalf("item %d %s", resp.StatusCode, body)
	}
	if item.Platform != "telegram" || item.Account == nil || item.Account.Name != "Sơn La 24h" || item.PostID != "sonla24h/100" ||
		item.Views != 8400 || item.ForwardedFrom != "Tin Tây Bắc" {
		t.Errorf("post item %s", body)
	}
	resp, body = f.get(t, "/api/v1/items/"+strconv.FormatInt(f.item, 10), viewer)
	item.Account = nil
	if json.Unmarshal(body, &item) != nil || item.Platform != "news" || item.Account != nil {
		t.Errorf("article item %s", body)
	}
}

func TestAccountsBadInput(t *testing.T) {
	f := newFixture(t, Options{})
	for _, tc := range []struct {
		path, location string
		status         int
	}{
		{"/api/v1/accounts?cursor=nope", "query.cursor", http.StatusBadRequest},
		{"/api/v1/accounts?limit=0", "query.limit", http.StatusBadRequest},
		{"/api/v1/accounts?platform=%3Cscript%3E", "query.platform", http.StatusBadRequest},
		{"/api/v1/accounts/abc", "path.id", http.StatusBadRequest},
		{"/api/v1/accounts/1?before=x", "query.before", http.StatusBadRequest},
		{"/api/v1/accounts/999", "", http.StatusNotFound},
	} {
		resp, body := f.get(t, tc.path, f.tokens[mediawatch.RoleViewer])
		p := checkProblem(t, tc.status, resp.Header, resp.StatusCode, body)
		if tc.location != "" && (len(p.Errors) != 1 || p.Errors[0].Location != tc.location) {
			t.Errorf("%s: errors %+v, want one at %s", tc.path, p.Errors, tc.location)
		}
	}
	req, _ := http.NewRequest(http.MethodGet, f.srv.URL+"/api/v1/accounts?cursor=nope", nil)
	req.Header.Set("Authorization", "Bearer "+f.tokens[mediawatch.RoleViewer])
	req.Header.Set("Accept-Language", "vi")
	resp, body := do(t, f.srv.Client(), req)
	p := checkProblem(t, http.StatusBadRequest, resp.Header, resp.StatusCode, body)
	if len(p.Errors) != 1 || p.Errors[0].Message != "không phải giá trị next do danh sách này trả về" {
		t.Errorf("Vietnamese problem %+v", p)
	}
}

// unmarshalFresh decodes body into a zeroed *v, so that members a page
// leaves out (next) do not keep the previous page's values.
func unmarshalFresh[T any](body []byte, v *T) error {
	var zero T
	*v = zero
	return json.Unmarshal(body, v)
}
