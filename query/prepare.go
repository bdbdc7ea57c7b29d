package query

import (
	"slices"
	"strings"
	"sync"

	"mediawatch"
	"mediawatch/textnorm"
)

// Doc is what the in-memory matcher sees of one item (DocOf builds it
// from an Item).
type Doc struct {
	Title, Text, Source, Lang, URL string
	Rules                          []string // ids of the rules that flagged the item (rule:)
	Severity                       string   // its highest flag severity (severity:)
	// Author is the text author: matches (AuthorText); Platform the
	// platform: value, "" meaning mediawatch.PlatformNews.
	Author, Platform string
}

// Prepared is a document tokenised and indexed once (textnorm.Tokens of
// title and text, each word form mapped to its positions), so that many
// matchers can evaluate it cheaply: the rules evaluate thousands of queries
// per item. It is safe for concurrent use.
type Prepared struct {
	fields       [3]fieldIndex // title, text, author
	source, lang string        // lower case, NFC, trimmed
	rules        []string      // lower case, NFC, trimmed
	severity     string        // lower case, NFC, trimmed
	platform     string        // mediawatch.NormalPlatform
	host, url    string        // see URLForms
}

// Field indices into Prepared.fields.
const (
	inTitle = iota
	inText
	inAuthor
)

// fieldIndex is the words of one field: exact and folded postings.
type fieldIndex struct {
	toks   []textnorm.Token
	exact  postings
	folded postings
}

// postings maps each distinct word form of a field to its word positions,
// in one flat array, with the forms sortable on demand for prefixes.
type postings struct {
	ids    map[string]int32
	forms  []string // by id
	off    []int32  // positions of id i are pos[off[i]:off[i+1]]
	pos    []int32
	once   sync.Once
	sorted []int32 // ids ordered by form, built by the first prefix lookup
}

// Prepare tokenises and indexes d for MatchPrepared.
func Prepare(d Doc) *Prepared {
	p := &Prepared{
		source:   keyword(d.Source),
		lang:     keyword(d.Lang),
		severity: keyword(d.Severity),
		platform: string(mediawatch.NormalPlatform(textnorm.Normalize(d.Platform))),
	}
	for _, r := range d.Rules {
		p.rules = append(p.rules, keyword(r))
	}
	p.host, p.url = URLForms(d.URL)
	p.fields[inTitle].build(textnorm.Tokens(d.Title))
	p.fields[inText].build(textnorm.Tokens(d.Text))
	p.fields[inAuthor].build(textnorm.Tokens(d.Author))
	return p
}

// keyword is the form in which source and lang values are compared.
func keyword(s string) string {
	return strings.ToLower(strings.TrimSpace(textnorm.Normalize(s)))
}

// build indexes toks in both forms.
func (f *fieldIndex) build(toks []textnorm.Token) {
	f.toks = toks
	f.exact.build(toks, func(t *textnorm.Token) string { return t.Exact })
	f.folded.build(toks, func(t *textnorm.Token) string { return t.Folded })
}

// build counts each form, then lays the positions out by form.
func (p *postings) build(toks []textnorm.Token, form func(*textnorm.Token) string) {
	p.ids = make(map[string]int32, len(toks)/2+1)
	tokID := make([]int32, len(toks))
	var count []int32
	for i := range toks {
		w := form(&toks[i])
		id, ok := p.ids[w]
		if !ok {
			id = int32(len(p.forms))
			p.ids[w] = id
			p.forms = append(p.forms, w)
			count = append(count, 0)
		}
		tokID[i] = id
		count[id]++
	}
	p.off = make([]int32, len(count)+1)
	for i, c := range count {
		p.off[i+1] = p.off[i] + c
	}
	p.pos = make([]int32, len(toks))
	next := slices.Clone(p.off[:len(count)])
	for i, id := range tokID {
		p.pos[next[id]] = int32(i)
		next[id]++
	}
}

// lookup returns the ascending positions of the word form w.
func (p *postings) lookup(w string) []int32 {
	id, ok := p.ids[w]
	if !ok {
		return nil
	}
	return p.pos[p.off[id]:p.off[id+1]]
}

// hasPrefix reports whether some word form starts with prefix.
func (p *postings) hasPrefix(prefix string) bool {
	p.once.Do(func() {
		p.sorted = make([]int32, len(p.forms))
		for i := range p.sorted {
			p.sorted[i] = int32(i)
		}
		slices.SortFunc(p.sorted, func(a, b int32) int { return strings.Compare(p.forms[a], p.forms[b]) })
	})
	i, _ := slices.BinarySearchFunc(p.sorted, prefix, func(id int32, t string) int {
		return strings.Compare(p.forms[id], t)
	})
	return i < len(p.sorted) && strings.HasPrefix(p.forms[p.sorted[i]], prefix)
}
