package web

import (
	"errors"
	"net/http"

	"mediawatch"
)

// keysData is the API keys page's Data.
type keysData struct {
	Keys  []mediawatch.APIKey
	Form  keyForm
	Roles []string
}

// keysPage loads the keys into a page; on failure it has answered.
func (s *Server) keysPage(w http.ResponseWriter, r *http.Request, form keyForm) (page, bool) {
	ks, err := s.deps.Admin.APIKeys(r.Context())
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return page{}, false
	}
	// Newest first: the key just made or rotated is at the top.
	for i, j := 0, len(ks)-1; i < j; i, j = i+1, j-1 {
		ks[i], ks[j] = ks[j], ks[i]
	}
	if form.Role == "" {
		form.Role = string(mediawatch.RoleViewer)
	}
	return page{Title: "admin.keys.title", Nav: "admin", Data: keysData{Keys: ks, Form: form, Roles: roles}}, true
}

// adminKeys lists the API keys (never the keys themselves).
func (s *Server) adminKeys(w http.ResponseWriter, r *http.Request) {
	if p, ok := s.keysPage(w, r, keyForm{}); ok {
		s.render(w, r, "admin_keys", p)
	}
}

func (s *Server) adminKeysError(w http.ResponseWriter, r *http.Request, form keyForm, key string) {
	if p, ok := s.keysPage(w, r, form); ok {
		s.formError(w, r, "admin_keys", p, key)
	}
}

// adminKeyCreate makes a key and shows it on the next page, once.
func (s *Server) adminKeyCreate(w http.ResponseWriter, r *http.Request) {
	f, problem := parseKeyForm(postedForm(r))
	if problem != "" {
		s.adminKeysError(w, r, f, problem)
		return
	}
	token, k, err := s.deps.Admin.CreateKey(r.Context(), actorOf(r), f.Name, f.Role)
	switch {
	case errors.Is(err, mediawatch.ErrConflict):
		s.adminKeysError(w, r, f, "admin.err.keytaken")
	case errors.Is(err, mediawatch.ErrInvalid):
		s.adminKeysError(w, r, f, "admin.err.keyname")
	case err != nil:
		s.errorPage(w, r, http.StatusInternalServerError, err)
	default:
		s.showSecret(w, r, secretData{Kind: "key", Name: k.Name, Role: string(k.Role), Secret: token, Back: "/admin/keys"})
	}
}

// adminKeyRotate replaces a key's secret and shows the new one, once.
func (s *Server) adminKeyRotate(w http.ResponseWriter, r *http.Request) {
	name := cleanText(postedForm(r).Get("name"), maxNameField, false)
	token, k, err := s.deps.Admin.RotateKey(r.Context(), actorOf(r), name)
	if s.keyRefused(w, r, err) {
		return
	}
	s.showSecret(w, r, secretData{Kind: "rotate", Name: k.Name, Role: string(k.Role), Secret: token, Back: "/admin/keys"})
}

// adminKeyRevoke revokes a key from the next request on.
func (s *Server) adminKeyRevoke(w http.ResponseWriter, r *http.Request) {
	name := cleanText(postedForm(r).Get("name"), maxNameField, false)
	if s.keyRefused(w, r, s.deps.Admin.RevokeKey(r.Context(), actorOf(r), name)) {
		return
	}
	s.flashAndRedirect(w, r, "admin.keys.revoked", "/admin/keys")
}

// keyRefused answers a failed change to a key and reports whether it did.
func (s *Server) keyRefused(w http.ResponseWriter, r *http.Request, err error) bool {
	switch {
	case err == nil:
		return false
	case errors.Is(err, mediawatch.ErrRevoked):
		s.adminKeysError(w, r, keyForm{}, "admin.err.keyrevoked")
	case errors.Is(err, mediawatch.ErrNotFound):
		s.adminKeysError(w, r, keyForm{}, "admin.err.nokey")
	default:
		s.errorPage(w, r, http.StatusInternalServerError, err)
	}
	return true
}
