package web

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// accountIDOf finds the id of the account row with handle on the
// accounts page body.
func accountIDOf(t *testing.T, body, handle string) string {
	t.Helper()
	re := regexp.MustCompile(`data-account-id="(\d+)"[^>]*>\s*<th scope="row"><a href="/accounts/\d+" class="acc-name">[^<]*</a>\s*<br><span class="acc-handle">` + regexp.QuoteMeta(handle))
	m := re.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no row of %s in %s", handle, body)
	}
	return m[1]
}

func TestAccountsPages(t *testing.T) {
	site := newAdminSite(t)
	b := site.browser(t) // signed out
	a := b.get("/accounts")
	if a.StatusCode != http.StatusSeeOther {
		t.Fatalf("signed out: %d", a.StatusCode)
	}
	b = site.browser(t)
	b.signIn(editorName, editorPass) // English
	a = b.get("/accounts")
	wantStatus(t, a, http.StatusOK)
	for _, want := range []string{`data-total="2"`, "Sơn La 24h", "52,000", "Telegram", "YouTube", "unknown",
		`class="acc-watched"`, `data-posts="3"`, `data-flagged="1"`, `href="/accounts"`} {
		if !strings.Contains(a.body, want) {
			t.Errorf("accounts page lacks %q", want)
		}
	}
	if strings.Contains(a.body, "<img src=x") {
		t.Error("the hostile account name is not escaped")
	}
	if strings.Index(a.body, "sonla24h") > strings.Index(a.body, "UCmocChauTV") {
		t.Error("the widest audience is not first")
	}
	tg := accountIDOf(t, a.body, "sonla24h")

	a = b.get("/accounts?platform=youtube")
	if !strings.Contains(a.body, `data-total="1"`) || strings.Contains(a.body, "sonla24h") {
		t.Errorf("platform filter: %s", a.body)
	}
	a = b.get("/accounts?watched=1")
	if !strings.Contains(a.body, `data-total="1"`) || !strings.Contains(a.body, "sonla24h") {
		t.Errorf("watched filter")
	}
	a = b.get("/accounts?cursor=garbage")
	wantStatus(t, a, http.StatusOK) // a cursor no page gave: the first page

	a = b.get("/accounts/" + tg)
	wantStatus(t, a, http.StatusOK)
	search := "/search?" + url.Values{"q": {`author:"telegram:sonla24h"`}, "sort": {"newest"}}.Encode()
	for _, want := range []string{"Sơn La 24h", "52,000", "Yes: every post is kept", html.EscapeString(search),
		"Tin đồn vỡ đập thủy điện", "3,000 views", "High", `href="https://t.me/sonla24h"`} {
		if !strings.Contains(a.body, want) {
			t.Errorf("account page lacks %q", want)
		}
	}
	if i, j := strings.Index(a.body, "Tin đồn vỡ đập"), strings.Index(a.body, "Nước sông Đà"); i < 0 || j < 0 || i > j {
		t.Error("posts are not newest first")
	}
	wantStatus(t, b.get("/accounts/999"), http.StatusNotFound)
	wantStatus(t, b.get("/accounts/abc"), http.StatusNotFound)

	// The search the account page links finds its three posts.
	a = b.get(search)
	wantStatus(t, a, http.StatusOK)
	if !strings.Contains(a.body, `data-total="3"`) || !strings.Contains(a.body, `<span class="platform">Telegram</span>`) ||
		!strings.Contains(a.body, `<span class="author">Sơn La 24h</span>`) {
		t.Errorf("author search: %s", a.body)
	}
	a = b.get("/search?" + url.Values{"q": {`author:"son la 24h" platform:telegram`}}.Encode())
	if !strings.Contains(a.body, `data-total="3"`) {
		t.Error("author typed without accents finds nothing")
	}
	a = b.get("/search?" + url.Values{"q": {`lũ OR vỡ`}}.Encode())
	if !strings.Contains(a.body, `data-facet="telegram"`) || !strings.Contains(a.body, `data-facet="news"`) {
		t.Errorf("no platform facet: %s", a.body)
	}
	a = b.get("/search?" + url.Values{"q": {`platfrom:telegram`}}.Encode())
	if !strings.Contains(a.body, "platform:") {
		t.Error("a misspelt platform: has no did-you-mean")
	}
}

func TestItemPageShowsPlatformAndAccount(t *testing.T) {
	site := newAdminSite(t)
	b := site.browser(t)
	b.signIn(adminName, adminPass) // Vietnamese
	a := b.get("/accounts?platform=telegram")
	tg := accountIDOf(t, a.body, "sonla24h")
	a = b.get("/accounts/" + tg)
	ids := regexp.MustCompile(`<li data-item-id="(\d+)">`).FindAllStringSubmatch(a.body, -1)
	if len(ids) != 3 {
		t.Fatalf("posts %v", ids)
	}
	forwarded, shared := ids[2][1], ids[1][1]
	a = b.get("/items/" + forwarded)
	wantStatus(t, a, http.StatusOK)
	for _, want := range []string{"Nền tảng", "Telegram", `<a href="/accounts/` + tg + `">Sơn La 24h</a>`, "sonla24h",
		"52.000 người theo dõi", "Chuyển tiếp từ", "Tin Tây Bắc", "Lượt xem", "Được ghim", "Kênh đang ghim bài này lên đầu"} {
		if !strings.Contains(a.body, want) {
			t.Errorf("post page lacks %q", want)
		}
	}
	a = b.get("/items/" + shared)
	if strings.Contains(a.body, "data-pinned") {
		t.Error("a post the channel did not pin shows as pinned")
	}
	if !strings.Contains(a.body, `href="https://baosonla.vn/thoi-su/mua-lon-42"`) || !strings.Contains(a.body, "Bài báo được chia sẻ") {
		t.Error("the shared article is not linked")
	}
	a = b.get("/search?" + url.Values{"q": {"platform:news"}}.Encode())
	item := regexp.MustCompile(`data-item-id="(\d+)"`).FindStringSubmatch(a.body)
	if item == nil {
		t.Fatalf("no article: %s", a.body)
	}
	a = b.get("/items/" + item[1])
	if !strings.Contains(a.body, "Báo điện tử") || strings.Contains(a.body, "/accounts/") {
		t.Error("an article's page shows an account, or no platform")
	}
}
