// Package ingest is the one way an article enters the store: canonical URL,
// language detection, the watch filter, content hashing, matching against
// the active rules, and one store transaction that keeps it — with the
// flags the rules raised — as a new item, a new version of an existing item,
// or drops it as a duplicate. The crawler and `mediawatch import` both feed
// it; kept items then go to the search index in batches — full batches in
// the background, in order, one at a time, while the pipeline goes on
// storing; Flush waits for them — and Reconcile repairs what a crash kept
// from it.
//
// Rules flag history here too: Apply flags stored items, skipping what is
// already flagged. Ingest and Apply judge an item's stored title and text
// through one RuleMatcher, and date an item by when it was published, else
// first seen, as the index does. What only reads — a rule's backtest, the
// response queue, the rule book people look at — is in package desk.
//
// Posts (post.go): an article that carries a Post — a social source's item
// or an imported post — is stored with its platform, post id, views,
// forwarded-from, its author account (upserted by the store in the item's
// own transaction; watched when the source reads that one account) and the
// canonical URL of the first news link it shares. On a keep: mentions
// source a post of a watched account is kept without a watch term. The
// store files a post sharing a stored article in that article's story and
// an article shared by stored posts in theirs, inside the save.
//
// Stories: with WithStories the pipeline keeps a story.Grouper over the
// items of the last window and files each kept item, in its own store
// transaction, in the story of the closest copy it finds (find, save and
// add are one step, so two copies arriving together make one story).
// Regroup folds together, after the fact, stories that are one: for items
// stored before stories existed or imported from history.
//
// Retention goes out the same way items came in: Prune deletes what the
// store's retention rule lets go (store.PruneBatch says what stays), in
// batches of PruneBatchSize, each removed from the index inside its store
// transaction — before the commit, so that a crash leaves the items stored
// and merely unindexed, which Reconcile repairs, never indexed and not
// stored, which nothing would find.
//
// Indexing never stops ingest: an item the index leaves out (its Put error
// has Skipped(), index.SkippedError) is passed over — the rest of its batch
// is indexed — tried again by the next few flushes, and after that by the
// next Reconcile, which every writing command runs at start (unless the
// data directory's sync mark shows nothing changed since a clean stop in
// which no index write failed: cmd/mediawatch/synced.go). Reconcile walks
// the store's ids and versions and reads in full only what the index lacks
// or holds at an older version. Import keeps a
// record's date as written unless no zone can write it (mediawatch.CleanDate).
//
// It wires crawler, textnorm, store, index and the rules matcher together
// through small interfaces declared here; they never import it.
package ingest
