// Package benchkit holds what the bench commands share: a CPU profile
// started from a flag, and the CPU time the process has used, which they
// time with so that other work on a shared machine slows their figures
// less.
package benchkit

import (
	"os"
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
