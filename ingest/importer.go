package ingest

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"mediawatch"
)

// MaxImportLine bounds one JSON line of an import file.
const MaxImportLine = 16 << 20

// ImportRecord is one line of a JSON-lines backfill file. Text falls back to
// Body; Source to the importer's default.
//
// A record with a Platform other than "news" is a post (a Facebook or
// TikTok post an office exported, say): its author is given in flat
// fields — AuthorHandle (required for a post to have an account),
// AuthorName, AuthorURL, Audience — as a spreadsheet export writes them,
// rather than in a nested object; PostID, Views, ForwardedFrom and Links
// are the post's (see mediawatch.Post).
type ImportRecord struct {
	URL       string `json:"url"`
	Title     string `json:"title"`
	Text      string `json:"text"`
	Body      string `json:"body"`
	Summary   string `json:"summary"`
	Published string `json:"published"`
	Source    string `json:"source"`
	Lang      string `json:"lang"`

	Platform      string   `json:"platform"`
	AuthorHandle  string   `json:"author_handle"`
	AuthorName    string   `json:"author_name"`
	AuthorURL     string   `json:"author_url"`
	Audience      int64    `json:"audience"`
	PostID        string   `json:"post_id"`
	Views         int64    `json:"views"`
	ForwardedFrom string   `json:"forwarded_from"`
	Links         []string `json:"links"`
}

// ImportSummary counts what an import did. Kept includes new versions of
// items already stored.
type ImportSummary struct {
	Read         int `json:"read"`
	Kept         int `json:"kept"`
	NotMentioned int `json:"not_mentioned"`
	Duplicates   int `json:"duplicates"`
	Errors       int `json:"errors"`
}

// ImportOptions configures Import.
type ImportOptions struct {
	Keep     mediawatch.Keep
	Source   string         // default source name for records without one ("import")
	Location *time.Location // zone of published dates written without one
	// OnError, if set, hears about each refused line (1-based).
	OnError func(line int, err error)
}

// Import reads JSON lines from r and sends each record through the same
// pipeline as crawled articles, in order, several records prepared at
// once (Ahead). A bad line is counted and skipped; only a failure to read
// r or to store stops the import.
func (p *Pipeline) Import(ctx context.Context, r io.Reader, opts ImportOptions) (ImportSummary, error) {
	if opts.Source == "" {
		opts.Source = "import"
	}
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	var sum ImportSummary
	q := p.Ahead(ctx)
	br := bufio.NewReaderSize(r, 64<<10)
	for line := 1; ; line++ {
		if err := ctx.Err(); err != nil {
			q.Close() // with ctx done, stores nothing more
			return sum, err
		}
		raw, err := readLine(br, MaxImportLine)
		if errors.Is(err, io.EOF) && len(raw) == 0 {
			return sum, q.Close()
		}
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, errLineTooLong) {
			return sum, errors.Join(q.Close(), fmt.Errorf("import: read line %d: %w", line, err))
		}
		if len(strings.TrimSpace(string(raw))) == 0 && err == nil {
			continue
		}
		sum.Read++
		if qerr := p.importLine(ctx, q, line, raw, err, opts, &sum); qerr != nil {
			return sum, qerr
		}
		if errors.Is(err, io.EOF) {
			return sum, q.Close()
		}
	}
}

// storeError marks a failure of the store, which stops an import.
type storeError struct{ err error }

func (e *storeError) Error() string { return e.err.Error() }
func (e *storeError) Unwrap() error { return e.err }

// importLine queues one line's record on q; its outcome is counted in sum
// when q stores it. The error is the one that stops the import (a failure
// to store, or ctx done).
func (p *Pipeline) importLine(ctx context.Context, q *Ahead, line int, raw []byte, readErr error, opts ImportOptions, sum *ImportSummary) error {
	refused := func(err error) {
		sum.Errors++
		if opts.OnError != nil {
			opts.OnError(line, err)
		}
	}
	refuse := func(err error) error {
		return q.Refuse(err, func(mediawatch.IngestResult, error) error { refused(err); return nil })
	}
	if errors.Is(readErr, errLineTooLong) {
		return refuse(readErr)
	}
	var rec ImportRecord
	if err := json.Unmarshal(raw, &rec); err != nil {
		return refuse(fmt.Errorf("not a JSON object: %w", err))
	}
	a, src, err := rec.article(opts)
	if err != nil {
		return refuse(err)
	}
	return q.Add(src, a, func(res mediawatch.IngestResult, err error) error {
		if err != nil {
			if res.Outcome == mediawatch.OutcomeError && errors.Is(err, mediawatch.ErrInvalid) {
				refused(err)
				return nil
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return &storeError{err}
		}
		switch res.Outcome {
		case mediawatch.OutcomeKept, mediawatch.OutcomeUpdated:
			sum.Kept++
		case mediawatch.OutcomeDuplicate:
			sum.Duplicates++
		case mediawatch.OutcomeNotMentioned:
			sum.NotMentioned++
		}
		return nil
	})
}

func (rec ImportRecord) article(opts ImportOptions) (mediawatch.Article, mediawatch.Source, error) {
	text := rec.Text
	if text == "" {
		text = rec.Body
	}
	name := strings.TrimSpace(rec.Source)
	if name == "" {
		name = opts.Source
	}
	a := mediawatch.Article{
		Source:    name,
		URL:       rec.URL,
		Title:     rec.Title,
		Text:      text,
		Summary:   rec.Summary,
		Lang:      rec.Lang,
		Published: parseDate(rec.Published, opts.Location),
		FetchedAt: time.Now(),
	}
	post, err := rec.post()
	if err != nil {
		return a, mediawatch.Source{}, err
	}
	a.Post = post
	return a, mediawatch.Source{Name: name, Keep: opts.Keep, Lang: rec.Lang}, nil
}

// post is the record's post, nil for a news article (no platform, or
// "news"). The post fields on a news article are refused, not dropped: the
// file was meant to bring posts in and says not from where.
func (rec ImportRecord) post() (*mediawatch.Post, error) {
	platform := mediawatch.NormalPlatform(rec.Platform)
	if platform == mediawatch.PlatformNews {
		if rec.AuthorHandle != "" || rec.PostID != "" || rec.Views != 0 || rec.Audience != 0 || len(rec.Links) > 0 {
			return nil, fmt.Errorf("%w: author_handle, post_id, views, audience and links need a platform (facebook, tiktok, …)",
				mediawatch.ErrInvalid)
		}
		return nil, nil
	}
	if !validPlatform(platform) {
		return nil, fmt.Errorf("%w: platform %q: want a name like facebook or tiktok", mediawatch.ErrInvalid, rec.Platform)
	}
	if h := mediawatch.NormalHandle(platform, rec.AuthorHandle); h != "" && !validHandle(h) {
		return nil, fmt.Errorf("%w: author_handle %q: want the account's handle, without spaces", mediawatch.ErrInvalid, rec.AuthorHandle)
	}
	if rec.Views < 0 || rec.Audience < 0 {
		return nil, fmt.Errorf("%w: negative views or audience", mediawatch.ErrInvalid)
	}
	return &mediawatch.Post{
		Platform: platform,
		ID:       rec.PostID,
		Account: mediawatch.Account{Platform: platform, Handle: rec.AuthorHandle, Name: rec.AuthorName,
			URL: rec.AuthorURL, Audience: rec.Audience},
		Views:         rec.Views,
		ForwardedFrom: rec.ForwardedFrom,
		Links:         rec.Links,
	}, nil
}

// validPlatform accepts a platform name as configuration does: a slug of
// lower-case letters, digits and dashes, at most 32 long.
func validPlatform(p mediawatch.Platform) bool {
	if len(p) == 0 || len(p) > 32 {
		return false
	}
	for _, r := range p {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' {
			return false
		}
	}
	return true
}

// dateLayouts are the published-date forms seen in backfill files.
var dateLayouts = []string{
	time.RFC3339Nano, time.RFC1123Z, time.RFC1123, "2006-01-02 15:04:05", "2006-01-02T15:04:05",
	"2006-01-02 15:04", "2006-01-02", "02/01/2006 15:04", "02/01/2006", "2-Jan-2006 15:04:05.00",
}

// parseDate reads a date in any of dateLayouts; zone-less dates are local to
// loc. An unreadable date is left unknown rather than refusing the record,
// and so is one no zone can write in years 1-9999 (mediawatch.CleanDate).
// A readable but unbelievable date ("2300-01-01") is kept as written: the
// item is dated by when it was imported (mediawatch.Item.EffectiveDate).
func parseDate(s string, loc *time.Location) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, l := range dateLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return mediawatch.CleanDate(t)
		}
	}
	return time.Time{}
}

var errLineTooLong = fmt.Errorf("line longer than %d bytes", MaxImportLine)

// readLine returns the next line without its newline; a line over max is
// consumed and reported as errLineTooLong.
func readLine(br *bufio.Reader, max int) ([]byte, error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(buf)+len(chunk) <= max {
			buf = append(buf, chunk...)
		} else {
			if err == nil {
				return nil, errLineTooLong
			}
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = br.ReadSlice('\n')
			}
			if err == nil || errors.Is(err, io.EOF) {
				return nil, errLineTooLong
			}
			return nil, err
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return []byte(strings.TrimRight(string(buf), "\r\n")), err
	}
}
