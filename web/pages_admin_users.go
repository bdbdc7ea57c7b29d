package web

import (
	"errors"
	"net/http"
	"strings"

	"golang.org/x/text/unicode/norm"

	"mediawatch"
	"mediawatch/desk"
)

// usersData is the people page's Data: the accounts and the new person
// form as typed (never its password).
type usersData struct {
	Users []mediawatch.User
	Form  userForm
	Zones []string
	Roles []string
}

// secretData is the page that shows a generated password or a new API
// key, once: it is rendered as the answer to the POST that made it and
// never stored, so reloading or going back cannot show it again.
type secretData struct {
	Kind   string // "user" or "key"
	Name   string
	Role   string
	Secret string
	Back   string // the list to return to
}

var roles = []string{string(mediawatch.RoleViewer), string(mediawatch.RoleEditor), string(mediawatch.RoleAdmin)}

// adminHome sends the admin entry of the navigation to its first page.
func (s *Server) adminHome(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
}

// usersPage loads the accounts into a page; on failure it has answered.
func (s *Server) usersPage(w http.ResponseWriter, r *http.Request, form userForm) (page, bool) {
	us, err := s.deps.Admin.Users(r.Context())
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return page{}, false
	}
	if form.Role == "" {
		form.Role = string(mediawatch.RoleViewer)
	}
	if form.Lang == "" {
		form.Lang = "vi"
	}
	return page{Title: "admin.users.title", Nav: "admin",
		Data: usersData{Users: us, Form: form, Zones: zones, Roles: roles}}, true
}

// adminUsers lists the accounts with the forms that change them.
func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request) {
	if p, ok := s.usersPage(w, r, userForm{}); ok {
		s.render(w, r, "admin_users", p)
	}
}

// adminUsersError shows the people page again with the message of key.
func (s *Server) adminUsersError(w http.ResponseWriter, r *http.Request, form userForm, key string) {
	form.Password = ""
	if p, ok := s.usersPage(w, r, form); ok {
		s.formError(w, r, "admin_users", p, key)
	}
}

// adminUserCreate makes an account. A generated password is shown on the
// next page, once.
func (s *Server) adminUserCreate(w http.ResponseWriter, r *http.Request) {
	f, problem := parseUserForm(postedForm(r))
	if problem == "" && !f.Generate {
		if err := desk.CheckPassword(f.Password); err != nil {
			problem = "admin.err.weak"
		}
	}
	if problem != "" {
		s.adminUsersError(w, r, f, problem)
		return
	}
	gen, err := s.deps.Admin.CreateUser(r.Context(), actorOf(r), f.Name, f.Role, f.Lang, f.TZ, f.Password)
	switch {
	case errors.Is(err, mediawatch.ErrConflict):
		s.adminUsersError(w, r, f, "admin.err.usertaken")
	case errors.Is(err, mediawatch.ErrInvalid):
		s.adminUsersError(w, r, f, "admin.err.username")
	case err != nil:
		s.errorPage(w, r, http.StatusInternalServerError, err)
	case gen == "":
		s.flashAndRedirect(w, r, "admin.users.created", "/admin/users")
	default:
		s.showSecret(w, r, secretData{Kind: "user", Name: f.Name, Role: f.Role, Secret: gen, Back: "/admin/users"})
	}
}

// adminUserDisable switches an account off; its sessions end at once. An
// admin cannot switch off their own account (nobody might be left to
// switch it on from the pages).
func (s *Server) adminUserDisable(w http.ResponseWriter, r *http.Request) {
	name := cleanText(postedForm(r).Get("name"), maxNameField, false)
	if who := personOf(r); who != nil && sameName(who.User.Name, name) {
		s.adminUsersError(w, r, userForm{}, "admin.err.self")
		return
	}
	s.userChange(w, r, name, "admin.users.disabled", func() error {
		return s.deps.Admin.DisableUser(r.Context(), actorOf(r), name)
	})
}

// adminUserEnable switches an account on again.
func (s *Server) adminUserEnable(w http.ResponseWriter, r *http.Request) {
	name := cleanText(postedForm(r).Get("name"), maxNameField, false)
	s.userChange(w, r, name, "admin.users.enabled", func() error {
		return s.deps.Admin.EnableUser(r.Context(), actorOf(r), name)
	})
}

// adminUserRole changes an account's role.
func (s *Server) adminUserRole(w http.ResponseWriter, r *http.Request) {
	v := postedForm(r)
	name := cleanText(v.Get("name"), maxNameField, false)
	role := cleanText(v.Get("role"), 16, false)
	if !validRole(role) {
		s.adminUsersError(w, r, userForm{}, "admin.err.role")
		return
	}
	s.userChange(w, r, name, "admin.users.rolechanged", func() error {
		return s.deps.Admin.SetRole(r.Context(), actorOf(r), name, role)
	})
}

// userChange runs one change to the account called name and answers:
// back to the list with the notice done, or the list with the reason.
func (s *Server) userChange(w http.ResponseWriter, r *http.Request, name, done string, change func() error) {
	if name == "" {
		s.adminUsersError(w, r, userForm{}, "admin.err.noname")
		return
	}
	err := change()
	switch {
	case errors.Is(err, mediawatch.ErrNotFound):
		s.adminUsersError(w, r, userForm{}, "admin.err.nouser")
	case errors.Is(err, mediawatch.ErrConflict):
		s.adminUsersError(w, r, userForm{}, "admin.err.lastadmin")
	case err != nil:
		s.errorPage(w, r, http.StatusInternalServerError, err)
	default:
		s.flashAndRedirect(w, r, done, "/admin/users")
	}
}

// adminUserReset gives an account a generated password, shown once; the
// person's sessions end.
func (s *Server) adminUserReset(w http.ResponseWriter, r *http.Request) {
	name := cleanText(postedForm(r).Get("name"), maxNameField, false)
	gen, err := s.deps.Admin.ResetPassword(r.Context(), actorOf(r), name, "")
	switch {
	case errors.Is(err, mediawatch.ErrNotFound) || name == "":
		s.adminUsersError(w, r, userForm{}, "admin.err.nouser")
	case err != nil:
		s.errorPage(w, r, http.StatusInternalServerError, err)
	default:
		s.showSecret(w, r, secretData{Kind: "reset", Name: name, Secret: gen, Back: "/admin/users"})
	}
}

// showSecret renders the once-only page of a password or key.
func (s *Server) showSecret(w http.ResponseWriter, r *http.Request, d secretData) {
	s.render(w, r, "admin_secret", page{Title: "admin.secret." + d.Kind + ".title", Nav: "admin", Data: d})
}

// sameName compares account names as the store does: NFC, case aside.
func sameName(a, b string) bool {
	return a != "" && strings.ToLower(norm.NFC.String(a)) == strings.ToLower(norm.NFC.String(b))
}
