package main

// # Commands beside the running service
//
// This is the design of how mediawatch's commands share a data directory.
//
// The store (SQLite in WAL mode) takes many processes; the search index
// (bleve, whose bolt files carry an exclusive lock that waits forever) takes
// one. So the data directory has one owner of the index at a time, and
// every command knows which of three kinds it is:
//
//   - Store only: keys create|list|revoke, sources list, rules list, report
//     open the store alone (openStore) and run in their own process,
//     whoever else runs. A write waits at most the store's busy timeout.
//   - Index owners: serve, demo and crawl (on schedule, or --once with no
//     service) open the whole app (openApp), which first takes
//     DATA/mediawatch.lock (lock.go) with flock LOCK_EX|LOCK_NB — never
//     waiting — and writes the holder's PID, command and start time into it. The kernel drops the lock when the process
//     dies, kill -9 included, so it is never stale; the file is never
//     removed (a process could lock a file no one else sees). A taken lock
//     is reported at once: "the search index in DATA is in use by PID N
//     (mediawatch crawl, since …)", exit 1. A second serve gets exactly
//     that, with the first one's PID.
//   - Index jobs: search, reindex, rules apply, rules test, stories
//     regroup, import and crawl --once run where the index is. With the lock
//     free they take it and run in their own process; when serve or demo
//     holds it they run inside that service, through its admin socket; any
//     other holder (crawl, import, …) is given a second to finish (another
//     search, say), then named and the command refused. The service's
//     crawler (app.crawl) does a crawl --once; stories regroup holds and
//     reloads the pipeline's grouper (ingest.RegroupLive), since the
//     service ingests beside it.
//
// "Where the index is" is one HTTP handler, adminHandler (socket.go): the
// API, with every caller a local admin named "cli", and POST
// /cli/v1/jobs/{name}, which runs a registered indexJob (jobs.go) and
// answers application/x-ndjson: progress lines, warnings, the result, an
// error. The service serves it on DATA/mediawatch.sock (made 0600 under a
// umask, so never reachable by others; replaced at start, since the lock
// holder's is the only live one; removed at exit). A command with the lock
// calls the very same handler in its own process through handlerTransport
// (remote.go), which streams like a network server. So a command has one
// code path (service.get, service.send, service.job) whether it runs here
// or there: `search --json` prints the body of GET /api/v1/search, and
// `rules test --json` that of POST /api/v1/rules/test, byte for byte.
//
// A job runs with its request's context. The CLI's context ends on
// SIGINT/SIGTERM (main); the connection closes, the service's request
// context ends, the work stops. The service runs one job at a time
// (app.jobs); a second is refused with a message, never queued.
//
// Adding a command of this kind (prune, for instance) is: a function
// func(ctx, *app, jobInput) (any, error), registered from its own file with
// addJobs(map[string]indexJob{"prune": {run: pruneJob}}) in an init
// function, and a Run that calls g.runJob(c.Data, "prune", connectOptions{},
// params, nil, quiet, &result) and prints the result.
//
// Reindex builds a new index from the store in DATA/index.new, then puts it
// in place: in the service by index.Replace, under live searches (each
// operation in flight finishes on the old shards), then a reconcile for
// what arrived meanwhile; alone, by renaming directories. The live index
// is never removed before its successor is complete. The next owner tidies
// what a killed reindex left (removeLeftovers): killed between the two
// renames, the complete old index waits in index.old and is put back;
// index.new, unfinished or unused, is removed.
//
// The writing commands reconcile the index with the store at start, which
// reads every item's id and version; a clean close leaves a sync mark
// (DATA/index.synced, synced.go) that lets the next start skip it while the
// store and index are as they were. A fault that makes bleve open an older
// snapshot holding as many items (older versions of some) is not seen by
// the mark: deleting it, or reindex, repairs that.
