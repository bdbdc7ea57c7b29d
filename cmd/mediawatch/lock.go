package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"mediawatch/config"
)

// lockFile is the name of the data directory's process lock (doc.go).
const lockFile = "mediawatch.lock"

// dataLock is the data directory's process lock, held by the one process
// that may open the search index. Release gives it up; the kernel also
// drops it when the process dies, kill -9 included, so it is never stale.
type dataLock struct {
	f *os.File
}

// lockHolder is what the holder writes into the lock file, for the
// message of a process that finds the lock taken.
type lockHolder struct {
	PID     int       `json:"pid"`
	Command string    `json:"command"`
	Since   time.Time `json:"since"`
}

// errWouldBlock is tryLock's answer when another process holds the lock.
var errWouldBlock = errors.New("lock held by another process")

// errBusy is wrapped by busyError: the data directory is locked by a
// process that serves no admin socket (or whose socket does not answer).
var errBusy = errors.New("data directory in use")

// busyError says who holds the lock, in the interface language.
type busyError struct {
	msg    string
	holder lockHolder
}

func (e *busyError) Error() string { return e.msg }
func (e *busyError) Unwrap() error { return errBusy }

// heldError is returned by lockData when another process holds the lock.
type heldError struct {
	holder lockHolder
}

func (e *heldError) Error() string {
	return fmt.Sprintf("data directory locked by PID %d (mediawatch %s)", e.holder.PID, e.holder.Command)
}

// lockData takes the data directory's lock for command, without waiting:
// when another process holds it, the error is a *heldError naming it.
func lockData(dataDir, command string) (*dataLock, error) {
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	path := filepath.Join(dataDir, lockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock file: %w", err)
	}
	if err := tryLock(f); err != nil {
		f.Close()
		if errors.Is(err, errWouldBlock) {
			return nil, &heldError{holder: readHolder(path)}
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	b, _ := json.Marshal(lockHolder{PID: os.Getpid(), Command: command, Since: time.Now().Truncate(time.Second)})
	// WriteAt on an O_RDWR file (O_APPEND would ignore the offset).
	if err := f.Truncate(0); err == nil {
		_, err = f.WriteAt(append(b, '\n'), 0)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock file: %w", err)
	}
	return &dataLock{f: f}, nil
}

// Release gives the lock up. The file stays: removing it would let a
// process that opened it before the removal lock a file no one else sees.
func (l *dataLock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// readHolder reads who holds the lock at path. The holder writes it just
// after taking the lock, so an empty file is read again for a moment; a
// holder that never says is reported as PID 0.
func readHolder(path string) lockHolder {
	var h lockHolder
	for range 20 {
		b, err := os.ReadFile(path)
		if err == nil && json.Unmarshal(b, &h) == nil && h.PID > 0 {
			return h
		}
		time.Sleep(25 * time.Millisecond)
	}
	return h
}

// serves reports whether the holder is a command that serves the admin
// socket.
func (h lockHolder) serves() bool { return h.Command == "serve" || h.Command == "demo" }

// busy is the error of a command that cannot proceed while h holds the
// data directory.
func (g *globals) busy(cfg config.Config, h lockHolder) error {
	since := h.Since.In(cfg.Location()).Format("2006-01-02 15:04")
	if h.Since.IsZero() {
		since = "?"
	}
	return &busyError{msg: g.t.f(msgIndexBusy, cfg.DataDir, h.PID, h.Command, since), holder: h}
}
