package config

import (
	"fmt"
	"net/netip"
	"strings"
)

// validateServing checks the TLS pair and the trusted proxies. Whether the
// TLS files load is checked when serve starts (and by doctor): a file that
// is not there yet is not a syntax error of the configuration.
func (a API) validateServing(v *validator) {
	if (a.TLSCert == "") != (a.TLSKey == "") {
		key := "api.tls_key"
		if a.TLSCert == "" {
			key = "api.tls_cert"
		}
		v.fail(key, "api.tls_cert and api.tls_key go together: set both (HTTPS) or neither (plain HTTP)")
	}
	for i, p := range a.TrustedProxies {
		if _, err := ParseProxy(p); err != nil {
			v.fail(fmt.Sprintf("api.trusted_proxies[%d]", i), err.Error())
		}
	}
}

// ParseProxy reads one api.trusted_proxies entry: an IP address (one
// host) or a CIDR range such as 10.0.0.0/8.
func ParseProxy(s string) (netip.Prefix, error) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("%q is not an IP address or CIDR range like 10.0.0.0/8", s)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q is not an IP address or CIDR range like 10.0.0.0/8", s)
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// Proxies returns the parsed api.trusted_proxies; Validate has checked
// every entry.
func (a API) Proxies() []netip.Prefix {
	out := make([]netip.Prefix, 0, len(a.TrustedProxies))
	for _, s := range a.TrustedProxies {
		if p, err := ParseProxy(s); err == nil {
			out = append(out, p)
		}
	}
	return out
}
