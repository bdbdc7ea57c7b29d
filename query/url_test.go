package query

import "testing"

func TestURLForms(t *testing.T) {
	tests := []struct{ raw, host, rest string }{
		{"https://www.BaoSonLa.vn/Thoi-Su/a.html", "baosonla.vn", "baosonla.vn/thoi-su/a.html"},
		{"http://user:pw@m.baosonla.vn:8080/x?y#z", "m.baosonla.vn", "m.baosonla.vn:8080/x?y#z"},
		{"baosonla.vn", "baosonla.vn", "baosonla.vn"},
		{"http://[::1]:80/a", "[::1]", "[::1]:80/a"},
		{"", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.raw, func(t *testing.T) {
			host, rest := URLForms(tc.raw)
			if host != tc.host || rest != tc.rest {
				t.Errorf("URLForms(%q) = %q, %q; want %q, %q", tc.raw, host, rest, tc.host, tc.rest)
			}
		})
	}
}

func TestFilterKey(t *testing.T) {
	tests := []struct {
		f    *Filter
		want string
	}{
		{filter(FieldSource, " BaoSonLa "), "baosonla"},
		{filter(FieldLang, "VI"), "vi"},
		{filter(FieldURL, "https://www.BaoSonLa.vn"), "baosonla.vn"},
		{filter(FieldURL, "www.baosonla.vn/Thoi-Su"), "baosonla.vn/thoi-su"},
	}
	for _, tc := range tests {
		if got := tc.f.Key(); got != tc.want {
			t.Errorf("%s.Key() = %q, want %q", tc.f, got, tc.want)
		}
	}
}
