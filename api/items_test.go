package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"mediawatch"
)

func TestGetItem(t *testing.T) {
	f := newFixture(t, Options{})
	resp, body := f.get(t, "/api/v1/items/"+strconv.FormatInt(f.item, 10), f.tokens[mediawatch.RoleViewer])
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	var got struct {
		ID       int64  `json:"id"`
		Title    string `json:"title"`
		Text     string `json:"text"`
		Source   string `json:"source"`
		Version  int    `json:"version"`
		Versions []struct {
			Version int    `json:"version"`
			Text    string `json:"text"`
		} `json:"versions"`
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if got.ID != f.item || got.Title != "Lũ quét ở Sơn La" || got.Text != "Bản đã sửa <b>đậm</b>." ||
		got.Source != "baosonla" || got.Version != 2 {
		t.Errorf("item = %+v", got)
	}
	if len(got.Versions) != 2 || got.Versions[0].Text != "Bản đầu tiên." || got.Versions[1].Version != 2 {
		t.Errorf("versions = %+v", got.Versions)
	}
}

func TestGetItemErrors(t *testing.T) {
	f := newFixture(t, Options{})
	for _, tc := range []struct {
		name, id string
		status   int
	}{
		{"missing", "999", http.StatusNotFound},
		{"letters", "abc", http.StatusBadRequest},
		{"zero", "0", http.StatusBadRequest},
		{"negative", "-1", http.StatusBadRequest},
		{"fraction", "1.5", http.StatusBadRequest},
		{"overflow", "99999999999999999999", http.StatusBadRequest},
		{"escaped", "%E1%BB%87", http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := f.get(t, "/api/v1/items/"+tc.id, f.tokens[mediawatch.RoleViewer])
			p := checkProblem(t, tc.status, resp.Header, resp.StatusCode, body)
			if tc.status == http.StatusBadRequest && (len(p.Errors) != 1 || p.Errors[0].Location != "path.id") {
				t.Errorf("errors = %+v, want one at path.id", p.Errors)
			}
		})
	}
}

func TestGetMe(t *testing.T) {
	f := newFixture(t, Options{})
	resp, body := f.get(t, "/api/v1/me", f.tokens[mediawatch.RoleEditor])
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	var me struct{ Name, Role, Prefix string }
	if err := json.Unmarshal(body, &me); err != nil {
		t.Fatal(err)
	}
	if me.Name != "editor-key" || me.Role != "editor" || me.Prefix != f.tokens[mediawatch.RoleEditor][:8] {
		t.Errorf("me = %+v", me)
	}
}
