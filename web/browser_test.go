package web

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// submitButton clicks the submit button of the form marked data-form=name.
func submitButton(name string) chromedp.Action[chromedp.Void] {
	return chromedp.Click(chromedp.CSS(fmt.Sprintf(`form[data-form=%q] button[type="submit"]`, name)))
}

func TestBrowserSignInOutAndLanguage(t *testing.T) {
	ctx := newBrowser(t)
	site := newTestSite(t)
	base := site.srv.URL

	res, err := chromedp.Run(ctx, chromedp.NavigateResponse(base+"/login"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Headers["Content-Security-Policy"] != contentSecurityPolicy {
		t.Fatalf("CSP header: %v", res.Headers)
	}
	if lang := eval[string](t, ctx, "document.documentElement.lang"); lang != "vi" {
		t.Fatalf("page language %q", lang)
	}
	screenshot(t, ctx, "login")

	// A wrong password says so, and the name stays typed.
	run(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#name"), "lan"),
		chromedp.SendKeys(chromedp.CSS("#password"), "sai"),
		submitButton("login"))
	waitText(t, ctx, ".errors", "Sai tên đăng nhập hoặc mật khẩu.")
	if v := eval[string](t, ctx, `document.querySelector("#name").value`); v != "lan" {
		t.Fatalf("name field %q", v)
	}

	// The language switch keeps the page and speaks English from now on.
	run(t, ctx, chromedp.Click(chromedp.CSS(`[data-lang-switch="en"]`)))
	waitFor(t, ctx, `document.documentElement.lang === "en"`)
	waitText(t, ctx, "label[for=name]", "User name")
	if p := eval[string](t, ctx, "location.pathname"); p != "/login" {
		t.Fatalf("switch went to %s", p)
	}

	// Sign in, see the account page with the person's name, sign out.
	signInBrowser(t, ctx, base, "lan", "mật-khẩu-đúng")
	visit(t, ctx, base+"/account")
	waitText(t, ctx, "h1", "Tài khoản của tôi") // lan's own language is vi
	run(t, ctx, chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)))
	waitText(t, ctx, ".flash", "You have signed out.") // the lang cookie of the switch speaks again
	visit(t, ctx, base+"/account")
	if p := eval[string](t, ctx, "location.pathname + location.search"); p != "/login?next=%2Faccount" {
		t.Fatalf("after sign-out /account went to %s", p)
	}
}

func TestBrowserLockAfterFailures(t *testing.T) {
	ctx := newBrowser(t)
	site := newTestSite(t)
	visit(t, ctx, site.srv.URL+"/login")
	for i := 0; i < site.acc.maxFails; i++ {
		run(t, ctx,
			chromedp.SetValue(chromedp.CSS("#name"), "minh"),
			chromedp.SendKeys(chromedp.CSS("#password"), "sai-nữa"))
		clickAndWaitLoad(t, ctx, `form[data-form="login"] button[type="submit"]`)
	}
	waitText(t, ctx, ".errors", "Thử lại sau 07:20.")
}

func TestBrowserCSRFRefused(t *testing.T) {
	ctx := newBrowser(t)
	site := newTestSite(t)
	signInBrowser(t, ctx, site.srv.URL, "minh", "editor-pass")
	visit(t, ctx, site.srv.URL+"/account")
	// A form whose token is gone (a forged form from another site has none).
	eval[bool](t, ctx, `(document.querySelector('form[data-form="prefs"] input[name="csrf"]').remove(), true)`)
	run(t, ctx, submitButton("prefs"))
	waitText(t, ctx, "main", "security token was missing or wrong")
	if c := eval[int](t, ctx, `document.querySelector("[data-error]") ? +document.querySelector("[data-error]").dataset.error : 0`); c != 403 {
		t.Fatalf("error page code %d", c)
	}
	// A script's POST without the header is refused too.
	status := evalAwait[int](t, ctx, `fetch("/account/prefs", {method: "POST", body: new URLSearchParams({lang: "vi", tz: "UTC"})}).then(r => r.status)`)
	if status != 403 {
		t.Fatalf("fetch without token: %d", status)
	}
}

func TestBrowserAxeAndNarrowScreen(t *testing.T) {
	ctx := newBrowser(t)
	site := newTestSite(t)
	base := site.srv.URL
	other := secondBrowser(t, ctx)
	signInBrowser(t, other, base, "minh", "editor-pass") // an English-speaking editor, at the same time
	for _, lang := range []string{"vi", "en"} {
		t.Run(lang, func(t *testing.T) {
			c := ctx
			if lang == "en" {
				c = other
			}
			visit(t, c, base+"/login")
			checkAxe(t, c)
			visit(t, c, base+"/account")
			checkAxe(t, c)
			if l := eval[string](t, c, "document.documentElement.lang"); l != lang {
				t.Fatalf("page language %q, want %q", l, lang)
			}
		})
	}
	signInBrowser(t, ctx, base, "lan", "mật-khẩu-đúng")
	visit(t, ctx, base+"/account")
	checkAxe(t, ctx)
	screenshot(t, ctx, "account")
	// Both people stay signed in as themselves.
	visit(t, other, base+"/account")
	if who := eval[string](t, ctx, `document.querySelector("[data-person]").dataset.person`); who != "lan" {
		t.Errorf("first browser signed in as %q", who)
	}
	if who := eval[string](t, other, `document.querySelector("[data-person]").dataset.person`); who != "minh" {
		t.Errorf("second browser signed in as %q", who)
	}
	setViewport360(t, ctx)
	for _, p := range []string{"/account", "/login", "/nowhere"} {
		visit(t, ctx, base+p)
		assertNoSidewaysScroll(t, ctx)
	}
	visit(t, ctx, base+"/account")
	screenshot(t, ctx, "account-360")
	setViewport360(t, other)
	visit(t, other, base+"/nowhere")
	checkAxe(t, other)
}
