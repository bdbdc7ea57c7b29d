package web

import (
	"context"
	"os"
	"sync/atomic"
	"testing"

	cdppage "github.com/chromedp/cdproto/page"
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

	// Send again: the browser asks first (app.js's confirm); on yes the
	// report goes to the SMTP server and the page says so.
	acceptDialogs(t, ctx)
	before := len(site.sink.Messages()) // the morning job's e-mail
	clickAndWaitLoad(t, ctx, `form[data-form="resend"] button`)
	waitText(t, ctx, ".flash", "Đã gửi lại báo cáo")
	if n := len(site.sink.Messages()); n != before+1 {
		t.Fatalf("%d messages after send again", n)
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

// acceptDialogs answers yes to every confirm() the page opens from now on,
// and counts them; the test fails when none opened by its end.
func acceptDialogs(t *testing.T, ctx context.Context) {
	t.Helper()
	opened := make(chan string, 8)
	if err := chromedp.Listen(ctx, func(ev any) {
		if d, ok := ev.(*cdppage.EventJavascriptDialogOpening); ok {
			select {
			case opened <- d.Message:
			default:
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	var seen atomic.Int32
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case msg := <-opened:
				seen.Add(1)
				t.Logf("dialog: %s", msg)
				_, _ = chromedp.Call(ctx, cdppage.HandleJavaScriptDialog, cdppage.HandleJavaScriptDialogParams{Accept: true})
			}
		}
	}()
	t.Cleanup(func() {
		if seen.Load() == 0 {
			t.Error("no confirmation was asked")
		}
	})
}
