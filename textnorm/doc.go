// Package textnorm is the one definition of a "word" in mediawatch: Unicode
// NFC, Vietnamese tone-mark placement, case and accent folding, tokens with
// offsets, the accent-smart term match used by the watch filter (and later by
// the index and the rules), and a small language detector.
//
// It is pure computation: no I/O, no logging. It imports only the root
// package, the standard library and golang.org/x/text.
package textnorm
