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
type RuleBook = desk.RuleSet

// FlagStore is the flag side of the store; *store.DB satisfies it.
type FlagStore interface {
	Flags(ctx context.Context, f store.FlagFilter) (store.FlagPage, error)
	Flag(ctx context.Context, id int64) (store.FlagView, error)
	RuleFlagCounts(ctx context.Context) (map[string]store.RuleCounts, error)
	// ItemsByID reads the candidates of a rule test.
	ItemsByID(ctx context.Context, ids []int64) ([]mediawatch.Item, error)
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
	set, err := s.desk.Rules(ctx)
	if err != nil {
		return nil, s.problem(ctx, err)
	}
	st := set.Status
	body := rulesBody{Dir: st.Dir, Version: st.Version, LoadedAt: s.atOrNil(st.LoadedAt), Missing: st.Missing,
		Refused: s.refusalViewOf(st.Refused), Rules: []ruleView{}}
	for _, r := range set.Rules {
		body.Rules = append(body.Rules, ruleView{Rule: r.Rule, Flags: s.ruleCountsViewOf(r.Flags), Precision: precisionView(r.Precision)})
	}
	return &rulesOutput{Body: body}, nil
}

// precisionView shows editors' verdicts on a rule's flags.
func precisionView(p desk.Precision) *rulePrecision {
	v := &rulePrecision{Responded: p.Responded, FalsePositive: p.FalsePositive}
	if p.Known {
		v.Precision = &p.Value
	}
	return v
}

// reloadRules answers POST /api/v1/rules/reload: the set as it now stands,
// or 422 with every problem of a refused set (the active set stays).
func (s *Server) reloadRules(ctx context.Context, _ *struct{}) (*rulesOutput, error) {
	k, _ := keyFrom(ctx) // the role check let the request in, so there is a key
	if err := s.desk.ReloadRules(ctx, s.actor(ctx, k)); err != nil {
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
	res, err := s.desk.TestRule(ctx, r, since)
	if err != nil {
		if errors.Is(err, mediawatch.ErrInvalid) {
			return nil, s.problem(ctx, &FieldError{Location: "body.query", Value: b.Query, Cause: err})
		}
		return nil, s.problem(ctx, err)
	}
	out := ruleTestBody{Matched: res.Matched, Candidates: res.Candidates, PerDay: res.PerDay,
		TookMS: float64(res.Took.Microseconds()) / 1000, Samples: []ruleTestSample{}}
	for _, sm := range res.Samples {
		it := sm.Item
		out.Samples = append(out.Samples, ruleTestSample{ID: it.ID, Title: it.Title, URL: it.URL, Source: it.Source,
			Lang: it.Lang, Published: s.atOrNil(it.Published), TitleHTML: sm.TitleHTML, Snippet: sm.Snippet, Terms: sm.Terms})
	}
	return &ruleTestOutput{Body: out}, nil
}
