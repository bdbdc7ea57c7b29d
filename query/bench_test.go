package query

import (
	"os"
	"testing"
)

// benchQuery has a phrase, a NEAR and a NOT, like a typical rule.
const benchQuery = `"Sơn La" AND (mưa NEAR/5 lũ OR "sạt lở") NOT "diễn tập" title:son*`

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(benchQuery); err != nil {
			b.Fatal(err)
		}
	}
}

// article loads the ~5 KB Vietnamese text shared with textnorm.
func article(b testing.TB) Doc {
	data, err := os.ReadFile("../textnorm/testdata/paragraph-vi.txt")
	if err != nil {
		b.Fatal(err)
	}
	return Doc{Title: "Sơn La: mưa lớn gây sạt lở", Text: string(data), Lang: "vi"}
}

func BenchmarkMatchPrepared(b *testing.B) {
	m := mustCompile(b, benchQuery)
	p := Prepare(article(b))
	b.ReportAllocs()
	for b.Loop() {
		m.MatchPrepared(p)
	}
}

func BenchmarkPrepare(b *testing.B) {
	d := article(b)
	b.SetBytes(int64(len(d.Text)))
	b.ReportAllocs()
	for b.Loop() {
		Prepare(d)
	}
}
