package api

import (
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"mediawatch"
	"mediawatch/desk"
	"mediawatch/store"
)

// flagExportPage is how many flags export reads from the store at a time.
var flagExportPage = store.MaxFlagPageSize // a variable so tests can page through few flags

type flagsInput struct {
	From     string   `query:"from" doc:"Flagged on or after: a local date YYYY-MM-DD or an RFC 3339 time." example:"2026-11-01"`
	To       string   `query:"to" doc:"Flagged on or before: a local date YYYY-MM-DD (the whole day) or an RFC 3339 time."`
	Rule     []string `query:"rule" doc:"Only flags of these rule ids (repeat or separate with commas)."`
	Severity []string `query:"severity" doc:"Only these severities: low, medium, high, critical."`
	Source   []string `query:"source" doc:"Only flags on items from these sources."`
	Status   []string `query:"status" doc:"Only flags in these review states: new, in_review, responded, dismissed, false_positive."`
	Page     int      `query:"page" minimum:"1" maximum:"10000" default:"1"`
	Size     int      `query:"size" minimum:"1" maximum:"100" default:"20" doc:"Flags per page (at most 100)."`
}

type flagsExportInput struct {
	From     string   `query:"from" doc:"Flagged on or after: a local date YYYY-MM-DD or an RFC 3339 time."`
	To       string   `query:"to" doc:"Flagged on or before: a local date YYYY-MM-DD (the whole day) or an RFC 3339 time."`
	Rule     []string `query:"rule" doc:"Only flags of these rule ids."`
	Severity []string `query:"severity" doc:"Only these severities."`
	Source   []string `query:"source" doc:"Only flags on items from these sources."`
	Status   []string `query:"status" doc:"Only flags in these review states."`
	Format   string   `query:"format" enum:"csv,jsonl" default:"csv" doc:"csv (a header row, then one row per flag) or jsonl." example:"csv"`
	BOM      bool     `query:"bom" default:"true" doc:"Start a CSV with a UTF-8 byte order mark, so that Excel on Windows reads Vietnamese right; false leaves it out."`
}

type flagsOutput struct{ Body flagsBody }

type flagsBody struct {
	Total int        `json:"total" doc:"Flags in all pages."`
	Flags []flagView `json:"flags"`
}

// flagView is one flag as the API shows it: what matched, where, and the
// item it is about.
type flagView struct {
	ID             int64                  `json:"id"`
	ItemID         int64                  `json:"item_id"`
	ItemVersion    int                    `json:"item_version" doc:"The version of the item that matched."`
	CurrentVersion int                    `json:"current_version" doc:"The item's version now."`
	RuleID         string                 `json:"rule_id"`
	RuleVersion    string                 `json:"rule_version"`
	Severity       mediawatch.Severity    `json:"severity" enum:"low,medium,high,critical"`
	Status         mediawatch.FlagStatus  `json:"status" enum:"new,in_review,responded,dismissed,false_positive"`
	CreatedAt      time.Time              `json:"created_at"`
	Matches        []mediawatch.TermMatch `json:"matches" doc:"Every occurrence of the rule's terms: field, byte offsets, the text there."`
	Snippet        string                 `json:"snippet" doc:"Plain text around the first match (not HTML)."`
	Title          string                 `json:"title"`
	URL            string                 `json:"url"`
	Source         string                 `json:"source"`
	Lang           string                 `json:"lang"`
	Published      *time.Time             `json:"published" doc:"Null when the outlet does not say."`
}

func (s *Server) viewOf(f store.FlagView) flagView {
	v := flagView{ID: f.ID, ItemID: f.ItemID, ItemVersion: f.ItemVersion, CurrentVersion: f.CurrentVersion,
		RuleID: f.RuleID, RuleVersion: f.RuleVersion, Severity: f.Severity, Status: f.Status,
		CreatedAt: s.at(f.CreatedAt), Matches: f.Matches, Snippet: f.Snippet,
		Title: f.Title, URL: f.URL, Source: f.Source, Lang: f.Lang, Published: s.atOrNil(f.Published)}
	if v.Matches == nil {
		v.Matches = []mediawatch.TermMatch{}
	}
	return v
}

// flagFilter checks the shared parameters of the flag list and export.
func (s *Server) flagFilter(from, to string, ruleIDs, severities, sources, statuses []string) (store.FlagFilter, error) {
	f := store.FlagFilter{Rules: splitList(ruleIDs), Sources: splitList(sources)}
	var err error
	if f.From, f.To, err = dateRange(s.opts.Location, from, to); err != nil {
		return f, err
	}
	for _, v := range splitList(severities) {
		sev := mediawatch.Severity(strings.ToLower(v))
		if !sev.Valid() {
			return f, &FieldError{Location: "query.severity", Value: v, Key: msgWantSeverity}
		}
		f.Severities = append(f.Severities, sev)
	}
	for _, v := range splitList(statuses) {
		st := mediawatch.FlagStatus(strings.ToLower(v))
		if !validFlagStatus(st) {
			return f, &FieldError{Location: "query.status", Value: v, Key: msgWantStatus}
		}
		f.Statuses = append(f.Statuses, st)
	}
	return f, nil
}

func validFlagStatus(st mediawatch.FlagStatus) bool {
	switch st {
	case mediawatch.FlagNew, mediawatch.FlagInReview, mediawatch.FlagResponded, mediawatch.FlagDismissed, mediawatch.FlagFalsePositive:
		return true
	}
	return false
}

// listFlags answers GET /api/v1/flags: newest first.
func (s *Server) listFlags(ctx context.Context, in *flagsInput) (*flagsOutput, error) {
	f, err := s.flagFilter(in.From, in.To, in.Rule, in.Severity, in.Source, in.Status)
	if err != nil {
		return nil, s.problem(ctx, err)
	}
	f.Page, f.Size = in.Page, in.Size
	page, err := s.desk.Flags(ctx, f)
	if err != nil {
		return nil, s.problem(ctx, err)
	}
	body := flagsBody{Total: page.Total, Flags: []flagView{}}
	for _, fv := range page.Flags {
		body.Flags = append(body.Flags, s.viewOf(fv))
	}
	return &flagsOutput{Body: body}, nil
}

type flagInput struct {
	ID int64 `path:"id" minimum:"1" doc:"The flag's id."`
}

type flagOutput struct{ Body flagView }

// getFlag answers GET /api/v1/flags/{id}.
func (s *Server) getFlag(ctx context.Context, in *flagInput) (*flagOutput, error) {
	f, err := s.desk.Flag(ctx, in.ID)
	if err != nil {
		return nil, s.problem(ctx, err)
	}
	return &flagOutput{Body: s.viewOf(f)}, nil
}

var flagExportHeader = []string{"id", "created_at", "rule_id", "rule_version", "severity", "status", "item_id",
	"item_version", "title", "url", "source", "lang", "published", "terms", "snippet"}

// exportFlags answers GET /api/v1/flags/export: every flag of the filter,
// newest first, streamed page by page.
func (s *Server) exportFlags(ctx context.Context, in *flagsExportInput) (*huma.StreamResponse, error) {
	f, err := s.flagFilter(in.From, in.To, in.Rule, in.Severity, in.Source, in.Status)
	if err != nil {
		return nil, s.problem(ctx, err)
	}
	f.Size = flagExportPage
	k, _ := keyFrom(ctx) // the role check let the request in, so there is a key
	exp, err := s.desk.StartFlagExport(ctx, s.actor(ctx, k), f)
	if err != nil {
		return nil, s.problem(ctx, err)
	}
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		startDownload(hc, in.Format, "mediawatch-flags", in.BOM)
		if err := s.streamFlags(hc.Context(), exp, in.Format, hc.BodyWriter()); err != nil {
			s.log.Warn("flag export cut short", "err", err)
		}
	}}, nil
}

// streamFlags writes every flag of exp in format.
func (s *Server) streamFlags(ctx context.Context, exp *desk.FlagExport, format string, w io.Writer) error {
	cw := csv.NewWriter(w)
	enc := json.NewEncoder(w)
	if format == "csv" {
		if err := cw.Write(flagExportHeader); err != nil {
			return err
		}
	}
	_, err := exp.Rows(ctx, func(fv store.FlagView) error { return s.writeFlag(cw, enc, format, fv) })
	cw.Flush()
	return cmp.Or(err, cw.Error())
}

func (s *Server) writeFlag(cw *csv.Writer, enc *json.Encoder, format string, fv store.FlagView) error {
	v := s.viewOf(fv)
	if format == "jsonl" {
		return enc.Encode(v)
	}
	published := ""
	if v.Published != nil {
		published = v.Published.Format(time.RFC3339) // already to the second in the API's zone
	}
	var terms []string
	for _, m := range v.Matches {
		terms = append(terms, m.Term)
	}
	return cw.Write([]string{strconv.FormatInt(v.ID, 10), v.CreatedAt.Format(time.RFC3339), v.RuleID, v.RuleVersion,
		string(v.Severity), string(v.Status), strconv.FormatInt(v.ItemID, 10), strconv.Itoa(v.ItemVersion),
		desk.CSVSafe(v.Title), v.URL, v.Source, v.Lang, published, desk.CSVSafe(strings.Join(dedupe(terms), "; ")), desk.CSVSafe(v.Snippet)})
}

// dedupe keeps the first of each string, in order.
func dedupe(ss []string) []string {
	seen := map[string]bool{}
	out := ss[:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
