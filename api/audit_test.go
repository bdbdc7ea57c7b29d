package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/desk"
	"mediawatch/store"
)

// newAuditServer serves the API with the audit route over a real store
// holding four entries (an hour apart from 08:00 ICT on 20 November 2026),
// and returns a key of each role.
func newAuditServer(t *testing.T) (*httptest.Server, map[mediawatch.Role]string) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "mediawatch.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	tokens := map[mediawatch.Role]string{}
	for _, role := range []mediawatch.Role{mediawatch.RoleViewer, mediawatch.RoleEditor, mediawatch.RoleAdmin} {
		if tokens[role], _, err = db.CreateKey(ctx, string(role)+"-key", role); err != nil {
			t.Fatal(err)
		}
	}
	t0 := time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC)
	for i, e := range []mediawatch.AuditEntry{
		{ActorKind: mediawatch.ActorCLI, Actor: "root", Action: "user.create", Target: "lan", Detail: "role editor"},
		{ActorKind: mediawatch.ActorPerson, Actor: "lan", Address: "203.0.113.7", Action: "signin.failed", Target: "lan", Detail: "wrong password"},
		{ActorKind: mediawatch.ActorPerson, Actor: "lan", Address: "203.0.113.7", Action: "signin.ok", Target: "lan"},
		{ActorKind: mediawatch.ActorKey, Actor: "bot", Action: "story.status", Target: "story 3", Detail: "dismissed"},
	} {
		e.At = t0.Add(time.Duration(i) * time.Hour).Add(123 * time.Millisecond)
		if _, err := db.AppendAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	s := New(Deps{Store: db, Audit: &desk.Audit{Store: db}}, Options{})
	return newTestServer(t, s, s.Handler()), tokens
}

func getAudit(t *testing.T, srv *httptest.Server, token string, q url.Values) (int, auditBody, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/api/v1/audit?"+q.Encode(), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, raw := do(t, srv.Client(), req)
	var body auditBody
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(raw, &body); err != nil {
			t.Fatal(err)
		}
	}
	return resp.StatusCode, body, raw
}

func TestAuditRoute(t *testing.T) {
	srv, tokens := newAuditServer(t)
	for _, role := range []mediawatch.Role{mediawatch.RoleViewer, mediawatch.RoleEditor} {
		if code, _, raw := getAudit(t, srv, tokens[role], nil); code != http.StatusForbidden {
			t.Errorf("%s: %d %s, want 403", role, code, raw)
		}
	}
	code, body, raw := getAudit(t, srv, tokens[mediawatch.RoleAdmin], nil)
	if code != http.StatusOK || len(body.Entries) != 4 || body.Next != "" {
		t.Fatalf("admin: %d %s", code, raw)
	}
	e := body.Entries[0]
	if e.Action != "story.status" || e.ActorKind != "key" || e.At.Format(time.RFC3339Nano) != "2026-11-20T11:00:00+07:00" {
		t.Errorf("newest entry %+v: want story.status at 11:00:00+07:00, to the second", e)
	}

	// Cursor paging: two pages of two, then nothing more.
	_, p1, _ := getAudit(t, srv, tokens[mediawatch.RoleAdmin], url.Values{"size": {"2"}})
	if len(p1.Entries) != 2 || p1.Next == "" {
		t.Fatalf("page 1: %+v", p1)
	}
	_, p2, _ := getAudit(t, srv, tokens[mediawatch.RoleAdmin], url.Values{"size": {"2"}, "cursor": {p1.Next}})
	if len(p2.Entries) != 2 || p2.Next != "" || p2.Entries[1].Action != "user.create" {
		t.Errorf("page 2: %+v", p2)
	}

	for _, tc := range []struct {
		q    url.Values
		want []string
	}{
		{url.Values{"action": {"signin"}}, []string{"signin.ok", "signin.failed"}},
		{url.Values{"actor": {"root"}}, []string{"user.create"}},
		{url.Values{"since": {"2026-11-20T09:00:00+07:00"}, "until": {"2026-11-20T10:30:00+07:00"}}, []string{"signin.ok", "signin.failed"}},
		{url.Values{"since": {"2026-11-21"}}, nil},
		{url.Values{"until": {"2026-11-20"}}, []string{"story.status", "signin.ok", "signin.failed", "user.create"}},
	} {
		code, body, raw := getAudit(t, srv, tokens[mediawatch.RoleAdmin], tc.q)
		var got []string
		for _, e := range body.Entries {
			got = append(got, e.Action)
		}
		if code != http.StatusOK || len(got) != len(tc.want) {
			t.Errorf("%v: %d %v, want %v (%s)", tc.q, code, got, tc.want, raw)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%v: %v, want %v", tc.q, got, tc.want)
				break
			}
		}
	}

	for _, q := range []url.Values{
		{"cursor": {"abc"}}, {"cursor": {"0"}}, {"since": {"yesterday"}}, {"size": {"1001"}},
	} {
		if code, _, raw := getAudit(t, srv, tokens[mediawatch.RoleAdmin], q); code != http.StatusBadRequest {
			t.Errorf("%v: %d %s, want 400", q, code, raw)
		}
	}
}
