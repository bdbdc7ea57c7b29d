// Package benchkit holds what the bench commands share: the shared data's
// samples and a reader of JSON lines, a CPU profile started from a flag,
// and the CPU time the process has used, which they time with so that
// other work on a shared machine slows their figures less.
package benchkit

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/pprof"
	"syscall"
	"time"
)

// CPUProfile starts a CPU profile written to path and returns the
// function that stops it and closes the file; with an empty path it
// profiles nothing and stop does nothing.
func CPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// CPUTime is the CPU time (user and system) this process has used so far.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Samples are the JSON-lines samples of the shared data that the bench
// commands read, Vietnamese and English news and feed items, in order.
var Samples = []string{"corpus-vi-sample.jsonl", "corpus-en-sample.jsonl", "danes-items-sample.jsonl"}

// ReadJSONL decodes every line of the JSON-lines file at path as a T.
func ReadJSONL[T any](path string) ([]T, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	var out []T
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", path, len(out)+1, err)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return out, nil
}

// DirSize sums the sizes of the files under dir.
func DirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}
