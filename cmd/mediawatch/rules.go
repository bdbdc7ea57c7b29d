package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"mediawatch"
	"mediawatch/config"
	"mediawatch/desk"
	"mediawatch/ingest"
	"mediawatch/rules"
)

// RulesCmd is `mediawatch rules`.
type RulesCmd struct {
	Check RulesCheckCmd `cmd:"" help:"Validate every rule file of a directory; print each problem as file:line:col: message."`
	List  RulesListCmd  `cmd:"" help:"Show the active rules with their flag counts: those of the running service, else of the configured directory."`
	Test  RulesTestCmd  `cmd:"" help:"Show what a rule (from a file, or --query) would flag among the stored items; writes nothing."`
	Apply RulesApplyCmd `cmd:"" help:"Flag stored items with the configured rules, retroactively; running it twice adds nothing."`
}

// RulesCheckCmd is `mediawatch rules check`.
type RulesCheckCmd struct {
	Dir string `arg:"" optional:"" help:"Rule directory (default from config: rules)." type:"path" placeholder:"DIR"`
}

// errProblems is returned after the problems were printed: exit 1, no
// second message.
var errProblems = errors.New("rule problems")

// Run prints every problem, or a one-line summary of a valid set.
func (c *RulesCheckCmd) Run(g *globals) error {
	cfg, err := g.loadConfig("")
	if err != nil {
		return err
	}
	dir := orElse(c.Dir, cfg.Rules.Dir)
	set, err := rules.LoadDir(dir, time.Now)
	var le *rules.LoadError
	if errors.As(err, &le) {
		for _, p := range le.Problems {
			fmt.Fprintln(g.stdout, p.String())
		}
		fmt.Fprintln(g.stderr, g.t.f(msgRulesRefused, len(le.Problems), dir))
		return errProblems
	}
	if err != nil {
		return err
	}
	enabled := 0
	for _, r := range set.Rules {
		if r.Enabled {
			enabled++
		}
	}
	fmt.Fprintln(g.stdout, g.t.f(msgRulesOK, len(set.Rules), enabled, dir, desk.ShortVersion(set.Version)))
	return nil
}

// RulesListCmd is `mediawatch rules list`.
type RulesListCmd struct {
	DataFlag
	JSON bool `help:"Print the rules and their counts as JSON."`
}

// Run lists the active rules beside the flags they raised, from the API's
// answer (GET /api/v1/rules; --json prints it as it is): beside a running
// service, the set that service runs, through its admin socket; otherwise
// the configured rule directory, with the store alone.
func (c *RulesListCmd) Run(g *globals) error {
	cfg, err := g.loadConfig(c.Data)
	if err != nil {
		return err
	}
	if body, ok := g.rulesFromService(cfg); ok {
		if c.JSON {
			return writeBody(g, body)
		}
		var st rulesAnswer
		if err := json.Unmarshal(body, &st); err != nil {
			return fmt.Errorf("rules answer: %w", err)
		}
		return printRules(g, cfg, st)
	}
	body, err := g.rulesHere(cfg)
	if err != nil {
		return err
	}
	if c.JSON {
		return writeBody(g, body)
	}
	var st rulesAnswer
	if err := json.Unmarshal(body, &st); err != nil {
		return fmt.Errorf("rules answer: %w", err)
	}
	return printRules(g, cfg, st)
}

// rulesHere loads the configured rule directory and answers GET
// /api/v1/rules with it and the store in this process, without the search
// index: the same answer a service gives, beside anything.
func (g *globals) rulesHere(cfg config.Config) ([]byte, error) {
	db, err := openStoreMaking(g.ctx, cfg)
	if err != nil {
		return nil, err
	}
	book := desk.NewRulebook(cfg.Rules.Dir, func(ingest.RuleMatcher) {}, nil, g.logger(cfg))
	if err := book.Reload(g.ctx); err != nil {
		db.Close()
		return nil, &userError{key: msgErrRulesRefused, args: []any{cfg.Rules.Dir}, detail: err}
	}
	if where, missing := rulesDirMissing(cfg.Rules.Dir); missing {
		fmt.Fprintln(g.stderr, g.t.f(msgRulesDirMissing, cfg.Rules.Dir, where))
	}
	s := local(&app{cfg: cfg, log: g.logger(cfg), db: db, rules: book}, db.Close)
	s.cfg = cfg
	defer s.close()
	status, body, err := s.get(g.ctx, "/api/v1/rules")
	if err != nil {
		return nil, err
	}
	if status != http.StatusOK {
		return nil, apiProblem(status, body)
	}
	return body, nil
}

// rulesAnswer is what the table reads of GET /api/v1/rules.
type rulesAnswer struct {
	Dir      string       `json:"dir"`
	Version  string       `json:"version"`
	LoadedAt time.Time    `json:"loaded_at"`
	Rules    []ruleAnswer `json:"rules"`
}

type ruleAnswer struct {
	mediawatch.Rule
	Flags ruleFlagsAnswer `json:"flags"`
}

type ruleFlagsAnswer struct {
	Total       int       `json:"total"`
	LastFlagged time.Time `json:"last_flagged"`
}

// printRules prints the rule set as a table, each rule by its name in the
// interface language.
func printRules(g *globals, cfg config.Config, st rulesAnswer) error {
	loc := cfg.Location()
	fmt.Fprintln(g.stdout, g.t.f(msgRulesActive, desk.ShortVersion(st.Version), st.Dir, when(st.LoadedAt, loc)))
	tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, g.t.f(msgRulesHeader))
	for _, r := range st.Rules {
		name := r.Name.EN
		if g.t.code == "vi" {
			name = r.Name.VI
		}
		fmt.Fprintf(tw, "%s\t%s\t%t\t%d\t%s\t%s\n", r.ID, r.Severity, r.Enabled, r.Flags.Total, when(r.Flags.LastFlagged, loc), oneLine(name, 60))
	}
	return tw.Flush()
}

// rulesFromService asks the service that holds the data directory, if one
// does, for the rule set it runs; ok is false when none answers, and the
// command then reads the rule directory itself.
func (g *globals) rulesFromService(cfg config.Config) (body []byte, ok bool) {
	path := filepath.Join(cfg.DataDir, lockFile)
	if _, err := os.Stat(path); err != nil {
		return nil, false
	}
	h := readHolder(path)
	if !h.serves() {
		return nil, false
	}
	s, err := g.dialService(cfg, h)
	if err != nil {
		return nil, false
	}
	s.cfg = cfg
	defer s.close()
	status, body, err := s.get(g.ctx, "/api/v1/rules")
	if err != nil || status != http.StatusOK {
		return nil, false // a stale lock file and socket: no service runs
	}
	return body, true
}

// RulesTestCmd is `mediawatch rules test`.
type RulesTestCmd struct {
	DataFlag
	File   string   `arg:"" optional:"" help:"A rule file; with several rules in it, choose one with --rule." type:"existingfile" placeholder:"FILE"`
	Query  string   `help:"Test this query instead of a rule file." placeholder:"Q"`
	Rule   string   `help:"The id of the rule to test in FILE." placeholder:"ID"`
	Lang   []string `help:"With --query: only items in these languages." placeholder:"LANG"`
	Source []string `help:"With --query: only items from these sources." placeholder:"NAME"`
	Since  string   `help:"Only items dated on or after this local date (YYYY-MM-DD)." placeholder:"DATE"`
	JSON   bool     `help:"Print the API's answer (POST /api/v1/rules/test) as it is; .matched is the count."`
}

// Run backtests one rule over the store, through the index: it asks the
// API's rule test (POST /api/v1/rules/test), in this process or in the
// running service, and --json prints that answer as it is.
func (c *RulesTestCmd) Run(g *globals) error {
	r, err := c.rule()
	if err != nil {
		return err
	}
	s, err := g.connect(c.Data, connectOptions{reconcile: true})
	if err != nil {
		return err
	}
	defer s.close()
	in := map[string]any{"query": r.Query}
	for k, v := range map[string][]string{"languages": r.Languages, "sources": r.Sources} {
		if len(v) > 0 {
			in[k] = v
		}
	}
	if c.Since != "" {
		in["since"] = c.Since
	}
	req, err := json.Marshal(in)
	if err != nil {
		return err
	}
	status, body, err := s.send(g.ctx, http.MethodPost, "/api/v1/rules/test", req)
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		return apiProblem(status, body)
	}
	if c.JSON {
		return writeBody(g, body)
	}
	var res ruleTestAnswer
	if err := json.Unmarshal(body, &res); err != nil {
		return fmt.Errorf("rule test answer: %w", err)
	}
	loc := s.cfg.Location()
	took := time.Duration(res.TookMS * float64(time.Millisecond))
	fmt.Fprintln(g.stdout, g.t.f(msgRuleTestMatched, res.Matched, res.Candidates, took.Round(time.Millisecond)))
	if len(res.PerDay) > 0 {
		fmt.Fprintln(g.stdout, g.t.f(msgRuleTestPerDay))
		for _, d := range res.PerDay {
			fmt.Fprintf(g.stdout, "  %s  %d\n", d.Day, d.N)
		}
	}
	if len(res.Samples) > 0 {
		fmt.Fprintln(g.stdout, g.t.f(msgRuleTestSamples))
		tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
		for _, h := range res.Samples {
			published, _ := time.Parse(time.RFC3339Nano, h.Published)
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", strings.Trim(string(h.ID), `"`), when(published, loc), h.Source, oneLine(h.Title, 80))
			fmt.Fprintf(tw, "\t\t\t%s\n", oneLine(plainText(h.Snippet), 100))
		}
		return tw.Flush()
	}
	return nil
}

// ruleTestAnswer is what the table reads of the API's rule test answer.
type ruleTestAnswer struct {
	Matched    int     `json:"matched"`
	Candidates int     `json:"candidates"`
	TookMS     float64 `json:"took_ms"`
	PerDay     []struct {
		Day string `json:"day"`
		N   int    `json:"n"`
	} `json:"per_day"`
	Samples []struct {
		ID        json.RawMessage `json:"id"`
		Title     string          `json:"title"`
		Source    string          `json:"source"`
		Published string          `json:"published"`
		Snippet   string          `json:"snippet"`
	} `json:"samples"`
}

// rule is the rule to test: from --query, or the one rule (or --rule) of
// the file.
func (c *RulesTestCmd) rule() (mediawatch.Rule, error) {
	switch {
	case c.Query != "" && c.File != "":
		return mediawatch.Rule{}, &userError{key: msgRuleFileAndQuery}
	case c.Query != "":
		return mediawatch.Rule{ID: "query", Query: c.Query, Languages: c.Lang, Sources: c.Source, Severity: mediawatch.SeverityMedium}, nil
	case c.File == "":
		return mediawatch.Rule{}, &userError{key: msgRuleFileOrQuery}
	}
	data, err := os.ReadFile(c.File)
	if err != nil {
		return mediawatch.Rule{}, err
	}
	rs, err := rules.Parse(c.File, data)
	if err != nil {
		return mediawatch.Rule{}, err
	}
	for _, r := range rs {
		if r.ID == c.Rule || c.Rule == "" && len(rs) == 1 {
			return r, nil
		}
	}
	if c.Rule != "" {
		return mediawatch.Rule{}, &userError{key: msgRuleNotInFile, args: []any{c.File, c.Rule}}
	}
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	return mediawatch.Rule{}, &userError{key: msgRuleChooseOne, args: []any{c.File, len(rs), strings.Join(ids, ", ")}}
}

// RulesApplyCmd is `mediawatch rules apply`.
type RulesApplyCmd struct {
	DataFlag
	Since string `help:"Only items dated on or after this local date (YYYY-MM-DD)." placeholder:"DATE"`
	JSON  bool   `help:"Print the summary as JSON."`
}

// Run flags history with the configured rule set.
func (c *RulesApplyCmd) Run(g *globals) error {
	start := time.Now()
	var sum ingest.ApplySummary
	if err := g.runJob(c.Data, "rules-apply", connectOptions{rules: true, reconcile: true}, sinceParams{Since: c.Since}, nil, c.JSON, &sum); err != nil {
		return err
	}
	if c.JSON {
		return printJSON(g, sum)
	}
	fmt.Fprintln(g.stdout, g.t.f(msgRulesApplied, sum.Examined, sum.Flagged, sum.Added, time.Since(start).Round(time.Millisecond)))
	return nil
}

// printJSON writes v indented, without HTML escaping.
func printJSON(g *globals, v any) error {
	enc := json.NewEncoder(g.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
