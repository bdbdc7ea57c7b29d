package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAccountsListsPostsAuthors imports posts of two platforms with a
// configured watched account, then lists the accounts as a table (in
// Vietnamese and English) and as JSON, whole and filtered.
func TestAccountsListsPostsAuthors(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "mediawatch.yaml")
	if err := os.WriteFile(cfg, []byte("accounts:\n  - {platform: tiktok, handle: '@KOL.SonLa', name: KOL Sơn La}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	jsonl := filepath.Join(dir, "posts.jsonl")
	lines := []string{
		`{"platform":"facebook","url":"https://www.facebook.com/sonla.page/posts/1","text":"Tin đồn ở Sơn La","author_handle":"sonla.page","author_name":"Trang Sơn La","audience":48000,"post_id":"1","views":900}`,
		`{"platform":"facebook","url":"https://www.facebook.com/sonla.page/posts/2","text":"Sơn La mưa lớn","author_handle":"sonla.page"}`,
		// No watch term, but the account is watched (accounts: in the configuration).
		`{"platform":"tiktok","url":"https://www.tiktok.com/@kol.sonla/video/7","text":"Chào cả nhà","author_handle":"kol.sonla","post_id":"7"}`,
		// No watch term and not watched: not kept, its author not recorded.
		`{"platform":"tiktok","url":"https://www.tiktok.com/@other/video/8","text":"Chào cả nhà lần nữa","author_handle":"other"}`,
	}
	if err := os.WriteFile(jsonl, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	g := &globals{ctx: context.Background(), configPath: cfg, explicitConfig: true, stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
	data := filepath.Join(dir, "data")
	if err := (&ImportCmd{DataFlag: DataFlag{Data: data}, File: jsonl, Keep: "mentions", Source: "import"}).Run(g); err != nil {
		t.Fatal(err)
	}
	run := func(c AccountsCmd) string {
		t.Helper()
		var out bytes.Buffer
		g.stdout = &out
		c.Data = data
		if c.Limit == 0 {
			c.Limit = 100
		}
		if err := c.Run(g); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	table := strings.Split(strings.TrimSpace(run(AccountsCmd{})), "\n")
	if len(table) != 3 || !strings.HasPrefix(table[0], "PLATFORM") {
		t.Fatalf("accounts:\n%s", strings.Join(table, "\n"))
	}
	if f := strings.Fields(table[1]); f[0] != "facebook" || f[1] != "sonla.page" || f[5] != "48000" || f[6] != "no" || f[7] != "2" {
		t.Errorf("first row = %q", table[1])
	}
	if f := strings.Fields(table[2]); f[0] != "tiktok" || f[1] != "kol.sonla" || f[2] != "KOL" || f[5] != "-" || f[6] != "yes" || f[7] != "1" {
		t.Errorf("second row = %q", table[2])
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(run(AccountsCmd{Watched: true, JSON: true})), &rows); err != nil || len(rows) != 1 {
		t.Fatalf("accounts --watched --json: %v, %v", rows, err)
	}
	if rows[0]["handle"] != "kol.sonla" || rows[0]["posts"] != 1.0 || rows[0]["watched"] != true || rows[0]["last_post"] == nil {
		t.Errorf("watched account = %v", rows[0])
	}
	if out := run(AccountsCmd{Platform: "YouTube"}); !strings.Contains(out, "No accounts yet") {
		t.Errorf("accounts --platform youtube = %q", out)
	}
	if err := os.WriteFile(cfg, []byte("ui_lang: vi\naccounts:\n  - {platform: tiktok, handle: kol.sonla}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out := run(AccountsCmd{Platform: "facebook"}); !strings.Contains(out, "SỐ NGƯỜI THEO DÕI") || !strings.Contains(out, "không") {
		t.Errorf("accounts in Vietnamese:\n%s", out)
	}
	if err := (&AccountsCmd{DataFlag: DataFlag{Data: data}, Limit: 5000}).Run(g); err == nil {
		t.Error("--limit 5000 accepted")
	}
}
