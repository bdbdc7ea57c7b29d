// Package index owns mediawatch's search index: the bleve mapping, the
// Vietnamese-aware analysis built on textnorm, the compilation of a parsed
// query (package query) to bleve, filters, sorting, deep paging, facets and
// per-local-day counts. It is derived data: the store is the truth, and
// everything here can be rebuilt from it (Put again), so batches are not
// synced to disk one by one and reconcile (Versions) repairs what a crash
// lost.
//
// It must not decide what a query means — query and textnorm do; the
// property test holds this package to query.Matcher on every document — and
// it must not leak bleve: callers see Index, Request, Result and the root
// types only. It does no HTTP, no SQL and no logging.
//
// # Fields
//
// Title and text are each indexed twice, by two analyzers over the same
// textnorm.Tokens:
//
//   - "mw_uni" (fields t, x): every word's exact form (Token.Exact) at its
//     position and, when it differs, "~" + its folded form (Token.Folded)
//     at the same position. An exact unit looks up the exact form; a
//     folded unit looks up "w" OR "~w" — the unmarked alternative is a word
//     spelled exactly as typed, which is boosted so that same-diacritic
//     hits rank first. One position space serves both forms, and a word
//     without diacritics (all of English) costs one term, not two.
//   - "mw_bi" (fields t2, x2): each pair of adjacent words as one term,
//     "e1 e2", plus "~f1 f2" when the folded pair differs. A two-word
//     phrase — most Vietnamese words have two syllables — is one term
//     lookup; no positions are stored for pairs.
//
// t and x keep positions (term vectors) for NEAR, ONEAR and phrases of
// three or more words, which are checked by a positional filter over the
// candidates that contain all their word pairs (span.go). Keyword fields
// src, lang, host (the URL's host and its parent domains) and urlr (the
// URL without scheme and "www."), the date d (published, else first seen)
// and the hour bucket hr (for per-local-day counts) complete the index;
// title, url, source, lang, published and version are stored for hits
// and reconcile. Text is not stored: highlights are cut from the store.
//
// # Shards
//
// Items live in one bleve index per calendar month (UTC) of d, under
// dir/YYYY-MM, plus dir/undated; a search opens an alias over only the
// months its date range touches, so recent coverage stays small as years
// accumulate.
package index
