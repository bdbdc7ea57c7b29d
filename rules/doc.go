// Package rules owns mediawatch's keyword rules: the rule files (YAML),
// their validation with positions an author can follow, and the matcher
// that flags items at ingest.
//
// A rule is a query in the search language (package query) with a
// severity, a category and what the office should answer. Rules mean
// exactly what the same query means in search: query parses them and
// defines every semantic rule, textnorm defines words; this package only
// makes many rules fast on one item, and a property test holds it to
// query.Matcher and to the search index on every document.
//
// It must not import the index, the store or anything that does I/O other
// than reading rule files, and it does not log: LoadDir returns every
// problem and the caller decides.
//
// # Rule files
//
// LoadDir reads every *.yaml and *.yml file under a directory, recursively,
// skipping directories named testdata or starting with "." or "_". A file
// holds a YAML list of rules, or a single rule:
//
//	id: dam-burst-rumour       # required: a slug (a-z, 0-9, single "-"), at most 64 characters
//	name:                      # required: both labels
//	  vi: Tin đồn vỡ đập thủy điện
//	  en: Dam-burst rumour
//	description: …             # free text
//	query: '"vỡ đập" AND ("Sơn La" OR "son la") NOT "diễn tập"'   # required
//	severity: high             # required: low, medium, high or critical
//	category: rumour           # free text: rumour, distortion, defamation, scam, …
//	languages: [vi, en]        # optional: only items in these languages (ISO 639 codes)
//	sources: [tin-tuc-viet]    # optional: only items from these sources
//	enabled: true              # optional: true when absent
//	response_hint: …           # talking points, or the link to the official position
//	owner: …                   # who maintains the rule
//
// languages and sources also accept a single value; an empty file holds
// no rules.
//
// Validation reports every problem as "file:line:col: message": unknown and
// duplicate keys, missing id, name, query or severity, a bad slug,
// severity or language, an id used twice (naming both places, across
// files too), YAML syntax errors (yaml.v3 gives their line, not their
// column), and query errors at their column inside the file — exact for
// plain and quoted one-line values, the right line for block scalars (|
// and >). The search-only filters rule: and severity: are refused in
// rules. A directory with any problem is refused whole. Messages are in
// English, like query's.
//
// A rule's Version is a hash of everything its author wrote (Version);
// flags carry it, so an editor sees which text of a rule raised a flag.
//
// # Matching
//
// NewEngine files every enabled rule's words, phrases and prefixes in
// hash tables over textnorm.Stream: the item's title and text as one
// stream of folded words, read once. Each word is hashed once and looked
// up in the word table, which gives it a small id, the units filed under
// the whole word, and whether phrases start with it or have it second; a
// phrase is filed under the ids of its first two words, found only where
// such a pair follows in one field: a first word keeps two of its second
// words inline, with their groups, and a 64-bit filter of the others,
// which rules most pairs out before a look-up in the pair table; a prefix
// under its first bytes, looked up only for words that are no key or that
// some prefix key starts. The rest of a phrase or prefix is
// compared in the stream, so a unit occurs exactly where an automaton over
// the same patterns would find it, with work per word that does not grow
// with the number of rules. Exact (accented) units are looked for in
// folded form and checked against the exact forms only where found. What
// the scan reads per word and per occurrence is kept small, for the
// cache: a word table slot is sixteen bytes and decides most words alone,
// an item's state of a term is a four-byte slot per term pointing into a
// list of the terms it has, and the exact forms checked are one string,
// not the terms' definitions.
//
// Only candidate rules have their boolean trees evaluated, on the
// occurrences found (NEAR on word positions). A rule's clauses are sets of
// units of which every item it matches has one (a unit, both sides of a
// NEAR, the operands of an AND, one set for an OR); each unit an item has
// marks the clauses it satisfies, and a rule becomes a candidate when all
// of them are marked — with 10,000 rules, about 2 candidates an item for 2
// flags, where the rules that share any unit with an item are 50. Rules
// that can match on metadata alone (query.NeedsTerm false) are always
// candidates. So the cost per item grows with its length and its
// candidate rules, not with the number of rules.
//
// Match returns one mediawatch.Flag per matching rule, sorted by rule id:
// RuleID, RuleVersion, Severity, Matches and Snippet. Matches are every
// occurrence of every positive unit of the rule (not under a negation;
// NEAR operands included) in the fields it may match in, title first, in
// text order: Field "title" or "text", Start and End byte offsets into
// the item's Title or Text as given (not into a normalised copy), Text the
// substring there, and Term the unit as the rule wrote it (normalised):
// a word, a phrase's words joined by one space, or a prefix with its
// star. Snippet is about 200 characters of plain text around the first
// match in the text (the title's when only the title matched), cut on word
// boundaries; the scan that finds where it ends also tells whether the
// text there needs no white space collapsed — most snippets — and is then
// the snippet as it is.
package rules
