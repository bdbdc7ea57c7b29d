// Package query owns mediawatch's one boolean search language: it parses a
// query once into an AST (Parse), prints an AST back as canonical query text
// (Node.String), and evaluates it in memory against documents (Compile,
// Matcher, Prepared). The search index compiles the same AST to its own
// engine, and the two must agree on every document, so every semantic rule
// is defined here and in textnorm, never in a consumer.
//
// It must not import bleve or any other engine, do I/O or log: it is pure
// computation over strings, safe for concurrent use once built. Words,
// folding and accent-smart comparison come from textnorm and nowhere else.
//
// # Syntax
//
//	lũ quét                 implicit AND of two words
//	"Sơn La"                a phrase (“smart quotes” are quotes too)
//	a AND b, a OR b         operators are upper case; and/or/not are words
//	NOT a, -a, -(a OR b)    negation ("-" glued to what it negates)
//	a NEAR/5 b              a and b with at most 5 words between, any order
//	a ONEAR/5 b             the same, a first
//	mộc*                    a prefix of at least 2 letters or digits
//	title:x text:"a b"      restrict text matching to one field
//	title:(a OR b NEAR/2 c) a field applies to a group too
//	author:"Sơn La 24h"     the author, matched as text (accent-smart): a
//	                        post's account name, handle or platform:handle
//	                        (author:"telegram:sonla24h"), an article's byline
//	source:baosonla lang:en exact metadata filters (case-insensitive)
//	platform:telegram       where it was published; platform:news for articles
//	url:baosonla.vn         the item's host or one of its parent domains
//	url:baosonla.vn/thoi-su a prefix of the URL without scheme and "www."
//	rule:land-seizure       flagged by this rule (search only, not in rules)
//	severity:critical       whose highest flag severity is this one
//
// A bare word that textnorm splits into several words ("Sơn-La", "covid-19",
// "don't") is the phrase of those words. Field names are case-insensitive;
// an unknown name of ASCII letters glued to a value ("sourse:x") is an
// error with a "did you mean", as is any name directly before "(" or a
// quote; other text with a colon is ordinary text ("10:30" is the phrase
// "10 30", a link stays a link).
//
// # Precedence
//
// From tightest to loosest: NOT and "-"; NEAR/ONEAR; AND (explicit or
// implicit); OR. So `a b OR c` is `(a AND b) OR c`, `NOT a b` is
// `(NOT a) AND b`, and `x a NEAR/3 b` is `x AND (a NEAR/3 b)`. The operands
// of NEAR and ONEAR must be words or phrases (not prefixes, fields, groups
// or other NEARs); put a field around the whole: title:(a NEAR/3 b).
//
// # Distance
//
// The distance between two occurrences is the number of words strictly
// between the end of the first and the start of the second: adjacent words
// are at distance 0, so "a NEAR/1 b" matches "a b" and "a x b" but not
// "a x y b". NEAR/n matches when some occurrence of A and some occurrence of
// B, not overlapping, are at distance ≤ n in either order; ONEAR/n only when
// B follows A. 1 ≤ n ≤ MaxDistance. Title and text are separate word
// sequences: a NEAR never spans from one to the other.
//
// # Accent-smart matching
//
// The unit is a word, a phrase or a prefix. Written with any diacritic
// (textnorm.HasDiacritic) it compares the exact forms (textnorm.Token.Exact,
// lower case) of every word; written without, the folded forms
// (Token.Folded). So "Sơn La" does not match "Lạng Sơn là" while "son la"
// matches "Sơn là". Unquoted, Sơn La is two units, Sơn AND La, and the
// bare La matches "là" too: quote a name. A prefix is normalised as if it were a whole word: hoà*
// is hòa*, which therefore does not reach "hoàng".
//
// # Decisions
//
//   - A query that can match without any positive term (NOT a, -a,
//     a OR -b) is an error: as a rule it would flag almost every item.
//   - Unfielded text terms match the title or the text; a group's parts
//     may match in different fields, a phrase or NEAR only within one.
//     Only author: reaches the author: a bare "Sơn La" does not match an
//     account named so, which would flood every search for the province
//     with the posts of every channel named after it.
//   - author: is a text field, not a keyword: people type names as they
//     say them ("son la 24h" finds "Sơn La 24h"), and a handle or key is
//     its words (AuthorText). platform: is a keyword; a value close to a
//     known platform but not one (platform:youtub) is an error with a
//     "did you mean", any other name is accepted, since an import may
//     bring any platform.
//   - NEAR or ONEAR without "/n", a lone "-", and bare text with no word
//     in it ("&", "–") are errors rather than guesses.
//   - Limits: MaxLength bytes, MaxClauses leaves (words, phrases,
//     prefixes, filters), MaxDepth nested groups and negations.
//   - url: without "/" names a domain and its subdomains, with "/" a prefix
//     of the URL without scheme and "www." (Filter.Key, URLForms): both are
//     keyword lookups for an index, never substring scans.
//   - Errors are *Error, with the byte offset and rune column in the query
//     as given (before normalisation); they wrap mediawatch.ErrInvalid.
//     Each has a Code and Args, so that it says itself in English (Error)
//     or Vietnamese (Message("vi")) from one catalogue (messages.go).
//   - A misspelt field or value is an error, not a silent miss: name:value
//     glued together where name is 2–20 ASCII letters but no field is
//     refused (times such as 10:30, links and other scripts stay text), as
//     is a lang: value that is not a language code or "other" and a
//     severity: value that is not a severity — with a "did you mean"
//     (Error.Suggest) when a known name is within edit distance 2.
package query
