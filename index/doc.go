// Package index owns mediawatch's search index: the bleve mapping, the
// Vietnamese-aware analysis built on textnorm, the compilation of a parsed
// query (package query) to bleve, filters, sorting, deep paging, facets and
// per-local-day counts. It is derived data: the store is the truth, and
// everything here can be rebuilt from it (Put again); a Put returns once
// its batches are persisted, and reconcile (Versions) repairs what a crash
// between the store and the index lost.
//
// It must not decide what a query means — query and textnorm do; the
// property test holds this package to query.Matcher on every document — and
// it must not leak bleve: callers see Index, Request, Result and the root
// types only. It does no HTTP, no SQL and no logging.
//
// # Fields
//
// Title and text are each indexed once, by the analyzer "mw_uni" (fields
// t and x, built by wordsField straight from textnorm.Tokens): every
// word's exact form (Token.Exact) at its position and, when it differs,
// "~" + its folded form (Token.Folded) at the same position. An exact
// unit looks up the exact form; a folded unit looks up "w" OR "~w" — the
// unmarked alternative is a word spelled exactly as typed, which is
// boosted so that same-diacritic hits rank first. One position space
// serves both forms, and a word without diacritics (all of English) costs
// one term, not two.
//
// A two-word phrase whose folded pair is in a fixed list (pairs.txt: the
// 4,000 adjacent pairs found in the most documents of a Vietnamese and
// English news sample, built by pairgen) is one lookup in a pair field
// (t2 for the title, x2 for the text, pairfield.go): each occurrence of a
// listed pair is indexed as the term "folded1 folded2|" followed by its
// exact spelling when that differs ("son la|sơn la"), with frequencies
// and norms, no positions. An exact phrase looks up its one term; a
// folded one every term under its prefix "folded1 folded2|" (its
// spellings, a few dictionary entries), the unmarked one — spelled as
// typed — boosted. One posting per spelling costs little more than one
// per folded pair (67.8 against 67.5 per document at 4,000 pairs).
//
// Every other adjacent pair of two frequent words (words.txt: the 500
// folded words found in the most documents of the same sample) gets a
// gate term in the same field: "#" and its folded pair hashed to one of
// 4,096 buckets. A phrase of two frequent words that is not listed ("người
// được": both words are in most documents, adjacent in few) is positional,
// but reads positions only in the documents that hold its gate. So every
// two-word phrase is a lookup, a gated span, or a span with a word outside
// the 500 — in at most 6.6% of the sample's documents — whose postings
// bound the positions read. The gates are hashed because a term per
// spelling of every pair of 200 frequent words cost a quarter of indexing
// time, nearly all of it per distinct term (dictionary, postings headers,
// merging); 4,096 shared terms for the pairs of 500 words cost about an
// eighth (BENCHMARKS.md, issue 3). The names of both lists and the bucket
// count are part of the layout.
//
// Other phrases (of two words or more), NEAR and ONEAR are positional
// (span.go, span_seg.go, spanpos.go) and are read below bleve's term
// readers, segment by segment of the snapshot. The candidates come from
// document bitmaps alone: per clause the union of its terms' postings,
// intersected over the clauses (rarest first), less the deleted
// documents. The clauses are each word (its exact term, or its unmarked
// and marked folded terms) and, as necessary conditions, the pair terms
// of the phrase's (or each NEAR side's) adjacent words (pairSet.adjacent):
// a listed pair's spelling term (exact) or all its spellings (folded),
// else the gate term of two frequent words. Every document the phrase
// occurs in holds them, because the index gives every adjacent pair of a
// text its term by the same rules, so they change neither the matches nor
// the scores, which come from positions; they only change how many
// documents' positions are read ("uy ban nhan dan": eleven times fewer).
// Positions are then read in the candidates only, rarest word first,
// stopping as soon as the words cannot line up. zapx has no random access
// to a posting, so what remains costs in proportion to the postings of the
// words read: a phrase of two very frequent words that no pair or gate
// narrows is the slowest kind left (BENCHMARKS.md, issue 14). Layout 1 indexed
// every pair of adjacent words, which cost two thirds of indexing time;
// layout 2 none, which made a two-word phrase about two and a half term
// lookups; layout 3 the listed pairs only, which left phrases of two
// frequent words rarely adjacent the slowest there were.
//
// The author (a, query.AuthorText: a post's account name, handle and
// "platform:handle", an article's byline) is indexed like the title, by
// mw_uni with positions, but with no pair field: names are a few words,
// so a phrase of them is a short span. Keyword fields src, lang, plat
// (the platform, "news" for articles and for items stored before
// platforms), host (the URL's host and its parent domains) and urlr (the
// URL without scheme and "www."), and the date d (published, else first
// seen) for date ranges complete the searchable fields. Two
// doc-values fields serve every hit of a sort or a count: k, the sort key
// (effective date, then item id), and f, the facet values (source,
// language, platform and the hour of d, from which per-local-day counts are summed
// for any zone with whole-hour offsets, Asia/Ho_Chi_Minh included). title,
// url, source, lang, platform, published and version are stored for hits and
// reconcile. Text is not stored: highlights are cut from the store.
//
// The word pairs of the office's watch terms (Options.Watch: "Sơn La")
// are indexed as listed pairs too (watchpairs.go): every item mentions a
// watch term, so its phrase matches everything and must be a lookup.
//
// The on-disk layout has a version (dir/LAYOUT); Open refuses any other
// with ErrOldLayout, and `mediawatch reindex` rebuilds the index.
//
// # Shards
//
// Items live in one bleve index per calendar month (UTC) of their
// effective date, under dir/YYYY-MM, plus dir/undated; a search opens only
// the months its date range touches. A newest-first (or oldest-first)
// page is taken from the newest (oldest) shards that can fill it, while
// the others only count matches; relevance merges every shard's best hits
// (plan.go, relevance.go). A shard that writes have left alone for a few
// Puts — last month's, once coverage has moved on — is merged into one
// segment in the background (compact.go), so that each term lookup costs
// one dictionary probe per month instead of one per segment.
//
// # A million items
//
// At a million items the cost of a search is what it does per match, and
// a common word matches hundreds of thousands (in the office's store,
// where every item mentions the province, its name matches all of them).
// Three things keep a match cheap, and every answer exact — totals, facets
// and pages equal the straightforward query's, which a property test at
// 20,000 items holds them to (scale_property_test.go); nothing is
// estimated.
//
// Facet columns (columns.go). Each segment's facet values (source,
// language, platform, hour) and sort keys are decoded once into flat
// arrays by local document number, 34 bytes a document: counting a match's
// facets is two array reads, where bleve's doc values decompressed a chunk
// per match (62% of a faceted search's CPU). Segments never change, so the
// columns are built once, in the background at Open, after a compaction
// and when a search meets a segment without them; a search that needs them
// first decodes them itself, in its own snapshot.
//
// Set queries (sets.go, setsearch.go, setscore.go). A query of terms,
// prefixes, listed pairs, AND, OR, NOT and filters is computed per segment
// from its postings' bitmaps. The date orders then count the shards
// beyond the page and take a date-ordered page from the columns' sort
// keys without bleve's collector, and relevance scores the set's
// documents from their terms' frequencies and norms: TF-IDF as bleve's
// (boost × idf² × √tf × norm, summed), without its query norm and
// coordination factor; filters restrict and do not rank (filterquery.go).
// A set query is always scored so, whatever its shards, so its pages and
// cursors agree. Phrases of words that are not a listed pair, and NEAR,
// go through bleve's searchers (span.go); in the date orders every shard
// is then searched at once and its page kept from the columns' sort keys
// (collect.go).
//
// The impact cache (impacts.go) keeps √tf × norm of the terms frequent in
// a large segment, so that ranking a common word reads one float per
// match; 256 MiB, least recently used, dropped with its segment.
//
// Position tables (positions.go) keep the positions and norms of the words
// frequent in a large segment (in one document of eight), decoded once,
// so that a phrase or NEAR reads a candidate's positions with a binary
// search instead of walking a common word's postings up to it — zapx
// decodes every document before it in its chunk; 256 MiB, least
// recently used, dropped with their segment.
//
// # Dates, damage and the store it belongs to
//
// A bleve date field holds int64 nanoseconds since 1970 and refuses a
// whole document outside 1677–2262, which once failed a batch and every
// start after it. The date d is the item's believable date
// (mediawatch.Item.EffectiveDate: published from 1900 and up to 48 hours
// after first seen, else first seen), clamped to [mediawatch.EarliestDate,
// mediawatch.LatestDate); search bounds are clamped alike. An item Put
// still cannot index (bleve fails or panics on it, alone in a batch of
// its own after its batch was refused) is left out and named in a
// SkippedError; the others are indexed.
//
// Open checks each shard's files (index_meta.json, store/root.bolt), opens
// it with bleve's panics recovered, and reads every shard once (count, and
// the first document by sort key with stored fields) so that a damaged
// segment is ErrDamaged at start, not a panic in the first search; Search
// and locate recover too. (A segment scorch fails to load without a panic
// makes it fall back to an older snapshot, silently: the caller compares
// the index's count with the store's and sends what is missing.) The caller moves a damaged index aside (MoveAside,
// dir.damaged-<time>) and rebuilds it from the store. BindStore records in
// dir/STORE the identity of the store the index is derived from, or checks
// it: another store is ErrOtherStore; an index without the record adopts
// the store it is opened beside, unless it holds items and the store none.
//
// # Rebuilding beside a live index
//
// Replace (swap.go) puts an index built in another directory in place of
// an open one: every exported operation holds a shared gate, Replace holds
// it exclusively while it closes the old shards, swaps the directories by
// two renames and opens the new shards, so an operation in flight finishes
// on the old index and the next one sees the new. `mediawatch reindex`
// beside a running service rebuilds this way.
package index
