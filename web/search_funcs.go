package web

import (
	"slices"
	"strings"
	"time"

	"mediawatch/desk"
)

// The search and item pages' template functions, added to funcs before
// any template is parsed (New parses them at run time, after every init).
func init() {
	funcs["join"] = strings.Join
	funcs["list"] = func(s ...string) []string { return s }
	funcs["inList"] = func(s string, list []string) bool { return slices.Contains(list, s) }
	funcs["hasRule"] = func(rules []desk.RuleChoice, id string) bool {
		return slices.ContainsFunc(rules, func(r desk.RuleChoice) bool { return r.ID == id })
	}
	funcs["rfc3339"] = func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.RFC3339)
	}
	funcs["helpExamples"] = func() []helpExample { return searchHelpExamples }
}

// helpExample is one line of the query help: a query and, by message key,
// what it finds.
type helpExample struct{ Code, Key string }

// searchHelpExamples teach the query language by example, the way an
// analyst would first try it.
var searchHelpExamples = []helpExample{
	{`lũ quét`, "search.help.words"},
	{`"sạt lở đất"`, "search.help.phrase"},
	{`lũ OR "sạt lở"`, "search.help.or"},
	{`"Sơn La" AND (lũ OR "sạt lở")`, "search.help.group"},
	{`thủy điện -"Hòa Bình"`, "search.help.not"},
	{`"mất tích" NEAR/5 "Mường La"`, "search.help.near"},
	{`cứu*`, "search.help.prefix"},
	{`title:"tin giả"`, "search.help.title"},
	{`source:baosonla lang:vi`, "search.help.source"},
	{`url:baosonla.vn/thoi-su`, "search.help.url"},
	{`author:"son la 24h"`, "accounts.help.author"},
	{`platform:telegram lũ`, "accounts.help.platform"},
	{`rule:tin-gia severity:high`, "search.help.rule"},
}
