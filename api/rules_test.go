package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/desk"
	"mediawatch/index"
	"mediawatch/ingest"
	"mediawatch/store"
)

var _ FlagStore = (*store.DB)(nil)
var _ RuleBook = (*desk.Rulebook)(nil)

const fixtureRules = `- id: dam-rumour
  name: {vi: Tin đồn vỡ đập, en: Dam burst rumour}
  query: '"vỡ đập" -"diễn tập" -"bác bỏ"'
  severity: critical
  category: rumour
- id: scam
  name: {vi: Lừa đảo, en: Scam}
  query: '"lừa đảo" OR scam'
  severity: high
  category: scam
`

// rulesFixture is a server over a real store, index and rule directory,
// with articles ingested through the pipeline (so flags are written at
// ingest) and one key per role.
type rulesFixture struct {
	srv    *httptest.Server
	h      http.Handler
	s      *Server
	dir    string
	tokens map[mediawatch.Role]string
}

func newRulesFixture(t testing.TB, extra int) *rulesFixture {
	t.Helper()
	ctx := context.Background()
	tmp := t.TempDir()
	db, err := store.Open(ctx, filepath.Join(tmp, "mw.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	idx, err := index.Open(filepath.Join(tmp, "index"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	dir := filepath.Join(tmp, "rules")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "pack.yaml"), []byte(fixtureRules), 0o644); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC)
	p := ingest.New(db, nil, func() time.Time { return at }, nil).WithIndex(idx, db)
	book := desk.NewRulebook(dir, p.SetRules, nil, nil)
	if err := book.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	src := mediawatch.Source{Name: "bao", Keep: mediawatch.KeepAll}
	articles := []mediawatch.Article{
		{URL: "https://bao.example/1", Title: "Tin đồn vỡ đập thủy điện Sơn La", Text: "Mạng xã hội lan truyền tin vỡ đập."},
		{URL: "https://bao.example/2", Title: "Diễn tập ứng phó vỡ đập", Text: "Buổi diễn tập vỡ đập ở Mai Sơn."},
		{URL: "https://bao.example/3", Title: "Cảnh giác lừa đảo", Text: "Trang web giả mạo để lừa đảo người dân. =HYPERLINK(1)"},
		{URL: "https://bao.example/4", Title: "Mận hậu vào vụ", Text: "Không có gì đáng chú ý."},
	}
	for i := range extra {
		articles = append(articles, mediawatch.Article{URL: fmt.Sprintf("https://bao.example/x%d", i),
			Title: fmt.Sprintf("=Tin lừa đảo số %d", i), Text: "Một vụ lừa đảo khác."})
	}
	for _, a := range articles {
		a.Source, a.Lang, a.Published = "bao", "vi", at
		if _, err := p.Ingest(ctx, src, a); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	f := &rulesFixture{dir: dir, tokens: map[mediawatch.Role]string{}}
	for _, role := range []mediawatch.Role{mediawatch.RoleViewer, mediawatch.RoleEditor, mediawatch.RoleAdmin} {
		token, _, err := db.CreateKey(ctx, string(role), role)
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[role] = token
	}
	s := New(Deps{Store: db, Index: idx, Rules: book, Flags: db}, Options{RatePerSecond: -1})
	f.s, f.h = s, validated(t, s, s.Handler())
	f.srv = httptest.NewServer(f.h)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *rulesFixture) call(t *testing.T, method, path string, role mediawatch.Role, body string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, f.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+f.tokens[role])
	return do(t, f.srv.Client(), req)
}

func TestRulesAndFlagsAPI(t *testing.T) {
	f := newRulesFixture(t, 0)

	resp, body := f.call(t, http.MethodGet, "/api/v1/rules", mediawatch.RoleViewer, "")
	var rules rulesBody
	if resp.StatusCode != 200 || json.Unmarshal(body, &rules) != nil {
		t.Fatalf("rules: %d %s", resp.StatusCode, body)
	}
	counts := map[string]int{}
	for _, r := range rules.Rules {
		counts[r.ID] = r.Flags.Total
	}
	if rules.Version == "" || counts["dam-rumour"] != 1 || counts["scam"] != 1 {
		t.Fatalf("rules %+v: want one flag each", counts)
	}

	resp, body = f.call(t, http.MethodGet, "/api/v1/flags?rule=dam-rumour", mediawatch.RoleViewer, "")
	var flags flagsBody
	if resp.StatusCode != 200 || json.Unmarshal(body, &flags) != nil || flags.Total != 1 {
		t.Fatalf("flags: %d %s", resp.StatusCode, body)
	}
	fl := flags.Flags[0]
	if fl.Severity != mediawatch.SeverityCritical || fl.Title != "Tin đồn vỡ đập thủy điện Sơn La" || len(fl.Matches) < 2 {
		t.Fatalf("flag %+v", fl)
	}
	for _, m := range fl.Matches {
		src := fl.Title
		if m.Field == "text" {
			src = "Mạng xã hội lan truyền tin vỡ đập."
		}
		if src[m.Start:m.End] != m.Text || m.Text != "vỡ đập" {
			t.Errorf("match %+v does not point at its text", m)
		}
	}
	resp, body = f.call(t, http.MethodGet, fmt.Sprintf("/api/v1/flags/%d", fl.ID), mediawatch.RoleViewer, "")
	if resp.StatusCode != 200 || !bytes.Contains(body, []byte(`"rule_id":"dam-rumour"`)) {
		t.Fatalf("flag by id: %d %s", resp.StatusCode, body)
	}
	resp, body = f.call(t, http.MethodGet, "/api/v1/flags/999999", mediawatch.RoleViewer, "")
	checkProblem(t, 404, resp.Header, resp.StatusCode, body)
	resp, body = f.call(t, http.MethodGet, "/api/v1/flags?severity=urgent", mediawatch.RoleViewer, "")
	checkProblem(t, 400, resp.Header, resp.StatusCode, body)

	// Search finds flagged items by rule and severity.
	resp, body = f.call(t, http.MethodGet, "/api/v1/search?q=severity:critical+OR+rule:scam&sort=oldest", mediawatch.RoleViewer, "")
	var sr searchBody
	if resp.StatusCode != 200 || json.Unmarshal(body, &sr) != nil || sr.Total != 2 {
		t.Fatalf("search by rule: %d %s", resp.StatusCode, body)
	}
}

func TestRuleTestAPI(t *testing.T) {
	f := newRulesFixture(t, 0)
	resp, body := f.call(t, http.MethodPost, "/api/v1/rules/test", mediawatch.RoleViewer, `{"query":"vỡ đập"}`)
	checkProblem(t, 403, resp.Header, resp.StatusCode, body)

	resp, body = f.call(t, http.MethodPost, "/api/v1/rules/test", mediawatch.RoleEditor, `{"query":"\"vỡ đập\" -\"diễn tập\""}`)
	var got ruleTestBody
	if resp.StatusCode != 200 || json.Unmarshal(body, &got) != nil {
		t.Fatalf("test: %d %s", resp.StatusCode, body)
	}
	if got.Matched != 1 || len(got.Samples) != 1 || got.Samples[0].Title != "Tin đồn vỡ đập thủy điện Sơn La" ||
		len(got.PerDay) != 1 || got.PerDay[0].Day != "2026-11-20" {
		t.Fatalf("test answer %+v", got)
	}
	if !strings.Contains(got.Samples[0].TitleHTML, "<mark>vỡ đập</mark>") {
		t.Errorf("sample title not highlighted: %q", got.Samples[0].TitleHTML)
	}
	resp, body = f.call(t, http.MethodPost, "/api/v1/rules/test", mediawatch.RoleEditor, `{"query":"vỡ AND"}`)
	p := checkProblem(t, 400, resp.Header, resp.StatusCode, body)
	if len(p.Errors) != 1 || p.Errors[0].Location != "body.query" || !strings.Contains(p.Errors[0].Message, "col") {
		t.Errorf("parse error problem %+v", p)
	}
	resp, body = f.call(t, http.MethodPost, "/api/v1/rules/test", mediawatch.RoleEditor, `{"query":"lũ rule:scam"}`)
	checkProblem(t, 400, resp.Header, resp.StatusCode, body)
}

func TestRulesReloadAPI(t *testing.T) {
	f := newRulesFixture(t, 0)
	resp, body := f.call(t, http.MethodPost, "/api/v1/rules/reload", mediawatch.RoleEditor, "")
	checkProblem(t, 403, resp.Header, resp.StatusCode, body)

	bad := fixtureRules + "- id: broken\n  name: {vi: Hỏng, en: Broken}\n  query: '\"lũ quét'\n  severity: high\n  category: rumour\n"
	if err := os.WriteFile(filepath.Join(f.dir, "pack.yaml"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	resp, body = f.call(t, http.MethodPost, "/api/v1/rules/reload", mediawatch.RoleAdmin, "")
	p := checkProblem(t, 422, resp.Header, resp.StatusCode, body)
	if len(p.Errors) == 0 || !strings.Contains(p.Errors[0].Message, "pack.yaml:") {
		t.Fatalf("refusal problem %+v", p)
	}
	resp, body = f.call(t, http.MethodGet, "/api/v1/rules", mediawatch.RoleViewer, "")
	var rules rulesBody
	if json.Unmarshal(body, &rules) != nil || len(rules.Rules) != 2 || rules.Refused == nil {
		t.Fatalf("after refusal: %d %s", resp.StatusCode, body)
	}

	good := fixtureRules + "- id: land\n  name: {vi: Đất, en: Land}\n  query: '\"thu hồi đất\"'\n  severity: medium\n  category: distortion\n"
	if err := os.WriteFile(filepath.Join(f.dir, "pack.yaml"), []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	resp, body = f.call(t, http.MethodPost, "/api/v1/rules/reload", mediawatch.RoleAdmin, "")
	if json.Unmarshal(body, &rules) != nil || resp.StatusCode != 200 || len(rules.Rules) != 3 || rules.Refused != nil {
		t.Fatalf("reload: %d %s", resp.StatusCode, body)
	}
}

func TestFlagExportEveryFlag(t *testing.T) {
	old := flagExportPage
	flagExportPage = 3
	t.Cleanup(func() { flagExportPage = old })
	f := newRulesFixture(t, 8) // 1 + 8 scam flags, 1 dam flag
	resp, body := f.call(t, http.MethodGet, "/api/v1/flags/export?rule=scam&format=csv", mediawatch.RoleViewer, "")
	if resp.StatusCode != 200 {
		t.Fatalf("export: %d %s", resp.StatusCode, body)
	}
	csvBody, bom := bytes.CutPrefix(body, []byte(utf8BOM))
	if !bom {
		t.Errorf("flag export does not start with a UTF-8 BOM")
	}
	rows, err := csv.NewReader(bytes.NewReader(csvBody)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+9 {
		t.Fatalf("exported %d rows, want a header and 9 flags", len(rows))
	}
	ids := map[string]bool{}
	for _, r := range rows[1:] {
		if ids[r[0]] {
			t.Errorf("flag %s exported twice", r[0])
		}
		ids[r[0]] = true
		if strings.HasPrefix(r[8], "=") {
			t.Errorf("title cell %q would run as a formula", r[8])
		}
	}
	resp, body = f.call(t, http.MethodGet, "/api/v1/flags/export?format=jsonl", mediawatch.RoleViewer, "")
	if n := bytes.Count(body, []byte("\n")); resp.StatusCode != 200 || n != 10 {
		t.Fatalf("jsonl export: %d, %d lines: %.1500s", resp.StatusCode, n, body)
	}
}

// FuzzRulesInput sends arbitrary flag filters, flag ids and rule-test
// bodies with an editor's key: never a 5xx or a panic, every error a
// problem.
func FuzzRulesInput(f *testing.F) {
	for _, seed := range [][3]string{
		{"1", "rule=scam&severity=high", `{"query":"lừa đảo"}`},
		{"export", "format=jsonl&status=new", `{"query":"\"vỡ đập\" NEAR/3 lũ","since":"2026-11-01"}`},
		{"-1", "from=2026-13-45&to=x", `{"query":"(((","languages":["vi"]}`},
		{"99999999999999999999", "size=1000&page=0", `{"query":"rule:scam"}`},
		{"%00", "severity=%zz", `{"query":""}`},
		{"", "", `[1,2`},
	} {
		f.Add(seed[0], seed[1], seed[2])
	}
	fx := newRulesFixture(f, 0)
	auth := "Bearer " + fx.tokens[mediawatch.RoleEditor]
	f.Fuzz(func(t *testing.T, segment, rawQuery, body string) {
		type call struct {
			method, path, query, body string
		}
		for _, c := range []call{
			{http.MethodGet, "/api/v1/flags", rawQuery, ""},
			{http.MethodGet, "/api/v1/flags/" + segment, rawQuery, ""},
			{http.MethodGet, "/api/v1/flags/export", rawQuery, ""},
			{http.MethodGet, "/api/v1/rules", rawQuery, ""},
			{http.MethodPost, "/api/v1/rules/test", rawQuery, body},
		} {
			u := &url.URL{Path: c.path, RawQuery: c.query}
			req := httptest.NewRequest(c.method, "http://example.test/", strings.NewReader(c.body))
			req.URL, req.RequestURI = u, u.RequestURI()
			req.Header.Set("Authorization", auth)
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			fx.h.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Fatalf("%s %s: status %d: %s", c.method, u, rec.Code, rec.Body)
			}
			if rec.Code >= 400 && rec.Header().Get("Content-Type") != problemMediaType {
				t.Fatalf("%s %s: status %d with Content-Type %q", c.method, u, rec.Code, rec.Header().Get("Content-Type"))
			}
		}
	})
}
