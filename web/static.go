package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"

	"github.com/go-chi/chi/v5"
)

//go:embed static
var staticFS embed.FS

// staticFiles are web/static's files with their content hashes. Their URLs
// are /static/HASH/NAME, so a new release's file has a new URL and a
// browser may keep each one for a year.
type staticFiles struct {
	body map[string][]byte
	hash map[string]string
}

func loadStatic() *staticFiles {
	sf := &staticFiles{body: map[string][]byte{}, hash: map[string]string{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		name := path.Base(p)
		sf.body[name], sf.hash[name] = b, hex.EncodeToString(sum[:6])
		return nil
	})
	if err != nil {
		panic(err) // embedded files: cannot fail at run time
	}
	return sf
}

// url is the hashed URL of a static file; "" for an unknown name, which
// TestStaticURLs catches.
func (sf *staticFiles) url(name string) string {
	h, ok := sf.hash[name]
	if !ok {
		return ""
	}
	return "/static/" + h + "/" + name
}

// serveStatic answers /static/HASH/NAME. The current hash is cached for a
// year (immutable); an old hash gets the current file, not cached, so a page
// from before a release still looks right.
func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) {
	name, hash := chi.URLParam(r, "name"), chi.URLParam(r, "hash")
	b, ok := s.static.body[name]
	if !ok {
		s.errorPage(w, r, http.StatusNotFound, nil)
		return
	}
	etag := `"` + s.static.hash[name] + `"`
	h := w.Header()
	h.Set("ETag", etag)
	if hash == s.static.hash[name] {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	h.Set("Content-Type", ct)
	_, _ = w.Write(b)
}
