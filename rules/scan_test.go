package rules

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"mediawatch"
	"mediawatch/query"
)

// TestLookupEdges holds the word, two-word and prefix look-ups to their
// edges — prefixes shorter and longer than the prefix key (in folded
// bytes), phrases that share their first words, phrases at the end of a
// field or across the title and the text, the same folded unit in exact
// and folded rules — and to query.Matcher on every pair.
func TestLookupEdges(t *testing.T) {
	queries := []string{
		`ab*`,              // r0: prefix of 2 bytes, shorter than the key
		`nguye*`,           // r1: 6 bytes: key "nguy", rest "e"
		`nguyễ*`,           // r2: exact prefix of the same folded bytes
		`"son la"`,         // r3: phrase of two words
		`"son la tinh"`,    // r4: three words sharing r3's first two
		`"Sơn La"`,         // r5: exact, same folded pattern as r3
		`son`,              // r6: a word that starts phrases too
		`"la son" -"la x"`, // r7: phrase with an excluded phrase
		`"a b c d"`,        // r8: four one-letter words
		`đa*`,              // r9: exact prefix of 2 folded bytes (đ folds to d)
	}
	tests := []struct {
		name string
		it   mediawatch.Item
		want []string
	}{
		{"short and long prefixes", mediawatch.Item{Text: "Abc nguyên Nguyễn"}, []string{"r0", "r1", "r2"}},
		{"prefix equal to the word", mediawatch.Item{Text: "ab nguye"}, []string{"r0", "r1"}},
		{"prefix longer than the word", mediawatch.Item{Text: "a ngu nguy"}, nil},
		{"exact prefix misses folded text", mediawatch.Item{Text: "nguyen"}, []string{"r1"}},
		{"phrase at the end of the text", mediawatch.Item{Text: "tỉnh Sơn La"}, []string{"r3", "r5", "r6"}},
		{"three words sharing two", mediawatch.Item{Text: "son la tinh"}, []string{"r3", "r4", "r6"}},
		{"phrase across title and text", mediawatch.Item{Title: "tỉnh Sơn", Text: "La"}, []string{"r6"}},
		{"phrase in the title", mediawatch.Item{Title: "Sơn La", Text: "x"}, []string{"r3", "r5", "r6"}},
		{"phrase starts where the word is last", mediawatch.Item{Text: "la la son"}, []string{"r6", "r7"}},
		{"excluded phrase", mediawatch.Item{Text: "la son la x"}, []string{"r3", "r6"}},
		{"one-letter words", mediawatch.Item{Text: "a b c a b c d"}, []string{"r8"}},
		{"exact short prefix", mediawatch.Item{Title: "Đang", Text: "dang"}, []string{"r9"}},
		{"exact short prefix, folded text", mediawatch.Item{Text: "dang"}, nil},
		{"no words", mediawatch.Item{Title: "—", Text: "!!"}, nil},
	}
	e := engine(t, queries...)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := flagged(e, tc.it)
			if !slices.Equal(got, tc.want) {
				t.Errorf("flagged %v, want %v", got, tc.want)
			}
			p := query.Prepare(query.Doc{Title: tc.it.Title, Text: tc.it.Text})
			for i, q := range queries {
				m, err := query.Compile(query.MustParse(q))
				if err != nil {
					t.Fatal(err)
				}
				if id := fmt.Sprintf("r%d", i); m.MatchPrepared(p) != slices.Contains(got, id) {
					t.Errorf("%s %s: engine %v, query.Matcher %v", id, q, slices.Contains(got, id), m.MatchPrepared(p))
				}
			}
		})
	}
}

// TestWordTable holds the word table to its keys: each found with its
// flags and group, slices of a larger buffer found as the same bytes, and
// near misses (one byte more or less, a long key's ninth, twelfth or last
// byte, a key longer than a slot's length field) not found.
func TestWordTable(t *testing.T) {
	long := strings.Repeat("x", 300)
	keys := []wordKey{
		{text: "son", flags: wordFirst | wordPrefix, group: 1},
		{text: "la", flags: wordSecond, group: -1},
		{text: "thanhphohochiminh", flags: 0, group: 5},
		{text: long, flags: 0, group: 6},
		{text: "12345678", flags: 0, group: 7},
		{text: "123456789abc", flags: wordFirst, group: 8},
		{text: "123456789", flags: wordSecond, group: 9},
	}
	tab := newWordTable(keys)
	buf := []byte(" son la thanhphohochiminh thanhphohochiminx so 12345678 1234567 " + long + "x ")
	tests := []struct {
		name string
		word string
		key  int // index in keys, -1: not found
	}{
		{"word", string(buf[1:4]), 0},
		{"second word", string(buf[5:7]), 1},
		{"one byte less", string(buf[1:3]), -1},
		{"one byte more", string(buf[1:5]), -1},
		{"long key", string(buf[8:25]), 2},
		{"long key, last byte differs", string(buf[26:43]), -1},
		{"long key, ninth byte differs", "thanhphoxochiminh", -1},
		{"long key, twelfth byte differs", "thanhphohocximinh", -1},
		{"eight bytes", string(buf[47:55]), 4},
		{"seven bytes", string(buf[56:63]), -1},
		{"twelve bytes", "123456789abc", 5},
		{"twelve bytes, last differs", "123456789abd", -1},
		{"nine bytes", "123456789", 6},
		{"ten bytes", "123456789a", -1},
		{"300 bytes", string(buf[64 : 64+300]), 3},
		{"301 bytes", string(buf[64 : 64+301]), -1},
		{"299 bytes", string(buf[64 : 64+299]), -1},
		{"empty", "", -1},
	}
	ids := map[int32]int{}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			word := []byte(tc.word)
			if tc.word == string(buf[1:4]) {
				word = buf[1:4] // a slice of a larger buffer
			}
			m := tab.find(word)
			id, flags, group := m.id(), m.flags()&^wordGroup, tab.group(m)
			if tc.key < 0 {
				if m != 0 || group != noGroup {
					t.Errorf("find(%q) = id %d, flags %b, group %d; want none", word, id, flags, group)
				}
				return
			}
			k := keys[tc.key]
			if id == 0 || flags != k.flags || group != k.group {
				t.Errorf("find(%q) = id %d, flags %b, group %d; want flags %b, group %d", word, id, flags, group, k.flags, k.group)
			}
			if other, ok := ids[id]; ok && other != tc.key {
				t.Errorf("keys %d and %d share id %d", other, tc.key, id)
			}
			ids[id] = tc.key
		})
	}
}

// TestKeyTable holds the pair and prefix table to its keys, with keys
// that differ in one bit, high or low.
func TestKeyTable(t *testing.T) {
	keys := []uint64{pairKey(1, 2), pairKey(2, 1), prefixKey(head([]byte("nguy")), 4), prefixKey(head([]byte("ng")), 2)}
	tab := newKeyTable(keys, []int32{10, 11, 12, 13})
	tests := []struct {
		key  uint64
		want int32
	}{
		{pairKey(1, 2), 10},
		{pairKey(2, 1), 11},
		{pairKey(1, 3), -1},
		{pairKey(3, 2), -1},
		{prefixKey(head([]byte("nguy")), 4), 12},
		{prefixKey(head([]byte("ng")), 2), 13},
		{prefixKey(head([]byte("ng")), 3), -1},
		{prefixKey(head([]byte("ngu")), 3), -1},
	}
	for _, tc := range tests {
		if got := tab.find(tc.key); got != tc.want {
			t.Errorf("find(%#x) = %d, want %d", tc.key, got, tc.want)
		}
	}
}

// TestCandidates holds candidate selection to its promise: a rule is
// evaluated only when every clause of it has a term in the item, and a
// rule that metadata alone can match (no clause) always.
func TestCandidates(t *testing.T) {
	tests := []struct {
		query   string
		clauses []string // each clause's terms, joined by "|"
	}{
		{`"son la" lũ`, []string{"son la", "lũ"}},
		{`"son la" OR lũ`, []string{"son la|lũ"}},
		{`lũ NEAR/3 "sạt lở"`, []string{"lũ", "sạt lở"}},
		{`"vỡ đập" (mưa OR lũ) -"diễn tập"`, []string{"vỡ đập", "mưa|lũ"}},
		{`title:lũ mộc*`, []string{"lũ", "mộc"}},
		{`lũ OR lang:vi`, nil},
		{`(a b) OR (c d)`, []string{"a|c"}},
		{`lũ lang:vi`, []string{"lũ"}},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			e := engine(t, tc.query)
			var got []string
			for _, cl := range clauses(e.compiled[0].root) {
				var texts []string
				for _, term := range cl {
					texts = append(texts, e.terms[term].text)
				}
				got = append(got, strings.Join(texts, "|"))
			}
			if !slices.Equal(got, tc.clauses) {
				t.Errorf("clauses %q, want %q", got, tc.clauses)
			}
		})
	}
	e := engine(t, `"son la" lũ`, `lũ OR lang:vi`, `mưa (lũ OR "sạt lở")`)
	items := []struct {
		it    mediawatch.Item
		cands []int32
	}{
		{mediawatch.Item{Text: "lũ ở Sơn La"}, []int32{0, 1}},
		{mediawatch.Item{Text: "mưa"}, []int32{1}},
		{mediawatch.Item{Text: "mưa gây sạt lở"}, []int32{1, 2}},
		{mediawatch.Item{Title: "Sơn La", Text: "mưa lũ"}, []int32{0, 1, 2}},
	}
	for _, tc := range items {
		c := e.pool.Get().(*itemCtx)
		c.begin(&tc.it)
		c.scan()
		if got := c.candidates(); !slices.Equal(got, tc.cands) {
			t.Errorf("%+v: candidates %v, want %v", tc.it, got, tc.cands)
		}
		e.pool.Put(c)
	}
}

// TestManyClauses holds a rule of more clauses than candidate selection
// tracks to its query: tracked or not, a missing word means no flag.
func TestManyClauses(t *testing.T) {
	words := make([]string, maxClauses+8)
	for i := range words {
		words[i] = fmt.Sprintf("w%02d", i)
	}
	e := engine(t, strings.Join(words, " "))
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"all words", strings.Join(words, " "), []string{"r0"}},
		{"an untracked word missing", strings.Join(words[:len(words)-1], " "), nil},
		{"a tracked word missing", strings.Join(words[1:], " "), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := flagged(e, mediawatch.Item{Text: tc.text}); !slices.Equal(got, tc.want) {
				t.Errorf("flagged %v, want %v", got, tc.want)
			}
		})
	}
}
