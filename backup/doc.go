// Package backup owns mediawatch's backup archive: its manifest, writing
// one from a staging directory, reading and verifying one, and keeping a
// directory of archives to a count.
//
// An archive is a gzip-compressed tar whose first entry is manifest.json
// (Manifest: the format version, the store's schema version and counts,
// when it was made, and every other entry's path, size and SHA-256),
// followed by the files under fixed names: mediawatch.db (a consistent copy
// of the store made by store.SnapshotTo), rules/… (the rule directory) and
// config/… (the configuration file and the sources file it names).
//
// The manifest comes first so that a reader knows what to expect before
// any file, and so that `tar xzf FILE manifest.json` is cheap. Writing one
// hashes the staging directory first, then writes the archive under a
// temporary name in the target's directory, syncs it and renames it: a
// crash or an interrupt leaves no file under the target's name, only a
// temporary one that starts with ".mediawatch-" (Write removes it on any
// error it sees).
//
// An archive is untrusted input on the way back: Extract refuses entries
// that the manifest does not list, paths that would leave the target
// directory, links, devices, sizes and checksums that differ from the
// manifest, and a manifest whose format it does not know. Nothing here
// knows SQLite, bleve or the configuration's keys: the caller stages the
// files and puts them in place.
package backup
