package crawler

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"mediawatch"
)

func TestIsRefusedAddr(t *testing.T) {
	for _, tc := range []struct {
		addr    string
		refused bool
	}{
		{"127.0.0.1", true},
		{"127.8.9.10", true},
		{"::1", true},
		{"10.1.2.3", true},
		{"172.16.0.1", true},
		{"172.31.255.255", true},
		{"192.168.1.1", true},
		{"169.254.169.254", true},
		{"fe80::1", true},
		{"fc00::1", true},
		{"fd12:3456::1", true},
		{"0.0.0.0", true},
		{"::", true},
		{"224.0.0.1", true},
		{"ff02::1", true},
		{"100.64.0.1", true},
		{"100.127.255.255", true},
		{"255.255.255.255", true},
		{"::ffff:127.0.0.1", true},
		{"::ffff:10.0.0.1", true},
		{"64:ff9b::a00:1", true}, // NAT64 of 10.0.0.1
		{"8.8.8.8", false},
		{"172.32.0.1", false},
		{"100.128.0.1", false},
		{"203.113.131.1", false},
		{"2001:4860:4860::8888", false},
		{"::ffff:8.8.8.8", false},
		{"64:ff9b::808:808", false},
	} {
		t.Run(tc.addr, func(t *testing.T) {
			if got := isRefusedAddr(netip.MustParseAddr(tc.addr)); got != tc.refused {
				t.Errorf("isRefusedAddr(%s) = %v, want %v", tc.addr, got, tc.refused)
			}
		})
	}
}

func TestFetchPrivateAddress(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		io.WriteString(w, "inside")
	}))
	defer srv.Close()
	port := srv.URL[strings.LastIndexByte(srv.URL, ':')+1:]
	f := newTestFetcher(t, Options{}, nil)

	for _, u := range []string{
		srv.URL + "/page",
		"http://localhost:" + port + "/page",
		"http://[::1]:" + port + "/page",
		"http://169.254.169.254/latest/meta-data/",
		"http://10.0.0.1:" + port + "/",
	} {
		t.Run("refused "+u, func(t *testing.T) {
			_, err := f.Fetch(t.Context(), Request{URL: u})
			if !errors.Is(err, mediawatch.ErrPrivateAddress) {
				t.Errorf("error = %v, want ErrPrivateAddress", err)
			}
		})
	}
	t.Run("allowed", func(t *testing.T) {
		res, err := f.Fetch(t.Context(), Request{URL: srv.URL + "/page", AllowPrivate: true})
		if err != nil || string(res.Body) != "inside" {
			t.Errorf("fetch = %v, %v", res, err)
		}
	})
}

// TestFetchRedirectToPrivate makes one loopback server look public (through
// the guard's test-only exemption) and has it redirect to another loopback
// server: the second hop must be refused at dial time.
func TestFetchRedirectToPrivate(t *testing.T) {
	inside := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("private server reached: %s", r.URL)
	}))
	defer inside.Close()
	public := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/ok":
			io.WriteString(w, "public")
		default:
			http.Redirect(w, r, inside.URL+"/secret", http.StatusFound)
		}
	}))
	defer public.Close()
	publicAddr := netip.MustParseAddrPort(strings.TrimPrefix(public.URL, "http://"))

	f := newTestFetcher(t, Options{}, nil)
	f.guard.exempt = func(ap netip.AddrPort) bool { return ap == publicAddr }

	if res, err := f.Fetch(t.Context(), Request{URL: public.URL + "/ok"}); err != nil || string(res.Body) != "public" {
		t.Fatalf("exempted server: %v, %v", res, err)
	}
	_, err := f.Fetch(t.Context(), Request{URL: public.URL + "/go-inside"})
	if !errors.Is(err, mediawatch.ErrPrivateAddress) {
		t.Errorf("error = %v, want ErrPrivateAddress", err)
	}
}

func TestParseFetchURL(t *testing.T) {
	base, _ := url.Parse("https://news.example.vn/a/b.html")
	for _, tc := range []struct {
		ref, want string
	}{
		{"/c#frag", "https://news.example.vn/c"},
		{"HTTP://Other.example/x", "http://Other.example/x"},
		{"ftp://example.org/f", ""},
		{"file:///etc/passwd", ""},
		{"javascript:alert(1)", ""},
		{"http:///nohost", ""},
	} {
		t.Run(tc.ref, func(t *testing.T) {
			u, err := parseFetchURL(base, tc.ref)
			if tc.want == "" {
				if err == nil {
					t.Errorf("parseFetchURL(%q) = %s, want error", tc.ref, u)
				}
				return
			}
			if err != nil || u.String() != tc.want {
				t.Errorf("parseFetchURL(%q) = %v, %v; want %s", tc.ref, u, err, tc.want)
			}
		})
	}
}
