// Command mediawatch crawls the news that mentions a place, keeps it in a
// durable store and (in later releases) flags, serves and reports it.
// Run `mediawatch demo` for a self-contained tour on a built-in news site.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // a bare machine still knows Asia/Ho_Chi_Minh

	"mediawatch/ingest"
)

// CLI is every command and flag; kong builds --help from it. The help tags
// are the English texts; the Vietnamese ones are in help_vi.go, keyed by
// command path, and TestHelpComplete holds both complete.
type CLI struct {
	Config string `help:"Configuration file (YAML). Missing is fine unless named explicitly." type:"path" default:"mediawatch.yaml" env:"MEDIAWATCH_CONFIG" placeholder:"FILE"`

	Crawl   CrawlCmd   `cmd:"" help:"Crawl the configured sources (all, or one with --source)."`
	Serve   ServeCmd   `cmd:"" help:"Crawl on schedule until interrupted (SIGINT/SIGTERM)."`
	Sources SourcesCmd `cmd:"" help:"Show the configured sources with their health and item counts."`
	Import  ImportCmd  `cmd:"" help:"Backfill items from a JSON-lines file through the ingest pipeline."`
	Extract ExtractCmd `cmd:"" help:"Show what the crawler extracts from an article page (file or URL) as JSON."`
	Demo    DemoCmd    `cmd:"" help:"Start a built-in news site on 127.0.0.1, crawl it, serve the API and keep crawling; no network needed."`
	Keys    KeysCmd    `cmd:"" help:"Create, list and revoke API keys."`
	Users   UsersCmd   `cmd:"" help:"Create, list, disable, enable and reset the people who sign in to the web pages."`
	Audit   AuditCmd   `cmd:"" help:"Show the audit log: sign-ins, sign-outs and changes, who made them, when and from where."`
	Search  SearchCmd  `cmd:"" help:"Search what is stored, from the same index and code as the API."`
	Reindex ReindexCmd `cmd:"" help:"Rebuild the search index from the store."`
	Rules   RulesCmd   `cmd:"" help:"Check, list, test and apply the keyword rules that flag distortions and false narratives."`
	Stories StoriesCmd `cmd:"" help:"Maintain the grouping of near-copies into stories."`
	Doctor  DoctorCmd  `cmd:"" help:"Check the configuration, data directory, store, rules, sources, e-mail, TLS and listen address; say how to fix each problem."`
	Report  ReportCmds `cmd:"" help:"Write one day's flagged-item report (html, md, csv or json) from the store, or send a test e-mail."`
	Backup  BackupCmd  `cmd:"" help:"Write a consistent backup of the store, the rules and the configuration to one archive (works while serve runs)."`
	Restore RestoreCmd `cmd:"" help:"Restore a backup archive into an empty data directory and rebuild the search index."`
	Alerts  AlertsCmd  `cmd:"" help:"Show the alerts sent: new flags, spikes and sources gone silent, failing or recovered (works while serve runs)."`
	Prune   PruneCmd   `cmd:"" help:"Delete items older than retention.items from the store and the index (--dry-run: only show what would go)."`
	Store   StoreCmd   `cmd:"" help:"Move the store: copy a SQLite store into PostgreSQL, shared by several nodes."`

	Accounts AccountsCmd `cmd:"" help:"List the accounts behind social posts (the key opinion leaders) with their posts and flags, the widest reach first."`
}

// DataFlag is the --data flag shared by every command that touches the store.
type DataFlag struct {
	Data string `help:"Data directory (default from config: ./data)." type:"path" placeholder:"DIR"`
}

func main() {
	ingest.TuneGC()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, os.LookupEnv))
}

// run parses args and runs the command, printing help, parse errors and the
// command's error in the interface language (see help.go), and returns the
// exit status: 0, 1 for a failed command, 80 for a command line kong
// refuses, 130 when interrupted.
func run(args []string, stdout, stderr io.Writer, lookupEnv func(string) (string, bool)) (code int) {
	t := textsFor(uiLang(args, lookupEnv))
	var cli CLI
	parser, err := newParser(&cli, t, stdout, stderr)
	if err != nil {
		panic(err) // the CLI struct itself is wrong: a programming error
	}
	defer exitCode(&code) // --help ends the parse through kong.Exit
	kctx, err := parser.Parse(args)
	if err != nil {
		return parseFailed(err, t, stdout, stderr)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err = kctx.Run(&globals{ctx: ctx, configPath: cli.Config, explicitConfig: explicitConfig(args, lookupEnv),
		stdout: stdout, stderr: stderr, t: t})
	switch {
	case errors.Is(err, context.Canceled):
		// A one-shot command (crawl --once, import) cut short: say so, so a
		// script can tell a partial run from a finished one. Commands that run
		// until interrupted return nil.
		fmt.Fprintln(stderr, "mediawatch:", t.f(msgInterrupted))
		return 130
	case errors.Is(err, errProblems):
		return 1 // the problems are printed already
	case err != nil:
		fmt.Fprintln(stderr, "mediawatch:", describeError(err, t))
		return 1
	}
	return 0
}

// explicitConfig reports whether the user named a config file, in which
// case a missing file is an error rather than "use the defaults".
func explicitConfig(args []string, lookupEnv func(string) (string, bool)) bool {
	if _, ok := lookupEnv("MEDIAWATCH_CONFIG"); ok {
		return true
	}
	for _, a := range args {
		if a == "--config" || len(a) > 9 && a[:9] == "--config=" {
			return true
		}
	}
	return false
}
