package index

import (
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"

	"mediawatch"
)

// Index field names. Short, because every posting carries its field.
const (
	fTitle     = "t"    // title words (mw_uni), positions, stored
	fTitlePair = "t2"   // title word pairs (mw_bi)
	fText      = "x"    // text words (mw_uni), positions
	fTextPair  = "x2"   // text word pairs (mw_bi)
	fSource    = "src"  // keyword, doc values (facet), stored
	fLang      = "lang" // keyword, doc values (facet), stored
	fHost      = "host" // the URL's host and each parent domain
	fURLRest   = "urlr" // the URL without scheme and "www.", for url: prefixes
	fURL       = "url"  // stored only
	fDate      = "d"    // published, else first seen: range, sort (doc values)
	fHour      = "hr"   // hours since the epoch of d: per-local-day facet
	fPublished = "p"    // stored only, RFC 3339
	fVersion   = "v"    // stored only
	fRule      = "rule" // keyword: ids of the rules that flagged the current version
	fSeverity  = "sev"  // keyword: the highest severity of those flags
)

// Indexing options of each kind of field: lean, doc values only where a
// sort or facet reads them, positions only where NEAR and long phrases
// need them.
const (
	optWords   = bindex.IndexField | bindex.IncludeTermVectors
	optPairs   = bindex.IndexField
	optKey     = bindex.IndexField | bindex.SkipFreqNorm
	optFacet   = bindex.IndexField | bindex.SkipFreqNorm | bindex.DocValues
	optStored  = bindex.StoreField
	optDate    = bindex.IndexField | bindex.DocValues
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
	dm.AddFieldMappingsAt("title", text(fTitle, analyzerUni, true, true), text(fTitlePair, analyzerBi, false, false))
	dm.AddFieldMappingsAt("text", text(fText, analyzerUni, false, true), text(fTextPair, analyzerBi, false, false))
	dm.AddFieldMappingsAt("source", key(fSource, true, true))
	dm.AddFieldMappingsAt("lang", key(fLang, true, true))
	dm.AddFieldMappingsAt("host", key(fHost, false, false))
	dm.AddFieldMappingsAt("url_rest", key(fURLRest, false, false))
	dm.AddFieldMappingsAt("url", stored(fURL))
	dm.AddFieldMappingsAt("date", date)
	dm.AddFieldMappingsAt("hour", key(fHour, false, true))
	dm.AddFieldMappingsAt("published", stored(fPublished))
	dm.AddFieldMappingsAt("version", stored(fVersion))
	dm.AddFieldMappingsAt("rules", key(fRule, false, false))
	dm.AddFieldMappingsAt("severity", key(fSeverity, false, false))
	m.DefaultMapping = dm
	return m
}

// docID is the bleve document id of an item.
func docID(id int64) string { return strconv.FormatInt(id, 10) }

// effectiveDate is the date an item is filtered, sorted and counted by:
// when it was published, or when it was first seen if the source gave no
// date.
func effectiveDate(it *mediawatch.Item) time.Time {
	if !it.Published.IsZero() {
		return it.Published
	}
	return it.FirstSeen
}

// buildDoc turns an item into the bleve document of the mapping above.
func buildDoc(it *mediawatch.Item) (*document.Document, error) {
	d := document.NewDocument(docID(it.ID))
	title, text := &lazyText{text: it.Title}, &lazyText{text: it.Text}
	d.AddField(document.NewTextFieldCustom(fTitle, nil, []byte(it.Title), optWords|bindex.StoreField, uniOf{title}))
	d.AddField(document.NewTextFieldCustom(fTitlePair, nil, nil, optPairs, biOf{title}))
	d.AddField(document.NewTextFieldCustom(fText, nil, nil, optWords, uniOf{text}))
	d.AddField(document.NewTextFieldCustom(fTextPair, nil, nil, optPairs, biOf{text}))
	d.AddField(document.NewTextFieldWithIndexingOptions(fSource, nil, []byte(keyword(it.Source)), optFacet|bindex.StoreField))
	d.AddField(document.NewTextFieldWithIndexingOptions(fLang, nil, []byte(keyword(it.Lang)), optFacet|bindex.StoreField))
	hosts, rest := hostTerms(it.URL)
	for i, h := range hosts {
		d.AddField(document.NewTextFieldWithIndexingOptions(fHost, []uint64{uint64(i)}, []byte(h), optKey))
	}
	if rest != "" {
		d.AddField(document.NewTextFieldWithIndexingOptions(fURLRest, nil, []byte(rest), optKey))
	}
	d.AddField(document.NewTextFieldWithIndexingOptions(fURL, nil, []byte(it.URL), optStored))
	d.AddField(document.NewTextFieldWithIndexingOptions(fVersion, nil, []byte(strconv.Itoa(it.Version)), optStored))
	if !it.Published.IsZero() {
		d.AddField(document.NewTextFieldWithIndexingOptions(fPublished, nil, []byte(it.Published.UTC().Format(dateLayout)), optStored))
	}
	for i, r := range it.RuleIDs {
		d.AddField(document.NewTextFieldWithIndexingOptions(fRule, []uint64{uint64(i)}, []byte(keyword(r)), optKey))
	}
	if it.Severity != "" {
		d.AddField(document.NewTextFieldWithIndexingOptions(fSeverity, nil, []byte(keyword(string(it.Severity))), optKey))
	}
	t := effectiveDate(it)
	if !t.IsZero() {
		d.AddField(document.NewTextFieldWithIndexingOptions(fHour, nil, []byte(hourKey(t)), optFacet))
	} else {
		t = undated // sorts oldest; never within a date range (see withFilters)
	}
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

// hourKey is the hr term of a time: whole hours since the Unix epoch.
// Local days are sums of hours, which is exact for every zone with a
// whole-hour offset (Asia/Ho_Chi_Minh is UTC+7 all year).
func hourKey(t time.Time) string {
	h := t.Unix() / 3600
	if t.Unix() < 0 && t.Unix()%3600 != 0 {
		h-- // floor, not truncation, before 1970
	}
	return strconv.FormatInt(h, 10)
}
