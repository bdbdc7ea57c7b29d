// Package config reads mediawatch's configuration once, at start: defaults,
// then the YAML file, then MEDIAWATCH_* environment variables, then
// Validate, whose errors name the offending key and, where the YAML parser
// knows it, the line. Plain values are handed down from cmd; no other
// package reads configuration.
package config
