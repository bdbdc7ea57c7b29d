package web

import (
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserSourcesAndReports opens the sources page, the reports list
// and one report in chromium as an admin: a hostile crawl error is text
// and opens no dialog, the download links and "send again" are there,
// axe finds nothing serious in Vietnamese or English, and at 360 px no
// page scrolls sideways (the sources table scrolls inside its own box).
func TestBrowserSourcesAndReports(t *testing.T) {
	ctx := newBrowser(t)
	site := newOpsSite(t, true, hostile)
	if err := site.desk.ProduceReport(t.Context(), "2026-12-05"); err != nil {
		t.Fatal(err)
	}
	base := site.srv.URL
	signInBrowser(t, ctx, base, "admin", "admin-pass")

	pages := []struct{ path, h1vi, h1en string }{
		{"/sources", "Nguồn tin", "Sources"},
		{"/reports", "Báo cáo hằng ngày", "Daily reports"},
		{"/reports/2026-12-05", "Báo cáo ngày", "Daily report"},
	}
	// Vietnamese (the admin's language).
	for _, p := range pages {
		visit(t, ctx, base+p.path)
		waitText(t, ctx, "h1", p.h1vi)
		checkAxe(t, ctx)
	}

	visit(t, ctx, base+"/sources")
	waitText(t, ctx, `[data-source="baotaybac"] [data-error]`, "<script>alert(1)</script>")
	if n := eval[int](t, ctx, `document.querySelectorAll("script:not([src])").length`); n != 0 {
		t.Fatalf("%d inline scripts on the sources page", n)
	}
	if st := eval[string](t, ctx, `document.querySelector("tbody tr").dataset.state`); st != "failing" {
		t.Fatalf("first row is %s", st)
	}

	visit(t, ctx, base+"/reports")
	if n := eval[int](t, ctx, `document.querySelectorAll('[data-date="2026-12-05"] a[data-format]').length`); n != 4 {
		t.Fatalf("%d download links", n)
	}
	clickAndWaitLoad(t, ctx, `[data-date="2026-12-05"] h3 a`)
	waitText(t, ctx, ".lead", "05/12/2026")
	waitText(t, ctx, "[data-story-id]", "<script>alert(1)</script>")
	if n := eval[int](t, ctx, `document.querySelectorAll('a[data-format][download]').length`); n != 4 {
		t.Fatalf("%d download links on the report", n)
	}
	if !eval[bool](t, ctx, `!!document.querySelector('form[data-form="resend"][data-confirm] button')`) {
		t.Fatal("no send again for the admin")
	}

	// 360 px: nothing scrolls sideways.
	setViewport360(t, ctx)
	for _, p := range pages {
		visit(t, ctx, base+p.path)
		waitText(t, ctx, "h1", p.h1vi)
		assertNoSidewaysScroll(t, ctx)
	}

	// English: the switch keeps the page and the person's choice.
	run(t, ctx, chromedp.EmulateViewport(1280, 900))
	visit(t, ctx, base+"/sources")
	clickAndWaitLoad(t, ctx, `[data-lang-switch="en"]`)
	for _, p := range pages {
		visit(t, ctx, base+p.path)
		waitText(t, ctx, "h1", p.h1en)
		checkAxe(t, ctx)
	}
}

// TestBrowserOpsScreenshots makes the README's pictures of the sources
// page and a report page, over data without the hostile strings, only
// when MEDIAWATCH_SCREENSHOTS=1.
func TestBrowserOpsScreenshots(t *testing.T) {
	if os.Getenv("MEDIAWATCH_SCREENSHOTS") != "1" {
		t.Skip("screenshots only with MEDIAWATCH_SCREENSHOTS=1")
	}
	ctx := newBrowser(t)
	site := newOpsSite(t, true, "")
	if err := site.desk.ProduceReport(t.Context(), "2026-12-05"); err != nil {
		t.Fatal(err)
	}
	signInBrowser(t, ctx, site.srv.URL, "admin", "admin-pass")
	visit(t, ctx, site.srv.URL+"/sources")
	waitText(t, ctx, "h1", "Nguồn tin")
	screenshot(t, ctx, "sources")
	visit(t, ctx, site.srv.URL+"/reports/2026-12-05")
	waitText(t, ctx, "h1", "Báo cáo ngày")
	screenshot(t, ctx, "report-page")
}
