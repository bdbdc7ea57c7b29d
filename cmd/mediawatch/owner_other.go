//go:build !unix

package main

import "io/fs"

// fileOwner is unknown where files have no Unix owner.
func fileOwner(fs.FileInfo) (uid int, name string, ok bool) { return 0, "", false }

// currentUser is unknown where files have no Unix owner.
func currentUser() (uid int, name string) { return -1, "" }
