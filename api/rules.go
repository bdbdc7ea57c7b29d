package api

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"mediawatch"
	"mediawatch/desk"
	"mediawatch/query"
	"mediawatch/rules"
	"mediawatch/store"
)

// RuleBook is the active rule set; *desk.Rulebook satisfies it.
type RuleBook interface {
	Status() desk.RulebookStatus
	Reload(ctx context.Context) error
}

// FlagStore is the flag side of the store; *store.DB satisfies it.
type FlagStore interface {
	Flags(ctx context.Context, f store.FlagFilter) (store.FlagPage, error)
	Flag(ctx context.Context, id int64) (store.FlagView, error)
	RuleFlagCounts(ctx context.Context) (map[string]store.RuleCounts, error)
	// ItemsByID reads the candidates of a rule test.
	ItemsByID(ctx context.Context, ids []int64) ([]mediawatch.Item, error)
}

// registerRules adds the rules and flags operations.
func (s *Server) registerRules(api huma.API) {
	register(api, operation("list-rules", http.MethodGet, "/api/v1/rules", mediawatch.RoleViewer,
		"List the rules", "The active rule set: its version, when it was loaded, every rule with its flag counts and "+
			"editors' precision, and the newest refused set with every problem."), docs{example: exampleRules}, s.listRules)
	reload := operation("reload-rules", http.MethodPost, "/api/v1/rules/reload", mediawatch.RoleAdmin,
		"Reload the rules", "Reads the rule directory again. A set with any error is refused whole (422, every "+
			"problem as file:line:col) and the active set stays.", http.StatusUnprocessableEntity)
	reload.Metadata[keep422Key] = true // a refused set is not bad input: the request has none
	register(api, reload, docs{example: exampleRules}, s.reloadRules)
	op := operation("test-rule", http.MethodPost, "/api/v1/rules/test", mediawatch.RoleEditor,
		"Test a rule on history", "How many stored items a query would flag, per local day, with the 20 newest "+
			"matches highlighted: found through the index, confirmed by the rule matcher. Nothing is written.",
		http.StatusBadRequest)
	op.MaxBodyBytes = 64 << 10
	register(api, op, docs{example: exampleRuleTest}, s.testRule)
	register(api, operation("list-flags", http.MethodGet, "/api/v1/flags", mediawatch.RoleViewer,
		"List flags", "Flags newest first, filtered by time flagged, rule, severity, source and review status.",
		http.StatusBadRequest), docs{example: exampleFlags}, s.listFlags)
	register(api, operation("export-flags", http.MethodGet, "/api/v1/flags/export", mediawatch.RoleViewer,
		"Export flags", "Every flag of the filter, newest first, as CSV (with a UTF-8 byte order mark unless "+
			"bom=false) or JSON lines, streamed — not capped at a page.",
		http.StatusBadRequest), exportDocs(flagExportExampleCSV, flagExportExampleJSONL), s.exportFlags)
	register(api, operation("get-flag", http.MethodGet, "/api/v1/flags/{id}", mediawatch.RoleViewer,
		"Get a flag", "One flag: the rule, the item version it matched, every matched term with its offsets.",
		http.StatusNotFound), docs{example: exampleFlag}, s.getFlag)
}

type rulesOutput struct{ Body rulesBody }

type rulesBody struct {
	Dir      string       `json:"dir" doc:"The rule directory."`
	Version  string       `json:"version" doc:"The active set's version (a hash of every rule's text)."`
	LoadedAt *time.Time   `json:"loaded_at" doc:"When the active set was loaded; null before any was."`
	Missing  bool         `json:"missing" doc:"The directory does not exist: no rules are active."`
	Refused  *refusalView `json:"refused" doc:"The newest rule set refused since the active one was loaded, with every problem; null if none."`
	Rules    []ruleView   `json:"rules"`
}

type ruleView struct {
	mediawatch.Rule
	Flags     ruleCountsView `json:"flags" doc:"Flags this rule raised, by status."`
	Precision *rulePrecision `json:"precision,omitempty" doc:"Editors' verdicts on the stories this rule flagged."`
}

// rulePrecision is what editors said of a rule's flags.
type rulePrecision struct {
	Responded     int      `json:"responded"`
	FalsePositive int      `json:"false_positive"`
	Precision     *float64 `json:"precision" doc:"responded / (responded + false_positive); null before any verdict."`
}

// listRules answers GET /api/v1/rules.
func (s *Server) listRules(ctx context.Context, _ *struct{}) (*rulesOutput, error) {
	st := s.rules.Status()
	counts, err := s.flags.RuleFlagCounts(ctx)
	if err != nil {
		return nil, s.problem(ctx, err)
	}
	body := rulesBody{Dir: st.Dir, Version: st.Version, LoadedAt: s.atOrNil(st.LoadedAt), Missing: st.Missing,
		Refused: s.refusalViewOf(st.Refused), Rules: []ruleView{}}
	for _, r := range st.Rules {
		v := ruleView{Rule: r, Flags: s.ruleCountsViewOf(counts[r.ID])}
		v.Precision = precisionOf(v.Flags)
		body.Rules = append(body.Rules, v)
	}
	return &rulesOutput{Body: body}, nil
}

// precisionOf reads editors' verdicts from the flags' statuses, which
// follow their stories' statuses.
func precisionOf(c ruleCountsView) *rulePrecision {
	p := &rulePrecision{Responded: c.ByStatus[mediawatch.FlagResponded], FalsePositive: c.ByStatus[mediawatch.FlagFalsePositive]}
	if n := p.Responded + p.FalsePositive; n > 0 {
		v := float64(p.Responded) / float64(n)
		p.Precision = &v
	}
	return p
}

// reloadRules answers POST /api/v1/rules/reload: the set as it now stands,
// or 422 with every problem of a refused set (the active set stays).
func (s *Server) reloadRules(ctx context.Context, _ *struct{}) (*rulesOutput, error) {
	if err := s.rules.Reload(ctx); err != nil {
		var le *rules.LoadError
		if errors.As(err, &le) {
			lang := langFrom(ctx)
			p := newProblem(lang, http.StatusUnprocessableEntity, tr(lang, msgRulesRefused))
			for _, pr := range le.Problems {
				p.Errors = append(p.Errors, &huma.ErrorDetail{Location: pr.File, Message: pr.String()})
			}
			return nil, p
		}
		return nil, s.problem(ctx, err)
	}
	return s.listRules(ctx, nil)
}

type ruleTestInput struct {
	Body struct {
		Query     string   `json:"query" required:"true" maxLength:"4096" doc:"The rule's query, in the search language." example:"\"vỡ đập\" -\"diễn tập\""`
		Languages []string `json:"languages,omitempty" doc:"Only items in these languages." maxItems:"20"`
		Sources   []string `json:"sources,omitempty" doc:"Only items from these sources." maxItems:"200"`
		Since     string   `json:"since,omitempty" doc:"Only items dated on or after this local date YYYY-MM-DD (or RFC 3339 time)." example:"2026-11-01"`
	}
}

type ruleTestOutput struct{ Body ruleTestBody }

type ruleTestBody struct {
	Matched    int                   `json:"matched" doc:"Stored items the rule would flag (confirmed by the matcher)."`
	Candidates int                   `json:"candidates" doc:"Items the index found for the query before confirmation."`
	PerDay     []mediawatch.DayCount `json:"per_day" doc:"Matched items per local day of their date, oldest first."`
	Samples    []ruleTestSample      `json:"samples" doc:"The 20 newest matches."`
	TookMS     float64               `json:"took_ms"`
}

type ruleTestSample struct {
	ID        int64      `json:"id"`
	Title     string     `json:"title"`
	TitleHTML string     `json:"title_html" doc:"The title, HTML-escaped, with matches in <mark>."`
	URL       string     `json:"url"`
	Source    string     `json:"source"`
	Lang      string     `json:"lang"`
	Published *time.Time `json:"published" doc:"Null when the outlet does not say."`
	Snippet   string     `json:"snippet" doc:"Text around the first match, HTML-escaped, with matches in <mark>."`
	Terms     []string   `json:"terms" doc:"The rule's words and phrases that matched."`
}

// testRule answers POST /api/v1/rules/test: what the rule would have
// flagged in everything stored, without writing anything.
func (s *Server) testRule(ctx context.Context, in *ruleTestInput) (*ruleTestOutput, error) {
	if s.index == nil {
		return nil, s.problem(ctx, errors.New(tr("en", msgRuleTestNeedsIndex)))
	}
	b := in.Body
	if _, err := query.Parse(b.Query); err != nil {
		return nil, s.problem(ctx, &FieldError{Location: "body.query", Value: b.Query, Cause: err})
	}
	since, err := dateParam(s.opts.Location, "body.since", b.Since, false)
	if err != nil {
		return nil, s.problem(ctx, err)
	}
	r := mediawatch.Rule{ID: "test", Query: b.Query, Languages: b.Languages, Sources: b.Sources, Severity: mediawatch.SeverityMedium}
	res, err := desk.TestRule(ctx, desk.BacktestDeps{Index: s.index, Store: s.flags}, r, since, s.opts.Location)
	if err != nil {
		if errors.Is(err, mediawatch.ErrInvalid) {
			return nil, s.problem(ctx, &FieldError{Location: "body.query", Value: b.Query, Cause: err})
		}
		return nil, s.problem(ctx, err)
	}
	out := ruleTestBody{Matched: res.Matched, Candidates: res.Candidates, PerDay: res.PerDay,
		TookMS: float64(res.Took.Microseconds()) / 1000, Samples: []ruleTestSample{}}
	if out.PerDay == nil {
		out.PerDay = []mediawatch.DayCount{}
	}
	for _, sm := range res.Samples {
		out.Samples = append(out.Samples, s.sampleOf(sm))
	}
	return &ruleTestOutput{Body: out}, nil
}

// sampleOf shows one backtest match with the flag's own highlights.
func (s *Server) sampleOf(sm desk.BacktestSample) ruleTestSample {
	it := sm.Item
	v := ruleTestSample{ID: it.ID, Title: it.Title, URL: it.URL, Source: it.Source, Lang: it.Lang, Terms: []string{},
		Published: s.atOrNil(it.Published)}
	var title, text []query.Span
	seen := map[string]bool{}
	for _, m := range sm.Flag.Matches {
		span := query.Span{Start: m.Start, End: m.End}
		if m.Field == query.FieldTitle {
			title = append(title, span)
		} else {
			text = append(text, span)
		}
		if !seen[m.Term] {
			seen[m.Term] = true
			v.Terms = append(v.Terms, m.Term)
		}
	}
	v.TitleHTML = markAll(it.Title, sortedSpans(title))
	v.Snippet = snippetAt(it.Text, sortedSpans(text), snippetBytes)
	return v
}
