package textnorm

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

func nfd(s string) string { return norm.NFD.String(s) }

func TestNormalizeNFC(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"ascii unchanged", "Son La 2024", "Son La 2024"},
		{"nfc unchanged", "Sơn La", "Sơn La"},
		{"nfd composed", "So\u031bn La", "Sơn La"},
		{"full nfd", nfd("Tỉnh Sơn La, thủy điện"), "Tỉnh Sơn La, thủy điện"},
		{"empty", "", ""},
		{"invalid utf8 replaced", "a\xff\xfeb", "a\uFFFDb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestTonePlacement holds the rule: both spellings of every pair normalise to
// the first (classic) one, which is left as it is.
func TestTonePlacement(t *testing.T) {
	pairs := []struct{ canonical, variant string }{
		{"hòa", "hoà"}, {"Hòa Bình", "Hoà Bình"}, {"HÒA", "HOÀ"},
		{"thủy", "thuỷ"}, {"Thủy điện", "Thuỷ điện"}, {"khỏe", "khoẻ"},
		{"hóa", "hoá"}, {"họa", "hoạ"}, {"hỏa", "hoả"}, {"tòa", "toà"},
		{"xòe", "xoè"}, {"lóe", "loé"}, {"lũy", "luỹ"}, {"thúy", "thuý"},
		{"tụy", "tuỵ"}, {"hủy", "huỷ"}, {"ủy ban", "uỷ ban"}, {"Ủy", "Uỷ"},
		{"quý", "qúy"}, {"Quý", "Qúy"}, {"quá", "qúa"}, {"quỳnh", "qùynh"},
		{"hoàng", "hòang"}, {"toán", "tóan"}, {"loài", "lòai"}, {"xoáy", "xóay"},
		{"hoặc", "họăc"}, {"thuyền", "thùyên"}, {"khuỷu", "khủyu"}, {"tuấn", "túân"},
		{"thuở", "thủơ"}, {"huế", "húê"}, {"đòa", "đoà"}, {"ĐÒA", "ĐOÀ"},
	}
	for _, p := range pairs {
		t.Run(p.variant, func(t *testing.T) {
			if got := Normalize(p.canonical); got != p.canonical {
				t.Errorf("Normalize(%q) = %q, want it unchanged", p.canonical, got)
			}
			if got := Normalize(p.variant); got != p.canonical {
				t.Errorf("Normalize(%q) = %q, want %q", p.variant, got, p.canonical)
			}
			if got := Normalize(nfd(p.variant)); got != p.canonical {
				t.Errorf("Normalize(NFD %q) = %q, want %q", p.variant, got, p.canonical)
			}
		})
	}
}

func TestTonePlacementLeavesOthers(t *testing.T) {
	for _, s := range []string{
		"hoàng", "toán", "quý", "thuyền", "nguyễn", "của", "múa", "túi", "quốc", "ngoài",
		"ngoẹo", "khuya", "Chloé", "Noël", "où", "può", "hoà2", "2hoà", "xhoà", "ươi",
		"Huỳnh", "tuổi", "mười", "giữa", "oà", "uỳ",
	} {
		once := Normalize(s)
		if twice := Normalize(once); twice != once {
			t.Errorf("Normalize not idempotent on %q: %q then %q", s, once, twice)
		}
		if Fold(once) != Fold(s) {
			t.Errorf("Fold changed by placement: %q vs %q", Fold(once), Fold(s))
		}
	}
	for _, s := range []string{"hoàng", "toán", "quý", "thuyền", "nguyễn", "của", "ngoài", "Chloé", "Huỳnh", "giữa"} {
		if got := Normalize(s); got != s {
			t.Errorf("Normalize(%q) = %q, want it unchanged", s, got)
		}
	}
}

func TestLower(t *testing.T) {
	tests := []struct{ in, want string }{
		{"SƠN LA", "sơn la"},
		{"HOÀ BÌNH", "hòa bình"},
		{nfd("ĐÀ NẴNG"), "đà nẵng"},
		{"Hello", "hello"},
	}
	for _, tt := range tests {
		if got := Lower(tt.in); got != tt.want {
			t.Errorf("Lower(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Sơn La", "son la"},
		{"SƠN LA", "son la"},
		{nfd("Sơn La"), "son la"},
		{"Đà Nẵng", "da nang"},
		{"đường Điện Biên", "duong dien bien"},
		{"Thuỷ điện Hoà Bình", "thuy dien hoa binh"},
		{"Café Zürich, señor", "cafe zurich, senor"},
		{"x\u0301y", "xy"},
		{"ASCII Text", "ascii text"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHasDiacritic(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Son La", false},
		{"Sơn La", true},
		{nfd("Sơn La"), true},
		{"Đa", true},
		{"hòa", true},
		{"â", true},
		{"café", true},
		{"", false},
		{"123 !?", false},
		{"Привет", false},
	}
	for _, tt := range tests {
		if got := HasDiacritic(tt.in); got != tt.want {
			t.Errorf("HasDiacritic(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestKnownNFC checks the claim knownNFC rests on: every rune it accepts is
// NFC, has no combining class, and composes with nothing before or after it.
func TestKnownNFC(t *testing.T) {
	var accepted []rune
	for r := rune(0x80); r < 0x2100; r++ {
		if knownNFC(string(r)) {
			accepted = append(accepted, r)
		}
	}
	if len(accepted) < 700 {
		t.Fatalf("only %d runes accepted", len(accepted))
	}
	for _, r := range accepted {
		s := string(r)
		if p := norm.NFC.PropertiesString(s); p.CCC() != 0 || !p.BoundaryBefore() {
			t.Errorf("%U: ccc %d, boundary before %v", r, p.CCC(), p.BoundaryBefore())
		}
		for _, x := range []string{"a", "o", "u", "e", "A", "\u00e2", "\u01a1"} {
			if !norm.NFC.IsNormalString(x+s) || !norm.NFC.IsNormalString(s+x) {
				t.Errorf("%U is not NFC next to %q", r, x)
			}
		}
	}
	for _, s := range []string{"a\u0301", "\xff", "\u2000", "\u212b", "\u0340"} {
		if knownNFC(s) {
			t.Errorf("knownNFC(%q) = true", s)
		}
	}
}
