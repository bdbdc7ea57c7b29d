package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"log/slog"
	"os"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"mediawatch"
	"mediawatch/crawler"
	"mediawatch/story"
	"mediawatch/textnorm"
)

// Store is what the pipeline needs of the system of record; store.DB
// implements it.
type Store interface {
	// SaveItem stores one item in one transaction, deciding between a new
	// item, a new version and a duplicate, and writes flags about the
	// version it stores in that same transaction (none for a duplicate).
	SaveItem(ctx context.Context, it mediawatch.Item, flags ...mediawatch.Flag) (mediawatch.IngestResult, error)
	FirstSeen(ctx context.Context, canonicalURL string) (time.Time, bool, error)
	// AccountByHandle returns the stored account of a post's author (an
	// error wrapping mediawatch.ErrNotFound when none): whether it is
	// watched decides the keep policy of its posts.
	AccountByHandle(ctx context.Context, platform mediawatch.Platform, handle string) (mediawatch.Account, error)
}

// Pipeline is the one way an article enters the store.
type Pipeline struct {
	store   Store
	watch   *textnorm.Watchlist
	now     func() time.Time
	log     *slog.Logger
	index   *indexQueue // nil: no search index
	stories *stories    // nil: each kept item is a story of its own (WithStories)
	rules   atomic.Pointer[ruleSet]
	onFlags func(mediawatch.Item, []mediawatch.Flag) // OnFlags
}

// OnFlags makes the pipeline call fn after each stored item (new or a new
// version) that the rules flagged, with the item as stored and its flags
// (ItemID and ItemVersion set). fn runs on the ingesting goroutine: keep it
// short (hand off to a queue). Call before ingesting.
func (p *Pipeline) OnFlags(fn func(mediawatch.Item, []mediawatch.Flag)) {
	p.onFlags = fn
}

var _ crawler.Sink = (*Pipeline)(nil)

// New returns a pipeline that stores into st and filters keep:mentions
// sources through watch. now may be nil (time.Now).
func New(st Store, watch *textnorm.Watchlist, now func() time.Time, logger *slog.Logger) *Pipeline {
	if now == nil {
		now = time.Now
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Pipeline{store: st, watch: watch, now: now, log: logger.With("component", "ingest")}
}

// FirstSeen reports when an item at url was first stored.
func (p *Pipeline) FirstSeen(ctx context.Context, url string) (time.Time, bool, error) {
	c, err := CanonicalURL(url)
	if err != nil {
		return time.Time{}, false, err
	}
	return p.store.FirstSeen(ctx, c)
}

// Ingest normalises one article, applies the watch filter of its source,
// matches it against the active rules (SetRules) and stores it with the
// flags they raised. Only a failure to store is an error; an article
// refused for its content comes back as an outcome with a reason.
func (p *Pipeline) Ingest(ctx context.Context, src mediawatch.Source, a mediawatch.Article) (mediawatch.IngestResult, error) {
	return p.commit(ctx, p.prepare(src, a))
}

// prepared is an article made ready to store: the part of Ingest that
// reads nothing from the store, so that Ahead runs it on several cores
// while the one writer stores the articles before.
type prepared struct {
	it        mediawatch.Item
	err       error // the article cannot be an item
	mentioned bool  // a watch term is in it, or its source keeps all
	term      string
	flags     []mediawatch.Flag // the rules' flags, when mentioned
	cand      *story.Candidate  // its story candidate, with stories on
}

// prepare builds the item, looks for a watch term and, for an item that
// will be kept, matches the rules and makes its story candidate.
func (p *Pipeline) prepare(src mediawatch.Source, a mediawatch.Article) *prepared {
	it, err := p.item(src, a)
	if err != nil {
		return &prepared{it: it, err: err}
	}
	pr := &prepared{it: it, mentioned: src.Keep == mediawatch.KeepAll}
	if !pr.mentioned {
		pr.term, pr.mentioned = p.watch.Mentions(it.Lang, it.Title, it.Text, it.Summary)
	}
	if pr.mentioned {
		p.judge(pr)
	}
	return pr
}

// judge matches the rules and makes the story candidate.
func (p *Pipeline) judge(pr *prepared) {
	pr.flags = p.match(pr.it)
	if p.stories != nil {
		// An item is grouped by its date, as it is searched by: a late
		// find of an old article does not join this week's story with the
		// same title. commit sets the date, which needs the first-seen time.
		c := story.NewCandidate(0, pr.it.Title, itemBody(pr.it), time.Time{})
		pr.cand = &c
	}
}

// commit stores a prepared article: a post that mentions no watch term is
// kept when its author is a watched account, which the store says.
func (p *Pipeline) commit(ctx context.Context, pr *prepared) (mediawatch.IngestResult, error) {
	res, err := p.store1(ctx, pr)
	if err == nil {
		p.stored(ctx, pr, res)
	}
	return res, err
}

// store1 is commit up to the store's write: what comes after it (stored)
// waits, in a WriteBatch, for the batch's commit.
func (p *Pipeline) store1(ctx context.Context, pr *prepared) (mediawatch.IngestResult, error) {
	if pr.err != nil {
		return mediawatch.IngestResult{Outcome: mediawatch.OutcomeError, Reason: pr.err.Error()}, pr.err
	}
	// The clock is read here, in the order items are stored, not while
	// they are prepared side by side: first-seen times follow the store's
	// order, and the pipeline's clock is read by one goroutine at a time.
	pr.it.FirstSeen = p.now().UTC()
	it := pr.it
	switch {
	case pr.term != "":
		p.log.Debug("mention", "url", it.URL, "term", pr.term)
	case !pr.mentioned:
		// Every post of a watched account is kept, wherever it appears.
		watched, err := p.watchedAuthor(ctx, it)
		if err != nil {
			return mediawatch.IngestResult{Outcome: mediawatch.OutcomeError, Reason: err.Error()}, err
		}
		if !watched {
			return mediawatch.IngestResult{Outcome: mediawatch.OutcomeNotMentioned, Lang: it.Lang,
				Reason: fmt.Sprintf("no watch term in the title or text (language %s)", langName(it.Lang))}, nil
		}
		p.log.Debug("post of a watched account", "url", it.URL, "account", it.Account.Key())
		p.judge(pr)
	}
	if pr.cand != nil {
		pr.cand.Seen = it.EffectiveDate()
	}
	res, err := p.save(ctx, it, pr.flags, pr.cand)
	if err != nil {
		return mediawatch.IngestResult{Outcome: mediawatch.OutcomeError, Reason: err.Error()}, fmt.Errorf("save %s: %w", it.CanonicalURL, err)
	}
	return res, nil
}

// stored tells what follows a committed save: the flag handler and the
// search index.
func (p *Pipeline) stored(ctx context.Context, pr *prepared, res mediawatch.IngestResult) {
	it, flags := pr.it, pr.flags
	if res.Flags > 0 {
		p.log.Debug("flagged", "item", res.ItemID, "version", res.Version, "flags", res.Flags)
		if p.onFlags != nil {
			it.ID, it.Version = res.ItemID, res.Version
			for i := range flags {
				flags[i].ItemID, flags[i].ItemVersion = res.ItemID, res.Version
			}
			p.onFlags(it, flags)
		}
	}
	if err := p.queue(ctx, res); err != nil {
		// Stored but not yet findable: Reconcile repairs it at the next start.
		p.log.Warn("index", "item", res.ItemID, "err", err)
	}
}

// item builds the item to store: canonical URL, NFC text, language, hash.
func (p *Pipeline) item(src mediawatch.Source, a mediawatch.Article) (mediawatch.Item, error) {
	it := mediawatch.Item{
		Source:    a.Source,
		URL:       strings.TrimSpace(a.URL),
		Title:     clean(a.Title),
		Text:      cleanText(a.Text),
		Summary:   cleanText(a.Summary),
		Author:    clean(a.Author),
		Published: a.Published.UTC(),
		Image:     strings.TrimSpace(a.Image),
		FeedOnly:  a.FeedOnly,
	}
	if it.Source == "" {
		it.Source = src.Name
	}
	if a.Published.IsZero() {
		it.Published = time.Time{}
	}
	if it.Title == "" && it.Text == "" && it.Summary == "" {
		return it, fmt.Errorf("article %q has no title and no text: %w", a.URL, mediawatch.ErrInvalid)
	}
	it.ContentHash = cleanHash(it.Title, itemBody(it))
	var err error
	if it.URL == "" {
		it.CanonicalURL = "urn:sha256:" + it.ContentHash
	} else if it.CanonicalURL, err = PreferCanonical(it.URL, a.CanonicalURL); err != nil {
		return it, err
	}
	it.Lang = decideLang(textnorm.DetectLangNormal(it.Title, itemBody(it)), a.Lang, src.Lang)
	postItem(&it, src, a)
	return it, nil
}

// ContentHash identifies a text: the same title and body, whatever their
// Unicode form or spacing, hash alike.
func ContentHash(title, body string) string {
	return cleanHash(textnorm.Normalize(title), textnorm.Normalize(body))
}

// cleanHash is ContentHash of a normalised title and body, such as clean
// and cleanText make: Normalize is idempotent, so the pipeline need not
// normalise them again (a tenth of its text work; FuzzCleanHash holds the
// two equal). Each is hashed as its words joined by single spaces,
// streamed without building the joined text (a 3.5 KB article: 50 → 40
// µs, 52 → 4 KB allocated).
func cleanHash(title, body string) string {
	h := sha256.New()
	buf := make([]byte, 0, 4096)
	buf = appendWords(h, buf, title)
	buf = append(buf, 0)
	buf = appendWords(h, buf, body)
	h.Write(buf)
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// appendWords appends to buf strings.Join(strings.Fields(s), " "),
// handing buf to h whenever it fills, and returns what is left in it.
func appendWords(h hash.Hash, buf []byte, s string) []byte {
	started, space := false, false // a word written; a space due before the next
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if unicode.IsSpace(r) {
			space = started
			i += size
			continue
		}
		if len(buf)+size+1 > cap(buf) {
			h.Write(buf)
			buf = buf[:0]
		}
		if space {
			buf = append(buf, ' ')
			space = false
		}
		buf = append(buf, s[i:i+size]...)
		started = true
		i += size
	}
	return buf
}

// Language decides an item's language: the text is trusted over what the
// page or source declares (pages built from templates often declare the
// wrong language). When the text is too short to tell, the page's
// declaration and then the source's hint decide; text that is neither
// Vietnamese nor English keeps a specific declared code ("es").
func Language(text, declared, hint string) string {
	return decideLang(textnorm.DetectLang(text), declared, hint)
}

// decideLang is Language with the text's language detected (d).
func decideLang(d, declared, hint string) string {
	declared = normLang(declared)
	switch d {
	case "vi", "en":
		return d
	case "":
		if declared != "" {
			return declared
		}
		return normLang(hint)
	default:
		if declared != "" && declared != "vi" && declared != "en" {
			return declared
		}
		return d
	}
}

// normLang reduces "vi-VN" or "EN_us" to "vi" or "en".
func normLang(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i > 0 {
		s = s[:i]
	}
	if len(s) < 2 || len(s) > 3 {
		return ""
	}
	return s
}

func langName(l string) string {
	if l == "" {
		return "unknown"
	}
	return l
}

// clean makes a one-line field NFC with single spaces.
func clean(s string) string { return strings.Join(strings.Fields(textnorm.Normalize(s)), " ") }

// cleanText makes a text NFC, trims each line and keeps paragraph breaks:
// each line's words joined by single spaces, lines by "\n", and a run of
// blank lines between two lines as one empty line, in one pass over the
// normalised text (FuzzCleanText holds it to the split-and-join it
// replaced: a 3.5 KB article 68 → 61 µs, 72 allocations → 1; the rest is
// Normalize).
func cleanText(s string) string {
	n := textnorm.Normalize(s)
	var b strings.Builder
	b.Grow(len(n))
	inLine := false // a word of this line is written
	space := false  // a space is due before the next word of the line
	blank := false  // an empty line came since the last written line
	for i := 0; i < len(n); {
		r, size := rune(n[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(n[i:])
		}
		switch {
		case r == '\n':
			if !inLine && b.Len() > 0 {
				blank = true
			}
			inLine, space = false, false
		case unicode.IsSpace(r):
			space = inLine
		default:
			switch {
			case !inLine && b.Len() > 0:
				b.WriteByte('\n')
				if blank {
					b.WriteByte('\n')
				}
				blank = false
			case space:
				b.WriteByte(' ')
			}
			inLine, space = true, false
			b.WriteString(n[i : i+size])
		}
		i += size
	}
	return b.String()
}

// body is the text the item is judged and hashed by: the article text, or
// for a feed-only item the feed's summary.
func itemBody(it mediawatch.Item) string {
	if it.Text != "" {
		return it.Text
	}
	return it.Summary
}

// TuneGC sets the garbage collector for ingest, unless GOGC in the
// environment decides. Ingest and indexing allocate much short-lived
// memory; collecting at 200% heap growth instead of Go's 100% cut the
// end-to-end ingest's CPU by a tenth (bench/scale, 100,000 items: 573
// items per CPU-second against 519), for a heap that peaks higher but
// stays bounded (README, "Scale"). The command and bench/scale call it
// at start.
func TuneGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(200)
	}
}
