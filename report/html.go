package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
)

// htmlSource holds the report's templates: "body", the report itself,
// and "page", a self-contained document around it.
//
//go:embed report.html.tmpl
var htmlSource string

// htmlTemplate is parsed once; html/template escapes every crawled string
// by context, and turns a URL with a script scheme into "#ZgotmplZ".
var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{"counts": newCountTable}).Parse(htmlSource))

// countTable is one breakdown table's data for the "counts" template.
type countTable struct {
	V       *view
	Heading string
	Counts  []Count
}

func newCountTable(v *view, heading string, counts []Count) countTable {
	return countTable{V: v, Heading: heading, Counts: counts}
}

// CSS is the stylesheet of the page around a ForWeb body.
func (v *view) CSS() template.CSS { return template.CSS(CSS()) }

// WriteHTML writes d as one self-contained HTML page in d.Lang: the ForWeb
// body with its stylesheet in a <style> element, the volume chart as
// inline SVG, no JavaScript and no external resource, every crawled string
// escaped. It is the archived report.html and the API's HTML format.
func WriteHTML(w io.Writer, d *Daily) error {
	if err := htmlTemplate.ExecuteTemplate(w, "page", newView(d)); err != nil {
		return fmt.Errorf("write html report %s: %w", d.Date, err)
	}
	return nil
}

// RenderBody writes the report alone — one <article>, without <html>,
// <head> or any script — for mode: ForWeb for a page of the web UI, which
// serves CSS() as a stylesheet of its own (the body has no style
// attribute, so a CSP of `style-src 'self'` holds), or ForMail, with
// every look inlined and the chart as the image "cid:"+ChartCID.
func RenderBody(w io.Writer, d *Daily, mode Mode) error {
	v := newView(d)
	v.mode, v.cid = mode, ChartCID(d)
	if err := htmlTemplate.ExecuteTemplate(w, "body", v); err != nil {
		return fmt.Errorf("render report body %s: %w", d.Date, err)
	}
	return nil
}

// writeMailHTML writes the e-mail's HTML part: the ForMail body in a
// document whose <style> repeats the stylesheet for clients that read it;
// the inlined styles alone must carry the look (Gmail drops <style> in
// many views, Outlook ignores much of it).
func writeMailHTML(w io.Writer, d *Daily) error {
	v := newView(d)
	v.mode, v.cid = ForMail, ChartCID(d)
	if err := htmlTemplate.ExecuteTemplate(w, "page", v); err != nil {
		return fmt.Errorf("write mail html report %s: %w", d.Date, err)
	}
	return nil
}

// ChartCID is the Content-ID of the chart's PNG part in the report's
// e-mail (without angle brackets): unique to the day's report.
func ChartCID(d *Daily) string { return "chart-" + d.Date + "@mediawatch" }
