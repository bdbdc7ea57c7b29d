package report

import (
	"html/template"
	"slices"
	"strings"
)

// Mode says whom a report body is rendered for: a browser page, which
// styles it through classes and a stylesheet (the web UI's CSP forbids
// style attributes), or an e-mail client, which keeps style attributes but
// drops or ignores <style> blocks (Gmail, Outlook).
type Mode int

const (
	// ForWeb renders classes ("rpt-…", styled by CSS), the chart as inline
	// SVG, and no style attribute and no script, so that the body can sit
	// in a page whose Content-Security-Policy is `style-src 'self'`.
	ForWeb Mode = iota
	// ForMail renders every look as a style attribute and no class, and the
	// chart as <img src="cid:…">, the PNG image part of the message.
	ForMail
)

// styles are the report's looks, once: CSS writes them as classes for the
// web, and the mail body inlines them as style attributes. Every name the
// templates use is here (TestStylesComplete checks).
var styles = []struct{ name, css string }{
	{"page", "max-width:760px;margin:0 auto;background:#ffffff;padding:20px 24px;border:1px solid #e1e4e8;color:#222222;font:15px/1.5 Arial,Helvetica,sans-serif"},
	{"office", "margin:0;font-size:13px;color:#555555;text-transform:uppercase;letter-spacing:.03em"},
	{"h1", "font-size:22px;line-height:1.3;margin:4px 0"},
	{"h2", "font-size:17px;margin:24px 0 8px;padding-bottom:4px;border-bottom:2px solid #e1e4e8"},
	{"h3", "font-size:15px;margin:0 0 4px"},
	{"meta", "color:#555555;font-size:13px;margin:0"},
	{"summary", "font-size:16px;line-height:1.55;margin:16px 0;padding:12px 14px;background:#f3f6fa;border-left:4px solid #4a90d9"},
	{"table", "border-collapse:collapse;width:100%;margin:4px 0 8px"},
	{"th", "text-align:left;padding:4px 6px;border-bottom:1px solid #e1e4e8;vertical-align:top;background:#fafbfc;font-weight:bold"},
	{"td", "text-align:left;padding:4px 6px;border-bottom:1px solid #eeeeee;vertical-align:top"},
	{"n", "text-align:right"},
	{"story", "border:1px solid #e1e4e8;border-left-width:4px;padding:8px 12px;margin:10px 0"},
	{"list", "margin:6px 0 0;padding-left:18px"},
	{"li", "margin:0 0 6px"},
	{"hint", "margin:6px 0;padding:6px 10px;background:#fff8e1;border:1px solid #f0dca0"},
	{"badge", "display:inline-block;padding:1px 6px;border-radius:3px;font-size:12px;font-weight:bold"},
	{"sev-critical", "background:#b71c1c;color:#ffffff"},
	{"sev-high", "background:#e65100;color:#ffffff"},
	{"sev-medium", "background:#f9a825;color:#000000"},
	{"sev-low", "background:#607d8b;color:#ffffff"},
	{"edge-critical", "border-left-color:#b71c1c"},
	{"edge-high", "border-left-color:#e65100"},
	{"edge-medium", "border-left-color:#f9a825"},
	{"edge-low", "border-left-color:#607d8b"},
	{"snippet", "color:#444444;margin:2px 0"},
	{"mark", "background:#fff3a0;color:#000000"},
	{"small", "font-size:13px;color:#555555"},
	{"chart", "max-width:480px;margin:0 auto"},
	{"chart-img", "display:block;width:100%;max-width:640px;height:auto;border:0"},
	{"days", "font-size:13px;margin-top:6px"},
	{"details", "margin:6px 0"},
	{"p", "margin:8px 0"},
	{"caption", "caption-side:top;text-align:left;font-weight:bold;padding:4px 0"},
	{"key-items", "color:#4a90d9"},
	{"key-flag", "color:#c62828"},
	{"a", "color:#1a5fb4"},
	{"footer", "margin-top:24px;color:#666666;font-size:12px"},
}

// styleOf returns the declarations of a style name, "" for none.
func styleOf(name string) string {
	i := slices.IndexFunc(styles, func(s struct{ name, css string }) bool { return s.name == name })
	if i < 0 {
		return ""
	}
	return styles[i].css
}

// CSS is the report's stylesheet for the ForWeb body: one rule per class
// ("rpt-" + style name), under no other selector, so that the web UI can
// serve it as a file beside its own CSS without either touching the other.
func CSS() string {
	var b strings.Builder
	b.WriteString(".rpt-page svg{display:block;width:100%;height:auto}\n")
	for _, s := range styles {
		b.WriteString(".rpt-" + s.name + "{" + s.css + "}\n")
	}
	return b.String()
}

// attr is the look of an element made of style names: class="rpt-a
// rpt-b" for the web, style="…" (the declarations joined) for mail.
func (v *view) attr(names ...string) template.HTMLAttr {
	if v.mode == ForMail {
		decls := make([]string, 0, len(names))
		for _, n := range names {
			if css := styleOf(n); css != "" {
				decls = append(decls, css)
			}
		}
		return template.HTMLAttr(`style="` + template.HTMLEscapeString(strings.Join(decls, ";")) + `"`)
	}
	classes := make([]string, len(names))
	for i, n := range names {
		classes[i] = "rpt-" + n
	}
	return template.HTMLAttr(`class="` + template.HTMLEscapeString(strings.Join(classes, " ")) + `"`)
}
