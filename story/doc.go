// Package story decides which items carry the same story: syndicated
// copies, light rewrites, one article at two URLs, a feed item and the page
// it summarises. Editors answer a story once, however many outlets carry it.
//
// It is pure computation: no SQL, no index, no I/O, no logging. It imports
// only the root package, the standard library and textnorm (the one
// definition of a word). The store keeps each item's fingerprint, word
// count, title key and story; ingest hands the recent ones to a Grouper and
// asks it for each new item's story.
//
// # Signals
//
//   - Fingerprint: a 64-bit SimHash of the item's words in folded form
//     (accents, case and Unicode form do not matter), without the most
//     frequent words. Copies differ in few bits; different articles in
//     about half of the 64.
//   - Sketch: the 64 smallest hashes of the item's 3-word shingles (bottom-k
//     MinHash), which estimate the share of shingles two items have in
//     common. A rewrite reworded in every paragraph keeps about half; two
//     reports of one event written separately keep under a quarter.
//   - TitleKey: the folded words of the title, "" for titles too short to
//     mean anything (fewer than five words).
//   - Seen: when the item was seen; two items further apart than
//     Params.Window are never one story.
//
// # The rule (Same)
//
// Two items seen within Window are one story when both have at least
// MinWords words and their fingerprints are at most MaxDistance apart, or
// at most SketchDistance apart with sketches that overlap by MinOverlap,
// or when they have the same non-empty title key — unless both have
// MinWords and their fingerprints are more than TitleDistance apart, which
// is a recurring headline over different texts.
//
// Items with fewer than MinWords words — a feed-only item's title and
// two-line summary — are grouped by their title key only: their few words
// give fingerprints that light edits move out of any useful bound and that
// a shared boilerplate sentence pulls together, and the fingerprint of a
// summary is nowhere near the fingerprint of the article it summarises.
//
// # Grouper
//
// A Grouper holds the candidates of the last Window and finds, for a new
// item, the stories of every candidate Same accepts, the closest first
// (ties: the earliest seen). It splits the 64 bits into MaxDistance+1 bands
// with a map from band value to candidates, so for the first signal it
// only looks at candidates that share a band with the new item — every
// candidate within MaxDistance does — and at those with its title key; for
// the second it scans the fingerprints of the window in one slice. When a
// new item is one story with candidates of two stories (a rewrite close to
// two copies that are not close to each other), the caller merges them.
//
// What it must not do: read the clock (callers pass times), keep anything
// outside the window it is told, or decide anything about flags, outlets or
// priorities — a story's spread and flags are the store's to count.
package story
