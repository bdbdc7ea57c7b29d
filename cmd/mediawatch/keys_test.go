package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"mediawatch"
	"mediawatch/store"
)

var keyLine = regexp.MustCompile(`^mw_[A-Za-z0-9_-]{43}$`)

// lastLine is the last line of out: where create and rotate print the key.
func lastLine(out string) string {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	return lines[len(lines)-1]
}

// TestKeysLifecycle runs keys create, revoke, rotate through the command
// line in each language: a Unicode name, a second revoke and an unknown
// name fail with exit 1 and a sentence in the language, a revoked name is
// given again, and rotate prints the new key alone on the last line while
// the old one stops working.
func TestKeysLifecycle(t *testing.T) {
	for _, tc := range []struct {
		lang                                    string
		created, revoked, again, unknown, inUse string
		badName, rotated                        string
	}{
		{"vi", `Đã tạo khóa "nguyễn-lan"`, `Đã thu hồi khóa "nguyễn-lan".`,
			`mediawatch: khóa "nguyễn-lan" đã bị thu hồi từ trước; không có gì thay đổi`,
			`mediawatch: không có khóa nào tên "ai-đó"`, `mediawatch: đã có khóa tên "nguyễn-lan" đang dùng`,
			`mediawatch: "lan lan" không dùng được làm tên khóa`, `Đã đổi khóa "nguyễn-lan" (editor)`},
		{"en", `Created key "nguyễn-lan"`, `Revoked key "nguyễn-lan".`,
			`mediawatch: the key "nguyễn-lan" is revoked already; nothing was changed`,
			`mediawatch: no key is called "ai-đó"`, `mediawatch: a key called "nguyễn-lan" is in use`,
			`mediawatch: "lan lan" is not a key name`, `Rotated key "nguyễn-lan" (editor)`},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			t.Setenv("MEDIAWATCH_UI_LANG", tc.lang)
			data := t.TempDir()
			keys := func(args ...string) (string, string, int) {
				t.Helper()
				return runCLI(t, append(append([]string{"keys"}, args...), "--data", data)...)
			}
			expect := func(gotOut, gotErr string, code, wantCode int, want string) {
				t.Helper()
				if code != wantCode || !strings.Contains(gotOut+gotErr, want) {
					t.Errorf("exit %d, want %d; output %q %q, want %q", code, wantCode, gotOut, gotErr, want)
				}
			}
			out, errOut, code := keys("create", "--name", "nguyễn-lan", "--role", "viewer")
			expect(out, errOut, code, 0, tc.created)
			first := lastLine(out)
			if !keyLine.MatchString(first) {
				t.Fatalf("last line %q is not a key alone", first)
			}
			out, errOut, code = keys("create", "--name", "nguyễn-lan", "--role", "viewer")
			expect(out, errOut, code, 1, tc.inUse)
			out, errOut, code = keys("create", "--name", "lan lan", "--role", "viewer")
			expect(out, errOut, code, 1, tc.badName)
			out, errOut, code = keys("revoke", "nguyễn-lan")
			expect(out, errOut, code, 0, tc.revoked)
			out, errOut, code = keys("revoke", "nguyễn-lan")
			expect(out, errOut, code, 1, tc.again)
			out, errOut, code = keys("revoke", "ai-đó")
			expect(out, errOut, code, 1, tc.unknown)
			out, errOut, code = keys("rotate", "nguyễn-lan")
			expect(out, errOut, code, 1, tc.again)

			// The revoked name is given again, then rotated.
			out, errOut, code = keys("create", "--name", "nguyễn-lan", "--role", "editor")
			expect(out, errOut, code, 0, tc.created)
			second := lastLine(out)
			out, errOut, code = keys("rotate", "nguyễn-lan")
			expect(out, errOut, code, 0, tc.rotated)
			third := lastLine(out)
			if !keyLine.MatchString(third) || third == second {
				t.Fatalf("rotate's last line %q is not a new key alone", third)
			}
			db, err := store.Open(context.Background(), data+"/mediawatch.db")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for _, tok := range []string{first, second} {
				if _, err := db.KeyByToken(context.Background(), tok); err == nil {
					t.Errorf("an old key still works after rotate")
				}
			}
			k, err := db.KeyByToken(context.Background(), third)
			if err != nil || k.Name != "nguyễn-lan" || k.Role != mediawatch.RoleEditor {
				t.Errorf("rotated key = %+v, %v", k, err)
			}
		})
	}
}
