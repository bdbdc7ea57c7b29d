package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/schollz/progressbar/v3"

	"mediawatch/ingest"
)

// ImportCmd is `mediawatch import`.
type ImportCmd struct {
	DataFlag
	File   string `arg:"" help:"JSON-lines file: one object per line with url, title, text (or body), published, source, lang; a post adds platform, author_handle, author_name, author_url, audience, post_id, views, links. '-' reads standard input." placeholder:"FILE.jsonl"`
	Keep   string `help:"Keep all records, or only those mentioning a watch term." enum:"all,mentions" default:"mentions"`
	Source string `help:"Source name for records that have none." default:"import"`
	JSON   bool   `help:"Print the summary as one JSON object (read, kept, not_mentioned, duplicates, errors)."`
}

// Run imports the file through the ingest pipeline.
func (c *ImportCmd) Run(g *globals) error {
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
	var sum ingest.ImportSummary
	err := g.runJob(c.Data, "import", connectOptions{rules: true, reconcile: true}, importParams{Keep: c.Keep, Source: c.Source}, in, true, &sum)
	if g.ctx.Err() != nil {
		return g.ctx.Err()
	}
	if err != nil && sum.Read == 0 {
		return err // nothing was read: no summary to show
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
