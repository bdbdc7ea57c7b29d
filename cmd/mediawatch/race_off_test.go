//go:build !race

package main

// raceBuild: the children of the process tests are built with -race when
// the tests are.
const raceBuild = false
