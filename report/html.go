package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
)

// htmlSource is the report page: one self-contained document with inline
// CSS and the inline SVG chart, no script and nothing fetched.
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

// WriteHTML writes d as one self-contained HTML page in d.Lang: inline CSS,
// the volume chart as inline SVG, no JavaScript and no external resource,
// every crawled string escaped.
func WriteHTML(w io.Writer, d *Daily) error {
	if err := htmlTemplate.Execute(w, newView(d)); err != nil {
		return fmt.Errorf("write html report %s: %w", d.Date, err)
	}
	return nil
}
