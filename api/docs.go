package api

import (
	"bytes"
	_ "embed"
	"html/template"
	"slices"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"mediawatch"
)

// docsTemplate is the human-readable docs page. huma's own docs renderers
// load their script from a CDN; this page works offline and holds nothing
// but what the OpenAPI document says, escaped by html/template.
//
//go:embed docs.html.tmpl
var docsTemplate string

// docsView is what the docs page shows.
type docsView struct {
	Title, Version, Description string
	Operations                  []docsOperation
}

type docsOperation struct {
	Method, Path, Summary, Description string
	Role                               mediawatch.Role
	Params                             []*huma.Param
}

// renderDocs renders the docs page for spec once, at start.
func renderDocs(spec *huma.OpenAPI) []byte {
	t := template.Must(template.New("docs").Parse(docsTemplate))
	var buf bytes.Buffer
	if err := t.Execute(&buf, newDocsView(spec)); err != nil {
		panic("api: render docs page: " + err.Error()) // our template on our data: a bug
	}
	return buf.Bytes()
}

func newDocsView(spec *huma.OpenAPI) docsView {
	v := docsView{Title: spec.Info.Title, Version: spec.Info.Version, Description: spec.Info.Description}
	for path, item := range spec.Paths {
		for _, op := range []*huma.Operation{item.Get, item.Put, item.Post, item.Patch, item.Delete} {
			if op == nil || op.Hidden {
				continue
			}
			role, _ := op.Metadata[roleKey].(mediawatch.Role)
			v.Operations = append(v.Operations, docsOperation{
				Method: op.Method, Path: path, Summary: op.Summary, Description: op.Description,
				Role: role, Params: op.Parameters,
			})
		}
	}
	slices.SortFunc(v.Operations, func(a, b docsOperation) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return strings.Compare(a.Method, b.Method)
	})
	return v
}
