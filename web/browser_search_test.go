package web

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"sync/atomic"
	"testing"

	cdpage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// searchFor types q into the search box and submits, waiting for the
// results.
func searchFor(t *testing.T, ctx context.Context, q string) {
	t.Helper()
	run(t, ctx, chromedp.SetValue(chromedp.CSS("#q"), q))
	clickAndWaitLoad(t, ctx, `form[data-form="search"] button[type="submit"]`)
	waitFor(t, ctx, `document.querySelector("[data-total]")`)
}

// pageTotal is the result count the page shows.
func pageTotal(t *testing.T, ctx context.Context) int {
	t.Helper()
	s := eval[string](t, ctx, `document.querySelector("[data-total]").dataset.total`)
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("data-total %q", s)
	}
	return n
}

// hitIDs are the item ids of the hits shown, in order.
func hitIDs(t *testing.T, ctx context.Context) string {
	t.Helper()
	return eval[string](t, ctx, `Array.from(document.querySelectorAll("li.hit[data-item-id]")).map(e => e.dataset.itemId).sort().join(",")`)
}

func TestBrowserSearchAndItem(t *testing.T) {
	ctx := newBrowser(t)
	ss := newSearchSite(t, 6)
	base := ss.srv.URL
	var dialogs atomic.Int32
	if err := chromedp.Listen(ctx, func(ev any) {
		if _, ok := ev.(*cdpage.EventJavascriptDialogOpening); ok {
			dialogs.Add(1)
			go func() {
				_, _ = chromedp.Call(ctx, cdpage.HandleJavaScriptDialog, cdpage.HandleJavaScriptDialogParams{})
			}()
		}
	}); err != nil {
		t.Fatal(err)
	}
	signInBrowser(t, ctx, base, "lan", "mật-khẩu-đúng")
	visit(t, ctx, base+"/search")
	checkAxe(t, ctx)

	// With and without diacritics: the same hits, and the API's total.
	searchFor(t, ctx, `"Sơn La"`)
	with, withIDs := pageTotal(t, ctx), hitIDs(t, ctx)
	if want := int(apiTotal(t, ss.desk, `"Sơn La"`)); with != want || with == 0 {
		t.Fatalf(`"Sơn La": page total %d, desk/API total %d`, with, want)
	}
	searchFor(t, ctx, "son la")
	if n, ids := pageTotal(t, ctx), hitIDs(t, ctx); n != int(apiTotal(t, ss.desk, "son la")) || ids != withIDs && n <= with {
		t.Fatalf("son la: total %d hits %s; with diacritics %d %s", n, ids, with, withIDs)
	}
	searchFor(t, ctx, `"Sơn La"`)
	// The hostile title is text, and no dialog opened.
	waitFor(t, ctx, fmt.Sprintf(`document.querySelector('li[data-item-id="%d"] .hit-title').textContent.includes("<script>alert(1)</script>")`, ss.hostile))
	checkAxe(t, ctx)
	screenshot(t, ctx, "search")

	// A facet filters, and the total follows what desk answers.
	clickAndWaitLoad(t, ctx, `.facets a[data-facet="vnexpress"]`)
	if n := pageTotal(t, ctx); n != 1 {
		t.Fatalf("after the vnexpress facet: total %d", n)
	}
	wantQ := "?" + url.Values{"q": {`"Sơn La"`}, "source": {"vnexpress"}}.Encode()
	if q := eval[string](t, ctx, "location.search"); q != wantQ {
		t.Fatalf("facet URL %s", q)
	}

	// Open an item from a search: matches marked; the diff between versions.
	visit(t, ctx, base+"/search?"+url.Values{"q": {"lũ quét"}}.Encode())
	clickAndWaitLoad(t, ctx, fmt.Sprintf(`li[data-item-id="%d"] .hit-title a`, ss.flood))
	waitText(t, ctx, ".text mark", "lũ")
	waitText(t, ctx, ".diff del", "bác bỏ")
	waitText(t, ctx, ".diff ins", "xác nhận")
	run(t, ctx, chromedp.SetValue(chromedp.CSS("#dfrom"), "2"))
	clickAndWaitLoad(t, ctx, `form[data-form="diff"] button[type="submit"]`)
	waitFor(t, ctx, `document.querySelector(".diff").dataset.diffFrom === "2" && !document.querySelector(".diff ins")`)
	visit(t, ctx, base+fmt.Sprintf("/items/%d", ss.flood))
	checkAxe(t, ctx)
	screenshot(t, ctx, "item")
	visit(t, ctx, base+fmt.Sprintf("/items/%d", ss.hostile))
	waitText(t, ctx, "h2.item-title", "<script>alert(1)</script>")
	checkAxe(t, ctx)

	// English, and a phone's width.
	other := secondBrowser(t, ctx)
	signInBrowser(t, other, base, "minh", "editor-pass")
	for _, p := range []string{"/search?" + url.Values{"q": {`lũ "Sơn La"`}}.Encode(), fmt.Sprintf("/items/%d?q=l%%C5%%A9", ss.flood),
		"/search?q=l%C5%A9+sourse%3Abaosonla"} {
		visit(t, other, base+p)
		if l := eval[string](t, other, "document.documentElement.lang"); l != "en" {
			t.Fatalf("%s in %q", p, l)
		}
		checkAxe(t, other)
		setViewport360(t, other)
		assertNoSidewaysScroll(t, other)
		visit(t, ctx, base+p)
		setViewport360(t, ctx)
		assertNoSidewaysScroll(t, ctx)
	}
	if n := dialogs.Load(); n != 0 {
		t.Fatalf("%d JavaScript dialogs opened: crawled text ran as script", n)
	}
}
