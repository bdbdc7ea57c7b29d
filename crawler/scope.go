package crawler

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"mediawatch"
)

// privateScope is where one request may reach private, loopback and
// link-local addresses: the host of the source's own URL, on that URL's port
// and on the web's standard ports 80 and 443 (a feed on
// http://intranet:8080/rss whose articles live on https://intranet/ is one
// site). Everything else the request is led to — a link in the listing, a
// redirect, a robots.txt redirect — goes through the strict transport, which
// refuses private addresses at connect time, after DNS. The zero scope
// covers nothing.
//
// The scope is decided by the host as written in the URL, not by the address
// it resolves to: the admin allowed a name they know, and the strict
// transport's check after DNS covers every other name whatever it resolves
// to. The open transport pools connections by host:port, and only requests
// to a covered host:port ever use it, so a connection it holds can never
// serve a host no source allowed.
type privateScope struct {
	host  string // lower case, without a trailing dot; "" covers nothing
	ports [3]string
}

// newPrivateScope returns the scope of a source whose own URL is home.
func newPrivateScope(home string) (privateScope, error) {
	u, err := parseFetchURL(nil, home)
	if err != nil {
		return privateScope{}, err
	}
	_, port, _ := net.SplitHostPort(hostKey(u))
	return privateScope{host: scopeHost(u), ports: [3]string{port, "80", "443"}}, nil
}

// covers reports whether u may reach a private address under this scope.
func (s privateScope) covers(u *url.URL) bool {
	if s.host == "" || scopeHost(u) != s.host {
		return false
	}
	_, port, _ := net.SplitHostPort(hostKey(u))
	for _, p := range s.ports {
		if p == port {
			return true
		}
	}
	return false
}

// String names the scope for error messages.
func (s privateScope) String() string {
	if s.ports[0] == "80" || s.ports[0] == "443" {
		return s.host + " on ports 80 and 443"
	}
	return fmt.Sprintf("%s on ports %s, 80 and 443", s.host, s.ports[0])
}

func scopeHost(u *url.URL) string {
	return strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
}

// clientFor returns the client a request to u uses under scope: the open one
// only for the source's own host.
func (f *Fetcher) clientFor(scope privateScope, u *url.URL) *http.Client {
	if scope.covers(u) {
		return f.open
	}
	return f.strict
}

// requestScope is the private scope of req: none unless the source allows
// private addresses, else its Home's host (req.URL's when Home is empty).
func requestScope(req Request) (privateScope, error) {
	if !req.AllowPrivate {
		return privateScope{}, nil
	}
	home := req.Home
	if home == "" {
		home = req.URL
	}
	s, err := newPrivateScope(home)
	if err != nil {
		return privateScope{}, fmt.Errorf("source URL: %w", err)
	}
	return s, nil
}

// explainPrivate rewrites a private-address refusal of a fetch of req that
// had reached u for the admin reading the crawl log: which URL, after which
// redirect, which address, and — for a source that allows private
// addresses — why this one was refused anyway. Whether the refusal came
// from the page's own request or from its host's robots.txt, it reads the
// same.
func explainPrivate(err error, req Request, u *url.URL, scope privateScope) error {
	if !isPrivateRefusal(err) {
		return err
	}
	cause := err
	var op *net.OpError
	if errors.As(err, &op) {
		cause = op // "dial tcp 10.0.0.1:80: private address refused"
	}
	where := u.Redacted()
	if u.String() != req.URL {
		where = fmt.Sprintf("%s (redirected from %s)", where, req.URL)
	}
	if scope.host == "" {
		return fmt.Errorf("fetch %s: %w", where, cause)
	}
	return fmt.Errorf("fetch %s: %w (allow_private covers only the source's own host: %s)", where, cause, scope)
}

func isPrivateRefusal(err error) bool {
	return errors.Is(err, mediawatch.ErrPrivateAddress)
}
