package web

// The browser-test harness: real chromium through chromedp, axe-core for
// accessibility. Page authors write a browser test as:
//
//	ctx := newBrowser(t)                        // skips loudly without chromium (fails with CI=true)
//	site := newTestSite(t)                      // or a site of their own over real stores
//	visit(t, ctx, site.srv.URL+"/login")
//	signInBrowser(t, ctx, site.srv.URL, "lan", "mật-khẩu-đúng")
//	checkAxe(t, ctx)                            // no serious or critical violation
//	setViewport360(t, ctx); assertNoSidewaysScroll(t, ctx)
//	screenshot(t, ctx, "search")                // docs/screenshots/search.png with MEDIAWATCH_SCREENSHOTS=1
//	other := secondBrowser(t, ctx)              // a second person at once (own cookies)

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// browserTimeout bounds one browser test; it is a guard against a hung
// browser, not an assertion about speed.
const browserTimeout = 2 * time.Minute

// needBrowserTool skips the test loudly when a tool of the browser tests is
// missing, and fails it under CI=true, where .ci/test installs them.
func needBrowserTool(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true: %s", msg)
	}
	t.Skipf("\n\n*** BROWSER TEST SKIPPED: %s ***\n*** run .ci/test to install what is missing ***\n", msg)
}

// findChromium returns MEDIAWATCH_CHROMIUM, else chromium or
// chromium-browser on PATH.
func findChromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("MEDIAWATCH_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			needBrowserTool(t, "MEDIAWATCH_CHROMIUM=%s: %v", p, err)
		}
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	needBrowserTool(t, "no chromium on PATH (apt-get install chromium, or set MEDIAWATCH_CHROMIUM)")
	return ""
}

// repoRoot is the module's root, found from this file's directory.
func repoRoot(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("no caller")
	}
	return filepath.Dir(filepath.Dir(file))
}

// newBrowser starts a headless chromium with its own profile directory and
// returns a context for chromedp; the browser stops when the test ends.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	exe := findChromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox, // CI runs as root, where chromium's sandbox refuses to start
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, browserTimeout)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("start chromium %s: %v", exe, err)
	}
	setAcceptLanguage(t, ctx, "vi-VN,vi;q=0.9")
	return ctx
}

// secondBrowser opens a second, separate browser context (its own cookies)
// in the same browser: a second person working at the same time.
func secondBrowser(t *testing.T, ctx context.Context) context.Context {
	t.Helper()
	ctx2, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx2); err != nil {
		t.Fatalf("second browser context: %v", err)
	}
	setAcceptLanguage(t, ctx2, "vi-VN,vi;q=0.9")
	return ctx2
}

// run runs chromedp steps and fails the test on error.
func run(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("browser: %v", err)
	}
}

// visit navigates to url and waits for the page to load.
func visit(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	run(t, ctx, chromedp.Navigate(url))
}

// eval evaluates a JavaScript expression through the DevTools protocol
// (which the page's CSP does not restrict) and decodes its value.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %.80s: %v", expr, err)
	}
	return v
}

// evalAwait is eval for an expression whose value is a promise.
func evalAwait[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %.80s: %v", expr, err)
	}
	return v
}

// clickAndWaitLoad clicks the element of a CSS selector (a submit button, a
// link) and waits until the next page has loaded: the old page's marker is
// gone and the new document is complete.
func clickAndWaitLoad(t *testing.T, ctx context.Context, selector string) {
	t.Helper()
	eval[bool](t, ctx, "window.__mwOldPage = true")
	run(t, ctx, chromedp.Click(chromedp.CSS(selector)))
	waitFor(t, ctx, `!window.__mwOldPage && document.readyState === "complete"`)
}

// waitTimeout bounds one waitFor, leaving the test's context alive to
// report what the page showed instead.
const waitTimeout = 30 * time.Second

// waitFor waits until the JavaScript expression is true, e.g. after a click
// that loads a new page. chromedp.Poll is not usable: it builds its predicate
// with new Function, which our CSP forbids.
func waitFor(t *testing.T, ctx context.Context, expr string) {
	t.Helper()
	wctx, cancel := context.WithTimeout(ctx, waitTimeout)
	defer cancel()
	for {
		ok, err := chromedp.Run(wctx, chromedp.Evaluate[bool]("!!("+expr+")", chromedp.EvalIgnoreExceptions))
		if err == nil && ok {
			return
		}
		select {
		case <-wctx.Done():
			body, _ := chromedp.Run(ctx, chromedp.Evaluate[string]("location.href + '\\n' + (document.body ? document.body.innerText : '')"))
			t.Fatalf("waiting for %s: %v; page: %.600s", expr, wctx.Err(), body)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// setAcceptLanguage makes the tab ask for lang, as a browser set up in that
// language would (headless chromium ignores --lang).
func setAcceptLanguage(t *testing.T, ctx context.Context, lang string) {
	t.Helper()
	if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders,
		network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": lang}}); err != nil {
		t.Fatalf("set Accept-Language: %v", err)
	}
}

// waitText waits until the element of selector contains text.
func waitText(t *testing.T, ctx context.Context, selector, text string) {
	t.Helper()
	sel, _ := json.Marshal(selector)
	txt, _ := json.Marshal(text)
	waitFor(t, ctx, fmt.Sprintf("document.querySelector(%s) && document.querySelector(%s).textContent.includes(%s)", sel, sel, txt))
}

// signInBrowser signs in through the form and waits for the signed-in page.
func signInBrowser(t *testing.T, ctx context.Context, base, name, password string) {
	t.Helper()
	visit(t, ctx, base+"/login")
	run(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#name"), name),
		chromedp.SendKeys(chromedp.CSS("#password"), password),
		chromedp.Click(chromedp.CSS(`form[data-form="login"] button[type="submit"]`)),
	)
	who, _ := json.Marshal(name)
	waitFor(t, ctx, fmt.Sprintf(`document.querySelector("[data-person]") && document.querySelector("[data-person]").dataset.person === %s`, who))
}

// axePath finds axe.min.js: MEDIAWATCH_AXE, else .ci/node (what .ci/test
// installs).
func axePath(t *testing.T) string {
	t.Helper()
	p := os.Getenv("MEDIAWATCH_AXE")
	if p == "" {
		p = filepath.Join(repoRoot(t), ".ci", "node", "node_modules", "axe-core", "axe.min.js")
	}
	if _, err := os.Stat(p); err != nil {
		needBrowserTool(t, "no axe-core at %s (npm install --no-save --prefix .ci/node axe-core@4, or set MEDIAWATCH_AXE)", p)
	}
	return p
}

// axeViolation is one rule axe found broken.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// checkAxe runs axe-core on the current page and fails the test on every
// serious or critical violation, each printed with its elements. The script
// goes in through the DevTools protocol, not a <script> tag, because the
// page's CSP (rightly) refuses inline script.
func checkAxe(t *testing.T, ctx context.Context) {
	t.Helper()
	src, err := os.ReadFile(axePath(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](string(src)+";void 0")); err != nil {
		t.Fatalf("load axe-core: %v", err)
	}
	res, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](
		`axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations)`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe.run: %v", err)
	}
	url := eval[string](t, ctx, "location.pathname")
	for _, v := range res {
		if v.Impact != "serious" && v.Impact != "critical" {
			t.Logf("axe %s (%s) on %s: %s", v.ID, v.Impact, url, v.Help)
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "axe %s violation on %s: %s — %s", v.Impact, url, v.ID, v.Help)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n    at %v: %s", n.Target, strings.ReplaceAll(n.Summary, "\n", "; "))
		}
		t.Error(b.String())
	}
}

// screenshot saves the page as docs/screenshots/NAME.png, only when
// MEDIAWATCH_SCREENSHOTS=1 (the README's pictures are made on purpose, not
// by every test run).
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if os.Getenv("MEDIAWATCH_SCREENSHOTS") != "1" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // 100: PNG; less would be JPEG
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	dir := filepath.Join(repoRoot(t), "docs", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// setViewport360 makes the page a 360 px wide phone screen.
func setViewport360(t *testing.T, ctx context.Context) {
	t.Helper()
	run(t, ctx, chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
}

// assertNoSidewaysScroll fails when the page is wider than the window.
func assertNoSidewaysScroll(t *testing.T, ctx context.Context) {
	t.Helper()
	sw := eval[int](t, ctx, "document.documentElement.scrollWidth")
	iw := eval[int](t, ctx, "window.innerWidth")
	if sw > iw {
		url := eval[string](t, ctx, "location.pathname")
		wide := eval[string](t, ctx, `Array.from(document.querySelectorAll("body *")).filter(e => e.getBoundingClientRect().right > window.innerWidth).slice(0, 5).map(e => e.tagName + "." + e.className).join(", ")`)
		t.Errorf("%s scrolls sideways at %d px: content is %d px wide (%s)", url, iw, sw, wide)
	}
}
