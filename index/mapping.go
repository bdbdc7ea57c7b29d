package index

import (
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"

	"mediawatch"
	"mediawatch/query"
)

// Index field names. Short, because every posting carries its field.
const (
	fTitle     = "t"    // title words (mw_uni), positions, stored
	fText      = "x"    // text words (mw_uni), positions
	fTitlePair = "t2"   // title pair terms (mw_pairs): frequencies, no positions
	fTextPair  = "x2"   // text pair terms (mw_pairs)
	fSource    = "src"  // keyword, stored
	fLang      = "lang" // keyword, stored
	fHost      = "host" // the URL's host and each parent domain
	fURLRest   = "urlr" // the URL without scheme and "www.", for url: prefixes
	fURL       = "url"  // stored only
	fDate      = "d"    // published, else first seen: date ranges
	fKey       = "k"    // sort key, doc values: d and the item id (sortKey)
	fFacet     = "f"    // facet values, doc values: source, lang, hour of d (facetTerm)
	fPublished = "p"    // stored only, RFC 3339
	fVersion   = "v"    // stored only
	fRule      = "rule" // keyword: ids of the rules that flagged the current version
	fSeverity  = "sev"  // keyword: the highest severity of those flags
	fAuthor    = "a"    // author words (mw_uni, query.AuthorText), positions
	fPlatform  = "plat" // keyword (mediawatch.NormalPlatform), stored
)

// Indexing options of each kind of field: lean, positions only where
// phrases and NEAR need them, and doc values only in the two fields every
// hit of a date sort or a facet count reads, one short term per field and
// document. (A date field's doc values hold its 16 prefix-coded terms per
// document, which zap decompresses and walks for every hit of a sort.)
// Doc values stay compressed: zap v17 loses some of a field's values with
// SkipDVCompression once an index has several segments.
const (
	optWords   = bindex.IndexField | bindex.IncludeTermVectors
	optPairs   = bindex.IndexField
	optKey     = bindex.IndexField | bindex.SkipFreqNorm
	optValues  = bindex.IndexField | bindex.SkipFreqNorm | bindex.DocValues
	optStored  = bindex.StoreField
	optDate    = bindex.IndexField
	dateLayout = time.RFC3339Nano
)

// newMapping is the explicit mapping of an item document. Documents are
// built by buildDoc (bleve's IndexAdvanced, one tokenisation for both
// analyzers); the mapping records the same fields so that the index
// describes itself, and nothing is dynamic: no _all, no guessed fields.
func newMapping() *mapping.IndexMappingImpl {
	m := mapping.NewIndexMapping()
	m.IndexDynamic, m.StoreDynamic, m.DocValuesDynamic = false, false, false
	m.DefaultAnalyzer = "keyword"
	dm := mapping.NewDocumentStaticMapping()
	text := func(name, analyzer string, store, vectors bool) *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Name, f.Analyzer, f.Store, f.IncludeTermVectors, f.IncludeInAll, f.DocValues = name, analyzer, store, vectors, false, false
		return f
	}
	key := func(name string, store, docValues bool) *mapping.FieldMapping {
		f := mapping.NewKeywordFieldMapping()
		f.Name, f.Store, f.DocValues, f.IncludeInAll, f.IncludeTermVectors, f.SkipFreqNorm = name, store, docValues, false, false, true
		return f
	}
	stored := func(name string) *mapping.FieldMapping {
		f := key(name, true, false)
		f.Index = false
		return f
	}
	date := mapping.NewDateTimeFieldMapping()
	date.Name, date.Store, date.IncludeInAll = fDate, false, false
	dm.AddFieldMappingsAt("title", text(fTitle, analyzerUni, true, true))
	dm.AddFieldMappingsAt("text", text(fText, analyzerUni, false, true))
	dm.AddFieldMappingsAt("title_pairs", text(fTitlePair, analyzerPairs, false, false))
	dm.AddFieldMappingsAt("text_pairs", text(fTextPair, analyzerPairs, false, false))
	dm.AddFieldMappingsAt("source", key(fSource, true, false))
	dm.AddFieldMappingsAt("lang", key(fLang, true, false))
	dm.AddFieldMappingsAt("host", key(fHost, false, false))
	dm.AddFieldMappingsAt("url_rest", key(fURLRest, false, false))
	dm.AddFieldMappingsAt("url", stored(fURL))
	dm.AddFieldMappingsAt("date", date)
	dm.AddFieldMappingsAt("sort_key", key(fKey, false, true))
	dm.AddFieldMappingsAt("facets", key(fFacet, false, true))
	dm.AddFieldMappingsAt("published", stored(fPublished))
	dm.AddFieldMappingsAt("version", stored(fVersion))
	dm.AddFieldMappingsAt("rules", key(fRule, false, false))
	dm.AddFieldMappingsAt("severity", key(fSeverity, false, false))
	dm.AddFieldMappingsAt("author", text(fAuthor, analyzerUni, false, true))
	dm.AddFieldMappingsAt("platform", key(fPlatform, true, false))
	m.DefaultMapping = dm
	return m
}

// docID is the bleve document id of an item.
func docID(id int64) string { return strconv.FormatInt(id, 10) }

// effectiveDate is the date an item is filtered, sorted and counted by:
// when it was published, or when it was first seen if the source gave no
// believable date (Item.EffectiveDate), clamped into the dates mediawatch
// handles (clampDate). The stored item keeps the date its source gave.
func effectiveDate(it *mediawatch.Item) time.Time {
	return clampDate(it.EffectiveDate())
}

// clampDate moves t into [mediawatch.EarliestDate, mediawatch.LatestDate),
// inside what a bleve date field can hold (int64 nanoseconds since 1970:
// 1677-09-21 to 2262-04-11), which refuses the whole document otherwise.
// The zero time (undated) stays zero.
func clampDate(t time.Time) time.Time {
	switch {
	case t.IsZero():
		return t
	case t.Before(mediawatch.EarliestDate):
		return mediawatch.EarliestDate
	case !t.Before(mediawatch.LatestDate):
		return mediawatch.LatestDate.Add(-time.Nanosecond)
	}
	return t
}

// buildDoc turns an item into the bleve document of the mapping above,
// with the pair terms of pairs.
func buildDoc(it *mediawatch.Item, pairs *pairSet) (*document.Document, error) {
	d := document.NewDocument(docID(it.ID))
	title, titlePairs := newTextFields(fTitle, fTitlePair, it.Title, optWords|bindex.StoreField, pairs)
	text, textPairs := newTextFields(fText, fTextPair, it.Text, optWords, pairs)
	d.AddField(title)
	d.AddField(text)
	d.AddField(titlePairs)
	d.AddField(textPairs)
	src, lang := keyword(it.Source), keyword(it.Lang)
	d.AddField(document.NewTextFieldWithIndexingOptions(fSource, nil, []byte(src), optKey|bindex.StoreField))
	d.AddField(document.NewTextFieldWithIndexingOptions(fLang, nil, []byte(lang), optKey|bindex.StoreField))
	d.AddField(document.NewTextFieldWithIndexingOptions(fFacet, []uint64{0}, []byte(facetSource+src), optValues))
	d.AddField(document.NewTextFieldWithIndexingOptions(fFacet, []uint64{1}, []byte(facetLang+lang), optValues))
	hosts, rest := hostTerms(it.URL)
	for i, h := range hosts {
		d.AddField(document.NewTextFieldWithIndexingOptions(fHost, []uint64{uint64(i)}, []byte(h), optKey))
	}
	if rest != "" {
		d.AddField(document.NewTextFieldWithIndexingOptions(fURLRest, nil, []byte(rest), optKey))
	}
	d.AddField(document.NewTextFieldWithIndexingOptions(fURL, nil, []byte(it.URL), optStored))
	d.AddField(document.NewTextFieldWithIndexingOptions(fVersion, nil, []byte(strconv.Itoa(it.Version)), optStored))
	if !mediawatch.CleanDate(it.Published).IsZero() { // as the source gave it, if any zone can write it
		d.AddField(document.NewTextFieldWithIndexingOptions(fPublished, nil, []byte(it.Published.UTC().Format(dateLayout)), optStored))
	}
	for i, r := range it.RuleIDs {
		d.AddField(document.NewTextFieldWithIndexingOptions(fRule, []uint64{uint64(i)}, []byte(keyword(r)), optKey))
	}
	if it.Severity != "" {
		d.AddField(document.NewTextFieldWithIndexingOptions(fSeverity, nil, []byte(keyword(string(it.Severity))), optKey))
	}
	if author := query.AuthorText(it); author != "" {
		d.AddField(newWordsField(fAuthor, author, optWords))
	}
	platform := platformKey(it.Platform)
	d.AddField(document.NewTextFieldWithIndexingOptions(fPlatform, nil, []byte(platform), optKey|bindex.StoreField))
	d.AddField(document.NewTextFieldWithIndexingOptions(fFacet, []uint64{3}, []byte(facetPlatform+platform), optValues))
	t := effectiveDate(it)
	if !t.IsZero() {
		d.AddField(document.NewTextFieldWithIndexingOptions(fFacet, []uint64{2}, []byte(facetHour+hourKey(t)), optValues))
	} else {
		t = undated // sorts oldest; never within a date range (see withFilters)
	}
	d.AddField(document.NewTextFieldWithIndexingOptions(fKey, nil, []byte(sortKey(t, it.ID)), optValues))
	f, err := document.NewDateTimeFieldWithIndexingOptions(fDate, nil, t, dateLayout, optDate)
	if err != nil {
		return nil, err
	}
	d.AddField(f)
	return d, nil
}

// undated is the d of an item with neither a publication nor a first-seen
// date, so that every document has a sort value and cursors stay exact.
var undated = time.Unix(0, 0).UTC()

// Prefixes of the facet values in fFacet: one doc-values field holds all
// four, so that counting them reads one value list per hit, not four.
const (
	facetSource   = "s:"
	facetLang     = "l:"
	facetHour     = "h:"
	facetPlatform = "p:"
)

// platformKey is the platform as indexed, in the form query.Filter.Key
// compares platform: values: "" (an item stored before platforms) is
// news.
func platformKey(p mediawatch.Platform) string {
	return keyword(string(mediawatch.NormalPlatform(string(p))))
}

// sortKey is the k term of an item: its effective date and id, fixed
// width in hex so that byte order is time order, then id order. It is
// unique, so newest-first and oldest-first are total orders that a cursor
// can resume exactly, and it breaks relevance ties without loading every
// hit's id.
func sortKey(t time.Time, id int64) string {
	const flip = 1 << 63 // two's complement order to unsigned order
	b := make([]byte, 0, 40)
	b = appendHex(b, uint64(t.Unix())^flip, 16)
	b = appendHex(b, uint64(t.Nanosecond()), 8)
	b = appendHex(b, uint64(id)^flip, 16)
	return string(b)
}

// appendHex appends v as n lower-case hex digits.
func appendHex(b []byte, v uint64, n int) []byte {
	const digits = "0123456789abcdef"
	for i := n - 1; i >= 0; i-- {
		b = append(b, digits[(v>>(4*uint(i)))&15])
	}
	return b
}

// keyTime is the date a sort key holds; false if key is not a sort key.
func keyTime(key string) (time.Time, bool) {
	if len(key) != 40 || strings.Trim(key, "0123456789abcdef") != "" {
		return time.Time{}, false
	}
	sec, err1 := strconv.ParseUint(key[:16], 16, 64)
	nsec, err2 := strconv.ParseUint(key[16:24], 16, 64)
	if err1 != nil || err2 != nil || nsec >= 1e9 {
		return time.Time{}, false
	}
	return time.Unix(int64(sec^(1<<63)), int64(nsec)).UTC(), true
}

// hourKey is the hour term of a time: whole hours since the Unix epoch.
// Local days are sums of hours, which is exact for every zone with a
// whole-hour offset (Asia/Ho_Chi_Minh is UTC+7 all year).
func hourKey(t time.Time) string {
	h := t.Unix() / 3600
	if t.Unix() < 0 && t.Unix()%3600 != 0 {
		h-- // floor, not truncation, before 1970
	}
	return strconv.FormatInt(h, 10)
}
