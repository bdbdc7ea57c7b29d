//go:build !unix

package main

import "os"

// tryLock does not lock where there is no flock: mediawatch runs as a
// service on Unix (systemd, the admin socket); elsewhere one process at a
// time is the user's to ensure.
func tryLock(*os.File) error { return nil }

// ownerOnly runs fn; file modes are not Unix modes here.
func ownerOnly(fn func() error) error { return fn() }
