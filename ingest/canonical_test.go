package ingest

import "testing"

func TestCanonicalURL(t *testing.T) {
	cases := []struct{ in, want string }{
		{"HTTPS://Example.VN/a/b.html", "https://example.vn/a/b.html"},
		{"https://example.vn:443/x#comments", "https://example.vn/x"},
		{"http://example.vn:80/x", "http://example.vn/x"},
		{"http://example.vn:8080/x", "http://example.vn:8080/x"},
		{"https://example.vn/x?utm_source=fb&utm_medium=s&id=3&fbclid=abc&a=1", "https://example.vn/x?a=1&id=3"},
		{"https://example.vn/x?gclid=1&zarsrc=30&gidzl=q", "https://example.vn/x"},
		{"https://user:pw@example.vn/x", "https://example.vn/x"},
		{"https://example.vn", "https://example.vn/"},
		{"https://example.vn/a/./b/../c/", "https://example.vn/a/c/"},
		{"  https://example.vn/x  ", "https://example.vn/x"},
		{"https://example.vn./x", "https://example.vn/x"},
		{"https://[::1]:443/x", "https://[::1]/x"},
		{"https://example.vn/a.php?v=3;p=2&utm_source=x&id=1", "https://example.vn/a.php?id=1&v=3;p=2"},
		{"https://example.vn/a.php?v=4;p=2", "https://example.vn/a.php?v=4;p=2"},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := CanonicalURL(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("CanonicalURL(%q) = %q, want %q", tc.in, got, tc.want)
			}
			again, err := CanonicalURL(got)
			if err != nil || again != got {
				t.Errorf("not idempotent: %q → %q (%v)", got, again, err)
			}
		})
	}
}

func TestCanonicalURLRefuses(t *testing.T) {
	for _, in := range []string{"", "ftp://example.vn/x", "javascript:alert(1)", "/relative/path", "https://", "http://%zz/"} {
		if got, err := CanonicalURL(in); err == nil {
			t.Errorf("CanonicalURL(%q) = %q, want an error", in, got)
		}
	}
}

func TestPreferCanonical(t *testing.T) {
	cases := []struct{ name, fetched, rel, want string }{
		{"same site", "https://www.example.vn/a.amp?utm_source=x", "https://example.vn/a", "https://example.vn/a"},
		{"mobile site", "https://m.example.vn/a", "https://www.example.vn/a", "https://www.example.vn/a"},
		{"other outlet refused", "https://copy.vn/a", "https://original.vn/a", "https://copy.vn/a"},
		{"broken rel ignored", "https://example.vn/a", "ftp://example.vn/a", "https://example.vn/a"},
		{"none", "https://example.vn/a", "", "https://example.vn/a"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := PreferCanonical(tc.fetched, tc.rel)
			if err != nil || got != tc.want {
				t.Errorf("PreferCanonical = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func FuzzCanonicalURL(f *testing.F) {
	for _, s := range []string{"https://example.vn/a?utm_source=x&b=2#f", "HTTP://A.B:80/./x/../y", "https://[::1]:8443/", "http://xn--sn-la-9wa.vn/ả", "%", "https://a.vn/?a=1&a=2&A=3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := CanonicalURL(in)
		if err != nil {
			return
		}
		again, err := CanonicalURL(got)
		if err != nil {
			t.Fatalf("canonical %q of %q does not parse again: %v", got, in, err)
		}
		if again != got {
			t.Fatalf("not idempotent: %q → %q → %q", in, got, again)
		}
	})
}
