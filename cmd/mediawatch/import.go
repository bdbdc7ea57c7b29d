package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/schollz/progressbar/v3"

	"mediawatch"
	"mediawatch/ingest"
)

// ImportCmd is `mediawatch import`.
type ImportCmd struct {
	DataFlag
	File   string `arg:"" help:"JSON-lines file: one object per line with url, title, text (or body), published, source, lang. '-' reads standard input." placeholder:"FILE.jsonl"`
	Keep   string `help:"Keep all records, or only those mentioning a watch term." enum:"all,mentions" default:"mentions"`
	Source string `help:"Source name for records that have none." default:"import"`
	JSON   bool   `help:"Print the summary as one JSON object (read, kept, not_mentioned, duplicates, errors)."`
}

// Run imports the file through the ingest pipeline.
func (c *ImportCmd) Run(g *globals) error {
	a, err := g.open(c.Data)
	if err != nil {
		return err
	}
	defer a.Close()
	log := a.log
	if err := a.loadRules(g.ctx); err != nil {
		return err
	}
	if err := a.reconcile(g.ctx); err != nil {
		return err
	}
	var in io.Reader = os.Stdin
	size := int64(-1)
	if c.File != "-" {
		f, err := os.Open(c.File)
		if err != nil {
			return err
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil {
			size = fi.Size()
		}
		in = f
	}
	if isTerminal(g.stderr) {
		bar := progressbar.DefaultBytes(size, "importing")
		defer bar.Finish()
		in = io.TeeReader(in, bar)
	}
	sum, err := a.pipeline.Import(g.ctx, in, ingest.ImportOptions{
		Keep: mediawatch.Keep(c.Keep), Source: c.Source, Location: a.cfg.Location(),
		OnError: func(line int, err error) { log.Warn("import: line refused", "line", line, "err", err) },
	})
	if ferr := a.pipeline.Flush(context.WithoutCancel(g.ctx)); ferr != nil {
		err = errors.Join(err, ferr)
	}
	if c.JSON {
		if jerr := json.NewEncoder(g.stdout).Encode(sum); jerr != nil {
			return jerr
		}
	} else {
		fmt.Fprintln(g.stdout, g.t.f(msgImportSummary, sum.Read, sum.Kept, sum.NotMentioned, sum.Duplicates, sum.Errors))
	}
	return err
}
