package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"mediawatch"
	"mediawatch/desk"
)

// adminRoutes are every route of the admin pages, with a form that would
// change something if it were allowed.
var adminRoutes = []struct {
	method, path string
	form         url.Values
}{
	{"GET", "/admin", nil},
	{"GET", "/admin/users", nil},
	{"POST", "/admin/users", url.Values{"name": {"mallory"}, "role": {"admin"}, "lang": {"vi"}, "generate": {"1"}}},
	{"POST", "/admin/users/disable", url.Values{"name": {adminName}}},
	{"POST", "/admin/users/enable", url.Values{"name": {adminName}}},
	{"POST", "/admin/users/reset", url.Values{"name": {adminName}}},
	{"POST", "/admin/users/role", url.Values{"name": {viewerName}, "role": {"admin"}}},
	{"GET", "/admin/keys", nil},
	{"POST", "/admin/keys", url.Values{"name": {"mallory"}, "role": {"admin"}}},
	{"POST", "/admin/keys/rotate", url.Values{"name": {"x"}}},
	{"POST", "/admin/keys/revoke", url.Values{"name": {"x"}}},
	{"GET", "/admin/audit", nil},
}

func TestAdminOnlyForAdmins(t *testing.T) {
	site := newAdminSite(t)
	stranger := site.browser(t)
	for _, r := range adminRoutes {
		var a answer
		if r.method == "GET" {
			a = stranger.get(r.path)
			wantStatus(t, a, http.StatusSeeOther)
			if loc := a.Header.Get("Location"); !strings.HasPrefix(loc, "/login?next=") {
				t.Errorf("stranger at %s sent to %q", r.path, loc)
			}
		}
	}
	for _, who := range []struct{ name, pw string }{{editorName, editorPass}, {viewerName, viewerPass}} {
		b := site.browser(t)
		csrf := b.signIn(who.name, who.pw)
		for _, r := range adminRoutes {
			var a answer
			if r.method == "GET" {
				a = b.get(r.path)
			} else {
				f := url.Values{"csrf": {csrf}}
				for k, v := range r.form {
					f[k] = v
				}
				a = b.post(r.path, f)
			}
			wantStatus(t, a, http.StatusForbidden)
		}
		// The navigation does not offer what they may not open.
		if a := b.get("/account"); strings.Contains(a.body, `href="/admin"`) {
			t.Errorf("%s sees the admin entry", who.name)
		}
	}
	// Nothing of it happened.
	us, _ := site.people.Users(context.Background())
	if len(us) != 3 {
		t.Errorf("people after refused changes: %d", len(us))
	}
	for _, u := range us {
		if u.Disabled() || (u.Name == viewerName && u.Role != mediawatch.RoleViewer) {
			t.Errorf("refused change made: %+v", u)
		}
	}
	admin := site.browser(t)
	admin.signIn(adminName, adminPass)
	a := admin.get("/account")
	wantBody(t, a, `href="/admin"`)
	a = admin.get("/admin")
	wantStatus(t, a, http.StatusSeeOther)
	if a.Header.Get("Location") != "/admin/users" {
		t.Errorf("/admin goes to %q", a.Header.Get("Location"))
	}
}

func TestAdminCSRFRefused(t *testing.T) {
	site := newAdminSite(t)
	b := site.browser(t)
	b.signIn(adminName, adminPass)
	for _, r := range adminRoutes {
		if r.method != "POST" {
			continue
		}
		for _, token := range []string{"", "0123456789abcdef"} {
			f := url.Values{}
			for k, v := range r.form {
				f[k] = v
			}
			if token != "" {
				f.Set("csrf", token)
			}
			a := b.post(r.path, f)
			wantStatus(t, a, http.StatusForbidden)
			wantBody(t, a, "mã bảo mật")
		}
	}
	if es, _ := site.people.Audit.List(context.Background(), desk.AuditFilter{Action: "user.create"}); len(es) != 3 {
		t.Errorf("a forged form created someone: %d user.create entries", len(es))
	}
}

var secretRE = regexp.MustCompile(`<code id="secret" data-secret>([^<]+)</code>`)

func TestAdminUsers(t *testing.T) {
	site := newAdminSite(t)
	ctx := context.Background()
	b := site.browser(t)
	csrf := b.signIn(adminName, adminPass)
	a := b.get("/admin/users")
	wantStatus(t, a, http.StatusOK)
	wantBody(t, a, `data-total="3"`, `data-user="Quản-trị"`, `data-user="minh"`, `data-role="editor"`,
		"Biên tập viên", "Múi giờ của cơ quan", "(bạn)", `data-confirm="Khóa tài khoản minh?`)
	// The admin cannot disable themselves: no button, and the route refuses.
	if strings.Contains(a.body, `aria-label="Khóa tài khoản Quản-trị"`) {
		t.Error("a disable button for oneself")
	}
	a = b.post("/admin/users/disable", url.Values{"csrf": {csrf}, "name": {"quản-trị"}})
	wantStatus(t, a, http.StatusUnprocessableEntity)
	wantBody(t, a, "không thể tự khóa")

	// Create with a generated password: shown once, and it signs in.
	a = b.post("/admin/users", url.Values{"csrf": {csrf}, "name": {"Hương"}, "role": {"editor"}, "lang": {"en"},
		"tz": {"Europe/Paris"}, "generate": {"1"}, "password": {"ignored"}})
	wantStatus(t, a, http.StatusOK)
	wantBody(t, a, `data-secret-kind="user"`, "Chỉ hiện một lần", `data-copy="`)
	m := secretRE.FindStringSubmatch(a.body)
	if m == nil {
		t.Fatalf("no password shown: %s", a.body)
	}
	if a.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("secret page cached: %q", a.Header.Get("Cache-Control"))
	}
	other := site.browser(t)
	other.signIn("Hương", m[1])
	wantBody(t, other.get("/account"), `<html lang="en">`, "Editor", "Europe/Paris")

	// Create with a typed password; refusals keep what was typed.
	a = b.post("/admin/users", url.Values{"csrf": {csrf}, "name": {"Tuấn"}, "role": {"viewer"}, "lang": {"vi"},
		"password": {"một mật khẩu dài"}, "again": {"khác hẳn"}})
	wantStatus(t, a, http.StatusUnprocessableEntity)
	wantBody(t, a, "không khớp", `value="Tuấn"`)
	if strings.Contains(a.body, "một mật khẩu dài") {
		t.Error("a refused form shows the password")
	}
	a = b.post("/admin/users", url.Values{"csrf": {csrf}, "name": {"Tuấn"}, "role": {"viewer"}, "lang": {"vi"},
		"password": {"ngắn"}, "again": {"ngắn"}})
	wantBody(t, a, "quá ngắn")
	a = b.post("/admin/users", url.Values{"csrf": {csrf}, "name": {"MINH"}, "role": {"viewer"}, "lang": {"vi"}, "generate": {"1"}})
	wantBody(t, a, "Đã có người dùng tên này")
	a = b.post("/admin/users", url.Values{"csrf": {csrf}, "name": {"<b>x</b>"}, "role": {"viewer"}, "lang": {"vi"}, "generate": {"1"}})
	wantStatus(t, a, http.StatusUnprocessableEntity)
	wantBody(t, a, "Tên chỉ gồm", `value="&lt;b&gt;x&lt;/b&gt;"`)
	a = b.post("/admin/users", url.Values{"csrf": {csrf}, "name": {"Tuấn"}, "role": {"root"}, "lang": {"vi"}, "generate": {"1"}})
	wantBody(t, a, "Hãy chọn vai trò")
	a = b.post("/admin/users", url.Values{"csrf": {csrf}, "name": {"Tuấn"}, "role": {"viewer"}, "lang": {"vi"},
		"password": {"một mật khẩu dài"}, "again": {"một mật khẩu dài"}})
	wantStatus(t, a, http.StatusSeeOther)
	wantBody(t, b.get("/admin/users"), "Đã tạo tài khoản.", `data-user="Tuấn"`)

	// Role, reset, disable, enable.
	wantStatus(t, b.post("/admin/users/role", url.Values{"csrf": {csrf}, "name": {"lan"}, "role": {"editor"}}), http.StatusSeeOther)
	if u, _ := site.people.User(ctx, "lan"); u.Role != mediawatch.RoleEditor {
		t.Errorf("lan's role %s", u.Role)
	}
	a = b.post("/admin/users/role", url.Values{"csrf": {csrf}, "name": {adminName}, "role": {"viewer"}})
	wantStatus(t, a, http.StatusUnprocessableEntity)
	wantBody(t, a, "quản trị viên cuối cùng")
	a = b.post("/admin/users/reset", url.Values{"csrf": {csrf}, "name": {"Hương"}})
	wantStatus(t, a, http.StatusOK)
	m2 := secretRE.FindStringSubmatch(a.body)
	if m2 == nil || m2[1] == m[1] {
		t.Fatalf("reset shows %v", m2)
	}
	// The reset ended Hương's session.
	if a := other.get("/account"); a.StatusCode != http.StatusSeeOther {
		t.Errorf("Hương still signed in after reset: %d", a.StatusCode)
	}
	wantStatus(t, b.post("/admin/users/disable", url.Values{"csrf": {csrf}, "name": {"minh"}}), http.StatusSeeOther)
	a = b.get("/admin/users")
	wantBody(t, a, `data-user="minh" data-disabled`, "Đã khóa tài khoản", `aria-label="Mở khóa tài khoản minh"`)
	wantStatus(t, b.post("/admin/users/enable", url.Values{"csrf": {csrf}, "name": {"minh"}}), http.StatusSeeOther)
	a = b.post("/admin/users/reset", url.Values{"csrf": {csrf}, "name": {"nobody"}})
	wantStatus(t, a, http.StatusUnprocessableEntity)
	wantBody(t, a, "Không có người dùng tên này.")

	// Each change is in the audit log under the admin's name and address.
	es, err := site.people.Audit.List(ctx, desk.AuditFilter{Actor: adminName})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		if e.ActorKind != mediawatch.ActorPerson || e.Address == "" {
			t.Errorf("entry without person or address: %+v", e)
		}
		got = append(got, e.Action+" "+e.Target)
	}
	for _, want := range []string{"user.create Hương", "user.create Tuấn", "user.role lan", "user.reset Hương", "user.disable minh", "user.enable minh"} {
		if !contains(got, want) {
			t.Errorf("audit lacks %q: %q", want, got)
		}
	}
}

func TestAdminKeys(t *testing.T) {
	site := newAdminSite(t)
	b := site.browser(t)
	csrf := b.signIn(adminName, adminPass)
	wantBody(t, b.get("/admin/keys"), "Chưa có khóa API nào.", `data-total="0"`)
	a := b.post("/admin/keys", url.Values{"csrf": {csrf}, "name": {"báo-cáo-tuần"}, "role": {"viewer"}})
	wantStatus(t, a, http.StatusOK)
	wantBody(t, a, `data-secret-kind="key"`, "Authorization: Bearer")
	m := secretRE.FindStringSubmatch(a.body)
	if m == nil {
		t.Fatal("no key shown")
	}
	k, err := site.db.KeyByToken(context.Background(), m[1])
	if err != nil || k.Name != "báo-cáo-tuần" || k.Role != mediawatch.RoleViewer {
		t.Fatalf("the key shown is not a key: %+v, %v", k, err)
	}
	a = b.get("/admin/keys")
	wantBody(t, a, `data-key="báo-cáo-tuần"`, "<code>"+k.Prefix+"…</code>", "Chưa lần nào", "Đang dùng được")
	if strings.Contains(a.body, m[1]) {
		t.Error("the list shows the key itself")
	}
	a = b.post("/admin/keys", url.Values{"csrf": {csrf}, "name": {"báo-cáo-tuần"}, "role": {"viewer"}})
	wantStatus(t, a, http.StatusUnprocessableEntity)
	wantBody(t, a, "Đã có khóa đang dùng mang tên này")
	a = b.post("/admin/keys", url.Values{"csrf": {csrf}, "name": {"a b"}, "role": {"viewer"}})
	wantBody(t, a, "Tên khóa chỉ gồm")
	a = b.post("/admin/keys/rotate", url.Values{"csrf": {csrf}, "name": {"báo-cáo-tuần"}})
	wantStatus(t, a, http.StatusOK)
	m2 := secretRE.FindStringSubmatch(a.body)
	if m2 == nil || m2[1] == m[1] {
		t.Fatal("rotate shows no new key")
	}
	if _, err := site.db.KeyByToken(context.Background(), m[1]); err == nil {
		t.Error("the old key works after rotation")
	}
	wantStatus(t, b.post("/admin/keys/revoke", url.Values{"csrf": {csrf}, "name": {"báo-cáo-tuần"}}), http.StatusSeeOther)
	a = b.get("/admin/keys")
	wantBody(t, a, "Đã thu hồi khóa.", "data-revoked")
	a = b.post("/admin/keys/revoke", url.Values{"csrf": {csrf}, "name": {"báo-cáo-tuần"}})
	wantStatus(t, a, http.StatusUnprocessableEntity)
	wantBody(t, a, "đã bị thu hồi")
	a = b.post("/admin/keys/rotate", url.Values{"csrf": {csrf}, "name": {"nobody"}})
	wantBody(t, a, "Không có khóa tên này.")
	es, _ := site.people.Audit.List(context.Background(), desk.AuditFilter{Action: "key"})
	var got []string
	for _, e := range es {
		got = append(got, e.Action+" "+e.Actor)
	}
	want := []string{"key.revoke " + adminName, "key.rotate " + adminName, "key.create " + adminName}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("audit %q, want %q", got, want)
	}
}

func TestAdminAudit(t *testing.T) {
	site := newAdminSite(t)
	ctx := context.Background()
	// A stranger types markup as a name: the log keeps it, the page shows it as text.
	stranger := site.browser(t)
	a := stranger.post("/login", url.Values{"csrf": {stranger.csrf("/login")}, "name": {`<script>alert(1)</script>`}, "password": {"x"}})
	wantStatus(t, a, http.StatusUnauthorized)
	// Enough entries for two pages.
	cli := mediawatch.Actor{Kind: mediawatch.ActorCLI, Name: "ops"}
	for i := 0; i < auditPerPage+5; i++ {
		site.people.Audit.Record(ctx, cli, "backup", "/var/backups/mw-"+itoa(i)+".tar", `"quoted" & <tagged>`)
	}
	b := site.browser(t)
	b.signIn(editorName, editorPass) // a sign-in by someone else, to filter on
	b = site.browser(t)
	b.signIn(adminName, adminPass)
	a = b.get("/admin/audit")
	wantStatus(t, a, http.StatusOK)
	if strings.Contains(a.body, "<script>alert(1)") || strings.Contains(a.body, "<tagged>") {
		t.Fatal("hostile text in the audit page is not escaped")
	}
	wantBody(t, a, "Đăng nhập", "(người dùng)", "07:05", `rel="next"`)
	rows := regexp.MustCompile(`data-audit-id="(\d+)"`).FindAllStringSubmatch(a.body, -1)
	if len(rows) != auditPerPage {
		t.Fatalf("first page has %d rows", len(rows))
	}
	if rows[0][1] <= rows[1][1] && len(rows[0][1]) == len(rows[1][1]) {
		t.Errorf("not newest first: %s then %s", rows[0][1], rows[1][1])
	}
	next := regexp.MustCompile(`href="(/admin/audit\?before=\d+)" rel="next"`).FindStringSubmatch(a.body)
	if next == nil {
		t.Fatal("no older link")
	}
	a = b.get(strings.ReplaceAll(next[1], "&amp;", "&"))
	wantBody(t, a, "&lt;script&gt;alert(1)&lt;/script&gt;", "Mới nhất", "&#34;quoted&#34; &amp; &lt;tagged&gt;")
	// Filters: who, what, since; English for an English speaker, in their zone.
	a = b.get("/admin/audit?actor=minh&action=signin")
	rows = regexp.MustCompile(`data-action="([a-z.]+)"`).FindAllStringSubmatch(a.body, -1)
	if len(rows) != 1 || rows[0][1] != "signin.ok" {
		t.Errorf("filtered rows %v", rows)
	}
	wantBody(t, a, `value="minh"`, `<option value="signin" selected>`)
	a = b.get("/admin/audit?since=2030-01-01")
	wantBody(t, a, "Không có mục nào khớp.", `data-total="0"`)
	a = b.get("/admin/audit?since=yesterday")
	wantStatus(t, a, http.StatusBadRequest)
	wantBody(t, a, "Ngày bắt đầu không hợp lệ")
	wantStatus(t, b.get("/admin/audit?before=-3"), http.StatusBadRequest)
	if err := site.people.SetPrefs(ctx, cli, 1, "en", "Europe/London"); err != nil {
		t.Fatal(err)
	}
	a = b.get("/admin/audit?action=backup")
	wantBody(t, a, `<html lang="en">`, "Backup", "(command line)", "6 Dec 2026, 00:05")
}

func TestAdminPagesAbsentWithoutAdmin(t *testing.T) {
	ts := newTestSite(t) // no Deps.Admin
	b := ts.browser(t)
	b.signIn("admin", "admin-pass")
	wantStatus(t, b.get("/admin/users"), http.StatusNotFound)
	if strings.Contains(b.get("/account").body, `href="/admin"`) {
		t.Error("nav links to admin pages that do not exist")
	}
}
