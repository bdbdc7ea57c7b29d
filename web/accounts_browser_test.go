package web

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserAccounts walks the accounts pages in chromium as an analyst
// would: the listing by audience, the filter by platform, one account,
// its search link, and the item page of one of its posts — a hostile
// account name stays text, axe finds nothing serious in Vietnamese or
// English, and at 360 px nothing scrolls sideways.
func TestBrowserAccounts(t *testing.T) {
	ctx := newBrowser(t)
	site := newAdminSite(t)
	base := site.srv.URL
	signInBrowser(t, ctx, base, adminName, adminPass) // Vietnamese

	visit(t, ctx, base+"/accounts")
	waitText(t, ctx, "h1", "Tài khoản mạng xã hội")
	checkAxe(t, ctx)
	if got := eval[string](t, ctx, `document.querySelector("tbody tr .acc-handle").textContent`); got != "sonla24h" {
		t.Fatalf("first account %q, want the widest audience", got)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("main img").length`); n != 0 {
		t.Fatal("the hostile account name became markup")
	}
	run(t, ctx, chromedp.SetValue(chromedp.CSS("#acc-platform"), "youtube"))
	clickAndWaitLoad(t, ctx, `form[data-form="accounts-filter"] button[type="submit"]`)
	waitFor(t, ctx, `document.querySelector("[data-total]").dataset.total === "1"`)
	visit(t, ctx, base+"/accounts")
	clickAndWaitLoad(t, ctx, `tbody tr a.acc-name`)
	waitText(t, ctx, "#acc-h", "Sơn La 24h")
	checkAxe(t, ctx)
	if n := eval[int](t, ctx, `document.querySelectorAll(".account-posts li").length`); n != 3 {
		t.Fatalf("%d posts on the account page", n)
	}
	account := eval[string](t, ctx, `location.pathname`)
	clickAndWaitLoad(t, ctx, `a[data-search-link]`)
	waitFor(t, ctx, `document.querySelector("[data-total]") && document.querySelector("[data-total]").dataset.total === "3"`)
	checkAxe(t, ctx)
	visit(t, ctx, base+account)
	clickAndWaitLoad(t, ctx, `.account-posts li:last-child a`)
	waitText(t, ctx, ".item-author", "Sơn La 24h")
	waitText(t, ctx, ".forwarded", "Tin Tây Bắc")
	checkAxe(t, ctx)

	setViewport360(t, ctx)
	for _, p := range []string{"/accounts", account} {
		visit(t, ctx, base+p)
		assertNoSidewaysScroll(t, ctx)
	}

	run(t, ctx, chromedp.EmulateViewport(1280, 900))
	visit(t, ctx, base+"/accounts")
	clickAndWaitLoad(t, ctx, `[data-lang-switch="en"]`)
	waitText(t, ctx, "h1", "Social accounts")
	checkAxe(t, ctx)
	visit(t, ctx, base+account)
	waitText(t, ctx, "#posts-h", "Posts, newest first")
	checkAxe(t, ctx)

	// The README's pictures, in English at a laptop's width.
	run(t, ctx, chromedp.EmulateViewport(1100, 800))
	for _, p := range []struct{ path, name string }{{"/accounts", "social-accounts"}, {account, "social-account"}} {
		visit(t, ctx, base+p.path)
		screenshot(t, ctx, p.name)
	}
}
