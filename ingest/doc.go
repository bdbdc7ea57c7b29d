// Package ingest is the one way an article enters the store: canonical URL,
// language detection, the watch filter, content hashing, and one store
// transaction that keeps it as a new item, a new version of an existing item,
// or drops it as a duplicate. The crawler and `mediawatch import` both feed it.
//
// It wires crawler, textnorm and store together; they never import it.
package ingest
