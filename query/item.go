package query

import (
	"strings"

	"mediawatch"
)

// DocOf is what the matcher sees of an item: every field a query can ask
// about, in one place, so that the index and every in-memory matcher
// build the same document from the same item.
func DocOf(it *mediawatch.Item) Doc {
	return Doc{
		Title: it.Title, Text: it.Text, Source: it.Source, Lang: it.Lang, URL: it.URL,
		Rules: it.RuleIDs, Severity: string(it.Severity),
		Author: AuthorText(it), Platform: string(it.Platform),
	}
}

// AuthorText is the text author: matches for an item: the account's
// display name, its handle and its "platform:handle" key (a post), and the
// byline (Item.Author, an article's). Each is one line; the words of the
// lines form one sequence, as if it were one text, so a phrase could in
// principle run from the end of one line into the next — harmless for
// names, and the same in the index and the matcher. A handle written
// with punctuation ("user@mastodon.social", "name.bsky.social") is words
// like any text: author:"user@mastodon.social" is the phrase of them.
func AuthorText(it *mediawatch.Item) string {
	var lines []string
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" && !containsFold(lines, s) {
			lines = append(lines, s)
		}
	}
	if a := it.Account; a != nil {
		add(a.Name)
		add(a.Handle)
		if a.Handle != "" {
			add(a.Key())
		}
	}
	add(it.Author)
	return strings.Join(lines, "\n")
}

// containsFold reports whether lines holds s in any case.
func containsFold(lines []string, s string) bool {
	for _, l := range lines {
		if strings.EqualFold(l, s) {
			return true
		}
	}
	return false
}
