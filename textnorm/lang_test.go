package textnorm

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func TestDetectLang(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"two words", "Sơn La", ""},
		{"punctuation", "... !!! ---", ""},
		{"vi news", "Mưa lớn kéo dài gây sạt lở đất tại nhiều xã của tỉnh Sơn La, hàng trăm hộ dân phải di dời khẩn cấp.", "vi"},
		{"vi news 2", "Theo Ban Chỉ huy phòng chống thiên tai tỉnh, lũ quét đã làm 3 người chết và 2 người mất tích.", "vi"},
		{"vi headline", "Lũ quét ở Sơn La", "vi"},
		{"vi nfd", nfd("Thủy điện Sơn La vận hành an toàn trong mùa lũ năm nay"), "vi"},
		{"vi without accents", "Mua lon keo dai gay sat lo dat tai nhieu xa cua tinh Son La, nguoi dan khong the di lai duoc", "vi"},
		{"en news", "Heavy rain has triggered landslides in the northern province of Son La, killing at least three people.", "en"},
		{"en news 2", "The government said it would invest in new hydropower plants, according to a statement released on Monday.", "en"},
		{"en caps", "THE COMPANY SAID IT WAS IN TALKS WITH BANKS", "en"},
		{"es", "Esta canción son la mejor de todas las que he escuchado en el verano.", "other"},
		{"es 2", "El gobierno anunció que las lluvias afectaron a miles de personas en la región.", "other"},
		{"fr", "Le gouvernement a annoncé que les pluies ont touché des milliers de personnes dans la région.", "other"},
		{"fr 2", "Il est très difficile de prévoir ce qui se passera demain pour les marchés.", "other"},
		{"de", "Die Regierung hat angekündigt, dass der Regen tausende Menschen in der Region getroffen hat.", "other"},
		{"de 2", "Es ist nicht einfach, mit den Folgen des Hochwassers umzugehen, sagte der Bürgermeister.", "other"},
		{"ru", "Сильные дожди вызвали оползни на севере Вьетнама", "other"},
		{"zh", "越南 山罗省 发生 山体 滑坡", "other"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DetectLang(tt.in); got != tt.want {
				t.Errorf("DetectLang(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// corpusRecord is the part of a shared corpus line DetectLang is tested on.
type corpusRecord struct {
	Lang  string `json:"lang"`
	Title string `json:"title"`
	Body  string `json:"body"`
}

// TestDetectLangCorpus measures DetectLang on the shared corpora, when they
// are present: title alone, and title with body.
func TestDetectLangCorpus(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "data")
	for _, name := range []string{"corpus-vi-sample.jsonl", "corpus-en-sample.jsonl"} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Skipf("corpus not present: %v", err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		var n, okBody, okTitle, emptyTitle, okFolded int
		wrong := map[string]int{}
		for sc.Scan() {
			var r corpusRecord
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatal(err)
			}
			n++
			if got := DetectLang(r.Title + "\n" + r.Body); got == r.Lang {
				okBody++
			} else {
				wrong[got]++
				if wrong[got] <= 3 {
					t.Logf("%s: %q… detected %q", name, clip(r.Title+" "+r.Body, 100), got)
				}
			}
			if DetectLang(Fold(r.Title+"\n"+r.Body)) == r.Lang {
				okFolded++
			}
			switch got := DetectLang(r.Title); {
			case got == r.Lang:
				okTitle++
			case got == "":
				emptyTitle++
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
		accBody := float64(okBody) / float64(n)
		t.Logf("%s: title+body %d/%d = %.2f%% (wrong: %v); title only %d/%d = %.2f%% (%d undecided); "+
			"accents removed %d/%d = %.2f%%", name, okBody, n, 100*accBody, wrong,
			okTitle, n, 100*float64(okTitle)/float64(n), emptyTitle, okFolded, n, 100*float64(okFolded)/float64(n))
		if accBody < 0.98 {
			t.Errorf("%s: accuracy %.2f%% below 98%%", name, 100*accBody)
		}
	}
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[:n]
	}
	return string(r)
}
