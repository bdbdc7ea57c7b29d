package ingest

import (
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"

	"mediawatch"
)

// trackingParams are query keys that say how a reader arrived, not what
// they read. utm_* is matched by prefix.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "gclsrc": true, "dclid": true, "msclkid": true,
	"yclid": true, "igshid": true, "mc_cid": true, "mc_eid": true, "_ga": true, "_gl": true,
	"_hsenc": true, "_hsmi": true, "mkt_tok": true, "zarsrc": true, "gidzl": true,
	"ref_src": true, "cmpid": true, "ocid": true,
}

// CanonicalURL returns the key an article is stored under: scheme and host
// lower-cased, no user info, no default port, no fragment, no tracking
// parameters, remaining parameters sorted, dot segments resolved.
func CanonicalURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("canonical url %q: %w", raw, mediawatch.ErrInvalid)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("canonical url %q: want an absolute http or https URL: %w", raw, mediawatch.ErrInvalid)
	}
	host := strings.TrimRight(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return "", fmt.Errorf("canonical url %q: no host: %w", raw, mediawatch.ErrInvalid)
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port := u.Port(); port != "" && !(u.Scheme == "http" && port == "80") && !(u.Scheme == "https" && port == "443") {
		host += ":" + port
	}
	u.Host, u.User, u.Fragment, u.RawFragment = host, nil, "", ""
	u.Path, u.RawPath = cleanPath(u.Path), ""
	u.RawQuery = cleanQuery(u.RawQuery)
	u.ForceQuery = false
	return u.String(), nil
}

func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	c := path.Clean(p)
	if strings.HasSuffix(p, "/") && c != "/" {
		c += "/"
	}
	return c
}

func cleanQuery(raw string) string {
	q, err := url.ParseQuery(raw)
	if err != nil {
		// ParseQuery drops the pairs it cannot read ("id=1;p=2", "%zz"):
		// re-encoding what is left would fold different articles into one
		// key. Keep such a query as written, minus tracking parameters.
		return cleanRawQuery(raw)
	}
	for k := range q {
		if isTracking(k) {
			q.Del(k)
		}
	}
	return q.Encode() // sorted by key
}

// cleanRawQuery drops tracking parameters from a query that does not parse
// and sorts the remaining pairs as written.
func cleanRawQuery(raw string) string {
	var keep []string
	for _, pair := range strings.Split(raw, "&") {
		if pair == "" {
			continue
		}
		k, _, _ := strings.Cut(pair, "=")
		if uk, err := url.QueryUnescape(k); err == nil {
			k = uk
		}
		if !isTracking(k) {
			keep = append(keep, pair)
		}
	}
	sort.Strings(keep)
	return strings.Join(keep, "&")
}

func isTracking(key string) bool {
	k := strings.ToLower(key)
	return trackingParams[k] || strings.HasPrefix(k, "utm_")
}

// PreferCanonical returns the canonical form of the page's rel=canonical when
// it names the same site as the URL it was fetched from, and of fetched
// otherwise. A page may not claim another outlet's address: a hostile page
// could otherwise overwrite that outlet's item, and a syndicated copy must
// stay its own item so its spread can be counted.
func PreferCanonical(fetched, relCanonical string) (string, error) {
	base, err := CanonicalURL(fetched)
	if err != nil {
		return "", err
	}
	if relCanonical == "" {
		return base, nil
	}
	c, err := CanonicalURL(relCanonical)
	if err != nil {
		return base, nil
	}
	bu, _ := url.Parse(base)
	cu, _ := url.Parse(c)
	if siteOf(bu.Host) != siteOf(cu.Host) {
		return base, nil
	}
	return c, nil
}

// siteOf strips the prefixes outlets use for the same site.
func siteOf(host string) string {
	for _, p := range []string{"www.", "m.", "amp.", "mobile."} {
		host = strings.TrimPrefix(host, p)
	}
	return host
}
