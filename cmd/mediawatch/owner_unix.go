//go:build unix

package main

import (
	"io/fs"
	"os"
	"os/user"
	"strconv"
	"syscall"
)

// fileOwner is the user owning fi, by name when it has one.
func fileOwner(fi fs.FileInfo) (uid int, name string, ok bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, "", false
	}
	uid = int(st.Uid)
	name = strconv.Itoa(uid)
	if u, err := user.LookupId(name); err == nil {
		name = u.Username
	}
	return uid, name, true
}

// currentUser is the user running this process, by id and name.
func currentUser() (uid int, name string) {
	uid = os.Geteuid()
	name = strconv.Itoa(uid)
	if u, err := user.LookupId(name); err == nil {
		name = u.Username
	}
	return uid, name
}
