package rules

import (
	"embed"
	"io/fs"
)

//go:embed examples/*.yaml examples/README.md
var examples embed.FS

// Examples is the starter pack of rules/examples, built into the binary so
// that `mediawatch demo` runs with it on any machine. The files are
// examples to adapt, not a policy: copy them into the rule directory.
func Examples() fs.FS {
	sub, err := fs.Sub(examples, "examples")
	if err != nil {
		panic("rules: embedded examples: " + err.Error()) // the embed pattern above guarantees the directory
	}
	return sub
}
